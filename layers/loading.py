"""Load the bundled layers, filtered by worldview, region and bounding box.

Rows are chosen on the attribute columns they need, each read whole once per process; the
chosen rows' other columns (geometry as WKB) are read from the row groups holding them
(the files are written in row groups for this: ``build_io``), and only their geometries are
decoded, so a question about one country neither reads nor decodes the world's. What is read
is kept for the process. ``layer_rows`` gives the chosen rows as Arrow (the analysis needs no
pandas), ``load_layer`` as a GeoDataFrame, ``layer_table`` every row of a worldview.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry.base import BaseGeometry

from umbrella.layers.arrow import mask, numbers, string, strings, values
from umbrella.layers.bbox import BBox, bbox_geometry, check_bbox
from umbrella.layers.catalogue import (
    DEFAULT_WORLDVIEW,
    LAYERS,
    VIEW_ALL,
    WORLDVIEW_COLUMN,
    LayerSpec,
    check_worldview,
    layer_path,
)
from umbrella.layers.errors import LayerNotFound, RegionNotFound

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "LayerInfo",
    "check_layer",
    "distinct_rows",
    "geometries",
    "layer_rows",
    "layer_table",
    "list_layers",
    "load_layer",
    "region_geometry",
    "resolve_region",
    "rows_frame",
    "take_rows",
]

_GEOMETRY = "geometry"
_FALSE = mask([False])[0]
Rows = NDArray[np.int64]


@dataclass(frozen=True)
class LayerInfo:
    """A catalogued layer and its number of features in one worldview."""

    spec: LayerSpec
    count: int
    worldview: str


def check_layer(name: str) -> LayerSpec:
    """The catalogue entry of name, or LayerNotFound listing the available layers."""
    if name not in LAYERS:
        raise LayerNotFound(name, LAYERS)
    return LAYERS[name]


class _LayerFile:
    """A bundled layer file read as asked: whole columns, or some rows' values from the row
    groups holding them (a column read whole serves every later question on it).

    What is read is kept (Arrow arrays are immutable: shared, never changed); reads are
    serialised, and each opens the file anew from the parsed metadata.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._metadata = pq.read_metadata(path)
        self.schema = self._metadata.schema.to_arrow_schema()
        self.num_rows = self._metadata.num_rows
        sizes = [self._metadata.row_group(i).num_rows for i in range(self._metadata.num_row_groups)]
        self._starts = np.cumsum([0, *sizes])
        self._whole: dict[str, pa.ChunkedArray] = {}
        self._parts: dict[tuple[str, int], pa.ChunkedArray] = {}
        self._lock = threading.Lock()

    def _open(self) -> pq.ParquetFile:
        # ParquetFile reads the one file directly (read_table's dataset layer would load pandas);
        # a local file gains nothing from reading ahead (pre_buffer), which costs CPU
        return pq.ParquetFile(self._path, metadata=self._metadata, pre_buffer=False)

    def columns(self, names: Sequence[str]) -> list[pa.ChunkedArray]:
        """The named columns, every row."""
        with self._lock:
            missing = [name for name in names if name not in self._whole]
            if missing:
                read = self._open().read(columns=missing)
                self._whole.update(zip(missing, read.columns, strict=True))
            return [self._whole[name] for name in names]

    def take(self, rows: Rows, names: Sequence[str]) -> list[pa.ChunkedArray]:
        """The named columns at the given rows (in their order), read from their row groups
        (whole when the rows meet every group)."""
        group = np.searchsorted(self._starts, rows, side="right") - 1
        touched = np.unique(group)
        if len(touched) == len(self._starts) - 1:
            whole = self.columns(names)
            if np.array_equal(rows, np.arange(self.num_rows)):
                return whole
            return [column.take(numbers(rows)) for column in whole]
        with self._lock:
            parted = [name for name in names if name not in self._whole]
            self._read_parts(parted, touched)
        # a row's place among the touched groups' rows, read one after the other
        sizes = np.diff(self._starts)[touched]
        before = np.cumsum(sizes) - sizes
        at = before[np.searchsorted(touched, group)] + rows - self._starts[group]
        return [
            self._whole[name].take(numbers(rows))
            if name in self._whole
            else self._joined(name, touched).take(numbers(at))
            for name in names
        ]

    def _read_parts(self, names: list[str], groups: Rows) -> None:
        missing = [g for g in groups.tolist() if any((n, g) not in self._parts for n in names)]
        if not names or not missing:
            return
        table = self._open().read_row_groups(missing, columns=names)
        offset = 0
        for g in missing:
            size = int(self._starts[g + 1] - self._starts[g])
            for name in names:
                self._parts[name, g] = table[name].slice(offset, size)
            offset += size

    def _joined(self, name: str, groups: Rows) -> pa.ChunkedArray:
        chunks = [chunk for g in groups.tolist() for chunk in self._parts[name, g].chunks]
        return pa.chunked_array(chunks, type=self.schema.field(name).type)


