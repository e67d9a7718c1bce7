"""The greedy heuristic: add, one at a time, the candidate that covers the most new weight.

Ties on the primary weight go to the larger secondary weight, then to the lower index; a
candidate in conflict with a chosen one is never taken. Without conflicts it is within a
factor 1 - 1/e of the optimum (Nemhauser, Wolsey and Fisher, 1978); it also seeds the
integer programme with a feasible solution.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.sparse import csr_matrix

from umbrella.coverage.siting.problem import CoverageProblem, Solution, conflict_lists

__all__ = ["RELATIVE_TIE", "solve_greedy"]

RELATIVE_TIE = 1e-12
"""Gains within this share of the best are equal (sums in another order round differently)."""


def solve_greedy(problem: CoverageProblem) -> Solution:
    """The greedy choice of up to ``problem.n_add`` candidates (fewer if conflicts run out)."""
    started = time.perf_counter()
    matrix = csr_matrix(
        (np.ones(problem.candidates.size), problem.candidates, problem.indptr),
        shape=(problem.n_rows, problem.n_candidates),
    )
    by_candidate = matrix.T.tocsr()
    weights = np.column_stack([problem.primary, problem.secondary])
    open_rows = np.ones(problem.n_rows)
    free = np.ones(problem.n_candidates, dtype=bool)
    partners = conflict_lists(problem.n_candidates, problem.conflicts)
    chosen: list[int] = []
    while len(chosen) < problem.n_add and free.any():
        gains = by_candidate @ (weights * open_rows[:, None])
        best = _best(gains, free)
        chosen.append(best)
        free[best] = False
        free[partners[best]] = False
        lo, hi = by_candidate.indptr[best], by_candidate.indptr[best + 1]
        open_rows[by_candidate.indices[lo:hi]] = 0
    primary, secondary = problem.value(chosen)
    return Solution(
        method="greedy",
        chosen=tuple(sorted(chosen)),
        primary=primary,
        secondary=secondary,
        bound=None,
        gap=None,
        status="heuristic",
        tie_break="greedy",
        seconds=time.perf_counter() - started,
    )


def _best(gains: np.ndarray, free: np.ndarray) -> int:
    """The free candidate with the largest (primary, secondary) gain, lowest index on ties."""
    primary = np.where(free, gains[:, 0], -np.inf)
    top = primary.max()
    tied = free & (primary >= top - RELATIVE_TIE * abs(top))
    secondary = np.where(tied, gains[:, 1], -np.inf)
    top2 = secondary.max()
    return int(np.flatnonzero(tied & (secondary >= top2 - RELATIVE_TIE * abs(top2)))[0])
