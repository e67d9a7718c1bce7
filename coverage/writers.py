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

What each output holds is ``outputs``: a column per field. The writers convert a column at a
time (``columns``), the geometries all at once (``written_shapes``), and write a GeoJSON file's
text from its columns' texts (``geojson_text``): 100,000 targets make no dict or list each.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from umbrella.coverage.columns import (
    ConvertedBefore,
    csv_column,
    json_cells,
    plain_column,
    table_column,
    table_value,
)
from umbrella.coverage.csv_cells import cell_texts, write_csv_texts
from umbrella.coverage.destination import OutputFormat, check_destination
from umbrella.coverage.geojson_text import collection_text
from umbrella.coverage.outputs import (
    OUTPUTS,
    OutputTable,
    check_output,
    field_columns,
    layer_name,
    output_table,
    record_properties,
    summary_document,
    summary_properties,
    umbrella_member,
)
from umbrella.coverage.result import AnalysisResult, PhaseResult, Provenance, RegionRow
from umbrella.coverage.written_shapes import (
    geojson_geometries,
    geojson_texts,
    located_columns,
    oriented_geometries,
)
from umbrella.geo.errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "UnknownPhase",
    "feature_collection",
    "write_json",
    "write_result",
    "write_staged",
]

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


class UnknownPhase(InputError):
    """A day that is not the start of any phase of the result."""


def feature_collection(result: PhaseResult, output: str, provenance: Provenance) -> dict[str, Any]:
    """One output of a phase as an RFC 7946 FeatureCollection, with the ``umbrella`` member."""
    table = output_table(result, check_output(output))
    names = tuple(table.columns)
    columns = [plain_column(values) for values in table.columns.values()]
    rows = zip(*columns, strict=True) if names else ((),) * len(table.geometries)
    shapes = geojson_geometries(table.geometries)
    return {
        **_collection_head(result, output, provenance),
        "features": [
            {"type": "Feature", "geometry": shape, "properties": dict(zip(names, row, strict=True))}
            for row, shape in zip(rows, shapes, strict=True)
        ],
    }


