"""Writers of an analysis result: GeoJSON folders, GeoPackage, GeoParquet and CSV.

``write_result(result, out)`` picks the format by the suffix of ``out``
(``umbrella.coverage.destination``, which refuses any other suffix):

- ``*.gpkg``: one GeoPackage; a layer per output per phase (``day090_targets``), and the
  non-spatial tables ``summary`` (a row per phase), ``regions`` (a row per phase and region)
  and ``provenance`` (one row). Each layer's metadata carries the provenance members.
- ``*.parquet``: a folder of that name (one Parquet file holds one table), with one GeoParquet
  file per output per phase (``day090_targets.parquet``) and plain Parquet files
  ``summary.parquet``, ``regions.parquet`` and ``provenance.parquet``. Each file's schema
  metadata holds the provenance members as JSON under the key ``umbrella``. The files have
  different schemas: read them one by one, not as one partitioned dataset.
- a name without a suffix: a folder of RFC 7946 GeoJSON FeatureCollections, one
  ``<output>.geojson`` per name in ``OUTPUTS``, with ``depth.tif`` (the depth grid, when
  computed), ``targets.csv`` and ``regions.csv``; with several phases, each phase has its own
  subfolder (``day-000``, ``day-090``, ...). ``summary.json`` at the top holds every phase's
  summary, the timeline and the provenance.

The depth grid is written only to the folder format. Uncovered stretches of corridors are the
output ``corridor_gaps``, apart from ``corridors``. The air picture is three outputs: ``sensors``
(points), ``air_picture`` (per altitude band, the area seen by at least 1 and at least 2
sensors) and ``air_picture_gaps`` (per band, each unseen part of the area of interest); the
depth GeoTIFF holds it too, a band per altitude band after depth. Every FeatureCollection has
a foreign member ``umbrella`` (phase, scenario hash, software version, ``notional: true``,
attribution).

Values: infinite or NaN numbers become null. GeoJSON keeps lists and objects as they are; the
GeoPackage and GeoParquet tables store them as JSON text; the CSV files join lists with ";"
and neutralise text a spreadsheet would run as a formula (``csv_cells``).
GeoJSON coordinates are rounded to 6 decimals (about 0.1 m); polygons wind counter-clockwise
(holes clockwise) in every format.

Writing goes to a hidden staging folder beside ``out`` that is renamed into place at the end:
a run that fails leaves nothing behind, and an existing output is only replaced whole.
"""

from __future__ import annotations

import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.csv_cells import write_csv
from umbrella.coverage.destination import OutputFormat, check_destination
from umbrella.coverage.result import (
    AirPictureRow,
    AnalysisResult,
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

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "OUTPUTS",
    "UnknownOutput",
    "UnknownPhase",
    "check_output",
    "csv_value",
    "feature_collection",
    "geojson_geometry",
    "layer_name",
    "located_at",
    "plain_value",
    "summary_document",
    "umbrella_member",
    "write_json",
    "write_result",
    "write_staged",
]

_COORDINATE_DECIMALS = 6
_GRID_DEGREES = 10.0**-_COORDINATE_DECIMALS
_PAIR_FIELDS = frozenset(
    {
        "covered_share_by_tier",
        "seen_range_km_by_band",
        "energy_mw_share_by_depth",
        "population_share_by_depth",
        "region_area_share_by_tier",
    }
)  # tuples of (key, value) pairs, written as objects
_TARGET_CSV_COLUMNS = (
    "id",
    "target_set",
    "name",
    "kind",
    "fuel",
    "weight",
    "region",
    "lon",
    "lat",
    "depth",
    "min_depth",
    "tiers",
    "required_tiers",
    "meets_requirement",
    "asset_ids",
    "seen_in_bands",
)


class UnknownOutput(InputError):
    """An output name that is not one of ``OUTPUTS``."""


class UnknownPhase(InputError):
    """A day that is not the start of any phase of the result."""


_Row = tuple[dict[str, Any], BaseGeometry | None]


@dataclass(frozen=True)
class _Output:
    """How to turn one output of a phase into rows: its columns, and the rows themselves."""

    columns: tuple[str, ...]
    rows: Callable[[PhaseResult], list[_Row]]


def _record_output(
    records: Callable[[PhaseResult], Sequence[Any]], record_type: type, drop: tuple[str, ...] = ()
) -> _Output:
    """An output whose rows are a record's fields, and its geometry."""
    columns = tuple(
        f.name for f in fields(record_type) if f.name != "geometry" and f.name not in drop
    )

    def rows(phase: PhaseResult) -> list[_Row]:
        return [(_properties(record, columns), record.geometry) for record in records(phase)]

    return _Output(columns, rows)


