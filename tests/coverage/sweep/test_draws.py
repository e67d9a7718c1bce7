"""Draws: each from its own stream, the values the distributions' own formulas give."""

from __future__ import annotations

import math

import numpy as np
import pytest

from umbrella.coverage.scenario import Scenario
from umbrella.coverage.sweep.draws import DrawModel


def _triangular(low: float, mode: float, high: float, u: float) -> float:
    """The inverse of the triangular CDF, from its two quadratic pieces."""
    if low == high:
        return low
    if u < (mode - low) / (high - low):
        return low + math.sqrt(u * (high - low) * (mode - low))
    return high - math.sqrt((1 - u) * (high - low) * (high - mode))


@pytest.mark.parametrize(("seed", "index"), [(0, 0), (7, 3), (2**40, 999)])
def test_a_draw_is_its_own_stream_through_the_inverse_cdfs(
    small_scenario: Scenario, seed: int, index: int
) -> None:
    model = DrawModel.of(small_scenario)
    drawn = model.draw(seed, index)
    child = np.random.SeedSequence(seed).spawn(index + 1)[index]
    u = np.random.default_rng(child).random(2 * 3 + 8)  # 3 tiers, 8 covering assets
    short, medium, long_ = (u[0], u[1], u[2])
    assert drawn.range_km == pytest.approx(
        [_triangular(12, 20, 26, short), 45 + medium * 35, 150], rel=1e-12
    )
    assert drawn.range_km[2] == 150 and long_ >= 0
    assert drawn.min_range_km == pytest.approx([0, _triangular(1, 2, 4, u[4]), 5], rel=1e-12)
    availability = [0.8, 0.8, 0.5, 0.8, 0.9, 0.9, 0.9, 0.7]
    assert drawn.up.tolist() == [x < a for x, a in zip(u[6:], availability, strict=True)]
    again = DrawModel.of(small_scenario).draw(seed, index)
    assert np.array_equal(again.range_km, drawn.range_km)
    assert np.array_equal(again.up, drawn.up)


def test_reach_follows_the_asset_its_tier_and_the_horizon(small_scenario: Scenario) -> None:
    model = DrawModel.of(small_scenario)
    drawn = model.draw(3, 5)
    max_m, min_m = model.reach_m(drawn)
    ids = list(model.asset_ids)
    assert max_m[ids.index("short-kyiv")] == drawn.range_km[0] * 1000.0
    assert max_m[ids.index("short-own")] == 15_000.0
    horizon_km = (
        math.sqrt(2 * 4 / 3 * 6_371_008.8 * 10) + math.sqrt(2 * 4 / 3 * 6_371_008.8 * 100)
    ) / 1000
    low = ids.index("medium-low")
    assert max_m[low] == pytest.approx(min(drawn.range_km[1], horizon_km) * 1000.0, rel=1e-12)
    assert min_m[ids.index("medium-fan")] == drawn.min_range_km[1] * 1000.0
    assert "radar" not in ids
