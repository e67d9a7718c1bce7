"""A sweep request at the edges of what it may ask (draws, seed, workers), and the noise
floor given beside the shares explained."""

from __future__ import annotations

import numpy as np
import pytest

from umbrella.coverage.sweep.errors import SweepError
from umbrella.coverage.sweep.run import check_request
from umbrella.coverage.sweep.sensitivity import noise_floor, share_explained


@pytest.mark.parametrize(
    ("draws", "seed", "workers"),
    [(1, 0, None), (1_000_000, 0, None), (10, 2**63 - 1, None), (10, 0, 1), (10, 0, 1024)],
)
def test_requests_on_the_limits_are_accepted(draws: int, seed: int, workers: int | None) -> None:
    check_request(draws, seed, workers=workers)


@pytest.mark.parametrize(
    ("draws", "seed", "workers", "field"),
    [
        (0, 0, None, "draws"),
        (1_000_001, 0, None, "draws"),
        (10, -1, None, "seed"),
        (10, 2**63, None, "seed"),
        (10, 0, 0, "workers"),
        (10, 0, 1025, "workers"),
    ],
)
def test_requests_past_the_limits_name_their_field(
    draws: int, seed: int, workers: int | None, field: str
) -> None:
    with pytest.raises(SweepError) as refused:
        check_request(draws, seed, workers=workers)
    assert refused.value.field == field


@pytest.mark.parametrize(("groups", "draws"), [(10, 200), (2, 50)])
def test_the_noise_floor_is_what_an_assumption_that_does_not_matter_explains(
    groups: int, draws: int
) -> None:
    # Y independent of the grouping: the share explained is sampling noise alone, whose mean
    # over many seeded trials is the floor (a chi-square of groups - 1 over draws - 1)
    rng = np.random.default_rng(16)
    shares = [
        share_explained(rng.normal(size=draws), rng.integers(0, groups, size=draws))
        for _ in range(2000)
    ]
    assert noise_floor(groups, draws) == pytest.approx(float(np.mean(shares)), rel=0.06)
    assert noise_floor(groups, 1) == 0.0