def _corridor_gap_rows(phase: PhaseResult) -> list[_Row]:
    return [
        (
            {
                "corridor_id": corridor.id,
                "corridor_kind": corridor.kind,
                "start_km": stretch.start_km,
                "end_km": stretch.end_km,
                "length_km": stretch.end_km - stretch.start_km,
            },
            stretch.geometry,
        )
        for corridor in phase.corridors
        for stretch in corridor.uncovered
    ]


_OUTPUTS: dict[str, _Output] = {
    "targets": _record_output(lambda p: p.targets, TargetCoverage),
    "footprints": _record_output(lambda p: p.footprints, AssetFootprint),
    "coverage": _record_output(lambda p: p.coverage, TierArea),
    "depth": _record_output(lambda p: p.depth, DepthArea),
    "gaps": _record_output(lambda p: (p.gaps,), GapArea),
    "corridors": _record_output(lambda p: p.corridors, CorridorCoverage, drop=("uncovered",)),
    "corridor_gaps": _Output(
        ("corridor_id", "corridor_kind", "start_km", "end_km", "length_km"), _corridor_gap_rows
    ),
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


def feature_collection(result: PhaseResult, output: str, provenance: Provenance) -> dict[str, Any]:
    """One output of a phase as an RFC 7946 FeatureCollection, with the ``umbrella`` member."""
    check_output(output)
    rows = _OUTPUTS[output].rows(result)
    shapes = _geojson_geometries([geometry for _, geometry in rows])
    return {
        "type": "FeatureCollection",
        "name": output,
        "umbrella": umbrella_member(provenance, result.summary),
        "features": [
            {
                "type": "Feature",
                "geometry": shape,
                "properties": {key: plain_value(value) for key, value in properties.items()},
            }
            for (properties, _), shape in zip(rows, shapes, strict=True)
        ],
    }


def write_result(
    result: AnalysisResult, out: Path, *, day: int | None = None, overwrite: bool = False
) -> list[Path]:
    """Write every phase (or the phase starting on ``day``) to ``out``; return the files written.

    The format follows the suffix of ``out`` (see the module's docstring). ``out``'s folder
    must exist. An existing ``out`` is replaced only with ``overwrite``, and a folder only if
    an earlier run wrote it (it holds a ``summary.json`` or ``summary.parquet``).
    """
    out = Path(out)
    phases = _chosen_phases(result, day)
    write = _WRITERS[check_destination(out, overwrite=overwrite)]
    return write_staged(out, lambda new: write(result.provenance, phases, new))


def write_staged(out: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Run ``write(new)`` on a path ``new`` in a hidden staging folder beside ``out``, then
    rename ``new`` to ``out`` (replacing it whole); return the files written, under ``out``.
    A ``write`` that fails leaves nothing behind."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        new = staging / out.name
        written = write(new)
        _swap_in(new, out, staging / "replaced")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / path.relative_to(new) for path in written]


def _swap_in(new: Path, out: Path, replaced: Path) -> None:
    """Rename ``new`` to ``out``; an existing ``out`` moves to ``replaced``, back if that fails."""
    if not (out.exists() or out.is_symlink()):
        os.replace(new, out)
        return
    os.replace(out, replaced)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(replaced, out)
        raise


def _chosen_phases(result: AnalysisResult, day: int | None) -> tuple[PhaseResult, ...]:
    if day is None:
        return result.phases
    try:
        return (result.phase(day),)
    except KeyError:
        days = ", ".join(str(phase.summary.day) for phase in result.phases)
        raise UnknownPhase("day", day, f"is not the start of a phase (phases: {days})") from None


# --- folder of GeoJSON, GeoTIFF and CSV ------------------------------------------------------


def _write_folder(provenance: Provenance, phases: Sequence[PhaseResult], root: Path) -> list[Path]:
    root.mkdir()
    written = [write_json(root / "summary.json", summary_document(provenance, phases))]
    for phase in phases:
        folder = root if len(phases) == 1 else root / f"day-{phase.summary.day:03d}"
        folder.mkdir(exist_ok=True)
        for output in OUTPUTS:
            collection = feature_collection(phase, output, provenance)
            written.append(write_json(folder / f"{output}.geojson", collection, indent=None))
        if phase.depth_grid is not None:
            (folder / "depth.tif").write_bytes(phase.depth_grid.cog_bytes)
            written.append(folder / "depth.tif")
        written.append(_write_targets_csv(folder / "targets.csv", phase.targets))
        written.append(_write_regions_csv(folder / "regions.csv", phase.summary.regions))
    return written


def write_json(path: Path, document: object, indent: int | None = 2) -> Path:
    """Write a JSON document (UTF-8, no NaN) and a final newline; return the path."""
    text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=indent)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def summary_document(provenance: Provenance, phases: Sequence[PhaseResult]) -> dict[str, Any]:
    """The summary of every phase, the timeline and the provenance, as a JSON-ready mapping."""
    return {
        "umbrella": umbrella_member(provenance, None),
        "timeline": [{"day": p.summary.day, "label": p.summary.label} for p in phases],
        "phases": [_summary_properties(p.summary) for p in phases],
    }


