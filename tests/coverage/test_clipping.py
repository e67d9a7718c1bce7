"""Overlays done where the boundary is crossed hold the points of the whole overlays."""

from __future__ import annotations

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from umbrella.coverage.clipping import clip_to, one_shape, outside_of, polygon_parts
from umbrella.geo import polygonal

_DISC = st.tuples(st.floats(0.0, 10.0), st.floats(0.0, 10.0), st.floats(0.05, 3.0))
# unions of discs and squares: parts inside, outside and across one another, with holes
_SHAPE = st.lists(st.tuples(_DISC, st.booleans()), min_size=0, max_size=6).map(
    lambda pieces: polygonal(
        shapely.union_all(
            [
                shapely.Point(x, y).buffer(r, quad_segs=3)
                if round_
                else shapely.box(x - r, y - r, x + r, y + r)
                for (x, y, r), round_ in pieces
            ]
        )
    )
)
_HOLED = st.tuples(_SHAPE, _SHAPE).map(lambda pair: polygonal(shapely.difference(*pair)))


def _same_points(got: shapely.Geometry, expected: shapely.Geometry) -> None:
    assert got.geom_type in ("Polygon", "MultiPolygon")
    assert got.is_valid
    assert got.equals(polygonal(expected)) or (got.is_empty and polygonal(expected).is_empty)


@settings(max_examples=150, deadline=None)
@given(geometry=_HOLED, area=_HOLED)
def test_clipping_keeps_the_points_of_the_intersection(
    geometry: shapely.Geometry, area: shapely.Geometry
) -> None:
    _same_points(clip_to(geometry, area), shapely.intersection(geometry, area))


@settings(max_examples=150, deadline=None)
@given(area=_HOLED, covered=_HOLED)
def test_the_area_outside_is_the_points_of_the_difference(
    area: shapely.Geometry, covered: shapely.Geometry
) -> None:
    _same_points(outside_of(area, covered), shapely.difference(area, covered))


def test_parts_inside_and_apart_are_taken_as_they_are() -> None:
    area = shapely.MultiPolygon([shapely.box(0, 0, 10, 10), shapely.box(20, 0, 21, 1)])
    inner = shapely.box(2, 2, 3, 3)
    across = shapely.box(9, 9, 11, 11)
    around = shapely.box(19, -1, 22, 2)  # holds the area's second part whole
    geometry = shapely.MultiPolygon([inner, across, around])
    clipped = clip_to(geometry, area)
    assert clipped.equals(
        shapely.MultiPolygon([inner, shapely.box(9, 9, 10, 10), shapely.box(20, 0, 21, 1)])
    )
    parts = list(shapely.get_parts(clipped))
    assert any(part.equals_exact(inner, 0.0) for part in parts)
    assert outside_of(area, around).equals(shapely.box(0, 0, 10, 10))
    assert outside_of(area, geometry).equals(
        shapely.difference(shapely.box(0, 0, 10, 10), shapely.union(inner, across))
    )


_STRAY = st.sampled_from(
    [shapely.LineString([(0, 0), (1, 1)]), shapely.Point(2, 2), shapely.Polygon()]
)


@settings(max_examples=60, deadline=None)
@given(shapes=st.lists(st.one_of(_SHAPE, _STRAY), max_size=4))
def test_the_polygons_as_one_shape_are_those_polygonal_gives(
    shapes: list[shapely.Geometry],
) -> None:
    collection = shapely.GeometryCollection(shapes)  # as an overlay may give: mixed, multi
    expected = polygonal(collection)
    got = one_shape(polygon_parts(collection))
    assert got.geom_type == expected.geom_type
    assert shapely.to_wkb(got) == shapely.to_wkb(expected)