@lru_cache(maxsize=len(LAYERS))
def _layer_file(name: str) -> _LayerFile:
    return _LayerFile(layer_path(name))


@lru_cache(maxsize=2 * len(LAYERS))
def _view(name: str, worldview: str) -> Rows:
    """The rows of a layer's file in a worldview (every row of a layer without worldviews)."""
    file = _layer_file(check_layer(name).name)
    if WORLDVIEW_COLUMN not in file.schema.names:
        return np.arange(file.num_rows, dtype=np.int64)
    (tags,) = file.columns([WORLDVIEW_COLUMN])
    wanted = strings([VIEW_ALL, check_worldview(worldview)])
    return np.flatnonzero(values(pc.is_in(tags, value_set=wanted)))


def _columns(name: str) -> list[str]:
    """A layer's columns as ``layer_table`` gives them (the worldview tag left out)."""
    return [c for c in _layer_file(name).schema.names if c != WORLDVIEW_COLUMN]


@lru_cache(maxsize=64)
def _attribute(name: str, column: str, worldview: str) -> pa.ChunkedArray:
    """One column of ``layer_table(name, worldview)``, read alone."""
    rows = _view(name, worldview)
    (whole,) = _layer_file(name).columns([column])
    return whole if len(rows) == len(whole) else whole.take(numbers(rows))


@lru_cache(maxsize=2 * len(LAYERS))
def layer_table(name: str, worldview: str = DEFAULT_WORLDVIEW) -> pa.Table:
    """A layer's rows in one worldview as an Arrow table (geometry as WKB), read once.

    Arrow tables are immutable: the cached table is shared, never changed.
    """
    return take_rows(name, np.arange(len(_view(name, worldview))), worldview)


def take_rows(
    name: str,
    rows: ArrayLike,
    worldview: str = DEFAULT_WORLDVIEW,
    columns: Sequence[str] | None = None,
) -> pa.Table:
    """Rows of ``layer_table(name, worldview)`` by position, in the given order, as an Arrow
    table of the given columns (all by default), read from the row groups holding them."""
    file = _layer_file(check_layer(name).name)
    names = _columns(name) if columns is None else list(columns)
    at = _view(name, worldview)[np.asarray(rows, dtype=np.int64)]
    schema = pa.schema([file.schema.field(c) for c in names], metadata=file.schema.metadata)
    return pa.Table.from_arrays(file.take(at, names), schema=schema)


def geometries(rows: pa.Table) -> NDArray[np.object_]:
    """The geometries of layer rows (``layer_rows``), decoded."""
    return _decoded(rows[_GEOMETRY])


def distinct_rows(rows: pa.Table, column: str) -> pa.Table:
    """The first row of each value of ``column``, in the rows' order."""
    _, first = np.unique(values(rows[column]), return_index=True)
    return rows.take(numbers(np.sort(first)))