def _write_targets_csv(path: Path, targets: Sequence[TargetCoverage]) -> Path:
    def row(target: TargetCoverage) -> dict[str, object]:
        located = located_at(target.geometry)
        return {
            column: located[column] if column in located else csv_value(getattr(target, column))
            for column in _TARGET_CSV_COLUMNS
        }

    return write_csv(path, _TARGET_CSV_COLUMNS, (row(target) for target in targets))


def located_at(geometry: BaseGeometry) -> dict[str, float]:
    """Where a target is for a table: the point, or a point inside the shape, as rounded
    ``lon`` and ``lat``."""
    point = geometry if isinstance(geometry, shapely.Point) else geometry.representative_point()
    return {
        "lon": round(point.x, _COORDINATE_DECIMALS),
        "lat": round(point.y, _COORDINATE_DECIMALS),
    }


def _write_regions_csv(path: Path, regions: Sequence[RegionRow]) -> Path:
    columns = tuple(f.name for f in fields(RegionRow))
    rows = (
        {key: csv_value(value) for key, value in _properties(region, columns).items()}
        for region in regions
    )
    return write_csv(path, columns, rows)


def csv_value(value: object) -> object:
    """A CSV cell: lists joined with ";", None as empty."""
    plain = plain_value(value)
    if isinstance(plain, list):
        return ";".join(str(item) for item in plain)
    return "" if plain is None else plain


# --- tables: GeoPackage and GeoParquet -------------------------------------------------------


def _write_gpkg(provenance: Provenance, phases: Sequence[PhaseResult], path: Path) -> list[Path]:
    import pyogrio  # the table formats' stack loads only when one is written

    for phase in phases:
        metadata = {
            key: value if isinstance(value, str) else json.dumps(value)
            for key, value in umbrella_member(provenance, phase.summary).items()
        }
        for output in OUTPUTS:
            frame = _frame(phase, output)
            pyogrio.write_dataframe(
                frame,
                path,
                layer=layer_name(phase.summary.day, output),
                driver="GPKG",
                geometry_type=None if len(frame) else "Unknown",
                layer_metadata=metadata,
            )
    for name, table in _tables(provenance, phases).items():
        pyogrio.write_dataframe(table, path, layer=name, driver="GPKG")
    return [path]


def _write_parquet(provenance: Provenance, phases: Sequence[PhaseResult], root: Path) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root.mkdir()
    written = []
    for phase in phases:
        member = json.dumps(umbrella_member(provenance, phase.summary)).encode()
        for output in OUTPUTS:
            buffer = io.BytesIO()
            _frame(phase, output).to_parquet(buffer)
            table = pq.read_table(pa.BufferReader(buffer.getvalue()))
            table = table.replace_schema_metadata({**table.schema.metadata, b"umbrella": member})
            path = root / f"{layer_name(phase.summary.day, output)}.parquet"
            pq.write_table(table, path)
            written.append(path)
    member = json.dumps(umbrella_member(provenance, None)).encode()
    for name, frame in _tables(provenance, phases).items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata({**table.schema.metadata, b"umbrella": member})
        path = root / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written


def _frame(phase: PhaseResult, output: str) -> gpd.GeoDataFrame:
    """One output of a phase as a table: lists and objects as JSON text, polygons oriented."""
    import geopandas as gpd
    import pandas as pd

    spec = _OUTPUTS[output]
    rows = spec.rows(phase)
    data = {column: [_table_value(props[column]) for props, _ in rows] for column in spec.columns}
    geometry = [_oriented(geometry) for _, geometry in rows]
    return gpd.GeoDataFrame(
        pd.DataFrame(data, columns=list(spec.columns)),
        geometry=gpd.GeoSeries(geometry, crs=4326),
    )


