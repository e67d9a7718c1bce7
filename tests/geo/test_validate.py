"""Distances checked at their edges: the largest is half the meridian, from pyproj."""

from __future__ import annotations

import math

import pytest
from pyproj import Geod

from umbrella.geo.errors import GeoInputError
from umbrella.geo.validate import check_distance

HALF_MERIDIAN_M = Geod(ellps="WGS84").inv(0.0, -90.0, 0.0, 90.0)[2]  # pole to pole


@pytest.mark.parametrize("value", [0.5, 1.0, HALF_MERIDIAN_M - 0.5])
def test_a_positive_distance_below_half_the_meridian_is_accepted(value: float) -> None:
    check_distance(value, "radius_m")


@pytest.mark.parametrize(
    ("value", "allow_zero", "reason"),
    [
        (HALF_MERIDIAN_M, False, "must be < 20003931 m"),
        (HALF_MERIDIAN_M + 0.5, False, "must be < 20003931 m"),
        (0.0, False, "must be > 0"),
        (-0.5, True, "must be >= 0"),
        (math.nan, False, "must be a finite number"),
    ],
)
def test_a_distance_out_of_range_names_the_field(
    value: float, allow_zero: bool, reason: str
) -> None:
    with pytest.raises(GeoInputError, match=reason) as caught:
        check_distance(value, "radius_m", allow_zero=allow_zero)
    assert caught.value.field == "radius_m"


def test_zero_is_accepted_where_allowed() -> None:
    check_distance(0.0, "min_radius_m", allow_zero=True)
