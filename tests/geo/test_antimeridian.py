"""Open paths drawn as lines cut at the antimeridian, against independent geodesics."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString

from umbrella.geo import GeoInputError, line_from_path

WGS84 = Geod(ellps="WGS84")


def _geodesic(lon1: float, lat1: float, lon2: float, lat2: float, n: int = 200) -> np.ndarray:
    """The geodesic between two points as n + 2 vertices (pyproj, longitudes in [-180, 180])."""
    inner = np.array(WGS84.npts(lon1, lat1, lon2, lat2, n))
    return np.vstack([[lon1, lat1], inner, [lon2, lat2]])


def _parts(line: LineString | MultiLineString) -> list[np.ndarray]:
    return [np.asarray(part.coords) for part in getattr(line, "geoms", [line])]


def _short_way(step: np.ndarray) -> np.ndarray:
    return (step + 180.0) % 360.0 - 180.0


@pytest.mark.parametrize(
    ("start", "end"), [((170.0, 60.0), (-170.0, 62.0)), ((-175, -40), (175, -35))]
)
def test_a_geodesic_across_the_antimeridian_is_cut_there(
    start: tuple[float, float], end: tuple[float, float]
) -> None:
    path = _geodesic(*start, *end)
    line = line_from_path(path[:, 0], path[:, 1])
    assert isinstance(line, MultiLineString)
    first, second = _parts(line)
    assert np.all(np.abs(first[:, 0]) <= 180.0) and np.all(np.abs(second[:, 0]) <= 180.0)
    assert np.abs(np.diff(first[:, 0])).max() < 1.0 and np.abs(np.diff(second[:, 0])).max() < 1.0
    assert first[-1, 0] == 180.0 * np.sign(start[0])
    assert second[0, 0] == -first[-1, 0]
    assert first[-1, 1] == second[0, 1]
    assert tuple(first[0]) == start and tuple(second[-1]) == end
    drawn_m = sum(WGS84.line_length(part[:, 0], part[:, 1]) for part in (first, second))
    assert drawn_m == pytest.approx(WGS84.inv(*start, *end)[2], rel=1e-6)


def test_a_path_that_does_not_cross_is_one_line_with_its_vertices() -> None:
    path = _geodesic(30.0, 50.0, 40.0, 45.0)
    line = line_from_path(path[:, 0], path[:, 1])
    assert isinstance(line, LineString)
    np.testing.assert_array_equal(np.asarray(line.coords), path)


def test_a_zigzag_is_cut_at_every_crossing_in_path_order() -> None:
    lon = np.array([178.0, -178.0, 178.0, -178.0, -170.0])
    lat = np.array([0.0, 2.0, 4.0, 6.0, 8.0])
    parts = _parts(line_from_path(lon, lat))
    assert len(parts) == 4
    assert [tuple(p[0]) for p in parts] == [
        (178.0, 0.0),
        (-180.0, 1.0),
        (180.0, 3.0),
        (-180.0, 5.0),
    ]
    assert [tuple(p[-1]) for p in parts] == [
        (180.0, 1.0),
        (-180.0, 3.0),
        (180.0, 5.0),
        (-170.0, 8.0),
    ]


def test_a_vertex_on_the_antimeridian_ends_one_part_and_starts_the_next() -> None:
    parts = _parts(line_from_path(np.array([178.0, 180.0, -178.0]), np.array([0.0, 1.0, 2.0])))
    assert [p.tolist() for p in parts] == [
        [[178.0, 0.0], [180.0, 1.0]],
        [[-180.0, 1.0], [-178.0, 2.0]],
    ]


def test_a_path_that_touches_the_antimeridian_and_turns_back_is_not_cut() -> None:
    lon, lat = np.array([178.0, 180.0, 180.0, 178.0]), np.array([0.0, 1.0, 2.0, 3.0])
    line = line_from_path(lon, lat)
    assert isinstance(line, LineString)
    assert np.asarray(line.coords).tolist() == np.column_stack([lon, lat]).tolist()


def test_empty_input_gives_an_empty_line() -> None:
    line = line_from_path(np.empty(0), np.empty(0))
    assert isinstance(line, LineString) and line.is_empty


@pytest.mark.parametrize(
    ("lon", "lat", "field"),
    [
        ([10.0], [0.0], "path"),
        ([10.0, 190.0], [0.0, 1.0], "path[1].lon"),
        ([0.0, 1.0], [0.0], "path"),
    ],
)
def test_bad_paths_raise_naming_the_field(lon: list[float], lat: list[float], field: str) -> None:
    with pytest.raises(GeoInputError) as error:
        line_from_path(np.array(lon), np.array(lat))
    assert error.value.field == field


_vertex = st.tuples(st.floats(-179.9, 179.9).filter(lambda x: x != 0.0), st.floats(-80.0, 80.0))


@settings(max_examples=200, deadline=None)
@given(st.lists(_vertex, min_size=2, max_size=12))
def test_parts_keep_the_vertices_in_order_and_meet_on_the_antimeridian(
    vertices: list[tuple[float, float]],
) -> None:
    lon, lat = (np.array(v) for v in zip(*vertices, strict=True))
    step = _short_way(np.diff(lon))
    if np.any(np.abs(np.abs(step) - 180.0) < 1e-6):
        return  # half way round: the short way is ambiguous
    crossings = int(np.sum(np.abs(lon[:-1] + step) > 180.0))
    parts = _parts(line_from_path(lon, lat))
    assert len(parts) == crossings + 1
    for part in parts:
        assert np.all(np.abs(part[:, 0]) <= 180.0)
        assert np.all(np.abs(np.diff(part[:, 0])) < 180.0)
    for before, after in itertools.pairwise(parts):
        assert abs(before[-1, 0]) == 180.0 and after[0, 0] == -before[-1, 0]
        assert after[0, 1] == before[-1, 1]
    kept = np.vstack([parts[0], *(part[1:] for part in parts[1:])])
    original = np.abs(kept[:, 0]) < 180.0  # the added cut points lie on the antimeridian
    np.testing.assert_allclose(kept[original], np.column_stack([lon, lat]), atol=1e-9)