def _collection_head(result: PhaseResult, output: str, provenance: Provenance) -> dict[str, Any]:
    """A FeatureCollection's members before its features."""
    return {
        "type": "FeatureCollection",
        "name": output,
        "umbrella": umbrella_member(provenance, result.summary),
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
    before = ConvertedBefore()  # the phases' targets are the same: their names, places, ...
    tables = [{output: output_table(phase, output) for output in OUTPUTS} for phase in phases]
    shapes = _geometry_texts(tables)
    for phase, phase_tables, phase_shapes in zip(phases, tables, shapes, strict=True):
        folder = root if len(phases) == 1 else root / f"day-{phase.summary.day:03d}"
        folder.mkdir(exist_ok=True)
        for output, table in phase_tables.items():
            head = _collection_head(phase, output, provenance)
            text = collection_text(head, phase_shapes[output], _json_columns(output, table, before))
            written.append(_write_text(folder / f"{output}.geojson", text))
        if phase.depth_grid is not None:
            (folder / "depth.tif").write_bytes(phase.depth_grid.cog_bytes)
            written.append(folder / "depth.tif")
        written.append(_write_targets_csv(folder / "targets.csv", phase_tables["targets"], before))
        written.append(_write_regions_csv(folder / "regions.csv", phase.summary.regions))
    return written


def _geometry_texts(tables: Sequence[dict[str, OutputTable]]) -> list[dict[str, list[str]]]:
    """The GeoJSON text of the geometries of every output of every phase, made at once (shapes
    are rounded in one go: ``written_shapes.shapes_on_grid``); a geometry that several phases
    hold (the targets' places, footprints) is written once."""
    unique = {
        id(g): g for outputs in tables for table in outputs.values() for g in table.geometries
    }
    texts = dict(zip(unique, geojson_texts(list(unique.values())), strict=True))
    return [
        {output: [texts[id(g)] for g in table.geometries] for output, table in outputs.items()}
        for outputs in tables
    ]


def _json_columns(output: str, table: OutputTable, before: ConvertedBefore) -> dict[str, list[str]]:
    """The JSON text of each value of each column of an output (``feature_collection``'s
    properties), a column converted before (the same values) not converted again."""
    return {
        name: before.column(f"{output}.{name}.json", values, json_cells)
        for name, values in table.columns.items()
    }


def write_json(path: Path, document: object, indent: int | None = 2) -> Path:
    """Write a JSON document (UTF-8, no NaN) and a final newline; return the path."""
    return _write_text(
        path, json.dumps(document, ensure_ascii=False, allow_nan=False, indent=indent)
    )


def _write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text and a final newline; return the path."""
    with path.open("w", encoding="utf-8") as stream:
        stream.write(text)
        stream.write("\n")
    return path


def _write_targets_csv(path: Path, targets: OutputTable, before: ConvertedBefore) -> Path:
    lon_lat = before.column("targets.geometry.csv", targets.geometries, _located_texts)
    located = dict(zip(("lon", "lat"), lon_lat, strict=True))
    columns = [
        located[column] if column in located else _target_csv_texts(targets, column, before)
        for column in _TARGET_CSV_COLUMNS
    ]
    return write_csv_texts(path, _TARGET_CSV_COLUMNS, columns)


def _target_csv_texts(targets: OutputTable, column: str, before: ConvertedBefore) -> Sequence[str]:
    """The CSV texts of a column of the targets, made from its JSON texts (made already)."""

    def texts(values: Sequence[Any]) -> Sequence[str]:
        json = before.column(f"targets.{column}.json", values, json_cells)
        return cell_texts(csv_column(values, json))

    return before.column(f"targets.{column}.csv", targets.columns[column], texts)


def _located_texts(geometries: Sequence[BaseGeometry]) -> list[Sequence[str]]:
    """The CSV texts of the columns ``lon`` and ``lat`` of the targets."""
    return list(map(cell_texts, located_columns(geometries)))


def _write_regions_csv(path: Path, regions: Sequence[RegionRow]) -> Path:
    columns = tuple(f.name for f in fields(RegionRow))
    values = field_columns(regions, columns)
    return write_csv_texts(path, columns, [cell_texts(csv_column(values[c])) for c in columns])


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

    table = output_table(phase, output)
    data = {name: table_column(values) for name, values in table.columns.items()}
    return gpd.GeoDataFrame(
        pd.DataFrame(data, columns=list(table.columns)),
        geometry=gpd.GeoSeries(oriented_geometries(table.geometries), crs=4326),
    )


def _tables(provenance: Provenance, phases: Sequence[PhaseResult]) -> dict[str, pd.DataFrame]:
    """The non-spatial tables: a summary row per phase, region rows, the provenance."""
    import pandas as pd

    summaries = []
    for phase in phases:
        summary = summary_properties(phase.summary)
        del summary["regions"]  # a table of its own; target sets stay as JSON text
        summaries.append({key: table_value(value) for key, value in summary.items()})
    columns = tuple(f.name for f in fields(RegionRow))
    regions = [
        {"day": phase.summary.day, **record_properties(region, columns)}
        for phase in phases
        for region in phase.summary.regions
    ]
    member = umbrella_member(provenance, None)
    return {
        "summary": pd.DataFrame(summaries),
        "regions": pd.DataFrame(regions, columns=["day", *columns]),
        "provenance": pd.DataFrame([{key: table_value(v) for key, v in member.items()}]),
    }


_WRITERS: dict[OutputFormat, Callable[[Provenance, Sequence[PhaseResult], Path], list[Path]]] = {
    "folder": _write_folder,
    "gpkg": _write_gpkg,
    "parquet": _write_parquet,
}