def _tables(provenance: Provenance, phases: Sequence[PhaseResult]) -> dict[str, pd.DataFrame]:
    """The non-spatial tables: a summary row per phase, region rows, the provenance."""
    import pandas as pd

    summaries = []
    for phase in phases:
        summary = _summary_properties(phase.summary)
        del summary["regions"]  # a table of its own; target sets stay as JSON text
        summaries.append({key: _table_value(value) for key, value in summary.items()})
    columns = tuple(f.name for f in fields(RegionRow))
    regions = [
        {"day": phase.summary.day, **_properties(region, columns)}
        for phase in phases
        for region in phase.summary.regions
    ]
    member = umbrella_member(provenance, None)
    return {
        "summary": pd.DataFrame(summaries),
        "regions": pd.DataFrame(regions, columns=["day", *columns]),
        "provenance": pd.DataFrame([{key: _table_value(v) for key, v in member.items()}]),
    }


def _table_value(value: object) -> object:
    plain = plain_value(value)
    return json.dumps(plain, ensure_ascii=False) if isinstance(plain, list | dict) else plain


# --- shared ----------------------------------------------------------------------------------


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


def _summary_properties(summary: PhaseSummary) -> dict[str, Any]:
    columns = tuple(f.name for f in fields(PhaseSummary))
    properties = {key: plain_value(value) for key, value in _properties(summary, columns).items()}
    for name, record_type in _RECORD_LISTS.items():
        record_columns = tuple(f.name for f in fields(record_type))
        properties[name] = [
            plain_value(_properties(record, record_columns)) for record in getattr(summary, name)
        ]
    return properties


def _properties(record: object, columns: Sequence[str]) -> dict[str, Any]:
    """The named fields of a record; (key, value) pair fields become objects."""
    return {
        column: dict(getattr(record, column)) if column in _PAIR_FIELDS else getattr(record, column)
        for column in columns
    }


def plain_value(value: object) -> Any:
    """A JSON-ready copy: tuples as lists, numpy scalars as Python ones, non-finite as None."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # most values: as they are
        return value
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, tuple | list):
        return [item if type(item) is str else plain_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain_value(item) for key, item in value.items()}
    return value


def _oriented(geometry: BaseGeometry | None) -> BaseGeometry | None:
    """Polygons with counter-clockwise shells and clockwise holes; empty as None."""
    if geometry is None or geometry.is_empty:
        return None
    return shapely.orient_polygons(geometry, exterior_cw=False)


def _geojson_geometries(geometries: Sequence[BaseGeometry | None]) -> list[dict[str, Any] | None]:
    """Geometries as GeoJSON objects on the grid of 6 decimals, repaired and oriented; None for
    none or empty.

    Rounding can make a polygon touch or cross itself, or collapse a sliver: GEOS rounds
    keeping the result valid (collapsed parts dropped). Round first, then repair and orient:
    that order leaves what is written valid and counter-clockwise. All at once: one call per
    feature costs more than the rounding of a point.
    """
    given = np.empty(len(geometries), dtype=object)
    given[:] = geometries
    drawn = ~(shapely.is_missing(given) | shapely.is_empty(given))
    ready = shapely.orient_polygons(
        shapely.set_precision(given[drawn], _GRID_DEGREES), exterior_cw=False
    )
    shapes: list[dict[str, Any] | None] = [None] * len(geometries)
    for i, geometry in zip(np.flatnonzero(drawn).tolist(), ready, strict=True):
        shapes[i] = None if geometry.is_empty else _geojson_shape(geometry)
    return shapes


def geojson_geometry(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    """An RFC 7946 geometry: rounded to 6 decimals, then repaired and oriented; None if empty."""
    return _geojson_geometries([geometry])[0]


def _geojson_shape(geometry: BaseGeometry) -> dict[str, Any]:
    """A geometry as a GeoJSON object, its coordinates read as arrays (what ``mapping``
    gives, without a Python step per vertex)."""
    kind = geometry.geom_type
    if kind in _PARTS:
        parts = [_part_coordinates(part) for part in shapely.get_parts(geometry)]
        return {"type": kind, "coordinates": parts}
    if kind in ("Point", "LineString", "Polygon"):
        return {"type": kind, "coordinates": _part_coordinates(geometry)}
    return dict(mapping(geometry))  # a collection: rare, left to shapely


_PARTS: Final = ("MultiPoint", "MultiLineString", "MultiPolygon")


def _part_coordinates(geometry: BaseGeometry) -> Any:
    if isinstance(geometry, shapely.Point):
        return shapely.get_coordinates(geometry)[0].tolist()
    if isinstance(geometry, shapely.LineString):
        return shapely.get_coordinates(geometry).tolist()
    rings = [geometry.exterior, *geometry.interiors]
    return [shapely.get_coordinates(ring).tolist() for ring in rings]


_WRITERS: dict[OutputFormat, Callable[[Provenance, Sequence[PhaseResult], Path], list[Path]]] = {
    "folder": _write_folder,
    "gpkg": _write_gpkg,
    "parquet": _write_parquet,
}
