"""Overlays with the area of interest, done only where its boundary is crossed.

An area of interest is large (a country's or a continent's outline, densified) and overlaying
it with a coverage costs in proportion to all its edges. Parts wholly inside the other
operand (prepared ``contains_properly``) or apart from it need no overlay: they are taken or
left as they are, and only the parts that cross are overlaid. The results hold the same
points as ``shapely.intersection`` and ``shapely.difference``, as polygons (lower-dimensional
pieces of an overlay are dropped); the parts may come in another order.
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

__all__ = ["clip_to", "one_shape", "outside_of", "polygon_parts"]

_POLYGON = 3  # shapely's type id of a Polygon


def clip_to(geometry: BaseGeometry, area: BaseGeometry) -> BaseGeometry:
    """The polygonal part of ``geometry`` inside ``area`` (``area`` is prepared in place)."""
    parts = polygon_parts(geometry)
    shapely.prepare(area)
    inside = shapely.contains_properly(area, parts)
    crossing = parts[~inside]
    kept = [parts[inside]]
    if len(crossing):
        rest = shapely.multipolygons(crossing)
        shapely.prepare(rest)
        area_parts = shapely.get_parts(area)
        touched = area_parts[shapely.intersects(rest, area_parts)]
        within = shapely.contains_properly(rest, touched)
        kept.append(touched[within])
        if not within.all():
            cut = shapely.intersection(rest, shapely.multipolygons(touched[~within]))
            kept.append(polygon_parts(cut))
    return one_shape(np.concatenate(kept))


def outside_of(area: BaseGeometry, covered: BaseGeometry) -> BaseGeometry:
    """The polygonal part of ``area`` outside ``covered`` (``covered`` is prepared in place)."""
    area_parts = polygon_parts(area)
    shapely.prepare(covered)
    touched = shapely.intersects(covered, area_parts)
    kept = [area_parts[~touched]]
    crossing = area_parts[touched][~shapely.contains_properly(covered, area_parts[touched])]
    if len(crossing):
        cut = shapely.difference(shapely.multipolygons(crossing), covered)
        kept.append(polygon_parts(cut))
    return one_shape(np.concatenate(kept))


def polygon_parts(geometry: BaseGeometry) -> NDArray[np.object_]:
    """The non-empty polygons of a geometry, of its members and of theirs (an overlay may add
    stray lines or points), as an array."""
    parts = shapely.get_parts(shapely.get_parts(geometry))
    return parts[(shapely.get_type_id(parts) == _POLYGON) & ~shapely.is_empty(parts)]


def one_shape(polygons: NDArray[np.object_]) -> BaseGeometry:
    """Polygons as one shape, as ``umbrella.geo.polygonal`` gives them: the polygon itself
    when there is one, else a multipolygon (empty for none)."""
    return polygons[0] if len(polygons) == 1 else shapely.multipolygons(polygons)
