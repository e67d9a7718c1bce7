"""Geometries as the writers write them, a whole column at a time.

GeoJSON objects on a grid of 6 decimals (about 0.1 m), repaired and oriented; oriented shapes
for the GeoPackage and GeoParquet tables; a rounded point per target for the CSV tables.
Polygons wind counter-clockwise, holes clockwise, in every format.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

__all__ = [
    "COORDINATE_DECIMALS",
    "geojson_geometries",
    "geojson_geometry",
    "geojson_texts",
    "located_at",
    "located_columns",
    "oriented_geometries",
]

COORDINATE_DECIMALS: Final = 6
"""Decimals of a written coordinate (about 0.1 m)."""
_GRID_DEGREES: Final = 10.0**-COORDINATE_DECIMALS
_POINT: Final = 0  # shapely's type id of a Point


def geojson_geometries(geometries: Sequence[BaseGeometry | None]) -> list[dict[str, Any] | None]:
    """Geometries as GeoJSON objects on the grid of 6 decimals, repaired and oriented; None for
    none or empty."""
    shapes: list[dict[str, Any] | None] = [None] * len(geometries)
    ready = _on_grid(geometries)
    for i, x, y in zip(ready.point_at, ready.xs, ready.ys, strict=True):
        shapes[i] = {"type": "Point", "coordinates": [x, y]}
    for i, geometry in zip(ready.shape_at, ready.shapes, strict=True):
        shapes[i] = _geojson_shape(geometry)
    return shapes


def geojson_texts(geometries: Sequence[BaseGeometry | None]) -> list[str]:
    """The JSON text (as ``json.dumps`` writes it) of each of ``geojson_geometries``."""
    texts = ["null"] * len(geometries)
    ready = _on_grid(geometries)
    for i, x, y in zip(ready.point_at, ready.xs, ready.ys, strict=True):
        texts[i] = f'{{"type": "Point", "coordinates": [{x!r}, {y!r}]}}'
    for i, geometry in zip(ready.shape_at, ready.shapes, strict=True):
        texts[i] = _shape_text(geometry)
    return texts


@dataclass
class _OnGrid:
    """Geometries on the grid, by their places in the given sequence: the points as their
    coordinates, the other shapes as they are; none or empty left out."""

    point_at: list[int] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    shape_at: list[int] = field(default_factory=list)
    shapes: list[BaseGeometry] = field(default_factory=list)


_CHUNK: Final = 512
"""Geometries rounded at once. Python's garbage collector scans every live object each time
enough new ones have outlived a few of its passes; the rounded points of 100,000 targets, all
alive at once, would make it scan the whole analysis over and over. A chunk's points die
(only their coordinates are kept) before they can count."""


def _on_grid(geometries: Sequence[BaseGeometry | None]) -> _OnGrid:
    """The geometries on the grid of 6 decimals, repaired and oriented.

    Rounding can make a polygon touch or cross itself, or collapse a sliver: GEOS rounds
    keeping the result valid (collapsed parts dropped). Round first, then repair and orient:
    that order leaves what is written valid and counter-clockwise. A chunk at a time, the
    points' coordinates in one read: one call per feature costs more than the rounding of a
    point.
    """
    given = _array(geometries)
    drawn = np.flatnonzero(~(shapely.is_missing(given) | shapely.is_empty(given)))
    ready = _OnGrid()
    for start in range(0, len(drawn), _CHUNK):
        at = drawn[start : start + _CHUNK]
        chunk = shapely.orient_polygons(
            shapely.set_precision(given[at], _GRID_DEGREES), exterior_cw=False
        )
        kept = ~shapely.is_empty(chunk)
        points = kept & (shapely.get_type_id(chunk) == _POINT)
        others = kept & ~points
        ready.point_at += at[points].tolist()
        ready.xs += shapely.get_x(chunk[points]).tolist()
        ready.ys += shapely.get_y(chunk[points]).tolist()
        ready.shape_at += at[others].tolist()
        ready.shapes += chunk[others].tolist()
    return ready


def geojson_geometry(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    """An RFC 7946 geometry: rounded to 6 decimals, then repaired and oriented; None if empty."""
    return geojson_geometries([geometry])[0]


def oriented_geometries(geometries: Sequence[BaseGeometry | None]) -> list[BaseGeometry | None]:
    """Polygons with counter-clockwise shells and clockwise holes; empty as None."""
    given = _array(geometries)
    given[shapely.is_empty(given)] = None
    return list(shapely.orient_polygons(given, exterior_cw=False))


def located_at(geometry: BaseGeometry) -> dict[str, float]:
    """Where a target is for a table: the point, or a point inside the shape, as rounded
    ``lon`` and ``lat``."""
    lons, lats = located_columns([geometry])
    return {"lon": lons[0], "lat": lats[0]}


def located_columns(geometries: Sequence[BaseGeometry]) -> tuple[list[float], list[float]]:
    """Where each target is for a table, as columns ``lon`` and ``lat``: the point, or a point
    inside the shape, rounded to 6 decimals (as Python's ``round`` does it: exactly)."""
    points = _array(geometries)
    shapes = shapely.get_type_id(points) != _POINT
    points[shapes] = shapely.point_on_surface(points[shapes])
    return _rounded(shapely.get_x(points)), _rounded(shapely.get_y(points))


def _rounded(values: np.ndarray) -> list[float]:
    return list(map(round, values.tolist(), repeat(COORDINATE_DECIMALS)))


def _array(geometries: Sequence[BaseGeometry | None]) -> np.ndarray:
    """The geometries as a numpy array of objects (never an array of their coordinates)."""
    given = np.empty(len(geometries), dtype=object)
    given[:] = geometries
    return given


def _geojson_shape(geometry: BaseGeometry) -> dict[str, Any]:
    """A geometry as a GeoJSON object."""
    kind = geometry.geom_type
    if kind not in _SHAPES:
        return dict(mapping(geometry))  # a collection: rare, left to shapely
    return {"type": kind, "coordinates": _listed(_coordinates(geometry))}


def _shape_text(geometry: BaseGeometry) -> str:
    """The JSON text of ``_geojson_shape``, written from the coordinate arrays (no list per
    vertex: a large polygon would make millions of them for the garbage collector to scan)."""
    kind = geometry.geom_type
    if kind not in _SHAPES:
        return json.dumps(_geojson_shape(geometry), ensure_ascii=False, allow_nan=False)
    return f'{{"type": "{kind}", "coordinates": {_coordinates_text(_coordinates(geometry))}}}'


_SHAPES: Final = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")
_Coordinates = np.ndarray | list[Any]  # an array of positions (or one), or a list of those


def _coordinates(geometry: BaseGeometry) -> _Coordinates:
    """The GeoJSON coordinates of a geometry, each position, line and ring as an array."""
    kind = geometry.geom_type
    if kind.startswith("Multi"):
        return [_coordinates(part) for part in shapely.get_parts(geometry)]
    if kind == "Polygon":
        return [shapely.get_coordinates(ring) for ring in [geometry.exterior, *geometry.interiors]]
    positions = shapely.get_coordinates(geometry)
    return positions[0] if kind == "Point" else positions


def _listed(coordinates: _Coordinates) -> Any:
    if isinstance(coordinates, np.ndarray):
        return coordinates.tolist()
    return [_listed(item) for item in coordinates]


def _coordinates_text(coordinates: _Coordinates) -> str:
    """The JSON text of ``_listed(coordinates)``."""
    if isinstance(coordinates, list):
        items = map(_coordinates_text, coordinates)
    elif coordinates.ndim == 1:
        items = map(float.__repr__, coordinates.tolist())
    else:
        items = map(_POSITION, coordinates[:, 0].tolist(), coordinates[:, 1].tolist())
    return "[" + ", ".join(items) + "]"


_POSITION: Final = "[{!r}, {!r}]".format
