"""The world basemap of browsable layer maps: land with country borders, and place names.

One GeoJSON FeatureCollection per worldview, drawn beneath any layer in a browser without a
tile server. Land features are the countries, simplified for display only (``TOLERANCE_DEG``,
never for analysis) with coordinates rounded to ``DECIMALS``; their outlines are the borders.
Label features are points: the names of countries and seas (``umbrella.maps.labels``, as on
the interactive maps), each with ``minzoom``, the Web-map zoom from which it is shown, biggest
countries first.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import mapping

from umbrella.layers.rows import LayerRows, load_rows
from umbrella.maps.labels import Label, country_labels, sea_labels

__all__ = ["DECIMALS", "TOLERANCE_DEG", "world_basemap"]

TOLERANCE_DEG: Final = 0.02
"""Simplification of the land for display (about 2 km)."""
DECIMALS: Final = 3


def _label(label: Label) -> dict[str, Any]:
    point = [round(label.lon, DECIMALS), round(label.lat, DECIMALS)]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point},
        "properties": {"kind": label.kind, "name": label.text, "minzoom": label.min_zoom},
    }


def _land(countries: LayerRows) -> list[dict[str, Any]]:
    simple = shapely.simplify(countries.geometry, TOLERANCE_DEG, preserve_topology=True)
    rounded = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
    return [
        {"type": "Feature", "geometry": mapping(geometry), "properties": {"kind": "land"}}
        for geometry in rounded
        if not geometry.is_empty
    ]


def world_basemap(worldview: str) -> dict[str, Any]:
    """The basemap of a worldview: land (``kind: land``), then labels (``country``, ``sea``)."""
    countries = load_rows("countries", worldview=worldview)
    labels = [*country_labels(countries), *sea_labels(load_rows("seas"))]
    return {"type": "FeatureCollection", "features": _land(countries) + list(map(_label, labels))}