def _is(column: pa.ChunkedArray, value: str) -> NDArray[np.bool_]:
    """Which values of a text column are ``value`` (never a null)."""
    return values(pc.fill_null(pc.equal(column, string(value, column.type)), _FALSE))


def _is_in(column: pa.ChunkedArray, wanted: Iterable[str]) -> NDArray[np.bool_]:
    """Which values of a text column are among ``wanted`` (never a null)."""
    found = pc.is_in(column, value_set=strings(sorted(wanted)).cast(column.type))
    return values(pc.fill_null(found, _FALSE))


def _decoded(wkb: pa.ChunkedArray) -> NDArray[np.object_]:
    return np.asarray(shapely.from_wkb(values(wkb)), dtype=object)


def list_layers(worldview: str = DEFAULT_WORLDVIEW) -> list[LayerInfo]:
    """Every catalogued layer with its feature count, read from the file metadata."""
    check_worldview(worldview)
    infos = []
    for name, spec in LAYERS.items():
        path = layer_path(name)
        if spec.worldview_dependent:
            count = len(_view(name, worldview))
        else:
            count = pq.read_metadata(path).num_rows
        infos.append(LayerInfo(spec=spec, count=count, worldview=worldview))
    return infos


def resolve_region(code: str, worldview: str = DEFAULT_WORLDVIEW) -> tuple[str, str]:
    """("country", adm0_a3) for an ISO3 code or ("region", code) for an ISO 3166-2 code.

    Codes are case-insensitive; an unknown code raises RegionNotFound with close codes.
    """
    wanted = code.strip().upper()
    adm0 = _attribute("countries", "adm0_a3", worldview)
    match = np.flatnonzero(
        _is(adm0, wanted) | _is(_attribute("countries", "iso_a3", worldview), wanted)
    )
    if len(match):
        return "country", str(adm0[int(match[0])].as_py())
    regions = _attribute("regions", "iso_3166_2", worldview)
    if _is(regions, wanted).any():
        return "region", wanted
    known = [*adm0.to_pylist(), *pc.drop_null(regions).to_pylist()]
    raise RegionNotFound(code, difflib.get_close_matches(wanted, known, n=3, cutoff=0.6))


@lru_cache(maxsize=64)
def region_geometry(code: str, worldview: str = DEFAULT_WORLDVIEW) -> BaseGeometry:
    """The dissolved polygon of a country (ISO3) or region (ISO 3166-2) in a worldview."""
    kind, resolved = resolve_region(code, check_worldview(worldview))
    name, column = ("countries", "adm0_a3") if kind == "country" else ("regions", "iso_3166_2")
    rows = np.flatnonzero(_is(_attribute(name, column, worldview), resolved))
    parts = take_rows(name, rows, worldview, [_GEOMETRY])[_GEOMETRY]
    return shapely.union_all(_decoded(parts))


def _owner(region: str, worldview: str) -> str:
    at = np.flatnonzero(_is(_attribute("regions", "iso_3166_2", worldview), region))
    return str(_attribute("regions", "adm0_a3", worldview)[int(at[0])].as_py())


def _in_region(name: str, code: str, worldview: str) -> NDArray[np.bool_]:
    """Which rows of a layer are in a region: by code for countries and regions, by the country
    their source gives for points that have one, else by geometry (intersecting the region's
    polygon)."""
    kind, resolved = resolve_region(code, worldview)
    if name == "countries":
        owner = resolved if kind == "country" else _owner(resolved, worldview)
        return _is(_attribute(name, "adm0_a3", worldview), owner)
    if name == "regions":
        column = "adm0_a3" if kind == "country" else "iso_3166_2"
        return _is(_attribute(name, column, worldview), resolved)
    if {"country_iso3", "iso_3166_2"} <= set(_columns(name)):
        return _points_of(name, kind, resolved, worldview)
    area = region_geometry(resolved, worldview)
    shapely.prepare(area)
    return np.asarray(shapely.intersects(area, _geometries(name, worldview)))


