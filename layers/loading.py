"""Load the bundled layers, filtered by worldview, region and bounding box."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow.parquet as pq
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.layers.bbox import BBox, bbox_geometry, check_bbox
from umbrella.layers.catalogue import (
    DEFAULT_WORLDVIEW,
    LAYERS,
    VIEW_ALL,
    WORLDVIEW_COLUMN,
    LayerSpec,
    layer_path,
)
from umbrella.layers.errors import LayerNotFound, RegionNotFound
from umbrella.layers.worldview import check_worldview, select_view, view_countries

__all__ = [
    "LayerInfo",
    "check_layer",
    "list_layers",
    "load_layer",
    "region_geometry",
    "resolve_region",
]


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
def _read(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_parquet(path)


def _view(name: str, worldview: str) -> gpd.GeoDataFrame:
    """A copy of the layer in one worldview (the cached frame is never handed out)."""
    frame = _read(layer_path(name))
    if WORLDVIEW_COLUMN in frame.columns:
        return select_view(frame, worldview)
    return frame.copy()


def list_layers(worldview: str = DEFAULT_WORLDVIEW) -> list[LayerInfo]:
    """Every catalogued layer with its feature count, read from the file metadata."""
    check_worldview(worldview)
    infos = []
    for name, spec in LAYERS.items():
        path = layer_path(name)
        if spec.worldview_dependent:
            tags = pq.read_table(path, columns=[WORLDVIEW_COLUMN])[WORLDVIEW_COLUMN]
            count = int(np.isin(tags.to_numpy(), [VIEW_ALL, worldview]).sum())
        else:
            count = pq.read_metadata(path).num_rows
        infos.append(LayerInfo(spec=spec, count=count, worldview=worldview))
    return infos


def resolve_region(code: str, worldview: str = DEFAULT_WORLDVIEW) -> tuple[str, str]:
    """("country", adm0_a3) for an ISO3 code or ("region", code) for an ISO 3166-2 code.

    Codes are case-insensitive; an unknown code raises RegionNotFound with close codes.
    """
    wanted = code.strip().upper()
    countries = _view("countries", worldview)
    match = countries.loc[(countries["adm0_a3"] == wanted) | (countries["iso_a3"] == wanted)]
    if not match.empty:
        return "country", str(match["adm0_a3"].iloc[0])
    regions = _view("regions", worldview)
    if (regions["iso_3166_2"] == wanted).any():
        return "region", wanted
    known = [*countries["adm0_a3"], *regions["iso_3166_2"].dropna()]
    raise RegionNotFound(code, difflib.get_close_matches(wanted, known, n=3, cutoff=0.6))


def region_geometry(code: str, worldview: str = DEFAULT_WORLDVIEW) -> BaseGeometry:
    """The dissolved polygon of a country (ISO3) or region (ISO 3166-2) in a worldview."""
    kind, resolved = resolve_region(code, check_worldview(worldview))
    if kind == "country":
        frame = _view("countries", worldview)
        parts = frame.loc[frame["adm0_a3"] == resolved]
    else:
        frame = _view("regions", worldview)
        parts = frame.loc[frame["iso_3166_2"] == resolved]
    return shapely.union_all(parts.geometry.to_numpy())


def _owner(region: str, worldview: str) -> str:
    regions = _view("regions", worldview)
    return str(regions.loc[regions["iso_3166_2"] == region, "adm0_a3"].iloc[0])


def _by_region(frame: gpd.GeoDataFrame, name: str, code: str, worldview: str) -> np.ndarray:
    kind, resolved = resolve_region(code, worldview)
    if name == "countries":
        adm0 = resolved if kind == "country" else _owner(resolved, worldview)
        return (frame["adm0_a3"] == adm0).to_numpy()
    if name == "regions":
        column = "adm0_a3" if kind == "country" else "iso_3166_2"
        return (frame[column] == resolved).to_numpy()
    if {"country_iso3", "iso_3166_2"} <= set(frame.columns):
        return _points_of(frame, kind, resolved, worldview)
    area = region_geometry(resolved, worldview)
    shapely.prepare(area)
    return np.asarray(shapely.intersects(area, frame.geometry.to_numpy()))


def _points_of(frame: gpd.GeoDataFrame, kind: str, code: str, worldview: str) -> np.ndarray:
    """Points of a country or region by the country their source gives them (see NOTICE.md)."""
    region = frame["iso_3166_2"].fillna("").to_numpy(dtype=object)
    country = view_countries(
        frame["country_iso3"].to_numpy(), region, _read(layer_path("regions")), worldview
    )
    adm0 = code if kind == "country" else _owner(code, worldview)
    countries = _view("countries", worldview)
    names = {adm0, *countries.loc[countries["adm0_a3"] == adm0, "iso_a3"]}
    keep = np.isin(country, list(names))
    return keep if kind == "country" else keep & (region == code)


def load_layer(
    name: str,
    *,
    region: str | None = None,
    bbox: BBox | None = None,
    worldview: str = DEFAULT_WORLDVIEW,
) -> gpd.GeoDataFrame:
    """A bundled layer in EPSG:4326, optionally filtered.

    region: an ISO3 country code (e.g. ``UKR``) or an ISO 3166-2 code (e.g. ``UA-43``). The
    countries and regions layers are filtered by code (a region code selects its country in
    ``countries``); points whose source names their country (cities, energy) by that country
    and their ``iso_3166_2`` region; other layers keep the features intersecting the region's
    polygon in the worldview. bbox: (minlon, minlat, maxlon, maxlat), keeps the features
    intersecting it.
    An empty selection gives an empty frame with the layer's columns.
    """
    check_layer(name)
    check_worldview(worldview)
    box = bbox_geometry(check_bbox(bbox)) if bbox is not None else None
    frame = _view(name, worldview)
    keep = np.ones(len(frame), dtype=bool)
    if region is not None:
        keep &= _by_region(frame, name, region, worldview)
    if box is not None:
        keep &= np.asarray(shapely.intersects(box, frame.geometry.to_numpy()))
    return frame.loc[keep].reset_index(drop=True)
