"""The siting instance on plain arrays, shared by the integer programme and the greedy heuristic.

A **row** is a group of targets that the same candidates cover (targets with identical
coverage patterns are merged, which keeps the programme small at scale). Covering a row with
at least one chosen candidate earns its ``primary`` weight (targets that then meet their
requirement) and its ``secondary`` weight (targets whose depth then rises: the tie-break).
Exactly ``n_add`` candidates are chosen, and no two of a ``conflicts`` pair together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["CoverageProblem", "Solution", "aggregate_rows", "conflict_lists", "take_rows"]

Int64Array = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class CoverageProblem:
    """Rows -> covering candidates (CSR, ascending), row weights, the count and the conflicts."""

    indptr: Int64Array
    candidates: Int64Array
    primary: FloatArray
    secondary: FloatArray
    n_candidates: int
    n_add: int
    conflicts: Int64Array  # (k, 2): candidate pairs that may not both be chosen

    @property
    def n_rows(self) -> int:
        """Number of rows (merged coverage patterns)."""
        return int(self.indptr.size - 1)

    def covered(self, chosen: Sequence[int]) -> NDArray[np.bool_]:
        """(rows,) whether a chosen candidate covers each row."""
        picked = np.zeros(self.n_candidates, dtype=bool)
        picked[np.asarray(chosen, dtype=np.int64)] = True
        hits = np.add.reduceat(picked[self.candidates].astype(np.int64), self.indptr[:-1])
        return (np.diff(self.indptr) > 0) & (hits > 0) if self.n_rows else np.zeros(0, bool)

    def value(self, chosen: Sequence[int]) -> tuple[float, float]:
        """(primary, secondary) weight of the rows the chosen candidates cover."""
        covered = self.covered(chosen)
        return math.fsum(self.primary[covered]), math.fsum(self.secondary[covered])


@dataclass(frozen=True)
class Solution:
    """Chosen candidates (ascending) and what they earn, with the solver's own figures.

    ``bound`` is the proven upper bound on ``primary`` (None for a heuristic); ``gap`` is
    (bound - primary) / primary (0 when both are 0). ``status`` is "optimal", "time limit",
    "gap reached" or "heuristic"; ``tie_break`` says whether the secondary weight was
    maximised among the primary optima.
    """

    method: str
    chosen: tuple[int, ...]
    primary: float
    secondary: float
    bound: float | None
    gap: float | None
    status: str
    tie_break: str
    seconds: float


def aggregate_rows(
    indptr: Int64Array, indices: Int64Array, values: FloatArray
) -> tuple[Int64Array, Int64Array, FloatArray]:
    """Rows with identical (sorted) index sets merged, their ``values`` (rows, k) summed.

    Rows with no index, or with all values 0, are dropped. Merged rows keep the order of
    their first row.
    """
    starts = indptr.tolist()
    live = np.flatnonzero((np.diff(indptr) > 0) & (values != 0).any(axis=1))
    group_of: dict[bytes, int] = {}
    owner = np.empty(live.size, dtype=np.int64)
    firsts: list[int] = []
    for k, row in enumerate(live.tolist()):
        key = indices[starts[row] : starts[row + 1]].tobytes()
        group = group_of.setdefault(key, len(firsts))
        if group == len(firsts):
            firsts.append(row)
        owner[k] = group
    merged = np.zeros((len(firsts), values.shape[1]))
    np.add.at(merged, owner, values[live])
    return (*take_rows(indptr, indices, np.asarray(firsts, dtype=np.int64)), merged)


def take_rows(
    indptr: Int64Array, indices: Int64Array, rows: Int64Array
) -> tuple[Int64Array, Int64Array]:
    """(indptr, indices) of the given rows of a CSR structure, in the given order."""
    lengths = indptr[rows + 1] - indptr[rows]
    new_indptr = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_indptr[1:])
    take = np.repeat(indptr[rows], lengths) + (
        np.arange(int(new_indptr[-1])) - np.repeat(new_indptr[:-1], lengths)
    )
    return new_indptr, indices[take].astype(np.int64)


def conflict_lists(n_candidates: int, conflicts: Int64Array) -> list[Int64Array]:
    """Each candidate's conflicting candidates (both directions of every pair)."""
    pairs = np.asarray(conflicts, dtype=np.int64).reshape(-1, 2)
    both = np.vstack([pairs, pairs[:, ::-1]])
    order = np.argsort(both[:, 0], kind="stable")
    bounds = np.searchsorted(both[order, 0], np.arange(n_candidates + 1))
    partner = both[order, 1]
    return [partner[bounds[j] : bounds[j + 1]] for j in range(n_candidates)]
