"""Geodesic lengths and areas on WGS84, and geodesic densification of lines.

Edges between vertices are taken as geodesics, as ``pyproj.Geod`` takes them; for lines
drawn with short edges (densified, or from ``umbrella.geo.rings``) that is the same, within
the drawing tolerance, as the straight lon/lat edges of GeoJSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import (
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)

from umbrella.geo.curves import GEOD
from umbrella.geo.errors import GeoInputError
from umbrella.geo.validate import check_distance, check_lon_lat_arrays

__all__ = [
    "EARTH_AREA_M2",
    "AlongLine",
    "densify_drawn",
    "densify_geodesic",
    "geodesic_area",
    "geodesic_length",
    "points_along",
]

_E = math.sqrt(1.0 - (GEOD.b / GEOD.a) ** 2)
_METRES_PER_DEGREE = 111_700.0  # no degree of longitude or latitude on WGS84 is longer
# Surface of the WGS84 ellipsoid (4 pi times the authalic radius squared).
EARTH_AREA_M2 = 2.0 * math.pi * (GEOD.a**2 + GEOD.b**2 * math.atanh(_E) / _E)


class AlongLine(NamedTuple):
    """Points along a line with their geodesic distance from its start."""

    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    km: NDArray[np.float64]


def geodesic_length(geometry: LineString | MultiLineString) -> float:
    """Geodesic length in metres of a LineString or MultiLineString (empty gives 0).

    Polygons are refused: their drawn outline may include cuts along the antimeridian and
    the poles, which are not part of any perimeter.
    """
    _check_type(geometry, (LineString, MultiLineString), "a LineString or MultiLineString")
    if geometry.is_empty:
        return 0.0
    return float(GEOD.geometry_length(geometry))


def geodesic_area(geometry: Polygon | MultiPolygon) -> float:
    """Geodesic area in square metres of a Polygon or MultiPolygon, holes subtracted.

    Works for polygons that surround a pole or cover more than half the Earth (each ring's
    area is taken on the side its lon/lat drawing encloses). Empty gives 0.
    """
    _check_type(geometry, (Polygon, MultiPolygon), "a Polygon or MultiPolygon")
    total = 0.0
    for polygon in shapely.get_parts(geometry):
        total += _ring_area(polygon.exterior)
        total -= sum(_ring_area(hole) for hole in polygon.interiors)
    return total


def densify_geodesic(
    line: LineString | MultiLineString, max_segment_m: float
) -> LineString | MultiLineString:
    """The line with vertices added along each geodesic edge, no step longer than max_segment_m.

    Original vertices are kept; added ones divide each edge into equal geodesic steps.
    Longitudes of added vertices are in [-180, 180]. Empty input comes back unchanged.
    """
    _check_type(line, (LineString, MultiLineString), "a LineString or MultiLineString")
    check_distance(max_segment_m, "max_segment_m")
    if isinstance(line, MultiLineString):
        return MultiLineString([densify_geodesic(part, max_segment_m) for part in line.geoms])
    if line.is_empty:
        return line
    lon, lat = _vertices(line)
    azimuth, _, length = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    steps = np.maximum(np.ceil(length / max_segment_m), 1).astype(np.intp)
    segment = np.repeat(np.arange(len(steps)), steps)
    k = np.arange(len(segment)) - np.repeat(np.cumsum(steps) - steps, steps)
    new_lon, new_lat, _ = GEOD.fwd(
        lon[segment], lat[segment], azimuth[segment], k * length[segment] / steps[segment]
    )
    original = k == 0
    new_lon[original], new_lat[original] = lon[:-1], lat[:-1]
    return LineString(np.column_stack([np.append(new_lon, lon[-1]), np.append(new_lat, lat[-1])]))


def densify_drawn(geometry: shapely.Geometry, max_segment_m: float) -> shapely.Geometry:
    """The geometry with vertices added along each edge as GeoJSON draws it.

    GeoJSON draws an edge as a straight line in longitude and latitude, which on a long edge
    can lie kilometres from the geodesic between the same two points. Vertices are added on
    the drawn line, in equal lon/lat steps, until no step is longer than max_segment_m
    (geodesic); after that, reading each short edge as a geodesic (as ``geodesic_area`` and
    the samplers do) stays within a few centimetres of the drawing. Original vertices are
    kept; points pass unchanged, and so does empty input.
    """
    check_distance(max_segment_m, "max_segment_m")

    def densified(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        if len(xy) < 2:
            return xy
        check_lon_lat_arrays(xy[:, 0], xy[:, 1], "geometry.coordinates")
        _, _, length = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
        # a drawn edge is at most as long as its lon/lat extent allows, and at least its
        # geodesic: the larger bound keeps the steps short either way
        widest = np.cos(np.radians(np.minimum(np.abs(xy[:-1, 1]), np.abs(xy[1:, 1]))))
        spread = np.hypot(np.diff(xy[:, 0]) * widest, np.diff(xy[:, 1])) * _METRES_PER_DEGREE
        steps = np.maximum(np.ceil(np.maximum(length, spread) / max_segment_m), 1)
        steps = steps.astype(np.intp)
        segment = np.repeat(np.arange(len(steps)), steps)
        fraction = (np.arange(len(segment)) - np.repeat(np.cumsum(steps) - steps, steps)) / (
            steps[segment]
        )
        start, end = xy[segment], xy[segment + 1]
        points = start + (end - start) * fraction[:, None]
        return np.vstack([points, xy[-1:]])

    return _rebuilt(geometry, densified)


def _rebuilt(
    geometry: shapely.Geometry,
    densified: Callable[[NDArray[np.float64]], NDArray[np.float64]],
) -> shapely.Geometry:
    """The geometry with each line and ring's coordinates passed through densified."""
    if geometry.is_empty or isinstance(geometry, Point | MultiPoint):
        return geometry
    if isinstance(geometry, LineString):
        return LineString(densified(shapely.get_coordinates(geometry)))
    if isinstance(geometry, Polygon):
        return Polygon(
            densified(shapely.get_coordinates(geometry.exterior)),
            [densified(shapely.get_coordinates(ring)) for ring in geometry.interiors],
        )
    parts = [_rebuilt(part, densified) for part in shapely.get_parts(geometry)]
    if isinstance(geometry, MultiPolygon):
        return MultiPolygon(parts)
    if isinstance(geometry, MultiLineString):
        return MultiLineString(parts)
    return shapely.GeometryCollection(parts)


