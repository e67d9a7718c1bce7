"""The region holding a point: the first region whose interior holds it, none on a border."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from umbrella.coverage.example import example_scenario
from umbrella.coverage.regions import AdminRegions


def _first_holding(regions: AdminRegions, points: np.ndarray) -> list[str]:
    """Oracle: each point against each polygon in order, one at a time."""
    codes = []
    for point in points:
        pairs = zip(regions.codes, regions.polygons, strict=True)
        held = (code for code, polygon in pairs if polygon.contains(point))
        codes.append(next(held, ""))
    return codes


def _synthetic() -> AdminRegions:
    # two squares sharing the edge x = 1, a region without a code overlapping the first,
    # and a later one overlapping the second: the first region in order wins
    polygons = [
        shapely.box(0, 0, 1, 1),
        shapely.box(1, 0, 2, 1),
        shapely.box(0.5, 0.5, 1.5, 1.5),
        shapely.box(1.5, 0, 3, 1),
    ]
    return AdminRegions(
        codes=("XX-A", "XX-B", "", "XX-D"),
        names=("A", "B", None, "D"),
        polygons=np.array(polygons, dtype=object),
    )


@pytest.mark.parametrize(
    ("xy", "expected"),
    [
        ((0.5, 0.5), "XX-A"),  # inside A, on the corner of the code-less region
        ((1.0, 0.5), ""),  # on the shared border of A and B: neither holds it
        ((1.0, 0.75), ""),  # on A and B's border, inside the code-less region
        ((1.0, 1.0), ""),  # a shared corner
        ((0.0, 0.5), ""),  # the outer border
        ((0.75, 0.75), "XX-A"),  # A before the code-less region
        ((1.25, 1.25), ""),  # only the code-less region holds it
        ((1.75, 0.5), "XX-B"),  # B before D
        ((1.5, 0.5), "XX-B"),  # on D's border, inside B
        ((2.5, 0.5), "XX-D"),
        ((5.0, 5.0), ""),  # outside every region
    ],
)
def test_the_first_region_whose_interior_holds_the_point(
    xy: tuple[float, float], expected: str
) -> None:
    regions = _synthetic()
    points = np.array([shapely.Point(xy)], dtype=object)
    assert regions.code_at(points) == [expected] == _first_holding(regions, points)


def test_no_point_and_no_region() -> None:
    empty = AdminRegions(codes=(), names=(), polygons=np.array([], dtype=object))
    assert empty.code_at(np.array([shapely.Point(0, 0)], dtype=object)) == [""]
    assert _synthetic().code_at(np.array([], dtype=object)) == []


def test_points_on_the_example_regions_borders_and_between() -> None:
    regions = AdminRegions.of(example_scenario())
    rng = np.random.default_rng(7)
    # every 50th vertex of every region's boundary: on the borders, shared or outer
    on_borders = shapely.points(shapely.get_coordinates(shapely.boundary(regions.polygons))[::50])
    west, south, east, north = shapely.total_bounds(regions.polygons)
    scattered = shapely.points(rng.uniform([west, south], [east, north], size=(2000, 2)))
    points = np.concatenate([on_borders, scattered])
    found = regions.code_at(points)
    assert found == _first_holding(regions, points)
    assert "" in found[: len(on_borders)]  # border points are held by no region
    assert len(set(found[len(on_borders) :])) > 10  # the scattered points fall in many regions


def test_each_code_is_named_by_the_first_name_its_regions_give() -> None:
    square = shapely.box(0, 0, 1, 1)
    codes = ("XX-B", "", "XX-A", "XX-B", "XX-A", "XX-C")
    names = (None, "no code", "First A", "First B", "Second A", None)
    regions = AdminRegions(codes=codes, names=names, polygons=np.array([square] * 6))
    named = regions.names_by_code()  # a region without a code names none; sorted by code
    assert list(named.items()) == [("XX-A", "First A"), ("XX-B", "First B"), ("XX-C", None)]
