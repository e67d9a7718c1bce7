"""The world basemap of browsable layer maps: land with country borders, and place names.

One GeoJSON FeatureCollection per worldview, drawn beneath any layer in a browser without a
tile server. Land features are the countries, simplified for display only (``TOLERANCE_DEG``,
never for analysis) with coordinates rounded to ``DECIMALS``; their outlines are the borders.
Label features are points: each country's name at the pole of inaccessibility of its largest
part, and the seas' names from Natural Earth's marine areas. Each label carries ``minzoom``,
the Web-map zoom from which it is shown: a country's from the size of its largest part (its
name fits there), a sea's from Natural Earth's ``min_label`` (one level earlier).
"""

from __future__ import annotations

import math
from typing import Any, Final

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from umbrella.layers import load_layer

__all__ = ["DECIMALS", "LABEL_PX", "TOLERANCE_DEG", "world_basemap"]

TOLERANCE_DEG: Final = 0.02
"""Simplification of the land for display (about 2 km)."""
DECIMALS: Final = 3
LABEL_PX: Final = 48.0
"""Width (pixels) the largest part of a country needs before its name is shown."""
_TILE_PX: Final = 256.0
_MIN_ZOOM: Final = 1
_MAX_ZOOM: Final = 10


def _largest_part(geometry: BaseGeometry) -> Polygon:
    if isinstance(geometry, MultiPolygon):
        return max(geometry.geoms, key=lambda part: part.area)
    assert isinstance(geometry, Polygon)
    return geometry


def _label_point(geometry: BaseGeometry) -> list[float]:
    part = _largest_part(geometry)
    point = polylabel(part, tolerance=max(math.sqrt(part.area) / 50, 1e-4))
    return [round(point.x, DECIMALS), round(point.y, DECIMALS)]


def _country_zoom(geometry: BaseGeometry) -> int:
    """The zoom at which the largest part is about ``LABEL_PX`` wide (its square root of area)."""
    size_deg = max(math.sqrt(_largest_part(geometry).area), 1e-6)
    zoom = math.log2(LABEL_PX * 360.0 / (_TILE_PX * size_deg))
    return int(min(max(round(zoom), _MIN_ZOOM), _MAX_ZOOM))


def _label(kind: str, name: str, point: list[float], minzoom: int) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point},
        "properties": {"kind": kind, "name": name, "minzoom": minzoom},
    }


def _land(countries: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    simple = shapely.simplify(countries.geometry.to_numpy(), TOLERANCE_DEG, preserve_topology=True)
    rounded = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
    return [
        {"type": "Feature", "geometry": mapping(geometry), "properties": {"kind": "land"}}
        for geometry in rounded
        if not geometry.is_empty
    ]


def world_basemap(worldview: str) -> dict[str, Any]:
    """The basemap of a worldview: land (``kind: land``), then labels (``country``, ``sea``)."""
    countries = load_layer("countries", worldview=worldview)
    seas = load_layer("seas")
    country_labels = [
        _label("country", str(name), _label_point(geometry), _country_zoom(geometry))
        for name, geometry in zip(countries["name"], countries.geometry, strict=True)
    ]
    sea_labels = [
        _label("sea", str(name), _label_point(geometry), max(_MIN_ZOOM, math.floor(low) - 1))
        for name, low, geometry in zip(seas["name"], seas["min_label"], seas.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": _land(countries) + country_labels + sea_labels}