def points_along(line: LineString, spacing_m: float) -> AlongLine:
    """Points every spacing_m metres along a LineString from its start, and its end point.

    Distances are geodesic along the line's edges; ``km`` is the distance from the start in
    kilometres, increasing from 0 to the line's length. An empty line gives empty arrays.
    """
    _check_type(line, (LineString,), "a LineString")
    check_distance(spacing_m, "spacing_m")
    if line.is_empty:
        empty = np.empty(0)
        return AlongLine(empty, empty, empty)
    lon, lat = _vertices(line)
    azimuth, _, length = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    start = np.concatenate([[0.0], np.cumsum(length)])
    distance = np.append(np.arange(0.0, start[-1], spacing_m), start[-1])
    segment = np.clip(np.searchsorted(start, distance, side="right") - 1, 0, len(length) - 1)
    at_lon, at_lat, _ = GEOD.fwd(
        lon[segment], lat[segment], azimuth[segment], distance - start[segment]
    )
    return AlongLine(at_lon, at_lat, distance / 1000.0)


def _check_type(geometry: object, types: tuple[type, ...], expected: str) -> None:
    """Raise GeoInputError unless geometry is one of the types."""
    if not isinstance(geometry, types):
        kind = getattr(geometry, "geom_type", type(geometry).__name__)
        raise GeoInputError("geometry", kind, f"must be {expected}")


def _vertices(line: LineString) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Checked lon and lat arrays of a line's vertices."""
    xy = shapely.get_coordinates(line)
    check_lon_lat_arrays(xy[:, 0], xy[:, 1], "geometry.coordinates")
    return xy[:, 0], xy[:, 1]


def _ring_area(ring: shapely.LinearRing) -> float:
    """Area enclosed by a ring, on the side its lon/lat drawing encloses.

    Geod gives the area signed by the sense of travel and reduced to half the Earth either
    way; the branch nearest a spherical equal-area estimate of the drawn ring is taken.
    """
    xy = shapely.get_coordinates(ring)
    if len(xy) < 4:
        return 0.0
    if not shapely.is_ccw(ring):
        xy = xy[::-1]
    check_lon_lat_arrays(xy[:, 0], xy[:, 1], "geometry.coordinates")
    signed, _ = GEOD.polygon_area_perimeter(xy[:, 0], xy[:, 1])
    x, y = np.radians(xy[:, 0]), np.sin(np.radians(xy[:, 1]))
    estimate = 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])) / (4.0 * math.pi)
    estimate *= EARTH_AREA_M2
    turns = round((estimate - signed) / EARTH_AREA_M2)
    return float(signed + turns * EARTH_AREA_M2)
