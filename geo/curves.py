"""Adaptive sampling of curves on the ellipsoid into lon/lat polylines within a tolerance.

A curve is given by a vectorised function ``point_at(curve, t) -> (lon, lat)`` whose every
point lies exactly where the drawn line should be (a point on a geodesic circle, on a radial
geodesic, at a given distance from a line, ...). The sampler draws each curve as straight
lon/lat segments between exact points (as GeoJSON draws them) and halves every segment whose
chord is too far from the curve: the chord point at fractions 1/4, 1/2 and 3/4 is compared
with the curve point at the same parameter fraction. The distance between the two
(``Geod.inv``) bounds how far the chord point is from the curve, and so, for any quantity
that changes by at most one metre per metre (a distance to a centre, to a line), how much the
drawn edge misses its target there.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod

from umbrella.geo.errors import GeoInputError

__all__ = [
    "GEOD",
    "MIN_TOLERANCE_M",
    "PointAt",
    "check_tolerance",
    "sample_curves",
    "wrap_lon_step",
]

GEOD = Geod(ellps="WGS84")

# pyproj's geodesics are accurate to about 15 nm; a millimetre keeps well clear of that.
MIN_TOLERANCE_M = 1e-3

# A segment is halved at most this many times: enough to shrink any segment below the
# resolution of a double, so the loop always ends.
_MAX_ROUNDS = 52

_CHECK_FRACTIONS = (0.25, 0.5, 0.75)

PointAt = Callable[
    [NDArray[np.intp], NDArray[np.float64]], tuple[NDArray[np.float64], NDArray[np.float64]]
]


def check_tolerance(tolerance_m: float, field: str = "tolerance_m") -> None:
    """Raise GeoInputError unless tolerance_m is a finite number of metres >= MIN_TOLERANCE_M."""
    if not (math.isfinite(tolerance_m) and tolerance_m >= MIN_TOLERANCE_M):
        raise GeoInputError(field, tolerance_m, f"must be a number >= {MIN_TOLERANCE_M:g} m")


def wrap_lon_step(step: NDArray[np.float64]) -> NDArray[np.float64]:
    """Longitude differences brought into [-180, 180): the short way round."""
    return np.asarray((step + 180.0) % 360.0 - 180.0, dtype=np.float64)


def sample_curves(
    point_at: PointAt,
    start: NDArray[np.float64],
    end: NDArray[np.float64],
    min_segments: NDArray[np.intp],
    tolerance_m: NDArray[np.float64],
) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """Draw curves ``t -> point_at(i, t)``, ``start[i] <= t <= end[i]``, within a tolerance.

    Each curve starts with ``min_segments[i]`` equal steps in ``t``; steps are halved where
    the chord is further than ``tolerance_m[i]`` from the curve. Returns one ``(lon, lat)``
    pair per curve, from ``start`` to ``end``, with longitudes unwrapped (successive vertices
    differ by less than 180 degrees, so values may leave [-180, 180]). No curves give [].
    """
    n_curves = len(start)
    if n_curves == 0:
        return []
    counts = np.maximum(np.asarray(min_segments, dtype=np.intp), 1) + 1
    curve = np.repeat(np.arange(n_curves), counts)
    first = np.cumsum(counts) - counts
    fraction = (np.arange(len(curve)) - first[curve]) / (counts[curve] - 1)
    t = start[curve] + fraction * (end - start)[curve]
    t[first + counts - 1] = end  # exact ends, whatever the rounding of the steps
    lon, lat = point_at(curve, t)
    for _ in range(_MAX_ROUNDS):
        left = np.flatnonzero(curve[1:] == curve[:-1])
        bad, mid_lon, mid_lat = _segments_off_curve(point_at, curve, t, lon, lat, left, tolerance_m)
        if not bad.any():
            break
        split = left[bad]
        order = np.argsort(np.concatenate([np.arange(len(t)), split]), kind="stable")
        t = np.concatenate([t, 0.5 * (t[split] + t[split + 1])])[order]
        lon = np.concatenate([lon, mid_lon[bad]])[order]
        lat = np.concatenate([lat, mid_lat[bad]])[order]
        curve = np.concatenate([curve, curve[split]])[order]
    return _unwrapped_per_curve(curve, lon, lat, n_curves)


def _segments_off_curve(
    point_at: PointAt,
    curve: NDArray[np.intp],
    t: NDArray[np.float64],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    left: NDArray[np.intp],
    tolerance_m: NDArray[np.float64],
) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]:
    """Which segments (by left vertex) miss the curve by more than the tolerance.

    Also returns the curve points at the segments' middle parameter, the new vertices if
    the segments are split.
    """
    lon_step = wrap_lon_step(lon[left + 1] - lon[left])
    lat_step = lat[left + 1] - lat[left]
    t_step = t[left + 1] - t[left]
    worst = np.zeros(len(left))
    mid_lon = mid_lat = worst
    for u in _CHECK_FRACTIONS:
        on_lon, on_lat = point_at(curve[left], t[left] + u * t_step)
        chord_lon = lon[left] + u * lon_step
        chord_lat = lat[left] + u * lat_step
        worst = np.maximum(worst, GEOD.inv(chord_lon, chord_lat, on_lon, on_lat)[2])
        if u == 0.5:
            mid_lon, mid_lat = on_lon, on_lat
    return worst > tolerance_m[curve[left]], mid_lon, mid_lat


def _unwrapped_per_curve(
    curve: NDArray[np.intp], lon: NDArray[np.float64], lat: NDArray[np.float64], n_curves: int
) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """Split the flat vertex arrays by curve, unwrapping longitude along each."""
    bounds = np.searchsorted(curve, np.arange(1, n_curves))
    out = []
    for part_lon, part_lat in zip(np.split(lon, bounds), np.split(lat, bounds), strict=True):
        steps = wrap_lon_step(np.diff(part_lon))
        unwrapped = part_lon[0] + np.concatenate([[0.0], np.cumsum(steps)])
        out.append((unwrapped, part_lat))
    return out
