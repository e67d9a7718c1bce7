"""The conformal sphere of WGS84, and the bounds it puts on exact geodesic distances.

Sending geodetic latitude ``phi`` to conformal latitude ``chi`` (longitude unchanged) maps the
WGS84 ellipsoid onto the unit sphere conformally: near latitude ``phi`` every direction is
shrunk by the same factor ``1 / g(phi)``, with ``g = N(phi) cos(phi) / cos(chi)`` (metres;
``N`` is the prime-vertical radius of curvature). ``g`` is ``a`` on the equator and falls
monotonically with ``|phi|`` to about ``b`` at the poles.

Why that bounds the geodesic distance ``d`` by the central angle ``theta`` on the sphere: if
``g`` stays within ``[g_lo, g_hi]`` on a latitude band that contains both the ellipsoidal
geodesic and the great-circle arc between two points, then pushing the geodesic onto the sphere
gives ``theta <= d / g_lo`` and pulling the arc back onto the ellipsoid gives ``d <= theta *
g_hi``. Both curves stay within ``reach / (G_POLE * (1 - e^2))`` radians of latitude from their
start when ``d`` (or ``theta * g_hi``) is at most ``reach`` (a meridian arc is at least
``a (1 - e^2)`` metres per radian, and ``dphi/dchi = g / M <= 1 / (1 - e^2)``). Over a few
hundred kilometres ``g`` varies by a few parts in 10^4, so ``theta * g`` decides "within range"
for all but a thin band of points; only that band needs the exact inverse geodesic.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "G_EQUATOR",
    "G_POLE",
    "WGS84_A",
    "WGS84_E2",
    "chord_squared",
    "radius_bounds",
    "scale_radius",
    "unit_vectors",
]

WGS84_A = 6_378_137.0
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
_E = math.sqrt(WGS84_E2)


def _scale_radius_rad(phi: NDArray[np.float64]) -> NDArray[np.float64]:
    sin_phi = np.sin(phi)
    t = _E * np.arctanh(_E * sin_phi)
    prime_vertical = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sin_phi**2)
    # cos(phi) / cos(chi) = cosh(q - t) / cosh(q) with q = asinh(tan(phi)), tanh(q) = sin(phi).
    return np.asarray(prime_vertical * (np.cosh(t) - sin_phi * np.sinh(t)), dtype=np.float64)


def scale_radius(lat_deg: ArrayLike) -> NDArray[np.float64]:
    """g(lat) in metres: ellipsoidal length per radian of the conformal sphere at lat."""
    return _scale_radius_rad(np.radians(np.asarray(lat_deg, dtype=np.float64)))


G_EQUATOR = float(scale_radius(0.0))
G_POLE = float(scale_radius(90.0))


def unit_vectors(lon_deg: ArrayLike, lat_deg: ArrayLike) -> NDArray[np.float64]:
    """(n, 3) unit vectors of the points on the conformal sphere; empty input gives (0, 3)."""
    lam = np.radians(np.asarray(lon_deg, dtype=np.float64)).ravel()
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64)).ravel()
    sin_phi = np.sin(phi)
    # Isometric latitude psi; the conformal latitude is chi = gd(psi).
    with np.errstate(over="ignore"):
        psi = np.arcsinh(np.tan(phi)) - _E * np.arctanh(_E * sin_phi)
    cos_chi = 1.0 / np.cosh(psi)
    out = np.empty((lam.size, 3), dtype=np.float64)
    out[:, 0] = cos_chi * np.cos(lam)
    out[:, 1] = cos_chi * np.sin(lam)
    out[:, 2] = np.tanh(psi)
    return out


def radius_bounds(
    lat_deg: ArrayLike, reach_m: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(g_lo, g_hi): bounds on g over every path of length <= reach_m starting at lat_deg.

    A point at ellipsoidal distance d <= reach_m, or at central angle theta with
    theta * g_hi <= reach_m, satisfies theta * g_lo <= d <= theta * g_hi. Empty in, empty out.
    """
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64))
    spread = np.asarray(reach_m, dtype=np.float64) / (G_POLE * (1.0 - WGS84_E2))
    low, high = phi - spread, phi + spread
    nearest_equator = np.where((low <= 0.0) & (high >= 0.0), 0.0, np.minimum(abs(low), abs(high)))
    farthest = np.minimum(np.maximum(abs(low), abs(high)), math.pi / 2)
    return _scale_radius_rad(farthest), _scale_radius_rad(nearest_equator)


def chord_squared(theta: ArrayLike) -> NDArray[np.float64]:
    """Squared chord of a central angle, monotone: -1 below 0 and +inf from pi on.

    Comparing squared chords with these thresholds is comparing angles, with the ends mapped
    so that "angle <= negative" never holds and "angle > pi or more" never holds.
    """
    theta_a = np.asarray(theta, dtype=np.float64)
    chord = 4.0 * np.sin(np.clip(theta_a, 0.0, math.pi) / 2.0) ** 2
    return np.where(theta_a < 0.0, -1.0, np.where(theta_a >= math.pi, np.inf, chord))
