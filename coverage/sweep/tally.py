"""The driver's side of a sweep: chunk results gathered as they arrive, in any order.

Counts are added; per-draw numbers are put at their draw's place. MW and people meeting per
region are kept as counts of distinct values (a region's total takes few distinct values
over the draws), so that their percentiles are exact without holding one number per draw
and region.
"""

from __future__ import annotations

import numpy as np

from umbrella.coverage.sweep.chunk import DEPTH_LEVELS, ChunkResult
from umbrella.coverage.sweep.plan import SweepPlan

__all__ = ["PERCENTILES", "SweepTally", "ValueCounts"]

PERCENTILES = (5.0, 50.0, 95.0)


class ValueCounts:
    """How many draws gave each value, merged as chunks arrive."""

    def __init__(self) -> None:
        self.values = np.zeros(0)
        self.counts = np.zeros(0, dtype=np.int64)

    def add(self, values: np.ndarray) -> None:
        """Count these values (one per draw)."""
        merged, inverse = np.unique(np.r_[self.values, values], return_inverse=True)
        weights = np.r_[self.counts, np.ones(values.size, dtype=np.int64)]
        self.values = merged
        self.counts = np.bincount(inverse.ravel(), weights, minlength=merged.size).astype(np.int64)

    def percentiles(self) -> tuple[float, ...]:
        """``PERCENTILES`` of the values over every draw, as ``numpy.percentile`` gives them."""
        return tuple(
            float(v) for v in np.percentile(np.repeat(self.values, self.counts), PERCENTILES)
        )


class SweepTally:
    """Every chunk of a sweep of ``n_draws`` draws, phase by phase (axis 0)."""

    def __init__(self, plan: SweepPlan, n_draws: int) -> None:
        n_phases, n_tiers = len(plan.days), plan.n_tiers
        n_assets = plan.in_place.shape[1]
        self.n_draws = n_draws
        self.drawn = 0
        self.meets = np.zeros((n_phases, plan.min_depth.size), dtype=np.int64)
        self.depth_at_least = np.zeros(
            (n_phases, len(DEPTH_LEVELS), plan.cells.n_rows), dtype=np.int64
        )
        self.mw = np.zeros((n_phases, n_draws))
        self.people = np.zeros((n_phases, n_draws))
        self.range_km = np.zeros((n_draws, n_tiers))
        self.min_range_km = np.zeros((n_draws, n_tiers))
        self.tier_up = np.zeros((n_phases, n_draws, n_tiers), dtype=np.int64)
        self.down = np.zeros((n_phases, n_assets), dtype=np.int64)
        self.region_mw = [[ValueCounts() for _ in range(plan.n_regions)] for _ in plan.days]
        self.region_people = [[ValueCounts() for _ in range(plan.n_regions)] for _ in plan.days]
        self._site_sums: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # by first draw

    def add(self, chunk: ChunkResult) -> None:
        """Take in one chunk's result (a chunk given twice counts once)."""
        if chunk.first in self._site_sums:
            return
        self._site_sums[chunk.first] = (chunk.down_mw, chunk.down_people)
        draws = slice(chunk.first, chunk.first + chunk.count)
        self.drawn += chunk.count
        self.meets += chunk.meets
        self.depth_at_least += chunk.depth_at_least
        self.mw[:, draws], self.people[:, draws] = chunk.mw, chunk.people
        self.range_km[draws], self.min_range_km[draws] = chunk.range_km, chunk.min_range_km
        self.tier_up[:, draws] = chunk.tier_up
        self.down += chunk.down
        for p, (mw_counts, people_counts) in enumerate(
            zip(self.region_mw, self.region_people, strict=True)
        ):
            for r, (mw, people) in enumerate(zip(mw_counts, people_counts, strict=True)):
                mw.add(chunk.region_mw[p, :, r])
                people.add(chunk.region_people[p, :, r])

    def site_sums(self) -> tuple[np.ndarray, np.ndarray]:
        """(MW, people) meeting summed over the draws in which each asset stands but is down,
        per phase: chunk sums added in draw order, whatever order the chunks came in."""
        mw = np.zeros(self.down.shape)
        people = np.zeros(self.down.shape)
        for first in sorted(self._site_sums):
            chunk_mw, chunk_people = self._site_sums[first]
            mw += chunk_mw
            people += chunk_people
        return mw, people

    @property
    def complete(self) -> bool:
        """Whether every draw is in."""
        return self.drawn == self.n_draws
