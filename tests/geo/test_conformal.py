"""The conformal-sphere distance bounds against pyproj Geod on random and extreme pairs."""

from __future__ import annotations

import math

import numpy as np
from pyproj import Geod

from umbrella.geo.conformal import (
    G_EQUATOR,
    G_POLE,
    WGS84_A,
    WGS84_E2,
    chord_squared,
    radius_bounds,
    scale_radius,
    unit_vectors,
)

GEOD = Geod(ellps="WGS84")


def test_scale_radius_ends_and_monotony() -> None:
    e = math.sqrt(WGS84_E2)
    polar = WGS84_A / math.sqrt(1 - WGS84_E2) * ((1 - e) / (1 + e)) ** (e / 2)
    assert G_EQUATOR == WGS84_A
    assert math.isclose(G_POLE, polar, rel_tol=1e-14)
    g = scale_radius(np.linspace(0.0, 90.0, 10_001))
    assert (np.diff(g) < 0).all()
    np.testing.assert_array_equal(scale_radius([-30.0, -60.0]), scale_radius([30.0, 60.0]))


def test_unit_vectors_are_unit_and_continuous_across_the_antimeridian() -> None:
    v = unit_vectors([180.0, -180.0, 0.0, 12.0], [10.0, 10.0, 90.0, -90.0])
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(v[0], v[1], rtol=0, atol=1e-15)
    np.testing.assert_allclose(v[2], [0, 0, 1], rtol=0, atol=1e-15)
    np.testing.assert_allclose(v[3], [0, 0, -1], rtol=0, atol=1e-15)
    assert unit_vectors([], []).shape == (0, 3)


def test_geodesic_distance_is_bounded_by_the_central_angle() -> None:
    rng = np.random.default_rng(2)
    n = 50_000
    lon1 = rng.uniform(-180, 180, n)
    lat1 = np.r_[np.degrees(np.arcsin(rng.uniform(-1, 1, n - 4))), 90.0, -90.0, 89.99, 0.0]
    azimuth = rng.uniform(0, 360, n)
    # Short, regional and near-antipodal distances alike.
    distance = np.r_[rng.uniform(0, 1, n // 2) ** 3 * 2e6, rng.uniform(0, 2e7, n - n // 2)]
    lon2, lat2, _ = GEOD.fwd(lon1, lat1, azimuth, distance)
    _, _, d = GEOD.inv(lon1, lat1, lon2, lat2)
    chord = np.linalg.norm(unit_vectors(lon1, lat1) - unit_vectors(lon2, lat2), axis=1)
    theta = 2 * np.arcsin(np.minimum(chord / 2, 1.0))
    g_lo, g_hi = radius_bounds(lat1, d)
    # The absolute slack covers float rounding of theta (~1e-16 rad) and of Geod.inv.
    assert (d >= theta * g_lo - 1e-8).all()
    assert (d <= theta * g_hi + 1e-8).all()
    g_lo, g_hi = radius_bounds(lat1, theta * G_EQUATOR)
    assert (d <= theta * g_hi + 1e-8).all()


def test_bounds_are_tight_regionally() -> None:
    g_lo, g_hi = radius_bounds(49.0, 400e3)
    assert g_hi / g_lo - 1 < 5e-4
    g_lo, g_hi = radius_bounds([0.0, 89.0], 20e6)
    np.testing.assert_array_equal(g_lo, [G_POLE, G_POLE])
    np.testing.assert_array_equal(g_hi, [G_EQUATOR, G_EQUATOR])


def test_chord_squared_maps_the_ends() -> None:
    np.testing.assert_array_equal(
        chord_squared([-0.1, 0.0, math.pi, 4.0]), [-1.0, 0.0, np.inf, np.inf]
    )
    assert math.isclose(float(chord_squared(math.pi / 3)), 1.0, rel_tol=1e-15)
