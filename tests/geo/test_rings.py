"""Range rings, annuli and fans, checked against pyproj's geodesics called directly."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
import shapely
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from pyproj import Geod

from umbrella.geo import GeoInputError, range_ring, range_rings

WGS84 = Geod(ellps="WGS84")
TOLERANCE_M = 10.0
EdgePoints = Callable[[shapely.Geometry, int], NDArray[np.float64]]


def _distance_azimuth(lon: float, lat: float, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(xy)
    azimuth, _, distance = WGS84.inv(np.full(n, lon), np.full(n, lat), xy[:, 0], xy[:, 1])
    return distance, azimuth


def _reference_area(lon: float, lat: float, radius: float, n: int = 20_000) -> float:
    """Area of the geodesic circle from 20,000 points on it (counter-clockwise)."""
    azimuth = np.linspace(360.0, 0.0, n, endpoint=False)
    ring_lon, ring_lat, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), azimuth, np.full(n, radius))
    area, _ = WGS84.polygon_area_perimeter(ring_lon, ring_lat)
    return float(area)


def _drawn_area(shape: shapely.Geometry) -> float:
    total = 0.0
    for polygon in shapely.get_parts(shape):
        total += abs(WGS84.geometry_area_perimeter(shapely.Polygon(polygon.exterior))[0])
        for hole in polygon.interiors:
            total -= abs(WGS84.geometry_area_perimeter(shapely.Polygon(hole))[0])
    return total


def _check_rfc7946(shape: shapely.Geometry) -> None:
    assert shape.is_valid
    assert shape.geom_type in ("Polygon", "MultiPolygon")
    parts = shapely.get_parts(shape)
    assert shapely.is_ccw(shapely.get_exterior_ring(parts)).all()
    for polygon in parts:
        assert not any(shapely.is_ccw(hole) for hole in polygon.interiors)
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            assert (np.abs(xy[:, 0]) <= 180.0).all()
            assert (np.abs(xy[:, 1]) <= 90.0).all()
            # no edge crosses the antimeridian: one as wide as the world only runs along a pole
            wide = np.abs(np.diff(xy[:, 0])) > 180.0
            assert (np.abs(xy[1:, 1][wide]) == 90.0).all()


def _classify_margin(radius: float) -> float:
    """How far from an edge a test point must be to be classified (drawn edges move 10 m)."""
    return max(1e-3 * radius, 2.0 * TOLERANCE_M)


def _check_circle_points(
    shape: shapely.Geometry, lon: float, lat: float, radius: float, rng: np.random.Generator
) -> None:
    n = 400
    azimuth = rng.uniform(0.0, 360.0, n)
    margin = _classify_margin(radius)
    for distance, expected in ((radius - margin, True), (radius + margin, False)):
        if distance >= math.pi * WGS84.b:
            continue
        p_lon, p_lat, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), azimuth, np.full(n, distance))
        assert (shapely.contains_xy(shape, p_lon, p_lat) == expected).all()


CIRCLES = [
    (31.0, 49.0, 5_000.0),
    (31.0, 49.0, 50_000.0),
    (31.0, 49.0, 400_000.0),
    (31.0, 49.0, 2_500_000.0),
    (-70.6, -33.4, 400_000.0),
    (179.9, 0.0, 400_000.0),  # across the antimeridian
    (-179.5, 65.0, 2_500_000.0),
    (0.0, 88.0, 500_000.0),  # round the north pole
    (135.0, -86.0, 1_000_000.0),  # round the south pole
    (0.0, 90.0, 500_000.0),  # a polar cap
    (0.0, -90.0, 50_000.0),
]


@pytest.mark.parametrize(("lon", "lat", "radius"), CIRCLES)
def test_ring_is_the_geodesic_circle_within_tolerance(
    lon: float, lat: float, radius: float, edge_points: EdgePoints
) -> None:
    shape = range_ring(lon, lat, radius)
    _check_rfc7946(shape)
    vertices = shapely.get_coordinates(shape)
    on_curve = (np.abs(vertices[:, 0]) < 180.0) & (np.abs(vertices[:, 1]) < 90.0)
    vertex_distance, _ = _distance_azimuth(lon, lat, vertices[on_curve])
    np.testing.assert_allclose(vertex_distance, radius, atol=1e-3)
    distance, _ = _distance_azimuth(lon, lat, edge_points(shape, 16))
    assert (distance >= radius - TOLERANCE_M).all()
    assert (distance <= radius + TOLERANCE_M).all()
    _check_circle_points(shape, lon, lat, radius, np.random.default_rng(7))
    reference = _reference_area(lon, lat, radius)
    perimeter = 2.0 * math.pi * radius
    # The drawn edges stay within 10 m of the circle, so the areas differ by less than a
    # 10 m strip along it.
    assert abs(_drawn_area(shape) - reference) <= perimeter * TOLERANCE_M


def test_ring_across_the_antimeridian_is_split() -> None:
    shape = range_ring(179.9, 0.0, 400_000.0)
    assert shape.geom_type == "MultiPolygon"
    west, east = sorted(shape.geoms, key=lambda p: p.bounds[0])
    assert west.bounds[0] == -180.0
    assert east.bounds[2] == 180.0


def test_ring_round_a_pole_is_closed_along_it() -> None:
    shape = range_ring(0.0, 88.0, 500_000.0)
    assert shape.geom_type == "Polygon"
    assert (shape.bounds[0], shape.bounds[2], shape.bounds[3]) == (-180.0, 180.0, 90.0)
    near_pole_lon = np.array([-179.99, -90.0, 0.0, 45.0, 179.99])
    assert shapely.contains_xy(shape, near_pole_lon, np.full(5, 89.99)).all()
    assert not shapely.contains_xy(shape, 180.0 - 1e-6, 80.0)


def test_ring_larger_than_half_the_earth_keeps_its_centre_side(edge_points: EdgePoints) -> None:
    radius = 15_000_000.0
    shape = range_ring(31.0, 49.0, radius)
    _check_rfc7946(shape)
    assert shape.contains(shapely.Point(31.0, 49.0))
    assert not shape.contains(shapely.Point(31.0 - 180.0, -49.0))  # the antipode
    distance, _ = _distance_azimuth(31.0, 49.0, edge_points(shape, 16))
    assert (np.abs(distance - radius) <= TOLERANCE_M).all()
    _check_circle_points(shape, 31.0, 49.0, radius, np.random.default_rng(3))


FANS = [
    {"lon": 31.0, "lat": 49.0, "radius_m": 400_000.0, "azimuth_deg": 90.0, "width_deg": 60.0},
    {"lon": 31.0, "lat": 49.0, "radius_m": 5_000.0, "azimuth_deg": -30.0, "width_deg": 1.0},
    {
        "lon": 31.0,
        "lat": 49.0,
        "radius_m": 400_000.0,
        "min_radius_m": 100_000.0,
        "azimuth_deg": 300.0,
        "width_deg": 300.0,
    },
    {"lon": 31.0, "lat": 49.0, "radius_m": 400_000.0, "min_radius_m": 100_000.0},
    {"lon": 0.0, "lat": 90.0, "radius_m": 500_000.0, "azimuth_deg": 30.0, "width_deg": 270.0},
    {
        "lon": 0.0,
        "lat": 90.0,
        "radius_m": 500_000.0,
        "min_radius_m": 200_000.0,
        "azimuth_deg": 30.0,
        "width_deg": 90.0,
    },
    {"lon": 10.0, "lat": 88.0, "radius_m": 500_000.0, "azimuth_deg": 0.0, "width_deg": 90.0},
    {"lon": 179.9, "lat": -30.0, "radius_m": 400_000.0, "azimuth_deg": 90.0, "width_deg": 120.0},
    {
        "lon": 0.0,
        "lat": -89.0,
        "radius_m": 800_000.0,
        "min_radius_m": 300_000.0,
        "azimuth_deg": 180.0,
        "width_deg": 200.0,
    },
]


def _in_fan(
    distance: np.ndarray, azimuth: np.ndarray, fan: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Expected membership of points, and whether they are far enough from every edge."""
    radius, min_radius = fan["radius_m"], fan.get("min_radius_m", 0.0)
    margin = _classify_margin(radius)
    clear = (np.abs(distance - radius) > margin) & (np.abs(distance - min_radius) > margin)
    inside = (distance < radius) & (distance > min_radius)
    if "width_deg" in fan:
        off_centre = np.abs((azimuth - fan["azimuth_deg"] + 180.0) % 360.0 - 180.0)
        half = fan["width_deg"] / 2.0
        inside &= off_centre < half
        across = distance * np.sin(np.radians(np.minimum(np.abs(off_centre - half), 90.0)))
        clear &= across > margin
    return inside, clear


