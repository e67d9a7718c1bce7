"""Geometries written a column at a time are what each geometry written alone gives.

The oracle rounds, repairs and orients one geometry at a time with shapely, reads it with
shapely's ``mapping`` and writes it with the standard library's ``json``; a target's place is
the point, or shapely's point inside the shape, rounded by Python's ``round``.
"""

from __future__ import annotations

import json
import random
from typing import Any

import shapely
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiPolygon,
    Point,
    Polygon,
    box,
    mapping,
)
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.written_shapes import (
    geojson_geometries,
    geojson_texts,
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
