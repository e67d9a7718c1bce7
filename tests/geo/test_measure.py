"""Geodesic length, area, densification and points along a line, against independent values."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import shapely
from numpy.typing import NDArray
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from umbrella.geo import (
    GeoInputError,
    densify_drawn,
    densify_geodesic,
    geodesic_area,
    geodesic_length,
    points_along,
)

WGS84 = Geod(ellps="WGS84")
A, B = 6_378_137.0, 6_356_752.314245179  # WGS84 semi-axes
E = math.sqrt(1.0 - (B / A) ** 2)


def _zone(lat: float) -> float:
    """Ellipsoid area between the equator and latitude lat (degrees), all longitudes."""
    s = math.sin(math.radians(lat))
    return math.pi * B**2 * (s / (1.0 - E**2 * s**2) + math.atanh(E * s) / E)


def _box_ring(west: float, south: float, east: float, north: float) -> NDArray[np.float64]:
    """A lon/lat box with its parallels cut into 0.01 degree steps (geodesic within mm)."""
    parallel = np.linspace(west, east, round((east - west) * 100) + 1)
    south_edge = np.column_stack([parallel, np.full(len(parallel), south)])
    north_edge = np.column_stack([parallel[::-1], np.full(len(parallel), north)])
    return np.vstack([south_edge, north_edge, south_edge[:1]])


def _box_area(west: float, south: float, east: float, north: float) -> float:
    return (east - west) / 360.0 * (_zone(north) - _zone(south))


def test_length_of_quarter_meridian_and_quarter_equator() -> None:
    meridian = LineString([(0.0, 0.0), (0.0, 45.0), (0.0, 90.0)])
    assert geodesic_length(meridian) == pytest.approx(10_001_965.729, abs=1e-3)
    equator = MultiLineString([[(0.0, 0.0), (45.0, 0.0)], [(45.0, 0.0), (90.0, 0.0)]])
    assert geodesic_length(equator) == pytest.approx(A * math.pi / 2.0, abs=1e-6)
    assert geodesic_length(LineString()) == 0.0


def test_length_refuses_polygons_and_points() -> None:
    with pytest.raises(GeoInputError, match="geometry: must be a LineString"):
        geodesic_length(Polygon([(0, 0), (1, 0), (1, 1)]))  # type: ignore[arg-type]
    with pytest.raises(GeoInputError, match="got 'Point'"):
        geodesic_length(Point(0, 0))  # type: ignore[arg-type]


def test_area_of_a_box_with_a_hole() -> None:
    shape = Polygon(_box_ring(-10.0, 40.0, 10.0, 60.0), [_box_ring(0.0, 45.0, 5.0, 50.0)[::-1]])
    expected = _box_area(-10.0, 40.0, 10.0, 60.0) - _box_area(0.0, 45.0, 5.0, 50.0)
    assert geodesic_area(shape) == pytest.approx(expected, rel=1e-7)
    # orientation of the input does not matter
    assert geodesic_area(shape.reverse()) == pytest.approx(expected, rel=1e-7)


def test_area_of_polar_cap_and_of_more_than_half_the_earth() -> None:
    cap = Polygon(_box_ring(-180.0, -90.0, 180.0, -60.0))
    assert geodesic_area(cap) == pytest.approx(_zone(90.0) - _zone(60.0), rel=1e-7)
    most = Polygon(_box_ring(-180.0, -30.0, 180.0, 90.0))
    assert geodesic_area(most) == pytest.approx(_zone(90.0) + _zone(30.0), rel=1e-7)


def test_area_of_parts_adds_up_and_empty_is_zero() -> None:
    west = Polygon(_box_ring(170.0, -5.0, 180.0, 5.0))
    east = Polygon(_box_ring(-180.0, -5.0, -175.0, 5.0))
    both = geodesic_area(west.union(east))
    assert both == pytest.approx(_box_area(0.0, -5.0, 15.0, 5.0), rel=1e-7)
    assert geodesic_area(Polygon()) == 0.0
    with pytest.raises(GeoInputError, match="must be a Polygon or MultiPolygon"):
        geodesic_area(LineString([(0, 0), (1, 1)]))  # type: ignore[arg-type]


def test_densify_keeps_vertices_and_puts_new_ones_on_the_geodesic() -> None:
    line = LineString([(30.0, 50.0), (40.0, 55.0), (40.0, 55.001), (179.0, 0.0), (-179.0, 1.0)])
    dense = densify_geodesic(line, 10_000.0)
    xy = np.asarray(dense.coords)
    original = np.asarray(line.coords)
    kept = [int(np.flatnonzero((xy == vertex).all(axis=1))[0]) for vertex in original]
    assert kept == sorted(kept) and kept[0] == 0 and kept[-1] == len(xy) - 1
    _, _, step = WGS84.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    assert step.max() <= 10_000.0 + 1e-6
    for i, (start, end) in enumerate(itertools.pairwise(kept)):
        inner = xy[start + 1 : end]
        n = len(inner)
        _, _, length = WGS84.inv(*original[i], *original[i + 1])
        _, _, to_start = WGS84.inv(np.full(n, original[i][0]), np.full(n, original[i][1]), *inner.T)
        _, _, to_end = WGS84.inv(
            np.full(n, original[i + 1][0]), np.full(n, original[i + 1][1]), *inner.T
        )
        np.testing.assert_allclose(to_start + to_end, length, atol=1e-6)
    assert geodesic_length(dense) == pytest.approx(geodesic_length(line), abs=1e-6)


def test_densify_multilines_part_by_part() -> None:
    lines = MultiLineString([[(0.0, 0.0), (1.0, 0.0)], [(5.0, 5.0), (5.0, 6.0)]])
    dense = densify_geodesic(lines, 50_000.0)
    assert isinstance(dense, MultiLineString)
    assert [len(part.coords) for part in dense.geoms] == [4, 4]


def test_points_along_are_spaced_along_the_line() -> None:
    line = LineString([(30.0, 50.0), (31.0, 50.5), (33.0, 50.0)])
    along = points_along(line, 7_000.0)
    vertices = np.asarray(line.coords)
    _, _, edge = WGS84.inv(vertices[:-1, 0], vertices[:-1, 1], vertices[1:, 0], vertices[1:, 1])
    assert along.km[0] == 0.0
    assert along.km[-1] * 1000.0 == pytest.approx(edge.sum(), abs=1e-6)
    np.testing.assert_allclose(np.diff(along.km[:-1]), 7.0, atol=1e-12)
    assert 0.0 < along.km[-1] - along.km[-2] <= 7.0
    first_edge = along.km * 1000.0 <= edge[0]
    n = int(first_edge.sum())
    _, _, from_start = WGS84.inv(np.full(n, 30.0), np.full(n, 50.0), along.lon[:n], along.lat[:n])
    np.testing.assert_allclose(from_start, along.km[:n] * 1000.0, atol=1e-6)
    rest = ~first_edge
    m = int(rest.sum())
    _, _, from_vertex = WGS84.inv(
        np.full(m, 31.0), np.full(m, 50.5), along.lon[rest], along.lat[rest]
    )
    np.testing.assert_allclose(from_vertex + edge[0], along.km[rest] * 1000.0, atol=1e-6)
    # on the second edge, not on the first one carried on: as far from the end as is left
    _, _, to_end = WGS84.inv(np.full(m, 33.0), np.full(m, 50.0), along.lon[rest], along.lat[rest])
    np.testing.assert_allclose(to_end, edge.sum() - along.km[rest] * 1000.0, atol=1e-6)


def test_points_along_empty_line_and_bad_spacing() -> None:
    assert len(points_along(LineString(), 1_000.0).km) == 0
    with pytest.raises(GeoInputError, match="spacing_m: must be > 0, got 0"):
        points_along(LineString([(0, 0), (1, 1)]), 0.0)
    with pytest.raises(GeoInputError, match=r"geometry.coordinates\[1\].lat"):
        points_along(LineString([(0, 0), (1, 91)]), 1_000.0)


def test_densify_drawn_adds_vertices_on_the_drawn_line_only() -> None:
    line = LineString([(20.0, 60.0), (40.0, 60.0), (40.0, 61.0)])
    dense = densify_drawn(line, 1_000.0)
    xy = shapely.get_coordinates(dense)
    assert {tuple(p) for p in line.coords} <= {tuple(p) for p in xy}
    first_leg = xy[xy[:, 1] == 60.0]
    assert len(first_leg) > 1_000  # 1,112 km along the parallel as drawn
    assert np.all(np.diff(first_leg[:, 0]) > 0)
    _, _, step = WGS84.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    assert step.max() <= 1_000.0
    square = Polygon([(25, 22), (36, 22), (36, 31), (25, 31)])
    dense_square = densify_drawn(square, 5_000.0)
    assert dense_square.is_valid and shapely.equals(dense_square, square)
    assert len(shapely.get_coordinates(dense_square)) > 4 * 200
