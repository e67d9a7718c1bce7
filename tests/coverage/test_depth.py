"""Requirements: depth and required tiers, against a truth table written here; depth areas
against the regions of exactly k tiers written out tier set by tier set."""

from __future__ import annotations

from itertools import combinations

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from umbrella.coverage.depth import clipped_coverage, depth_areas, meets_requirement, solid
from umbrella.geo import geodesic_area

GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize(
    ("present", "min_depth", "required", "meets"),
    [
        ({"short"}, 1, ["short"], True),  # exactly the required tier
        ({"short", "long"}, 2, ["short", "long"], True),
        ({"short", "long"}, 3, [], False),  # one tier too few
        ({"short", "long"}, 2, [], True),  # exactly enough
        ({"long"}, 1, ["short"], False),  # deep enough, without the required tier
        (set(), 0, [], True),  # nothing asked
    ],
)
def test_a_requirement_is_met_with_enough_tiers_including_every_required_one(
    present: set[str], min_depth: int, required: list[str], meets: bool
) -> None:
    assert meets_requirement(present, min_depth, required) is meets


@pytest.mark.parametrize("side_m", [20.0, 200.0, 5_000.0])
def test_small_squares_are_kept_and_slivers_dropped(side_m: float) -> None:
    """A square side_m wide (its width from Geod, not from the code) is no sliver; a strip
    of a few centimetres along its edge is."""
    lon, lat = 30.0, 50.0
    east, _, _ = GEOD.fwd(lon, lat, 90.0, side_m)
    _, north, _ = GEOD.fwd(lon, lat, 0.0, side_m)
    square = shapely.box(lon, lat, east, north)
    sliver = shapely.box(lon, lat - 1e-7, east, lat)  # about 1 cm tall
    far_sliver = shapely.box(lon + 1, lat, lon + 1 + (east - lon), lat + 1e-7)
    assert solid(shapely.union(square, far_sliver)).equals(square)
    assert solid(sliver).is_empty
    assert solid(square).equals(square)


@pytest.mark.parametrize(("height_m", "kept"), [(8.0, False), (12.0, True)])
def test_a_strip_is_a_sliver_below_10_metres_wide(height_m: float, kept: bool) -> None:
    _, north, _ = GEOD.fwd(30.0, 50.0, 0.0, height_m)
    strip = shapely.box(30.0, 50.0, 30.2, north)  # 14 km long
    assert solid(strip).is_empty is not kept


# Areas of interest with a hole and an island, and tiers of discs around them.
_AREAS = [
    shapely.Polygon(
        [(30.0, 48.0), (34.0, 48.0), (34.0, 51.0), (30.0, 51.0)],
        [[(31.0, 49.0), (31.5, 49.0), (31.5, 49.5), (31.0, 49.5)]],
    ),
    shapely.MultiPolygon(
        [shapely.box(30.0, 48.0, 33.0, 50.0), shapely.box(33.5, 50.5, 34.0, 51.0)]
    ),
]
_DISC = st.tuples(st.floats(29.0, 35.0), st.floats(47.0, 52.0), st.floats(0.1, 1.5))
_TIER = st.lists(_DISC, min_size=1, max_size=3).map(
    lambda discs: shapely.union_all(
        [shapely.Point(x, y).buffer(r, quad_segs=4) for x, y, r in discs]
    )
)


def _exactly(tiers: list[shapely.Geometry], k: int, area: shapely.Geometry) -> shapely.Geometry:
    """Points of the area in exactly k tiers: every set of k tiers, less the other tiers."""
    pieces = []
    for chosen in combinations(range(len(tiers)), k):
        inside = shapely.intersection_all([tiers[i] for i in chosen])
        others = [tiers[i] for i in range(len(tiers)) if i not in chosen]
        pieces.append(shapely.difference(inside, shapely.union_all(others)) if others else inside)
    return shapely.intersection(shapely.union_all(pieces), area)


@settings(max_examples=40, deadline=None)
@given(tiers=st.lists(_TIER, min_size=1, max_size=4), which=st.sampled_from([0, 1]))
def test_depth_areas_are_the_points_of_the_area_in_exactly_k_tiers(
    tiers: list[shapely.Geometry], which: int
) -> None:
    area = _AREAS[which]
    areas, covered = depth_areas(tiers, area)
    assert [k for k, _, _ in areas] == list(range(1, len(tiers) + 1))
    for k, polygon, km2 in areas:
        expected = _exactly(tiers, k, area)
        assert shapely.area(shapely.symmetric_difference(polygon, expected)) < 1e-9
        assert km2 == pytest.approx(max(0.0, geodesic_area(solid(expected)) / 1e6), rel=1e-6)
    assert shapely.area(shapely.symmetric_difference(covered, shapely.union_all(tiers))) < 1e-9


@settings(max_examples=40, deadline=None)
@given(tier=_TIER, which=st.sampled_from([0, 1]))
def test_a_clipped_coverage_is_the_solid_part_inside_and_its_reach_clips_to_it(
    tier: shapely.Geometry, which: int
) -> None:
    area = _AREAS[which]
    inside, reach = clipped_coverage(tier, area)
    assert inside.equals(solid(shapely.intersection(tier, area)))
    assert (
        shapely.area(shapely.symmetric_difference(shapely.intersection(reach, area), inside))
        < 1e-12
    )
    assert shapely.area(shapely.difference(reach, tier)) < 1e-12  # only slivers are taken off


def test_a_sliver_left_by_clipping_is_taken_off_the_reach() -> None:
    area = shapely.box(30.0, 48.0, 34.0, 51.0)
    square = shapely.box(31.0, 49.0, 32.0, 50.0)
    crossing = shapely.box(33.9999999, 49.0, 35.0, 50.0)  # a strip of 7 mm inside the area
    inside, reach = clipped_coverage(shapely.union(square, crossing), area)
    assert inside.equals(square)
    assert reach.equals(shapely.union(square, shapely.box(34.0, 49.0, 35.0, 50.0)))
