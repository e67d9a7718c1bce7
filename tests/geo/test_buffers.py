"""Geodesic buffers, checked against distances to a dense geodesic sampling of the source.

The source is sampled along its geodesic edges (pyproj called here) at steps of at most
``sqrt(8 * distance * SAMPLING_M)``; the distance from a point about ``distance`` away to the
nearest sample then overstates its distance to the source by at most SAMPLING_M.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import pytest
import shapely
from numpy.typing import NDArray
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPoint, Point, Polygon

from umbrella.geo import GeoInputError, geodesic_buffer

WGS84 = Geod(ellps="WGS84")
TOLERANCE_M = 10.0
SAMPLING_M = 0.2
EdgePoints = Callable[[shapely.Geometry, int], NDArray[np.float64]]


def _dense_source(geometry: shapely.Geometry, distance: float) -> NDArray[np.float64]:
    step = math.sqrt(8.0 * distance * SAMPLING_M)
    samples = [shapely.get_coordinates(geometry)]
    lines = shapely.get_parts(
        shapely.boundary(geometry) if geometry.geom_type == "Polygon" else geometry
    )
    for line in lines:
        xy = shapely.get_coordinates(line)
        for (lon0, lat0), (lon1, lat1) in itertools.pairwise(xy):
            azimuth, _, length = WGS84.inv(lon0, lat0, lon1, lat1)
            n = max(1, math.ceil(length / step))
            lon, lat, _ = WGS84.fwd(
                np.full(n, lon0), np.full(n, lat0), np.full(n, azimuth), np.arange(n) * length / n
            )
            samples.append(np.column_stack([lon, lat]))
    return np.concatenate(samples)


def _distance_to(points: NDArray[np.float64], source: NDArray[np.float64]) -> NDArray[np.float64]:
    lon = np.repeat(points[:, 0], len(source))
    lat = np.repeat(points[:, 1], len(source))
    _, _, distance = WGS84.inv(
        lon, lat, np.tile(source[:, 0], len(points)), np.tile(source[:, 1], len(points))
    )
    return np.asarray(distance.reshape(len(points), len(source)).min(axis=1))


CASES = [
    (LineString([(30.0, 50.0), (31.0, 50.5), (32.5, 50.2), (33.0, 51.0), (32.9, 51.02)]), 30_000.0),
    (LineString([(179.5, 10.0), (-179.5, 10.5)]), 50_000.0),
    (Polygon([(30.0, 50.0), (32.0, 50.0), (31.5, 50.4), (32.0, 51.0), (30.0, 51.0)]), 30_000.0),
    (MultiPoint([(24.0, 48.0), (24.2, 48.1)]), 20_000.0),
    (LineString([(0.0, 80.0), (120.0, 82.0)]), 300_000.0),
]


@pytest.mark.parametrize(("geometry", "distance"), CASES, ids=lambda c: getattr(c, "geom_type", c))
def test_buffer_boundary_is_at_the_distance(
    geometry: shapely.Geometry, distance: float, edge_points: EdgePoints
) -> None:
    shape = geodesic_buffer(geometry, distance)
    assert shape.is_valid
    assert shapely.is_ccw(shapely.get_exterior_ring(shapely.get_parts(shape))).all()
    assert (np.abs(shapely.get_coordinates(shape)) <= [180.0, 90.0]).all()
    source = _dense_source(geometry, distance)
    rng = np.random.default_rng(5)
    boundary = edge_points(shape, 4)
    boundary = boundary[rng.choice(len(boundary), size=min(len(boundary), 300), replace=False)]
    miss = _distance_to(boundary, source) - distance
    assert miss.min() >= -TOLERANCE_M
    assert miss.max() <= TOLERANCE_M + SAMPLING_M


@pytest.mark.parametrize(("geometry", "distance"), CASES, ids=lambda c: getattr(c, "geom_type", c))
def test_buffer_holds_exactly_the_points_within_the_distance(
    geometry: shapely.Geometry, distance: float
) -> None:
    shape = geodesic_buffer(geometry, distance)
    source = _dense_source(geometry, distance)
    rng = np.random.default_rng(9)
    n = 300
    start = source[rng.integers(len(source), size=n)]
    lon, lat, _ = WGS84.fwd(
        start[:, 0], start[:, 1], rng.uniform(0.0, 360.0, n), rng.uniform(0.0, 1.5 * distance, n)
    )
    points = np.column_stack([lon, lat])
    true_distance = _distance_to(points, source)
    if geometry.geom_type == "Polygon":
        true_distance[shapely.contains_xy(geometry, lon, lat)] = 0.0
    clear = np.abs(true_distance - distance) > 2.0 * TOLERANCE_M
    assert clear.sum() > n * 0.9
    contained = shapely.contains_xy(shape, lon, lat)
    np.testing.assert_array_equal(contained[clear], (true_distance < distance)[clear])


def test_polygon_buffer_holds_the_polygon() -> None:
    polygon = Polygon([(30.0, 50.0), (32.0, 50.0), (31.5, 50.4), (32.0, 51.0), (30.0, 51.0)])
    shape = geodesic_buffer(polygon, 5_000.0)
    assert shape.contains(polygon)
    assert shape.geom_type == "Polygon" and not shape.interiors


def test_buffer_round_a_pole_is_closed_along_it() -> None:
    shape = geodesic_buffer(LineString([(0.0, 85.0), (180.0, 85.0)]), 100_000.0)
    assert shape.is_valid and shape.geom_type == "Polygon"
    assert shapely.contains_xy(shape, np.array([-179.9, 0.0, 90.0, 179.9]), np.full(4, 89.9)).all()


def test_buffer_of_lines_split_at_the_antimeridian_joins_up() -> None:
    whole = geodesic_buffer(LineString([(179.0, 0.0), (-179.0, 0.0)]), 20_000.0)
    split = geodesic_buffer(
        MultiLineString([[(179.0, 0.0), (180.0, 0.0)], [(-180.0, 0.0), (-179.0, 0.0)]]), 20_000.0
    )
    assert whole.geom_type == "MultiPolygon" and len(whole.geoms) == 2
    assert whole.symmetric_difference(split).area < 1e-9


def test_empty_and_bad_input() -> None:
    assert geodesic_buffer(Point(), 1_000.0).is_empty
    with pytest.raises(GeoInputError, match="distance_m: must be > 0, got -1"):
        geodesic_buffer(Point(0, 0), -1.0)
    for small in (0.5, 1e-9, 5e-324):  # under a metre, drawing halved segments without bound
        with pytest.raises(GeoInputError, match=rf"distance_m: .*, got {small!r}$"):
            geodesic_buffer(Point(0, 0), small)
    with pytest.raises(GeoInputError, match="distance_m: must be < 5000000 m, got 6000000"):
        geodesic_buffer(Point(0, 0), 6_000_000.0)
    with pytest.raises(GeoInputError, match=r"tolerance_m: must be a number >= 0.001 m, got 0.0"):
        geodesic_buffer(Point(0, 0), 1_000.0, tolerance_m=0.0)
    with pytest.raises(GeoInputError, match=r"geometry.coordinates\[0\].lat"):
        geodesic_buffer(Point(0, 95), 1_000.0)
