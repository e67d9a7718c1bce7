"""Paths on the globe to RFC 7946 geometries: split at the antimeridian, closed at a pole.

An open path becomes a LineString, or a MultiLineString cut where it crosses the
antimeridian (``line_from_path``).

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
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box

from umbrella.geo.curves import wrap_lon_step
from umbrella.geo.errors import GeoInputError
from umbrella.geo.validate import check_lon_lat_arrays

__all__ = [
    "WORLD",
    "clear_point",
    "closed_path",
    "line_from_path",
    "polygon_from_path",
    "polygonal",
]

WORLD = box(-180.0, -90.0, 180.0, 90.0)
SEAM_GRID_DEG = 1e-11


def line_from_path(
    lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> LineString | MultiLineString:
    """The line through lon/lat vertices, cut into parts where it crosses the antimeridian.

    Each step between vertices is taken the short way round in longitude (less than 180
    degrees), so a step from 179 to -179 crosses the meridian 180. The path is cut where it
    crosses; the cut point is interpolated along the drawn (straight lon/lat) step and ends
    one part at lon 180 (or -180) and starts the next at -180 (or 180), at the same latitude.
    Every part has longitudes in [-180, 180]. Gives a LineString when nothing is cut, a
    MultiLineString of the parts in path order otherwise; empty arrays give an empty
    LineString. Raises GeoInputError for a single vertex or coordinates out of range.
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    check_lon_lat_arrays(lon, lat, "path")
    if lon.ndim != 1 or lon.size == 1:
        raise GeoInputError("path", lon.shape, "must be one-dimensional with 0 or >= 2 vertices")
    if lon.size == 0:
        return LineString()
    step = np.diff(lon)
    turns = np.concatenate([[0.0], np.cumsum(np.round((wrap_lon_step(step) - step) / 360.0))])
    unwrapped, lat = _cut_at_seams(lon + 360.0 * turns, lat)
    # A step's strip (the 360-degree band around 360 k it lies in) is told by its middle; a
    # step running along a seam belongs to the strip of the step before it (or after it).
    middle = 0.5 * (unwrapped[:-1] + unwrapped[1:])
    strip = np.floor((middle + 180.0) / 360.0)
    along_seam = (unwrapped[:-1] == unwrapped[1:]) & (middle % 360.0 == 180.0)
    strip = _filled(np.where(along_seam, np.nan, strip))
    breaks = np.flatnonzero(np.diff(strip) != 0) + 1
    firsts = np.concatenate([[0], breaks])
    lasts = np.concatenate([breaks, [len(strip)]])
    parts = [
        LineString(
            np.column_stack(
                [
                    np.clip(unwrapped[a : b + 1] - 360.0 * strip[a], -180.0, 180.0),
                    lat[a : b + 1],
                ]
            )
        )
        for a, b in zip(firsts, lasts, strict=True)
    ]
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


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


def _cut_at_seams(
    lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unwrapped lon/lat vertices with a vertex added wherever a step crosses a seam.

    Seams are the meridians 180 + 360 k; a step (shorter than 360 degrees of longitude)
    crosses at most one. The added vertex lies exactly on the seam, on the straight step.
    """
    low = np.minimum(lon[:-1], lon[1:])
    high = np.maximum(lon[:-1], lon[1:])
    seam = 180.0 + 360.0 * np.floor((high - 180.0) / 360.0)
    crossing = np.flatnonzero((low < seam) & (seam < high))
    if len(crossing) == 0:
        return lon, lat
    at = (seam[crossing] - lon[crossing]) / (lon[crossing + 1] - lon[crossing])
    seam_lat = lat[crossing] + at * (lat[crossing + 1] - lat[crossing])
    return (
        np.insert(lon, crossing + 1, seam[crossing]),
        np.insert(lat, crossing + 1, seam_lat),
    )


def _filled(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """NaNs replaced by the last value before them, or the first after them (0 if none)."""
    known = ~np.isnan(values)
    if not known.any():
        return np.zeros_like(values)
    before = np.maximum.accumulate(np.where(known, np.arange(len(values)), -1))
    before[before < 0] = np.flatnonzero(known)[0]
    return values[before]


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
