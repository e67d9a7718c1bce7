"""Load the bundled layers, filtered by worldview, region and bounding box.

A layer file is read once per process into an Arrow table (attributes, geometry as WKB); rows
are chosen on the attributes, and only the chosen rows' geometries are decoded, so a question
about one country never decodes the world's. ``layer_rows`` gives the chosen rows as Arrow (the
analysis needs no pandas), ``load_layer`` as a GeoDataFrame.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely
from numpy.typing import NDArray
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
]

_GEOMETRY = "geometry"
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


@lru_cache(maxsize=len(LAYERS))
def _file(name: str) -> pa.Table:
    # ParquetFile reads the one file directly: read_table's dataset layer would load pandas
    return pq.ParquetFile(layer_path(name)).read()


@lru_cache(maxsize=2 * len(LAYERS))
def layer_table(name: str, worldview: str = DEFAULT_WORLDVIEW) -> pa.Table:
    """A layer's rows in one worldview as an Arrow table (geometry as WKB), read once.

    Arrow tables are immutable: the cached table is shared, never changed.
    """
    table = _file(check_layer(name).name)
    if WORLDVIEW_COLUMN not in table.column_names:
        return table
    view = pc.is_in(table[WORLDVIEW_COLUMN], strings([VIEW_ALL, check_worldview(worldview)]))
    return table.filter(view).drop_columns([WORLDVIEW_COLUMN])


def geometries(rows: pa.Table) -> NDArray[np.object_]:
    """The geometries of layer rows (``layer_rows``), decoded."""
    return _decoded(rows[_GEOMETRY])


def distinct_rows(rows: pa.Table, column: str) -> pa.Table:
    """The first row of each value of ``column``, in the rows' order."""
    _, first = np.unique(values(rows[column]), return_index=True)
    return rows.take(numbers(np.sort(first)))


def _is(table: pa.Table, column: str, value: str) -> NDArray[np.bool_]:
    """Which rows hold ``value`` in ``column`` (never a null)."""
    return values(pc.fill_null(pc.equal(table[column], string(value)), mask([False])[0]))


def _where(table: pa.Table, column: str, value: str) -> Rows:
    return np.flatnonzero(_is(table, column, value))


def _decoded(wkb: pa.ChunkedArray) -> NDArray[np.object_]:
    return np.asarray(shapely.from_wkb(values(wkb)), dtype=object)


def list_layers(worldview: str = DEFAULT_WORLDVIEW) -> list[LayerInfo]:
    """Every catalogued layer with its feature count, read from the file metadata."""
    check_worldview(worldview)
    infos = []
    for name, spec in LAYERS.items():
        path = layer_path(name)
        if spec.worldview_dependent:
            tags = pq.ParquetFile(path).read(columns=[WORLDVIEW_COLUMN])[WORLDVIEW_COLUMN]
            count = int(np.isin(values(tags), [VIEW_ALL, worldview]).sum())
        else:
            count = pq.read_metadata(path).num_rows
        infos.append(LayerInfo(spec=spec, count=count, worldview=worldview))
    return infos


def resolve_region(code: str, worldview: str = DEFAULT_WORLDVIEW) -> tuple[str, str]:
    """("country", adm0_a3) for an ISO3 code or ("region", code) for an ISO 3166-2 code.

    Codes are case-insensitive; an unknown code raises RegionNotFound with close codes.
    """
    wanted = code.strip().upper()
    countries = layer_table("countries", worldview)
    match = _is(countries, "adm0_a3", wanted) | _is(countries, "iso_a3", wanted)
    found = countries.filter(mask(match))
    if found.num_rows:
        return "country", str(found["adm0_a3"][0])
    regions = layer_table("regions", worldview)
    if len(_where(regions, "iso_3166_2", wanted)):
        return "region", wanted
    known = [*countries["adm0_a3"].to_pylist(), *pc.drop_null(regions["iso_3166_2"]).to_pylist()]
    raise RegionNotFound(code, difflib.get_close_matches(wanted, known, n=3, cutoff=0.6))


