"""The integer programme on HiGHS: maximal covering with a fixed count, conflicts and a tie-break.

Variables: x_j in {0, 1} (candidate j chosen), y_r in [0, 1] (row r covered). Rows:
y_r <= sum of x_j over the candidates covering r; sum of x_j = n_add; x_i + x_j <= 1 for
each conflicting pair. Stage 1 maximises sum primary_r y_r, started from the greedy choice
(so a feasible solution is at hand from the first second). When stage 1 is proven optimal
and time remains, stage 2 keeps the primary weight at its optimum and maximises the
secondary weight (the tie-break); its choice is kept only if its primary weight, evaluated
exactly, is not below stage 1's.

``highspy`` is imported here only: siting is the only command that pays for it.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np

from umbrella.coverage.siting.problem import CoverageProblem, Solution
from umbrella.coverage.siting.request import DEFAULT_TIME_LIMIT_S
from umbrella.coverage.siting.restricted import local_start, restrict, restricted_bound, widen

__all__ = ["LARGE_PAIRS", "InfeasibleSiting", "solve_highs"]

LARGE_PAIRS = 300_000
"""Coverage pairs beyond which the restricted programme (column generation) is used."""
LP_SHARE = 0.75
"""Share of the time limit the column generation may take before the programme runs."""
_KEEP_PRIMARY = 1e-9  # relative slack of stage 2's "primary at its optimum" row


class InfeasibleSiting(Exception):
    """No choice of ``n_add`` candidates respects the conflicts (minimum spacing)."""


def solve_highs(
    problem: CoverageProblem,
    start: Solution,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    gap: float = 0.0,
) -> Solution:
    """The optimal choice (or the best found within ``time_limit_s``, stopping at ``gap``).

    ``start`` is a feasible choice to begin from (the greedy one); if it holds fewer than
    ``n_add`` candidates, the programme may still find a full choice, and InfeasibleSiting
    is raised when none exists. Instances with more than ``LARGE_PAIRS`` coverage pairs go
    through ``restricted`` (column generation for the bound, the programme on the kept
    candidates).
    """
    started = time.perf_counter()
    if problem.candidates.size <= LARGE_PAIRS:
        return _solve(problem, start, started + time_limit_s, gap)
    deadline = started + time_limit_s
    enough = start.primary * (1.0 + gap) + _absolute_gap(problem.primary)
    keep, bound = restricted_bound(
        problem, start, started + LP_SHARE * time_limit_s, _lp_relaxation, enough
    )
    sub, _ = restrict(problem, keep)
    found = widen(_solve(sub, local_start(start, keep), deadline, gap), keep)
    primary = found.primary
    if bound is None:
        verdict, gap_found = "time limit (no bound)", None
    else:
        bound = max(bound, primary)
        proven = bound - primary <= _absolute_gap(problem.primary) + 1e-12 * primary
        verdict = "optimal" if proven else f"{found.status} among {keep.size} kept candidates"
        gap_found = (bound - primary) / primary if primary > 0 else 0.0
    return replace(
        found,
        bound=bound,
        gap=gap_found,
        status=verdict,
        seconds=time.perf_counter() - started,
    )


def _solve(problem: CoverageProblem, start: Solution, deadline: float, gap: float) -> Solution:
    """The whole programme on HiGHS (see the module), stopping at ``deadline``."""
    started = time.perf_counter()
    time_limit_s = max(deadline - started, 0.01)
    solver = _solver(time_limit_s, gap, problem.primary)
    solver.passModel(_model(problem))
    if len(start.chosen) == problem.n_add:
        solver.setSolution(_solution(problem, start.chosen))
    solver.run()
    status = solver.getModelStatus()
    highs = _highs()
    if status == highs.HighsModelStatus.kInfeasible:
        raise InfeasibleSiting
    if solver.getInfo().primal_solution_status != 2:  # no feasible solution in the time
        elapsed = time.perf_counter() - started
        return replace(start, method="HiGHS", status="time limit", tie_break="", seconds=elapsed)
    chosen = _chosen(solver, problem.n_candidates)
    primary, secondary = problem.value(chosen)
    info = solver.getInfo()
    bound = max(float(info.mip_dual_bound), primary)
    optimal = status == highs.HighsModelStatus.kOptimal
    proven = optimal and bound - primary <= _absolute_gap(problem.primary) + 1e-12 * primary
    verdict = "optimal" if proven else _status_name(status)
    tie_break = "skipped: stage 1 not proven optimal"
    remaining = deadline - time.perf_counter()
    if optimal and problem.secondary.any() and remaining > 0:
        chosen, secondary, tie_break = _tie_break(
            solver, problem, chosen, primary, secondary, remaining
        )
    return Solution(
        method="HiGHS",
        chosen=tuple(chosen),
        primary=primary,
        secondary=secondary,
        bound=bound,
        gap=(bound - primary) / primary if primary > 0 else 0.0 if bound <= 0 else float("inf"),
        status=verdict,
        tie_break=tie_break,
        seconds=time.perf_counter() - started,
    )


def _lp_relaxation(problem: CoverageProblem) -> tuple[float, np.ndarray]:
    """(value, row duals) of the LP relaxation (row duals: cover rows, then the count row)."""
    solver = _solver(DEFAULT_TIME_LIMIT_S * 10, 0.0, problem.primary)
    model = _model(problem)
    model.integrality_ = []
    solver.passModel(model)
    solver.run()
    if solver.getModelStatus() == _highs().HighsModelStatus.kInfeasible:
        raise InfeasibleSiting
    duals = np.asarray(solver.getSolution().row_dual, dtype=float)
    return float(solver.getInfo().objective_function_value), duals


def _highs() -> Any:
    # The bare solver class: highspy.Highs prints a banner on standard output when created.
    from highspy import _core

    return _core


def _solver(time_limit_s: float, gap: float, weights: np.ndarray) -> Any:
    solver = _highs()._Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", float(time_limit_s))
    solver.setOptionValue("mip_rel_gap", float(gap))
    solver.setOptionValue("mip_abs_gap", _absolute_gap(weights))
    return solver


def _absolute_gap(weights: np.ndarray) -> float:
    """An absolute gap far below the smallest weight a row can add: a proof of optimality."""
    smallest = float(weights[weights > 0].min()) if (weights > 0).any() else 1.0
    return smallest * 1e-6


def _model(problem: CoverageProblem) -> Any:
    """The stage-1 programme, row-wise: columns are x (candidates) then y (rows)."""
    highs = _highs()
    n_x, n_y = problem.n_candidates, problem.n_rows
    lengths = np.diff(problem.indptr) + 1
    ends = np.cumsum(lengths)
    index = np.empty(int(ends[-1]) if n_y else 0, dtype=np.int32)
    value = np.full(index.size, -1.0)
    is_y = np.zeros(index.size, dtype=bool)
    is_y[ends - 1] = True
    index[~is_y] = problem.candidates
    index[is_y] = n_x + np.arange(n_y)
    value[is_y] = 1.0
    pairs = problem.conflicts.reshape(-1, 2)
    index = np.concatenate([index, np.arange(n_x), pairs.ravel()]).astype(np.int32)
    value = np.concatenate([value, np.ones(n_x + pairs.size)])
    starts = np.concatenate([[0], ends, ends[-1:] + n_x if n_y else [n_x]])
    starts = np.concatenate([starts, starts[-1] + 2 * np.arange(1, pairs.shape[0] + 1)])
    lp = highs.HighsLp()
    lp.num_col_ = n_x + n_y
    lp.num_row_ = n_y + 1 + pairs.shape[0]
    lp.sense_ = highs.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([np.zeros(n_x), problem.primary])
    lp.col_lower_ = np.zeros(n_x + n_y)
    lp.col_upper_ = np.ones(n_x + n_y)
    lp.row_lower_ = np.concatenate(
        [np.full(n_y, -highs.kHighsInf), [problem.n_add], np.full(pairs.shape[0], -highs.kHighsInf)]
    )
    lp.row_upper_ = np.concatenate([np.zeros(n_y), [problem.n_add], np.ones(pairs.shape[0])])
    lp.a_matrix_.format_ = highs.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = starts.astype(np.int32)
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.integrality_ = [highs.HighsVarType.kInteger] * n_x + [highs.HighsVarType.kContinuous] * n_y
    return lp


def _solution(problem: CoverageProblem, chosen: tuple[int, ...] | list[int]) -> Any:
    solution = _highs().HighsSolution()
    x = np.zeros(problem.n_candidates)
    x[list(chosen)] = 1.0
    solution.col_value = np.concatenate([x, problem.covered(chosen).astype(float)])
    solution.value_valid = True
    return solution


def _chosen(solver: Any, n_candidates: int) -> list[int]:
    x = np.asarray(solver.getSolution().col_value[:n_candidates])
    return [int(j) for j in np.flatnonzero(x > 0.5)]


def _status_name(status: Any) -> str:
    highs = _highs()
    if status == highs.HighsModelStatus.kTimeLimit:
        return "time limit"
    if status == highs.HighsModelStatus.kOptimal:
        return "gap reached"
    return str(status.name)


def _tie_break(
    solver: Any,
    problem: CoverageProblem,
    chosen: list[int],
    primary: float,
    secondary: float,
    time_limit_s: float,
) -> tuple[list[int], float, str]:
    """Stage 2: the largest secondary weight among choices that keep the primary optimum."""
    highs = _highs()
    n_x = problem.n_candidates
    rows = np.flatnonzero(problem.primary > 0)
    floor = primary * (1.0 - _KEEP_PRIMARY)
    solver.addRow(
        floor, highs.kHighsInf, rows.size, (n_x + rows).astype(np.int32), problem.primary[rows]
    )
    y = np.arange(n_x, n_x + problem.n_rows, dtype=np.int32)
    solver.changeColsCost(y.size, y, problem.secondary)
    solver.setOptionValue("time_limit", float(time_limit_s))
    solver.setSolution(_solution(problem, chosen))
    solver.run()
    if solver.getInfo().primal_solution_status != 2:
        return chosen, secondary, "time limit before any tie-break"
    better = _chosen(solver, n_x)
    primary2, secondary2 = problem.value(better)
    if primary2 < primary or secondary2 <= secondary:
        return chosen, secondary, _tie_verdict(solver)
    return better, secondary2, _tie_verdict(solver)


def _tie_verdict(solver: Any) -> str:
    if solver.getModelStatus() == _highs().HighsModelStatus.kOptimal:
        return "optimal"
    return "time limit (best found)"
