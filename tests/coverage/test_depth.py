"""Requirements: depth and required tiers, against a truth table written here."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod

from umbrella.coverage.depth import meets_requirement, solid

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