@lru_cache(maxsize=64)
def region_geometry(code: str, worldview: str = DEFAULT_WORLDVIEW) -> BaseGeometry:
    """The dissolved polygon of a country (ISO3) or region (ISO 3166-2) in a worldview."""
    kind, resolved = resolve_region(code, check_worldview(worldview))
    name, column = ("countries", "adm0_a3") if kind == "country" else ("regions", "iso_3166_2")
    table = layer_table(name, worldview)
    parts = table.take(numbers(_where(table, column, resolved)))[_GEOMETRY]
    return shapely.union_all(_decoded(parts))


def _owner(region: str, worldview: str) -> str:
    regions = layer_table("regions", worldview)
    return str(regions["adm0_a3"][int(_where(regions, "iso_3166_2", region)[0])])


def _in_region(table: pa.Table, name: str, code: str, worldview: str) -> NDArray[np.bool_]:
    """Which rows of a layer are in a region: by code for countries and regions, by the country
    their source gives for points that have one, else by geometry (intersecting the region's
    polygon)."""
    kind, resolved = resolve_region(code, worldview)
    if name == "countries":
        return _is(table, "adm0_a3", resolved if kind == "country" else _owner(resolved, worldview))
    if name == "regions":
        return _is(table, "adm0_a3" if kind == "country" else "iso_3166_2", resolved)
    if {"country_iso3", "iso_3166_2"} <= set(table.column_names):
        return _points_of(table, kind, resolved, worldview)
    area = region_geometry(resolved, worldview)
    shapely.prepare(area)
    return np.asarray(shapely.intersects(area, _geometries(name, worldview)))


@lru_cache(maxsize=2)
def _view_owners(worldview: str) -> dict[str, str]:
    """The owner (adm0_a3) in a worldview of each region the views disagree on."""
    regions = _file("regions")
    own = regions.filter(mask(_is(regions, WORLDVIEW_COLUMN, worldview)))
    return dict(zip(own["iso_3166_2"].to_pylist(), own["adm0_a3"].to_pylist(), strict=True))


def _points_of(table: pa.Table, kind: str, code: str, worldview: str) -> NDArray[np.bool_]:
    """Points of a country or region by the country their source gives them (see NOTICE.md):
    its source's, except in a region the views disagree on, where it is the view's owner."""
    codes = table["iso_3166_2"]
    region = values(pc.fill_null(codes, string("", codes.type)))
    country = values(table["country_iso3"])  # a new array of objects, changed below
    owners = _view_owners(worldview)
    for i in np.flatnonzero(np.isin(region, list(owners))):
        country[i] = owners[region[i]]
    adm0 = code if kind == "country" else _owner(code, worldview)
    countries = layer_table("countries", worldview)
    names = {adm0, *countries.filter(mask(_is(countries, "adm0_a3", adm0)))["iso_a3"].to_pylist()}
    keep = np.isin(country, list(names))
    return keep if kind == "country" else keep & (region == code)


@lru_cache(maxsize=4)
def _geometries(name: str, worldview: str) -> NDArray[np.object_]:
    """Every geometry of a layer, decoded once, for the geometric filters."""
    return _decoded(layer_table(name, worldview)[_GEOMETRY])


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
    import geopandas as gpd

    rows = layer_rows(name, region=region, bbox=bbox, worldview=worldview)
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
    intersecting it.
    """
    check_layer(name)
    check_worldview(worldview)
    box = bbox_geometry(check_bbox(bbox)) if bbox is not None else None
    table = layer_table(name, worldview)
    keep = np.ones(table.num_rows, dtype=bool)
    if region is not None:
        keep &= _in_region(table, name, region, worldview)
    if box is not None:
        keep &= np.asarray(shapely.intersects(box, _geometries(name, worldview)))
    return table if keep.all() else table.filter(mask(keep))