def _edge_miss(distance: np.ndarray, azimuth: np.ndarray, fan: dict[str, float]) -> np.ndarray:
    """How far (about, in metres) points are from the nearest edge of the true fan."""
    miss = np.abs(distance - fan["radius_m"])
    if fan.get("min_radius_m", 0.0) > 0.0:
        miss = np.minimum(miss, np.abs(distance - fan["min_radius_m"]))
    if "width_deg" in fan:
        for edge in (-0.5, 0.5):
            edge_azimuth = fan["azimuth_deg"] + edge * fan["width_deg"]
            turn = np.radians(np.abs((azimuth - edge_azimuth + 180.0) % 360.0 - 180.0))
            miss = np.minimum(miss, np.where(turn < math.pi / 2, distance * np.sin(turn), distance))
    return miss


@pytest.mark.parametrize("fan", FANS, ids=lambda fan: ",".join(f"{v:g}" for v in fan.values()))
def test_fans_and_annuli_match_distance_and_azimuth(
    fan: dict[str, float], edge_points: EdgePoints
) -> None:
    shape = range_ring(**fan)  # type: ignore[arg-type]
    _check_rfc7946(shape)
    lon, lat = fan["lon"], fan["lat"]
    distance, azimuth = _distance_azimuth(lon, lat, edge_points(shape, 8))
    assert (_edge_miss(distance, azimuth, fan) <= TOLERANCE_M * 1.01).all()
    rng = np.random.default_rng(11)
    n = 3000
    p_azimuth = rng.uniform(-180.0, 180.0, n)
    p_distance = rng.uniform(0.0, 1.2 * fan["radius_m"], n)
    p_lon, p_lat, _ = WGS84.fwd(np.full(n, lon), np.full(n, lat), p_azimuth, p_distance)
    distance, azimuth = _distance_azimuth(lon, lat, np.column_stack([p_lon, p_lat]))
    inside, clear = _in_fan(distance, azimuth, fan)
    assert clear.sum() > n / 2
    contained = shapely.contains_xy(shape, p_lon, p_lat)
    np.testing.assert_array_equal(contained[clear], inside[clear])


