"""Place names of the offline basemap: countries, seas and cities, each with its zoom range.

A label is drawn from ``min_zoom`` to ``max_zoom`` (Leaflet zoom levels); where labels would
overlap, the earlier one wins: countries (the biggest first), then seas, then cities (the most
populous first).
Countries and seas are named at the centre of their largest part (the pole of inaccessibility,
so that a crescent-shaped sea is named over water); a country is named from the zoom at which
that part is ``LABEL_PX`` wide, a sea in Natural Earth's range (``min_label``, ``max_label``),
a city from a zoom that follows its population. Both the interactive maps and the layer
pages' world basemap (``umbrella.maps.world``) name places by these rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from umbrella.geo import geodesic_area
from umbrella.layers.rows import LayerRows

__all__ = [
    "CITY_ZOOMS",
    "COUNTRY_FIRST_ZOOM",
    "COUNTRY_LAST_ZOOM",
    "LABEL_KINDS",
    "LABEL_PX",
    "MAX_ZOOM",
    "Label",
    "city_labels",
    "country_labels",
    "sea_labels",
]

MAX_ZOOM: Final = 14
"""The deepest zoom of interactive maps (the basemap is simplified to about 1 km)."""
LABEL_PX: Final = 48.0
"""Width (pixels) the largest part of a country needs before its name is shown."""
COUNTRY_FIRST_ZOOM: Final = 1
COUNTRY_LAST_ZOOM: Final = 10
CITY_ZOOMS: Final = ((1_000_000, 4), (500_000, 5), (200_000, 6), (100_000, 7))
"""(least population, first zoom) for city names; smaller places from zoom 8."""
LABEL_KINDS: Final = ("country", "sea", "city")
_TILE_PX: Final = 256.0
_LABEL_TOLERANCE_DEG: Final = 0.05
_MAX_LABEL_LAT: Final = 80.0  # Web Mercator stretches the rest beyond use


@dataclass(frozen=True)
class Label:
    """A place name at a point, drawn from ``min_zoom`` to ``max_zoom``."""

    text: str
    lon: float
    lat: float
    kind: str  # one of LABEL_KINDS
    min_zoom: float
    max_zoom: float


def _largest_part(geometry: BaseGeometry) -> BaseGeometry:
    """The largest part, simplified for placing its name (never empty: tiny parts stay whole)."""
    parts = shapely.get_parts(geometry)
    largest = parts[int(np.argmax(shapely.area(parts)))]
    simple = shapely.simplify(largest, _LABEL_TOLERANCE_DEG, preserve_topology=False)
    return simple if not simple.is_empty and simple.is_valid else largest


def _first_zoom(value: float, steps: tuple[tuple[float, int], ...], otherwise: int) -> int:
    return next((zoom for least, zoom in steps if value >= least), otherwise)


def _country_zoom(part: BaseGeometry) -> int:
    """The zoom at which the part is about ``LABEL_PX`` wide (the square root of its area in
    square degrees: on a Web map a degree of longitude is 256 * 2**zoom / 360 pixels)."""
    size_deg = max(math.sqrt(part.area), 1e-6)
    zoom = round(math.log2(LABEL_PX * 360.0 / (_TILE_PX * size_deg)))
    return int(min(max(zoom, COUNTRY_FIRST_ZOOM), COUNTRY_LAST_ZOOM))


def country_labels(countries: LayerRows) -> list[Label]:
    """A name per country, the biggest first, from the zoom at which its name fits."""
    labels = []
    for name, geometry in zip(countries["name"], countries.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        part = _largest_part(geometry)
        point = polylabel(part, _LABEL_TOLERANCE_DEG)
        zoom = _country_zoom(part)
        labels.append(
            (
                geodesic_area(part),
                Label(str(name), point.x, point.y, "country", zoom, COUNTRY_LAST_ZOOM),
            )
        )
    labels.sort(key=lambda pair: -pair[0])
    return [label for _, label in labels if abs(label.lat) <= _MAX_LABEL_LAT]


def sea_labels(seas: LayerRows) -> list[Label]:
    """A name per named sea, gulf or strait, in Natural Earth's zoom range, widest range first."""
    labels = []
    for name, low, high, geometry in zip(
        seas["name"], seas["min_label"], seas["max_label"], seas.geometry, strict=True
    ):
        if not name or not np.isfinite(low) or geometry is None or geometry.is_empty:
            continue
        point = polylabel(_largest_part(geometry), _LABEL_TOLERANCE_DEG)
        if abs(point.y) <= _MAX_LABEL_LAT:
            labels.append(Label(str(name), point.x, point.y, "sea", float(low), float(high)))
    labels.sort(key=lambda label: label.min_zoom)
    return labels


def city_labels(cities: LayerRows) -> list[Label]:
    """A name per place, the most populous first, from a zoom that grows as the place shrinks.

    The scene's cities are settlements only (sections of cities are named with their city).
    """
    frame = cities.sorted_by("population", descending=True)
    points = frame.geometry
    return [
        Label(str(name), x, y, "city", _first_zoom(float(count), CITY_ZOOMS, 8), MAX_ZOOM)
        for name, x, y, count in zip(
            frame["name"],
            shapely.get_x(points),
            shapely.get_y(points),
            frame["population"],
            strict=True,
        )
    ]
