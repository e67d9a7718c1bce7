"""Large instances: the programme on a restricted set of candidates, with a bound for all.

With thousands of candidates and a hundred thousand targets, the full programme's first LP
alone takes longer than a planner waits. Its LP relaxation is solved instead by column
generation: on a set of candidates (the greedy choice and the candidates covering the most
weight), then priced with the LP duals ``pi`` (a row no kept candidate covers is priced at
its weight). Whatever the duals, relaxing the cover rows with multipliers ``pi >= 0`` gives
an upper bound on every choice of every candidate (the Lagrangian bound):
``sum over rows of max(0, w - pi)`` plus the ``n_add`` largest ``sum of pi over a
candidate's rows`` (conflicts relaxed too). Candidates whose rows' duals exceed the count
row's dual join, and the LP is solved again, until none does (the LP value itself is then a
bound), the bound is good enough, or the time is up. The integer programme then runs on the
kept candidates; its choice is optimal for the whole instance when it reaches the bound
(within the absolute gap), and its gap to the bound is reported otherwise.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from scipy.sparse import csr_matrix

from umbrella.coverage.siting.problem import CoverageProblem, Solution

__all__ = [
    "FIRST_COLUMNS",
    "MAX_NEW_COLUMNS",
    "LpSolver",
    "local_start",
    "restrict",
    "restricted_bound",
    "widen",
]

FIRST_COLUMNS = 400
MAX_NEW_COLUMNS = 400
_PRICE_TOLERANCE = 1e-9
SUBGRADIENT_STEPS = 300
SUBGRADIENT_FACTOR = 2.0
SUBGRADIENT_PATIENCE = 20

LpSolver = Callable[[CoverageProblem], tuple[float, np.ndarray]]
"""(LP value, row duals) of an instance's LP relaxation."""


def restrict(problem: CoverageProblem, keep: np.ndarray) -> tuple[CoverageProblem, np.ndarray]:
    """(the instance on the kept candidates, the index of its rows in the whole instance).

    Rows no kept candidate covers are left out; conflicts between kept candidates stay.
    """
    local = np.full(problem.n_candidates, -1, dtype=np.int64)
    local[keep] = np.arange(keep.size)
    mapped = local[problem.candidates]
    row_of = np.repeat(np.arange(problem.n_rows), np.diff(problem.indptr))
    kept = mapped >= 0
    counts = np.bincount(row_of[kept], minlength=problem.n_rows)
    rows = np.flatnonzero(counts > 0)
    indptr = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(counts[rows], out=indptr[1:])
    pairs = local[problem.conflicts.reshape(-1, 2)]
    sub = CoverageProblem(
        indptr=indptr,
        candidates=mapped[kept & (counts[row_of] > 0)],
        primary=problem.primary[rows],
        secondary=problem.secondary[rows],
        n_candidates=int(keep.size),
        n_add=problem.n_add,
        conflicts=pairs[(pairs >= 0).all(axis=1)],
    )
    return sub, rows


def _by_candidate(problem: CoverageProblem) -> csr_matrix:
    matrix = csr_matrix(
        (np.ones(problem.candidates.size), problem.candidates, problem.indptr),
        shape=(problem.n_rows, problem.n_candidates),
    )
    return matrix.T.tocsr()


def restricted_bound(
    problem: CoverageProblem, start: Solution, deadline: float, solve_lp: LpSolver, enough: float
) -> tuple[np.ndarray, float | None]:
    """(kept candidates, the least bound found on every choice, None if no LP was solved).

    Stops when no left-out candidate prices in, when the bound is down to ``enough``, or at
    ``deadline``.
    """
    by_candidate = _by_candidate(problem)
    reach = by_candidate @ problem.primary
    first = np.argsort(-reach, kind="stable")[:FIRST_COLUMNS]
    keep = np.union1d(first, np.asarray(start.chosen, dtype=np.int64))
    bound: float | None = None
    while time.perf_counter() < deadline:
        sub, rows = restrict(problem, keep)
        value, duals = solve_lp(sub)
        prices = problem.primary.copy()  # a row no kept candidate covers: its weight
        prices[rows] = np.maximum(duals[: rows.size], 0.0)
        lagrangian = _subgradient(problem, by_candidate, prices, start.primary, deadline)
        bound = lagrangian if bound is None else min(bound, lagrangian)
        gain = by_candidate @ prices - duals[rows.size]
        gain[keep] = -np.inf
        better = np.flatnonzero(gain > _PRICE_TOLERANCE * max(1.0, abs(value)))
        if better.size == 0:
            return keep, min(bound, value)
        if bound <= enough:
            return keep, bound
        best = better[np.argsort(-gain[better], kind="stable")[:MAX_NEW_COLUMNS]]
        keep = np.union1d(keep, best)
    return keep, bound


def _lagrangian(
    problem: CoverageProblem, by_candidate: csr_matrix, prices: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """(bound, rows counted whole, the n_add candidates taken) of multipliers ``prices``."""
    covered = by_candidate @ prices
    taken = np.argpartition(-covered, problem.n_add - 1)[: problem.n_add]
    whole = problem.primary > prices
    value = math.fsum((problem.primary - prices)[whole]) + math.fsum(covered[taken])
    return value, whole, taken


def _subgradient(
    problem: CoverageProblem,
    by_candidate: csr_matrix,
    prices: np.ndarray,
    incumbent: float,
    deadline: float,
) -> float:
    """The least Lagrangian bound found by subgradient steps from ``prices`` (Polyak steps
    towards the incumbent's value, the step factor halved when the bound stalls)."""
    factor, best, stalled = SUBGRADIENT_FACTOR, math.inf, 0
    pi = prices.copy()
    rows_of = by_candidate.T.tocsr()
    for _ in range(SUBGRADIENT_STEPS):
        value, whole, taken = _lagrangian(problem, by_candidate, pi)
        if value < best:
            best, stalled = value, 0
        else:
            stalled += 1
            if stalled >= SUBGRADIENT_PATIENCE:
                factor, stalled = factor / 2.0, 0
        hits = np.zeros(problem.n_candidates)
        hits[taken] = 1.0
        step = rows_of @ hits - whole  # d bound / d pi
        norm = float(step @ step)
        if norm == 0.0 or value - incumbent <= 0 or time.perf_counter() > deadline:
            break
        pi = np.maximum(pi - factor * (value - incumbent) / norm * step, 0.0)
    return best


def widen(solution: Solution, keep: np.ndarray) -> Solution:
    """A solution of the restricted instance in the whole instance's candidate numbers."""
    return replace(solution, chosen=tuple(sorted(int(keep[j]) for j in solution.chosen)))


def local_start(start: Solution, keep: np.ndarray) -> Solution:
    """The whole instance's starting choice in the restricted instance's numbers."""
    position = {int(j): k for k, j in enumerate(keep.tolist())}
    return replace(start, chosen=tuple(position[j] for j in start.chosen))
