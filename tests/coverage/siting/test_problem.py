"""The array-level door: merging coverage patterns, the greedy heuristic and HiGHS, against
brute force on random instances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from umbrella.coverage.siting import (
    CoverageProblem,
    aggregate_rows,
    restricted,
    solve_greedy,
    solve_highs,
    solver,
)
from umbrella.coverage.siting.solver import InfeasibleSiting


def _csr(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.r_[0, np.cumsum(matrix.sum(axis=1))].astype(np.int64)
    return indptr, np.nonzero(matrix)[1].astype(np.int64)


@given(st.integers(0, 2**32 - 1))
def test_merged_rows_keep_every_pattern_and_its_weight(seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix = rng.random((rng.integers(1, 40), rng.integers(1, 6))) < 0.3
    values = rng.integers(0, 3, size=(matrix.shape[0], 2)).astype(float)
    indptr, indices, merged = aggregate_rows(*_csr(matrix), values)
    patterns = [tuple(indices[indptr[i] : indptr[i + 1]]) for i in range(len(indptr) - 1)]
    assert len(set(patterns)) == len(patterns)
    expected: dict[tuple[int, ...], np.ndarray] = {}
    for row, value in zip(matrix, values, strict=True):
        key = tuple(np.flatnonzero(row))
        if key and value.any():
            expected[key] = expected.get(key, np.zeros(2)) + value
    assert set(patterns) == set(expected)
    for pattern, value in zip(patterns, merged, strict=True):
        assert value.tolist() == expected[pattern].tolist()


def _problem(
    matrix: np.ndarray, values: np.ndarray, n_add: int, pairs: list[tuple[int, int]]
) -> CoverageProblem:
    indptr, indices, merged = aggregate_rows(*_csr(matrix), values)
    conflicts = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    n_candidates = matrix.shape[1]
    return CoverageProblem(
        indptr, indices, merged[:, 0].copy(), merged[:, 1].copy(), n_candidates, n_add, conflicts
    )


def _brute_force(
    matrix: np.ndarray, values: np.ndarray, n_add: int, conflicts: list[tuple[int, int]]
) -> tuple[float, float] | None:
    best = None
    for choice in itertools.combinations(range(matrix.shape[1]), n_add):
        if any(a in choice and b in choice for a, b in conflicts):
            continue
        covered = matrix[:, list(choice)].any(axis=1)
        value = (float(values[covered, 0].sum()), float(values[covered, 1].sum()))
        if (
            best is None
            or value[0] > best[0] + 1e-9
            or (abs(value[0] - best[0]) <= 1e-9 and value[1] > best[1] + 1e-9)
        ):
            best = value
    return best


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_highs_finds_the_brute_force_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_candidates = int(rng.integers(2, 12))
    matrix = rng.random((rng.integers(1, 30), n_candidates)) < 0.25
    values = np.column_stack(
        [rng.integers(0, 5, len(matrix)) * rng.random(len(matrix)), rng.random(len(matrix))]
    )
    n_add = int(rng.integers(1, min(4, n_candidates) + 1))
    pairs = [p for p in itertools.combinations(range(n_candidates), 2) if rng.random() < 0.15]
    problem = _problem(matrix, values, n_add, pairs)
    best = _brute_force(matrix, values, n_add, pairs)
    greedy = solve_greedy(problem)
    if best is None:
        with pytest.raises(InfeasibleSiting):
            solve_highs(problem, greedy)
        return
    found = solve_highs(problem, greedy)
    assert found.status == "optimal" and found.gap is not None and found.gap < 1e-6
    assert len(found.chosen) == n_add
    assert not any(a in found.chosen and b in found.chosen for a, b in pairs)
    assert found.primary == pytest.approx(best[0], abs=1e-9)
    assert found.secondary == pytest.approx(best[1], abs=1e-9)
    assert found.bound == pytest.approx(best[0], abs=1e-6)
    if len(greedy.chosen) == n_add:
        assert greedy.primary <= found.primary + 1e-9


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_the_restricted_programme_bounds_every_choice_and_finds_the_optimum(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    n_candidates, n_rows = 40, 200
    matrix = rng.random((n_rows, n_candidates)) < 0.08
    values = np.column_stack([rng.lognormal(2.0, 1.0, n_rows), rng.random(n_rows)])
    problem = _problem(matrix, values, 3, [])
    greedy = solve_greedy(problem)
    whole = solve_highs(problem, greedy)
    monkeypatch.setattr(solver, "LARGE_PAIRS", 0)
    monkeypatch.setattr(restricted, "FIRST_COLUMNS", 4)
    monkeypatch.setattr(restricted, "MAX_NEW_COLUMNS", 2)
    found = solve_highs(problem, greedy)
    assert found.bound is not None and found.bound >= whole.primary - 1e-9
    assert found.primary <= whole.primary + 1e-9
    assert found.primary >= greedy.primary - 1e-9
    if found.status == "optimal":
        assert found.primary == pytest.approx(whole.primary, abs=1e-9)
