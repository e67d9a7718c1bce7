"""Geometries written a column at a time are what each geometry written alone gives.

The oracle rounds, repairs and orients one geometry at a time with shapely, reads it with
shapely's ``mapping`` and writes it with the standard library's ``json``; a target's place is
the point, or shapely's point inside the shape, rounded by Python's ``round``. Numbers written
or rounded at once are each number written by ``repr``, rounded by GEOS or by ``round``.
"""

from __future__ import annotations

import json
import math
import random
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
    box,
    mapping,
)
from shapely.geometry.base import BaseGeometry

from umbrella.coverage import cache
from umbrella.coverage.cache import use_folder
from umbrella.coverage.written_shapes import (
    _AT_ONCE_FROM,
    COMPACT,
    _positions,
    geojson_geometries,
    geojson_shape,
    geojson_shape_text,
    geojson_texts,
    grid_rounded,
    located_at,
    located_columns,
    oriented_geometries,
)

CLOCKWISE_WITH_HOLE = Polygon(
    [(30, 50), (30, 51), (31, 51), (31, 50)],
    holes=[[(30.4, 50.4), (30.6, 50.4), (30.6, 50.6), (30.4, 50.6)]],
)


def _mixed(count: int, seed: int) -> list[BaseGeometry | None]:
    """Points (most of them, as targets are) among shapes of every kind, none and empty."""
    rng = random.Random(seed)
    shapes: list[BaseGeometry | None] = [
        CLOCKWISE_WITH_HOLE,
        box(31.0, 50.0, 31.1, 50.1),
        MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)]),
        LineString([(30.0, 50.0), (31.1234567, 50.7654321)]),
        Polygon([(0, 0), (1e-7, 0), (1e-7, 1e-7)]),  # collapses on the grid
        GeometryCollection([Point(1, 2), LineString([(0, 0), (1, 1)])]),
        Polygon(),
        Point(),
        None,
    ]
    geometries = []
    for _ in range(count):
        if rng.random() < 0.1:
            geometries.append(rng.choice(shapes))
        else:  # half-way between grid points too, where rounding must go one way
            x = rng.uniform(-180, 180) if rng.random() < 0.8 else rng.randint(-1000, 1000) + 0.5e-6
            geometries.append(Point(x, rng.uniform(-90, 90)))
    return geometries


