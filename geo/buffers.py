"""Geodesic buffers: everything within a distance of points, lines or polygons, on WGS84.

``distance_m`` is the geodesic distance from the geometry, so a line's buffer is a corridor
``2 * distance_m`` wide, and a polygon's buffer holds the polygon itself. Edges of the input
are taken as geodesics between its vertices (densify lon/lat edges first if they are long and
their straight lon/lat course matters).

The buffer is drawn as the union of exact pieces, each drawn to the tolerance by
``umbrella.geo.curves``: a geodesic disc (``umbrella.geo.rings``) at every vertex, and for
every edge the band swept by the geodesics perpendicular to it, out to ``distance_m`` on
both sides. The band's sides are points at exactly ``distance_m`` from the edge, its ends the
perpendiculars at the edge's ends (inside the discs). So the drawn boundary is within the
tolerance of the true one, except where an edge shorter than four tolerances is left to the
discs at its ends (which adds at most ``2 * tolerance**2 / distance_m``). Output is split at
the antimeridian and closed along a pole it surrounds, like the rings.
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon

from umbrella.geo.antimeridian import clear_point, closed_path, polygon_from_path, polygonal
from umbrella.geo.curves import GEOD, PointAt, check_tolerance, sample_curves
from umbrella.geo.errors import GeoInputError
from umbrella.geo.limits import MAX_BUFFER_M, MIN_DRAWN_M
from umbrella.geo.rings import range_rings
from umbrella.geo.validate import check_distance, check_lon_lat_arrays

__all__ = ["geodesic_buffer"]

_LINE_TYPES = ("LineString", "LinearRing")
_POINT_TYPES = ("Point",)
_POLYGON_TYPES = ("Polygon",)
# Where a band's reference point is tried: fractions of the edge's length along it, and of
# the distance across it (the band's drawn edges are at least 4 tolerances from the middle).
_REFERENCE_ALONG = np.array([0.5, 0.4, 0.6])
_REFERENCE_ACROSS = np.array([0.0, 0.25, -0.25])


def geodesic_buffer(
    geometry: shapely.Geometry, distance_m: float, *, tolerance_m: float = 10.0
) -> Polygon | MultiPolygon:
    """Everything within distance_m metres (geodesic) of a geometry, as lon/lat polygons.

    Takes points, lines, polygons, their Multi forms and collections of them, in lon/lat
    degrees. ``distance_m`` is in [MIN_DRAWN_M, MAX_BUFFER_M) (``umbrella.geo.limits``).
    Empty input gives an empty Polygon.
    """
    check_distance(distance_m, "distance_m", minimum=MIN_DRAWN_M, maximum=MAX_BUFFER_M)
    check_tolerance(tolerance_m)
    parts = shapely.get_parts(shapely.get_parts(geometry))
    xy = shapely.get_coordinates(parts)
    check_lon_lat_arrays(xy[:, 0], xy[:, 1], "geometry.coordinates")
    tolerance = min(tolerance_m, distance_m / 4.0)
    pieces: list[shapely.Geometry] = []
    lines: list[NDArray[np.float64]] = []
    for part in parts:
        if part.is_empty:
            continue
        kind = part.geom_type
        if kind in _POLYGON_TYPES:
            pieces.append(part)
            lines.extend(shapely.get_coordinates(ring) for ring in (part.exterior, *part.interiors))
        elif kind in _LINE_TYPES:
            lines.append(shapely.get_coordinates(part))
        elif kind not in _POINT_TYPES:
            raise GeoInputError("geometry", kind, "must be made of points, lines and polygons")
    if len(xy) == 0:
        return Polygon()
    vertices = np.unique(xy, axis=0)
    pieces.extend(range_rings(vertices[:, 0], vertices[:, 1], distance_m, tolerance_m=tolerance))
    if lines:
        pieces.extend(
            _bands(np.concatenate([_edges(line) for line in lines]), distance_m, tolerance)
        )
    return shapely.orient_polygons(polygonal(shapely.union_all(pieces)))


def _edges(line: NDArray[np.float64]) -> NDArray[np.float64]:
    """The edges of a line as rows (lon0, lat0, lon1, lat1)."""
    return np.column_stack([line[:-1], line[1:]])


def _bands(
    edges: NDArray[np.float64], distance: float, tolerance: float
) -> list[Polygon | MultiPolygon]:
    """For every edge long enough, the band of points at most distance away, beside it."""
    azimuth, _, length = GEOD.inv(edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3])
    keep = length >= 4.0 * tolerance
    lon, lat, azimuth, length = edges[keep, 0], edges[keep, 1], azimuth[keep], length[keep]
    n = len(lon)
    if n == 0:
        return []
    # Four curves per edge, chained into the band's boundary: the perpendicular at the start
    # (left to right), the right side, the perpendicular at the end (right to left), the left
    # side (end to start). Curve c at t is offset across(t) metres to the right of the point
    # along(t) metres along its edge, with along = a0 + a1 t and across = c0 + c1 t.
    zeros, ones, d = np.zeros(n), np.ones(n), np.full(n, distance)
    a0 = np.column_stack([zeros, zeros, length, length]).ravel()
    a1 = np.column_stack([zeros, ones, zeros, -ones]).ravel()
    c0 = np.column_stack([zeros, d, zeros, -d]).ravel()
    c1 = np.column_stack([ones, zeros, -ones, zeros]).ravel()
    t_start = np.column_stack([-d, zeros, -d, zeros]).ravel()
    t_end = np.column_stack([d, length, d, length]).ravel()
    edge = np.repeat(np.arange(n), 4)
    point_at = _offset_point_at(lon[edge], lat[edge], azimuth[edge], a0, a1, c0, c1)
    curves = sample_curves(
        point_at, t_start, t_end, np.ones(4 * n, dtype=np.intp), np.full(4 * n, tolerance)
    )
    bands = []
    for i in range(n):
        path_lon, path_lat = closed_path(curves[4 * i : 4 * i + 4])
        reference = _reference(lon[i], lat[i], azimuth[i], length[i], distance)
        bands.append(polygon_from_path(path_lon, path_lat, reference))
    return bands


def _offset_point_at(
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    azimuth: NDArray[np.float64],
    a0: NDArray[np.float64],
    a1: NDArray[np.float64],
    c0: NDArray[np.float64],
    c1: NDArray[np.float64],
) -> PointAt:
    """Points offset sideways from geodesic edges (see ``_bands``)."""

    def point_at(
        curve: NDArray[np.intp], t: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        along = a0[curve] + a1[curve] * t
        across = c0[curve] + c1[curve] * t
        on_lon, on_lat, back = GEOD.fwd(lon[curve], lat[curve], azimuth[curve], along)
        # Heading at the point along the edge is the back azimuth turned round; right is +90.
        off_lon, off_lat, _ = GEOD.fwd(on_lon, on_lat, back + 270.0, across)
        return off_lon, off_lat

    return point_at


def _reference(
    lon: float, lat: float, azimuth: float, length: float, distance: float
) -> tuple[float, float]:
    """A point inside an edge's band, near its middle, clear of lon 180 and the poles."""
    along, across = (np.ravel(a) for a in np.meshgrid(_REFERENCE_ALONG, _REFERENCE_ACROSS))
    n = len(along)
    mid_lon, mid_lat, back = GEOD.fwd(
        np.full(n, lon), np.full(n, lat), np.full(n, azimuth), along * length
    )
    ref_lon, ref_lat, _ = GEOD.fwd(mid_lon, mid_lat, back + 270.0, across * distance)
    return clear_point(ref_lon, ref_lat)