def test_full_width_fan_is_the_ring() -> None:
    fan = range_ring(31.0, 49.0, 50_000.0, azimuth_deg=77.0, width_deg=360.0)
    ring = range_ring(31.0, 49.0, 50_000.0)
    assert fan.symmetric_difference(ring).area < 1e-12


def test_vectorised_rings_match_one_by_one() -> None:
    shapes = range_rings([31.0, 179.9], [49.0, 0.0], 50_000.0, min_radius_m=[0.0, 10_000.0])
    assert shapes.shape == (2,)
    assert shapes[0].equals(range_ring(31.0, 49.0, 50_000.0))
    assert shapes[1].equals(range_ring(179.9, 0.0, 50_000.0, min_radius_m=10_000.0))
    assert range_rings([], [], 1_000.0).shape == (0,)


@settings(max_examples=25, deadline=None)
@example(lon=152.90178569262122, lat=-89.0, log_radius=12.0, seed=0)  # seam left by a shift
@given(
    lon=st.floats(-180.0, 180.0),
    lat=st.floats(-90.0, 90.0),
    log_radius=st.floats(math.log(1_000.0), math.log(3_000_000.0)),
    seed=st.integers(0, 2**16),
)
def test_random_rings_are_valid_and_within_tolerance(
    edge_points: EdgePoints, lon: float, lat: float, log_radius: float, seed: int
) -> None:
    radius = math.exp(log_radius)
    shape = range_ring(lon, lat, radius)
    _check_rfc7946(shape)
    distance, _ = _distance_azimuth(lon, lat, edge_points(shape, 8))
    assert (np.abs(distance - radius) <= TOLERANCE_M).all()
    _check_circle_points(shape, lon, lat, radius, np.random.default_rng(seed))


