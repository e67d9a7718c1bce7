"""Writers of a sweep: a folder of GeoJSON, GeoTIFF and CSV, as the analysis writes its own.

``summary.json`` at the top holds how the sweep drew (draws, seed, the assumptions and the
class thresholds), each phase's counts of robust, contested and exposed targets, MW and
people meeting (P5, P50, P95, nominal) in all and per region, and the drivers. Each phase
(in a ``day-NNN`` subfolder when there are several) has ``targets.geojson`` (each target's
share of draws meeting its requirement and its class), ``depth_probability.geojson`` (the
robust, contested and exposed parts of the area at depth 1, 2 and 3),
``depth_probability.tif`` (the share of draws per cell, a band per depth), ``targets.csv``,
``regions.csv`` and ``drivers.csv``. Every FeatureCollection carries the ``umbrella``
member, with the sweep's assumptions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from umbrella.coverage.columns import csv_value, plain_value
from umbrella.coverage.csv_cells import write_csv
from umbrella.coverage.destination import OutputPathError, check_destination
from umbrella.coverage.outputs import umbrella_member
from umbrella.coverage.sweep.result import (
    EXPOSED_SHARE,
    ROBUST_SHARE,
    Driver,
    ProbabilityArea,
    RegionSpread,
    SweepPhase,
    SweepResult,
    TargetShare,
)
from umbrella.coverage.writers import write_json, write_staged
from umbrella.coverage.written_shapes import geojson_geometry, located_at

__all__ = [
    "SWEEP_OUTPUTS",
    "check_sweep_out",
    "sweep_collection",
    "sweep_summary",
    "write_sweep",
]


@dataclass(frozen=True)
class _Output:
    record: type
    rows: Callable[[SweepPhase], Sequence[Any]]


_OUTPUTS = {
    "targets": _Output(TargetShare, lambda phase: phase.targets),
    "depth_probability": _Output(ProbabilityArea, lambda phase: phase.probability_areas),
}
SWEEP_OUTPUTS = tuple(_OUTPUTS)
"""The GeoJSON outputs of a sweep's phase."""


def _member(result: SweepResult, phase: SweepPhase | None) -> dict[str, Any]:
    day = {} if phase is None else {"phase_day": phase.day, "phase_label": phase.label}
    return {
        **day,
        **umbrella_member(result.provenance, None),
        "sweep": {
            "draws": result.draws,
            "seed": result.seed,
            "robust_share": ROBUST_SHARE,
            "exposed_share": EXPOSED_SHARE,
            "assumptions": [asdict(a) for a in result.assumptions],
        },
    }


def _properties(record: Any) -> dict[str, Any]:
    return {
        f.name: plain_value(getattr(record, f.name)) for f in fields(record) if f.name != "geometry"
    }


def sweep_collection(result: SweepResult, phase: SweepPhase, output: str) -> dict[str, Any]:
    """One output of a sweep's phase as an RFC 7946 FeatureCollection."""
    return {
        "type": "FeatureCollection",
        "name": output,
        "umbrella": _member(result, phase),
        "features": [
            {
                "type": "Feature",
                "geometry": geojson_geometry(record.geometry),
                "properties": _properties(record),
            }
            for record in _OUTPUTS[output].rows(phase)
        ],
    }


def _record(value: object) -> object:
    """Nested records as mappings (a tuple of them as a list)."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple) and value and is_dataclass(value[0]):
        return [_record(item) for item in value]
    return value


def _phase_document(phase: SweepPhase) -> dict[str, Any]:
    skipped = ("targets", "probability_areas", "probability_cog")  # outputs of their own
    return {
        f.name: plain_value(_record(getattr(phase, f.name)))
        for f in fields(phase)
        if f.name not in skipped
    }


def sweep_summary(result: SweepResult) -> dict[str, Any]:
    """Every phase's figures, the timeline and the provenance, as a JSON-ready mapping."""
    return {
        "umbrella": _member(result, None),
        "timeline": [{"day": p.day, "label": p.label} for p in result.phases],
        "phases": [_phase_document(p) for p in result.phases],
    }


def write_sweep(result: SweepResult, out: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the sweep to the folder ``out`` (see the module); return the files written.

    ``out``'s folder must exist; an existing ``out`` is replaced only with ``overwrite`` and
    only if umbrella wrote it. A run that fails leaves nothing behind.
    """
    check_sweep_out(out, overwrite)
    return write_staged(Path(out), lambda new: _write_folder(result, new))


def check_sweep_out(out: Path, overwrite: bool) -> None:
    """OutputPathError (field ``out``) unless ``out`` names a folder that can be written (a
    cheap check, made before any work)."""
    if Path(out).suffix:
        raise OutputPathError("out", str(out), "a sweep is a folder: give a name without a suffix")
    check_destination(Path(out), overwrite=overwrite)


def _write_folder(result: SweepResult, root: Path) -> list[Path]:
    root.mkdir()
    written = [write_json(root / "summary.json", sweep_summary(result))]
    for phase in result.phases:
        folder = root if len(result.phases) == 1 else root / f"day-{phase.day:03d}"
        folder.mkdir(exist_ok=True)
        for output in SWEEP_OUTPUTS:
            collection = sweep_collection(result, phase, output)
            written.append(write_json(folder / f"{output}.geojson", collection, indent=None))
        (folder / "depth_probability.tif").write_bytes(phase.probability_cog)
        written.append(folder / "depth_probability.tif")
        written.append(_write_targets_csv(folder / "targets.csv", phase.targets))
        written.append(_write_csv(folder / "regions.csv", RegionSpread, phase.regions))
        drivers = [*phase.drivers, *phase.sites]
        written.append(_write_csv(folder / "drivers.csv", Driver, drivers))
    return written


def _write_csv(path: Path, record: type, rows: Sequence[Any]) -> Path:
    columns = [f.name for f in fields(record)]
    cells = ({key: csv_value(value) for key, value in _properties(row).items()} for row in rows)
    return write_csv(path, columns, cells)


def _write_targets_csv(path: Path, targets: Sequence[TargetShare]) -> Path:
    columns = [f.name for f in fields(TargetShare) if f.name != "geometry"] + ["lon", "lat"]
    rows = (
        {
            **{key: csv_value(value) for key, value in _properties(target).items()},
            **located_at(target.geometry),
        }
        for target in targets
    )
    return write_csv(path, columns, rows)