@lru_cache(maxsize=2)
def _view_owners(worldview: str) -> dict[str, str]:
    """The owner (adm0_a3) in a worldview of each region the views disagree on."""
    tags, codes, owners = _layer_file("regions").columns(
        [WORLDVIEW_COLUMN, "iso_3166_2", "adm0_a3"]
    )
    own = mask(_is(tags, worldview))
    return dict(zip(codes.filter(own).to_pylist(), owners.filter(own).to_pylist(), strict=True))


def _points_of(name: str, kind: str, code: str, worldview: str) -> NDArray[np.bool_]:
    """Points of a country or region by the country their source gives them (see NOTICE.md):
    its source's, except in a region the views disagree on, where it is the view's owner."""
    _layer_file(name).columns(["iso_3166_2", "country_iso3"])  # read together: fewer passes
    region = _attribute(name, "iso_3166_2", worldview)
    country = _attribute(name, "country_iso3", worldview)
    owners = _view_owners(worldview)
    if owners:
        disputed = pc.index_in(region, value_set=strings(list(owners)).cast(region.type))
        owner = pc.take(strings(list(owners.values())).cast(country.type), disputed)
        country = pc.if_else(pc.is_null(disputed), country, owner)
    adm0 = code if kind == "country" else _owner(code, worldview)
    other_codes = pc.filter(
        _attribute("countries", "iso_a3", worldview),
        mask(_is(_attribute("countries", "adm0_a3", worldview), adm0)),
    )
    keep = _is_in(country, {adm0, *other_codes.to_pylist()})
    return keep if kind == "country" else keep & _is(region, code)


@lru_cache(maxsize=4)
def _geometries(name: str, worldview: str) -> NDArray[np.object_]:
    """Every geometry of a layer, decoded once, for the geometric filters."""
    return _decoded(_attribute(name, _GEOMETRY, worldview))


def load_layer(
    name: str,
    *,
    region: str | None = None,
    bbox: BBox | None = None,
    worldview: str = DEFAULT_WORLDVIEW,
) -> gpd.GeoDataFrame:
    """A bundled layer in EPSG:4326, optionally filtered, as a new GeoDataFrame.

    The filters are those of ``layer_rows``. An empty selection gives an empty frame with the
    layer's columns.
    """
    return rows_frame(layer_rows(name, region=region, bbox=bbox, worldview=worldview))


def rows_frame(rows: pa.Table) -> gpd.GeoDataFrame:
    """Layer rows (geometry as WKB, last) as a new GeoDataFrame in EPSG:4326."""
    import geopandas as gpd

    attributes = rows.drop_columns([_GEOMETRY]).to_pandas()
    return gpd.GeoDataFrame(attributes, geometry=geometries(rows), crs=4326)


def layer_rows(
    name: str,
    *,
    region: str | None = None,
    bbox: BBox | None = None,
    worldview: str = DEFAULT_WORLDVIEW,
) -> pa.Table:
    """The rows of a bundled layer, optionally filtered, as an Arrow table (geometry as WKB).

    region: an ISO3 country code (e.g. ``UKR``) or an ISO 3166-2 code (e.g. ``UA-43``). The
    countries and regions layers are filtered by code (a region code selects its country in
    ``countries``); points whose source names their country (cities, energy) by that country
    and their ``iso_3166_2`` region; other layers keep the features intersecting the region's
    polygon in the worldview. bbox: (minlon, minlat, maxlon, maxlat), keeps the features
    intersecting it. Only the chosen rows are read beyond the columns that choose them.
    """
    check_layer(name)
    check_worldview(worldview)
    box = bbox_geometry(check_bbox(bbox)) if bbox is not None else None
    keep = np.ones(len(_view(name, worldview)), dtype=bool)
    if region is not None:
        keep &= _in_region(name, region, worldview)
    if box is not None:
        keep &= np.asarray(shapely.intersects(box, _geometries(name, worldview)))
    return take_rows(name, np.flatnonzero(keep), worldview)
