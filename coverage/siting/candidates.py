"""Candidate sites: a grid, the cities, or the planner's own points; then the constraints.

A grid of ``grid:KM`` lies in the Lambert azimuthal equal-area projection centred on the
area of interest (the depth grid's), so candidates stand about KM apart and evenly spread
by true area; ``cities`` are the bundled cities inside the area; a GeoJSON file (or mapping)
gives points, each of which must lie inside the area. Coordinates are rounded to 1e-6
degree (about 0.1 m) before anything is decided, so the proposed scenario holds exactly
the points that were evaluated.

The constraints drop a candidate that stands in a no-go zone (the analysis's violation
rule), that lies beyond the resupply radius of every depot standing at the phase (the
analysis's rule), or that stands closer than the minimum spacing to an asset of the same
tier already in place. Pairs of candidates closer than the spacing become conflicts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.grid import laea_crs
from umbrella.coverage.result import NoGoArea
from umbrella.coverage.siting.errors import SitingError
from umbrella.coverage.siting.request import candidate_kind
from umbrella.coverage.user_geojson import user_features
from umbrella.geo import covering_assets, geodesic_area, nearest
from umbrella.layers import load_layer

__all__ = [
    "DECIMALS",
    "MAX_CANDIDATES",
    "CandidateSites",
    "close_pairs",
    "constrain",
    "place_candidates",
]

DECIMALS = 6
MAX_CANDIDATES = 200_000
_EDGE_STEP_DEG = 0.05


@dataclass(frozen=True)
class CandidateSites:
    """The candidates left after the constraints, and how many each constraint dropped."""

    lon: np.ndarray
    lat: np.ndarray
    source: str
    placed: int
    in_no_go: int
    beyond_resupply: int
    near_same_tier: int

    def __len__(self) -> int:
        return int(self.lon.size)


def place_candidates(
    spec: str | Mapping[str, Any], area: BaseGeometry, worldview: str
) -> tuple[np.ndarray, np.ndarray, str]:
    """(lon, lat, description) of the candidates a specification places inside the area."""
    kind, step_km = candidate_kind(spec)
    if isinstance(spec, Mapping):
        return (*_points(spec, area, "candidates"), "points given")
    if kind == "grid":
        return (*_grid(area, step_km), spec.strip().lower())
    if kind == "cities":
        cities = load_layer("cities", bbox=area.bounds, worldview=worldview)
        lon, lat = _rounded(cities.geometry.x.to_numpy(), cities.geometry.y.to_numpy())
        inside = shapely.intersects_xy(area, lon, lat)
        return lon[inside], lat[inside], "cities"
    path = Path(spec.strip())
    return (*_points(_read(path), area, "candidates"), path.name)


def _grid(area: BaseGeometry, step_km: float) -> tuple[np.ndarray, np.ndarray]:
    step = step_km * 1000.0
    expected = geodesic_area(area) / step**2
    if expected > MAX_CANDIDATES:
        reason = f"gives about {expected:,.0f} candidates, more than {MAX_CANDIDATES:,}"
        raise SitingError("candidates", f"grid:{step_km:g}", reason)
    crs = laea_crs(area)
    outline = shapely.get_coordinates(shapely.segmentize(area.envelope, _EDGE_STEP_DEG))
    x, y = pyproj.Transformer.from_crs(4326, crs, always_xy=True).transform(
        outline[:, 0], outline[:, 1]
    )
    columns = np.arange(math.floor(np.min(x) / step), math.ceil(np.max(x) / step) + 1) * step
    rows = np.arange(math.floor(np.min(y) / step), math.ceil(np.max(y) / step) + 1) * step
    grid_x, grid_y = np.meshgrid(columns, rows)
    lon, lat = pyproj.Transformer.from_crs(crs, 4326, always_xy=True).transform(
        grid_x.ravel(), grid_y.ravel()
    )
    lon, lat = _rounded(np.asarray(lon), np.asarray(lat))
    shapely.prepare(area)
    inside = shapely.intersects_xy(area, lon, lat)
    return lon[inside], lat[inside]


def _rounded(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.round(lon.astype(float), DECIMALS), np.round(lat.astype(float), DECIMALS)


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SitingError("candidates", str(path), f"cannot be read ({error.strerror})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise SitingError("candidates", str(path), f"is not JSON ({error})") from None


def _points(geojson: Any, area: BaseGeometry, field_name: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(geojson, Mapping):
        raise SitingError(field_name, type(geojson).__name__, "must be a GeoJSON object")
    try:
        features = user_features(dict(geojson))
    except ValueError as error:
        raise SitingError(field_name, "GeoJSON", str(error)) from None
    coordinates = []
    for i, (_, geometry) in enumerate(features):
        if geometry.geom_type not in ("Point", "MultiPoint"):
            reason = "must be a Point or MultiPoint (a candidate site)"
            raise SitingError(f"{field_name}.features[{i}].geometry", geometry.geom_type, reason)
        xy = shapely.get_coordinates(geometry)
        lon, lat = _rounded(xy[:, 0], xy[:, 1])
        outside = ~shapely.intersects_xy(area, lon, lat)
        if outside.any():
            k = int(np.flatnonzero(outside)[0])
            reason = "lies outside the scenario's regions"
            raise SitingError(f"{field_name}.features[{i}]", [float(lon[k]), float(lat[k])], reason)
        coordinates.append(np.column_stack([lon, lat]))
    stacked = np.vstack(coordinates)
    if len(stacked) > MAX_CANDIDATES:
        raise SitingError(field_name, len(stacked), f"must hold at most {MAX_CANDIDATES} points")
    return stacked[:, 0], stacked[:, 1]


def close_pairs(
    lon: np.ndarray, lat: np.ndarray, other_lon: np.ndarray, other_lat: np.ndarray, km: float
) -> tuple[np.ndarray, np.ndarray]:
    """(i, j): every point i and other point j less than ``km`` apart (geodesic, exact)."""
    if km <= 0 or lon.size == 0 or other_lon.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cover = covering_assets(lon, lat, other_lon, other_lat, km * 1000.0)
    assert cover.distance_m is not None  # asked for with_distance (the default)
    point = np.repeat(np.arange(lon.size), cover.counts())
    closer = cover.distance_m < km * 1000.0
    return point[closer], cover.asset_index[closer]


def constrain(
    lon: np.ndarray,
    lat: np.ndarray,
    source: str,
    zones: Sequence[NoGoArea],
    depots: np.ndarray,
    resupply_km: float | None,
    same_tier: np.ndarray,
    spacing_km: float,
) -> CandidateSites:
    """The candidates that no constraint drops; ``depots`` and ``same_tier`` are (k, 2) lon/lat
    of the depots standing and the assets of the tier in place at the phase."""
    in_zone = np.zeros(lon.size, dtype=bool)
    for zone in zones:
        shapely.prepare(zone.geometry)
        in_zone |= shapely.intersects_xy(zone.geometry, lon, lat)
    beyond = np.zeros(lon.size, dtype=bool)
    if resupply_km is not None:
        _, distance_m = nearest(lon, lat, depots[:, 0], depots[:, 1])
        beyond = distance_m / 1000.0 > resupply_km
    near = np.zeros(lon.size, dtype=bool)
    near[close_pairs(lon, lat, same_tier[:, 0], same_tier[:, 1], spacing_km)[0]] = True
    keep = ~(in_zone | beyond | near)
    return CandidateSites(
        lon=lon[keep],
        lat=lat[keep],
        source=source,
        placed=int(lon.size),
        in_no_go=int(in_zone.sum()),
        beyond_resupply=int((beyond & ~in_zone).sum()),
        near_same_tier=int((near & ~in_zone & ~beyond).sum()),
    )