def _one_at_a_time(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    if geometry is None or geometry.is_empty:
        return None
    ready = shapely.orient_polygons(shapely.set_precision(geometry, 1e-6), exterior_cw=False)
    return None if ready.is_empty else json.loads(json.dumps(mapping(ready)))


def test_geometries_and_their_text_are_each_geometry_written_alone() -> None:
    geometries = _mixed(1500, seed=9)  # several chunks
    expected = [_one_at_a_time(geometry) for geometry in geometries]
    shapes = geojson_geometries(geometries)
    assert json.loads(json.dumps(shapes)) == expected  # a collection's positions are tuples
    assert [shape for shape in shapes if shape and shape["type"] != "GeometryCollection"] == [
        shape for shape in expected if shape and shape["type"] != "GeometryCollection"
    ]
    assert geojson_texts(geometries) == [json.dumps(shape) for shape in expected]


def test_polygons_are_written_counter_clockwise_with_clockwise_holes() -> None:
    (text,) = geojson_texts([CLOCKWISE_WITH_HOLE])
    shell, hole = json.loads(text)["coordinates"]
    assert shapely.LinearRing(shell).is_ccw
    assert not shapely.LinearRing(hole).is_ccw


def test_places_are_the_points_or_points_inside_the_shapes() -> None:
    geometries = [g for g in _mixed(800, seed=4) if g is not None and not g.is_empty]
    lons, lats = located_columns(geometries)
    for geometry, lon, lat in zip(geometries, lons, lats, strict=True):
        point = geometry if isinstance(geometry, Point) else geometry.representative_point()
        assert (lon, lat) == (round(point.x, 6), round(point.y, 6))
        assert located_at(geometry) == {"lon": lon, "lat": lat}


def test_oriented_geometries_leave_no_empty_shape() -> None:
    geometries = _mixed(300, seed=2)
    expected = [
        None if g is None or g.is_empty else shapely.orient_polygons(g, exterior_cw=False)
        for g in geometries
    ]
    got = oriented_geometries(geometries)
    assert [g is None for g in got] == [g is None for g in expected]
    assert all(
        a is None or (b is not None and a.equals_exact(b, 0.0) and a.geom_type == b.geom_type)
        for a, b in zip(got, expected, strict=True)
    )


# Numbers a coordinate may be: on the grid or not, halves between grid points (where rounding
# must go one way), zeros of both signs, sizes repr writes with an exponent.
COORDINATES = (
    st.floats(-1000, 1000)
    | st.integers(-(10**9), 10**9).map(lambda k: k / 1e6)
    | st.integers(-(10**9), 10**9).map(lambda k: (k + 0.5) / 1e6)
    | st.sampled_from([0.0, -0.0, 1e-7, -1e-7, 5e-7, -5e-7, 1e-4, 9.9e-5, 180.0, -179.999999])
)


@settings(deadline=None)  # a busy machine's pauses are not what is tested
@given(st.lists(COORDINATES, max_size=40))
def test_points_are_rounded_as_geos_rounds_them(values: list[float]) -> None:
    expected = shapely.get_x(shapely.set_precision(shapely.points(values, values), 1e-6))
    got = grid_rounded(np.array(values, dtype=float))
    assert [repr(x) for x in got.tolist()] == [repr(x) for x in expected.tolist()]


@settings(deadline=None)  # a busy machine's pauses are not what is tested
@given(st.lists(st.tuples(COORDINATES | st.sampled_from([1e16, math.nan, math.inf]), COORDINATES)))
def test_positions_are_written_as_python_writes_each_number(positions: list[Any]) -> None:
    xy = np.array(positions, dtype=float).reshape(-1, 2)
    on_grid = np.stack([grid_rounded(xy[:, 0]), grid_rounded(xy[:, 1])], axis=1)
    for numbers in (xy, on_grid):
        for item in (", ", ","):
            texts = [f"[{x!r}{item}{y!r}]{item}" for x, y in numbers.tolist()]
            written = _positions(numbers, item)
            assert written.text == "".join(texts)
            assert written.ends.tolist() == list(accumulate(map(len, texts)))


@settings(deadline=None)  # a busy machine's pauses are not what is tested
@given(st.lists(COORDINATES, max_size=40))
def test_places_are_rounded_as_round_does(values: list[float]) -> None:
    lons, lats = located_columns(list(shapely.points(values, values[::-1])))
    assert [repr(x) for x in lons] == [repr(round(x, 6)) for x in values]
    assert [repr(y) for y in lats] == [repr(round(y, 6)) for y in values[::-1]]


def test_rounded_shapes_read_from_the_cache_are_the_shapes_rounded_now(tmp_path: Path) -> None:
    geometries = [*_mixed(300, seed=5), Point(30.1234567, 50.7654321).buffer(1, quad_segs=3000)]
    use_folder(tmp_path)
    try:
        cache._memory.clear()
        first = geojson_texts(geometries)
        cache._memory.clear()  # as a new process would find it: from the disk
        again = geojson_texts(geometries)
        assert len(list((tmp_path / "on-grid").glob("*.arrow"))) == 1
    finally:
        use_folder(None)
        cache._memory.clear()
    assert first == again == [json.dumps(_one_at_a_time(geometry)) for geometry in geometries]


def test_a_shape_rounded_to_decimals_is_each_coordinate_rounded_by_numpy() -> None:
    shapes = [g for g in _mixed(400, seed=3) if g is not None and not g.is_empty]
    for decimals in (1, 4, 5):
        for shape in shapes:
            rounded = shapely.transform(shape, lambda xy, d=decimals: np.round(xy, d))
            expected = json.loads(json.dumps(mapping(rounded)))
            assert json.loads(json.dumps(geojson_shape(shape, decimals))) == expected


def test_a_shape_written_as_text_is_its_geojson_shape_as_json_writes_it() -> None:
    shapes = [g for g in _mixed(400, seed=4) if g is not None and not g.is_empty]
    shapes += [
        Point(30, 50),
        Point(-0.000001, 1e-5),
        Point(1e16, 0.5),
        MultiPoint([(30.123456789, 50.5), (-0.3333333, 2)]),
        MultiLineString([[(0, 0), (1.23456789, 1)], [(2, 2), (-3.000004, 3.5), (4, 4.00004)]]),
        Point(30.1234567, 50.7654321).buffer(1, quad_segs=64).difference(box(30, 50, 30.5, 50.5)),
        GeometryCollection([Point(1, 2)]),
    ]
    many = [  # from _AT_ONCE_FROM positions: written at once
        MultiPoint(np.random.default_rng(1).uniform(-180, 90, (150, 2))),
        shapely.segmentize(LineString([(30, 50), (31.1234567, 50.7654321)]), 0.01),
        shapely.segmentize(shapes[-3], 0.01),
        shapely.segmentize(MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)]), 0.01),
    ]
    assert (shapely.get_num_coordinates([*many, shapes[-2]]) >= _AT_ONCE_FROM).all()
    shapes += many
    for decimals in (None, 1, 4, 5):
        for separators in ((", ", ": "), COMPACT):
            for shape in shapes:
                expected = json.dumps(geojson_shape(shape, decimals), separators=separators)
                assert geojson_shape_text(shape, decimals, separators) == expected
