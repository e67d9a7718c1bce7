"""Domain checks for geodesic input: coordinates, distances, angles, tolerances."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from umbrella.geo.errors import GeoInputError

__all__ = [
    "MAX_RADIUS_M",
    "check_angle",
    "check_angle_array",
    "check_distance",
    "check_distance_array",
    "check_lon_lat",
    "check_lon_lat_arrays",
]

# Half the WGS84 meridian circumference: a circle this wide already covers the globe.
MAX_RADIUS_M = 20_003_931.4586


def check_lon_lat(lon: float, lat: float, field: str = "") -> None:
    """Raise GeoInputError unless lon is in [-180, 180] and lat in [-90, 90]."""
    prefix = f"{field}." if field else ""
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise GeoInputError(f"{prefix}lon", lon, "must be a number in [-180, 180]")
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise GeoInputError(f"{prefix}lat", lat, "must be a number in [-90, 90]")


def check_lon_lat_arrays(lon: ArrayLike, lat: ArrayLike, field: str = "points") -> None:
    """Vectorised check_lon_lat: names the first bad element by its index."""
    lon_a = np.asarray(lon, dtype=float)
    lat_a = np.asarray(lat, dtype=float)
    if lon_a.shape != lat_a.shape:
        raise GeoInputError(field, (lon_a.shape, lat_a.shape), "lon and lat differ in shape")
    bad = ~(
        np.isfinite(lon_a) & np.isfinite(lat_a) & (np.abs(lon_a) <= 180) & (np.abs(lat_a) <= 90)
    )
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        check_lon_lat(float(lon_a.ravel()[i]), float(lat_a.ravel()[i]), f"{field}[{i}]")


def check_distance(
    value: float,
    field: str,
    *,
    allow_zero: bool = False,
    minimum: float = 0.0,
    maximum: float = MAX_RADIUS_M,
) -> None:
    """Raise GeoInputError unless value (metres) is finite, positive (at least ``minimum``
    when given) and below maximum."""
    if not math.isfinite(value):
        raise GeoInputError(field, value, "must be a finite number")
    if value < 0 or (value == 0 and not allow_zero):
        raise GeoInputError(field, value, "must be >= 0" if allow_zero else "must be > 0")
    if value < minimum:
        raise GeoInputError(field, value, f"must be >= {minimum:g} m")
    if value >= maximum:
        raise GeoInputError(field, value, f"must be < {maximum:.0f} m")


def check_angle(value: float, field: str, *, low: float, high: float) -> None:
    """Raise GeoInputError unless value (degrees) is finite and in [low, high]."""
    if not (math.isfinite(value) and low <= value <= high):
        raise GeoInputError(field, value, f"must be a number in [{low:g}, {high:g}]")


def check_distance_array(
    values: ArrayLike, field: str, *, allow_zero: bool = False, maximum: float = MAX_RADIUS_M
) -> None:
    """Vectorised check_distance: names the first bad element by its index."""
    a = np.asarray(values, dtype=float).ravel()
    low_ok = a >= 0 if allow_zero else a > 0
    bad = ~(np.isfinite(a) & low_ok & (a < maximum))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        check_distance(float(a[i]), f"{field}[{i}]", allow_zero=allow_zero, maximum=maximum)


def check_angle_array(values: ArrayLike, field: str, *, low: float, high: float) -> None:
    """Vectorised check_angle: names the first bad element by its index."""
    a = np.asarray(values, dtype=float).ravel()
    bad = ~(np.isfinite(a) & (a >= low) & (a <= high))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        check_angle(float(a[i]), f"{field}[{i}]", low=low, high=high)
