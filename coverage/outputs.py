"""What each output of a phase holds, as columns; the provenance member; the summary.

An output (``OUTPUTS``: ``targets``, ``footprints``, ...) is a table of the records of a phase:
a column per field of its record type (or, for ``corridor_gaps``, per field of a stretch) and
the records' geometries. The writers turn the columns into GeoJSON, CSV, GeoPackage and
GeoParquet (``writers``); fields of (key, value) pairs become objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from shapely.geometry.base import BaseGeometry

from umbrella.coverage.columns import plain_value
from umbrella.coverage.result import (
    AirPictureRow,
    AssetFootprint,
    CorridorCoverage,
    DepotLink,
    DepthArea,
    GapArea,
    GoalResult,
    NoGoArea,
    PhaseResult,
    PhaseSummary,
    PictureArea,
    PictureGap,
    Provenance,
    RegionRow,
    SensorSite,
    TargetCoverage,
    TargetSetRow,
    TierArea,
    Violation,
)
from umbrella.geo.errors import InputError

__all__ = [
    "OUTPUTS",
    "OutputTable",
    "UnknownOutput",
    "check_output",
    "field_columns",
    "layer_name",
    "output_table",
    "record_properties",
    "summary_document",
    "summary_properties",
    "umbrella_member",
]

_PAIR_FIELDS = frozenset(
    {
        "covered_share_by_tier",
        "seen_range_km_by_band",
        "energy_mw_share_by_depth",
        "population_share_by_depth",
        "region_area_share_by_tier",
    }
)  # tuples of (key, value) pairs, written as objects


class UnknownOutput(InputError):
    """An output name that is not one of ``OUTPUTS``."""


@dataclass(frozen=True)
class OutputTable:
    """One output of a phase as columns (the values as the records hold them) and geometries."""

    columns: dict[str, list[Any]]
    geometries: list[BaseGeometry | None]


def _record_output(
    records: Callable[[PhaseResult], Sequence[Any]], record_type: type, drop: tuple[str, ...] = ()
) -> Callable[[PhaseResult], OutputTable]:
    """An output whose columns are a record's fields, and its geometry."""
    columns = tuple(
        f.name for f in fields(record_type) if f.name != "geometry" and f.name not in drop
    )

    def table(phase: PhaseResult) -> OutputTable:
        chosen = records(phase)
        return OutputTable(field_columns(chosen, columns), [record.geometry for record in chosen])

    return table


def field_columns(records: Sequence[Any], columns: Sequence[str]) -> dict[str, list[Any]]:
    """The named fields of records, a list per field; (key, value) pair fields as objects."""
    values = {column: list(map(attrgetter(column), records)) for column in columns}
    for column in _PAIR_FIELDS.intersection(columns):
        values[column] = list(map(dict, values[column]))
    return values


def _corridor_gap_table(phase: PhaseResult) -> OutputTable:
    pairs = [(corridor, stretch) for corridor in phase.corridors for stretch in corridor.uncovered]
    stretches = [stretch for _, stretch in pairs]
    columns: dict[str, list[Any]] = {
        "corridor_id": [corridor.id for corridor, _ in pairs],
        "corridor_kind": [corridor.kind for corridor, _ in pairs],
        "start_km": [stretch.start_km for stretch in stretches],
        "end_km": [stretch.end_km for stretch in stretches],
        "length_km": [stretch.end_km - stretch.start_km for stretch in stretches],
    }
    return OutputTable(columns, [stretch.geometry for stretch in stretches])


_OUTPUTS: dict[str, Callable[[PhaseResult], OutputTable]] = {
    "targets": _record_output(lambda p: p.targets, TargetCoverage),
    "footprints": _record_output(lambda p: p.footprints, AssetFootprint),
    "coverage": _record_output(lambda p: p.coverage, TierArea),
    "depth": _record_output(lambda p: p.depth, DepthArea),
    "gaps": _record_output(lambda p: (p.gaps,), GapArea),
    "corridors": _record_output(lambda p: p.corridors, CorridorCoverage, drop=("uncovered",)),
    "corridor_gaps": _corridor_gap_table,
    "depots": _record_output(lambda p: p.depots, DepotLink),
    "no_go": _record_output(lambda p: p.no_go, NoGoArea),
    "violations": _record_output(lambda p: p.violations, Violation),
    "sensors": _record_output(lambda p: p.sensors, SensorSite),
    "air_picture": _record_output(
        lambda p: [area for band in p.air_picture for area in (band.seen, band.redundant)],
        PictureArea,
    ),
    "air_picture_gaps": _record_output(
        lambda p: [gap for band in p.air_picture for gap in band.gaps], PictureGap
    ),
}

OUTPUTS: tuple[str, ...] = tuple(_OUTPUTS)
"""The names of the outputs of a phase, in the order they are written."""


def layer_name(day: int, output: str) -> str:
    """The GeoPackage layer (and GeoParquet file stem) of one output of a phase: day090_targets."""
    return f"day{day:03d}_{output}"


def check_output(output: str) -> str:
    """The output name if it is one of ``OUTPUTS``; UnknownOutput (naming them) otherwise."""
    if output not in _OUTPUTS:
        raise UnknownOutput("output", output, f"must be one of {', '.join(OUTPUTS)}")
    return output


def output_table(phase: PhaseResult, output: str) -> OutputTable:
    """One output of a phase as columns of values, and its geometries."""
    return _OUTPUTS[output](phase)


def summary_document(provenance: Provenance, phases: Sequence[PhaseResult]) -> dict[str, Any]:
    """The summary of every phase, the timeline and the provenance, as a JSON-ready mapping."""
    return {
        "umbrella": umbrella_member(provenance, None),
        "timeline": [{"day": p.summary.day, "label": p.summary.label} for p in phases],
        "phases": [summary_properties(p.summary) for p in phases],
    }


def umbrella_member(provenance: Provenance, summary: PhaseSummary | None) -> dict[str, Any]:
    """The provenance members every output carries; the phase's day and label when one."""
    phase = {} if summary is None else {"phase_day": summary.day, "phase_label": summary.label}
    return {
        **phase,
        "scenario_hash": provenance.scenario_hash,
        "scenario_name": provenance.scenario_name,
        "software_version": provenance.software_version,
        "notional": True,
        "notice": provenance.notice,
        "attribution": [
            {"layer": layer, "source": source, "licence": licence}
            for layer, source, licence in provenance.sources
        ],
    }


_RECORD_LISTS = {
    "regions": RegionRow,
    "target_sets": TargetSetRow,
    "air_picture": AirPictureRow,
    "scorecard": GoalResult,
}  # summary fields of records


def summary_properties(summary: PhaseSummary) -> dict[str, Any]:
    columns = tuple(f.name for f in fields(PhaseSummary))
    properties = {
        key: plain_value(value) for key, value in record_properties(summary, columns).items()
    }
    for name, record_type in _RECORD_LISTS.items():
        record_columns = tuple(f.name for f in fields(record_type))
        properties[name] = [
            plain_value(record_properties(record, record_columns))
            for record in getattr(summary, name)
        ]
    return properties


def record_properties(record: object, columns: Sequence[str]) -> dict[str, Any]:
    """The named fields of a record; (key, value) pair fields become objects."""
    return {
        column: dict(getattr(record, column)) if column in _PAIR_FIELDS else getattr(record, column)
        for column in columns
    }
