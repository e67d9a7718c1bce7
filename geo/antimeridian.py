"""Closed paths on the globe to RFC 7946 polygons: split at the antimeridian, closed at a pole.

A region's boundary is given as one closed path with continuous (unwrapped) longitudes, so
that the path may leave [-180, 180] where it crosses the antimeridian, and its last vertex is
its first moved by -360, 0 or +360 degrees of longitude. A path that ends 360 degrees from
where it started goes round a pole; it is closed along the north pole (up the meridian, along
lat 90, down again). The closed figure is cut into 360-degree strips, each shifted back into
[-180, 180]; of the two sides of the boundary, the one holding a given reference point (or
not holding it) is kept. The result is a valid Polygon or MultiPolygon with counter-clockwise
exteriors and clockwise holes, and no edge crosses the antimeridian.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Point, Polygon, box

__all__ = ["WORLD", "clear_point", "closed_path", "polygon_from_path", "polygonal"]

WORLD = box(-180.0, -90.0, 180.0, 90.0)
SEAM_GRID_DEG = 1e-11


def polygon_from_path(
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    reference: tuple[float, float],
    *,
    reference_inside: bool = True,
) -> Polygon | MultiPolygon:
    """The region bounded by a closed lon/lat path, split at the antimeridian.

    ``lon`` is unwrapped along the path and ``lon[-1] - lon[0]`` is -360, 0 or 360;
    ``reference`` is a (lon, lat) point in [-180, 180] x (-90, 90), off the meridian 180,
    far (compared with the drawing tolerance) from the path, that lies inside the region if
    ``reference_inside`` and outside it otherwise.
    """
    turns = round(float(lon[-1] - lon[0]) / 360.0)
    if abs(turns) > 1:
        raise ValueError(f"a simple closed path turns at most once round a pole, got {turns}")
    lon = np.concatenate([lon[:-1], [lon[0] + 360.0 * turns]])
    lat = np.concatenate([lat[:-1], [lat[0]]])
    if turns:
        lon = np.concatenate([lon, [lon[-1], lon[0]]])
        lat = np.concatenate([lat, [90.0, 90.0]])
    side = _fold_into_world(Polygon(np.column_stack([lon, lat])))
    if side.contains(Point(reference)) != reference_inside:
        side = polygonal(WORLD.difference(side))
    return shapely.orient_polygons(side)


def closed_path(
    pieces: list[tuple[NDArray[np.float64], NDArray[np.float64]]], *, through_pole: bool = False
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Chain curves that meet end to start (the last ends where the first starts) into a path.

    Each piece is shifted by whole turns of longitude to continue the one before, and the
    path's end is set to its start moved by the whole turns it made. If the path starts and
    ends at a pole (``through_pole``), it is closed along the pole (the last step runs along
    lat +-90) rather than at the start, whatever longitudes it left and reached the pole by.
    """
    lon, lat = pieces[0]
    for piece_lon, piece_lat in pieces[1:]:
        shift = 360.0 * round(float(lon[-1] - piece_lon[0]) / 360.0)
        lon = np.concatenate([lon, piece_lon[1:] + shift])
        lat = np.concatenate([lat, piece_lat[1:]])
    if through_pole:
        return np.append(lon, lon[0]), np.append(lat, lat[0])
    turns = round(float(lon[-1] - lon[0]) / 360.0)
    return np.append(lon[:-1], lon[0] + 360.0 * turns), np.append(lat[:-1], lat[0])


def clear_point(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> tuple[float, float]:
    """The first of some candidate points that is off the meridian 180 and the poles.

    Such a point can serve as the ``reference`` of ``polygon_from_path``.
    """
    clear = np.flatnonzero((np.abs(lon) < 180.0 - 1e-9) & (np.abs(lat) < 90.0 - 1e-9))
    if len(clear) == 0:
        raise ValueError("every candidate point lies on the meridian 180 or at a pole")
    return float(lon[clear[0]]), float(lat[clear[0]])


def polygonal(geometry: shapely.Geometry) -> Polygon | MultiPolygon:
    """The polygons in a geometry (an overlay may add stray lines or points), as one shape."""
    parts: list[Polygon] = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, MultiPolygon):
            parts.extend(part.geoms)
        elif isinstance(part, Polygon) and not part.is_empty:
            parts.append(part)
    if len(parts) == 1:
        return parts[0]
    return MultiPolygon(parts)


def _fold_into_world(unwrapped: Polygon) -> Polygon | MultiPolygon:
    """Cut a polygon drawn with unwrapped longitudes into strips shifted into [-180, 180]."""
    min_lon, _, max_lon, _ = unwrapped.bounds
    if min_lon >= -180.0 and max_lon <= 180.0:
        return unwrapped
    pieces = []
    first_turn = math.floor((min_lon + 180.0) / 360.0)
    last_turn = math.ceil((max_lon - 180.0) / 360.0)
    for turn in range(first_turn, last_turn + 1):
        shift = 360.0 * turn
        piece = unwrapped.intersection(box(shift - 180.0, -90.0, shift + 180.0, 90.0))
        pieces.append(translate(piece, xoff=-shift))
    # Shifting by whole turns rounds the longitudes of a strip's edges by up to ~1e-13
    # degrees, which leaves hair-thin slivers between strips that should meet; a grid of
    # SEAM_GRID_DEG (about a micrometre) closes them and moves nothing by more than that.
    return polygonal(shapely.union_all(pieces, grid_size=SEAM_GRID_DEG))