@pytest.mark.parametrize(
    ("kwargs", "field", "shown"),
    [
        ({"lat": 91.0}, "lat", "91.0"),
        ({"lat": float("nan")}, "lat", "nan"),
        ({"lon": 181.0}, "lon", "181.0"),
        ({"lon": float("nan")}, "lon", "nan"),
        ({"radius_m": 0.0}, "radius_m", "0.0"),
        # under a metre, drawing halved segments without bound (1e-12 km, and 5e-324 m)
        ({"radius_m": 1e-9}, "radius_m", "1e-09"),
        ({"radius_m": 5e-324}, "radius_m", "5e-324"),
        ({"min_radius_m": 5e-324}, "min_radius_m", "5e-324"),
        ({"radius_m": -5.0}, "radius_m", "-5.0"),
        ({"radius_m": float("nan")}, "radius_m", "nan"),
        ({"radius_m": 20_003_931.4586}, "radius_m", "20003931.4586"),
        ({"min_radius_m": -1.0}, "min_radius_m", "-1.0"),
        ({"min_radius_m": 50_000.0}, "min_radius_m", "50000.0"),
        ({"azimuth_deg": 10.0, "width_deg": 0.0}, "width_deg", "0.0"),
        ({"azimuth_deg": 10.0, "width_deg": 361.0}, "width_deg", "361.0"),
        ({"azimuth_deg": float("inf"), "width_deg": 30.0}, "azimuth_deg", "inf"),
        ({"azimuth_deg": 10.0}, "width_deg", "None"),
        ({"width_deg": 10.0}, "azimuth_deg", "None"),
        ({"tolerance_m": 0.0}, "tolerance_m", "0.0"),
        ({"tolerance_m": float("nan")}, "tolerance_m", "nan"),
    ],
)
def test_bad_input_names_the_parameter_and_value(
    kwargs: dict[str, float], field: str, shown: str
) -> None:
    arguments: dict[str, float] = {"lon": 31.0, "lat": 49.0, "radius_m": 50_000.0, **kwargs}
    with pytest.raises(GeoInputError) as caught:
        range_ring(**arguments)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert str(caught.value).endswith(f"got {shown}")


@pytest.mark.parametrize("radius", [1.0, 1.5])
def test_the_smallest_rings_are_drawn_on_their_circle(radius: float) -> None:
    ring = range_ring(31.0, 49.0, radius)
    xy = np.asarray(ring.exterior.coords)
    distance, _ = _distance_azimuth(31.0, 49.0, xy)
    np.testing.assert_allclose(distance, radius, atol=1e-6)  # on the circle to a micrometre
    # every edge within the tightened tolerance (a quarter of the radius) of the circle
    assert math.pi * (0.75 * radius) ** 2 < _drawn_area(ring) <= math.pi * radius**2
