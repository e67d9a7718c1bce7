"""A chunk of draws, as one task runs it on a worker, and what it sends back.

What comes back is small whatever the number of draws: counts per target and per cell, and
per draw only the few numbers that percentiles and the sensitivity need. The chunks of a
sweep depend on the number of draws only (``chunks``), never on the number of workers, and
every number in a chunk's result depends only on the plan, the seed and the draws' indices:
the same seed gives the same result on any cluster.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from umbrella.coverage.sweep.plan import SweepPlan

__all__ = ["DEPTH_LEVELS", "ChunkResult", "chunks", "run_chunk"]

DEPTH_LEVELS = (1, 2, 3)
"""The depth-probability raster's bands: the share of draws with depth at least 1, 2, 3."""
_TASKS = 64  # about this many tasks per sweep: a fine progress bar, little overhead
_MAX_CHUNK = 500


def chunks(n_draws: int) -> list[tuple[int, int]]:
    """(first draw, number of draws) of each task: about ``_TASKS`` tasks, at most
    ``_MAX_CHUNK`` draws each, decided by ``n_draws`` alone."""
    size = min(_MAX_CHUNK, max(1, math.ceil(n_draws / _TASKS)))
    return [(first, min(size, n_draws - first)) for first in range(0, n_draws, size)]


@dataclass(frozen=True, eq=False)
class ChunkResult:
    """What the draws ``first`` .. ``first + count - 1`` gave, phase by phase (axis 0)."""

    first: int
    count: int
    meets: np.ndarray  # (phases, targets): draws in which each target meets its requirement
    depth_at_least: np.ndarray  # (phases, levels, cells): draws with depth >= each level
    mw: np.ndarray  # (phases, count): MW meeting, per draw
    people: np.ndarray  # (phases, count)
    region_mw: np.ndarray  # (phases, count, regions)
    region_people: np.ndarray  # (phases, count, regions)
    range_km: np.ndarray  # (count, tiers): each draw's tier ranges
    min_range_km: np.ndarray  # (count, tiers)
    tier_up: np.ndarray  # (phases, count, tiers): assets of each tier in place and up
    down: np.ndarray  # (phases, assets): draws in which the asset stands but is down
    down_mw: np.ndarray  # (phases, assets): MW meeting summed over those draws
    down_people: np.ndarray  # (phases, assets)


def run_chunk(plan: SweepPlan, seed: int, first: int, count: int) -> ChunkResult:
    """Draw and decide the draws ``first`` .. ``first + count - 1`` of every phase."""
    n_phases, n_tiers = len(plan.days), plan.n_tiers
    n_targets, n_cells, n_assets = plan.min_depth.size, plan.cells.n_rows, plan.in_place.shape[1]
    result = ChunkResult(
        first=first,
        count=count,
        meets=np.zeros((n_phases, n_targets), dtype=np.int32),
        depth_at_least=np.zeros((n_phases, len(DEPTH_LEVELS), n_cells), dtype=np.int32),
        mw=np.zeros((n_phases, count)),
        people=np.zeros((n_phases, count)),
        region_mw=np.zeros((n_phases, count, plan.n_regions)),
        region_people=np.zeros((n_phases, count, plan.n_regions)),
        range_km=np.zeros((count, n_tiers)),
        min_range_km=np.zeros((count, n_tiers)),
        tier_up=np.zeros((n_phases, count, n_tiers), dtype=np.int64),
        down=np.zeros((n_phases, n_assets), dtype=np.int64),
        down_mw=np.zeros((n_phases, n_assets)),
        down_people=np.zeros((n_phases, n_assets)),
    )
    levels = np.array(DEPTH_LEVELS)[:, None]
    for k in range(count):
        draw = plan.model.draw(seed, first + k)
        result.range_km[k], result.min_range_km[k] = draw.range_km, draw.min_range_km
        for p in range(n_phases):
            outcome = plan.outcome(p, draw)
            measures = plan.measures(outcome.meets)
            result.meets[p] += outcome.meets
            result.depth_at_least[p] += outcome.depth[None, :] >= levels
            result.mw[p, k], result.people[p, k] = measures.mw, measures.people
            result.region_mw[p, k], result.region_people[p, k] = (
                measures.region_mw,
                measures.region_people,
            )
            up = draw.up & plan.in_place[p]
            result.tier_up[p, k] = np.bincount(plan.model.asset_tier[up], minlength=n_tiers)
            down = plan.in_place[p] & ~draw.up
            result.down[p] += down
            result.down_mw[p] += np.where(down, measures.mw, 0.0)
            result.down_people[p] += np.where(down, measures.people, 0.0)
    return result
