"""What a choice of candidates does to each counted feature: the objective, gains and the table.

A feature's depth is the number of distinct tiers among the assets covering it whole. Adding
sites of tier T can only add T: a feature that already meets its requirement counts as it
is; one that would meet it with T (``gainable``) meets it once a chosen site covers it; one
without T (``deepens``) gains a layer of depth once covered (the tie-break). Sums are
``math.fsum``: the same features always give the same total, in whatever order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from umbrella.coverage.depth import meets_requirement
from umbrella.coverage.siting.features import Features
from umbrella.coverage.siting.problem import CoverageProblem, aggregate_rows, take_rows

__all__ = ["Evaluator", "SiteGain", "TableRow"]


@dataclass(frozen=True)
class SiteGain:
    """What one proposed site adds, taken in rank order (and what its removal alone costs)."""

    rank: int
    candidate: int
    gain: float
    gain_mw: float
    gain_population: float
    depth_gain: float
    loss_if_removed: float


@dataclass(frozen=True)
class TableRow:
    """One line of the before-and-after table."""

    label: str
    unit: str
    before: float
    after: float


@dataclass(frozen=True, eq=False)
class Evaluator:
    """The features, their tiers before, and the candidates covering each (CSR)."""

    features: Features
    tier: str
    tiers: tuple[str, ...]
    present: tuple[frozenset[str], ...]  # tiers covering each feature before
    indptr: np.ndarray
    candidates: np.ndarray
    n_candidates: int

    @classmethod
    def of(
        cls,
        features: Features,
        tier: str,
        tiers: Sequence[str],
        present: Sequence[frozenset[str]],
        cover: tuple[np.ndarray, np.ndarray],
        n_candidates: int,
    ) -> Evaluator:
        """``cover`` is the candidates covering each *target* (CSR); features take their first's."""
        indptr, candidates = take_rows(cover[0], cover[1], features.target)
        return cls(features, tier, tuple(tiers), tuple(present), indptr, candidates, n_candidates)

    @cached_property
    def meets_before(self) -> np.ndarray:
        """(features,) whether each meets its requirement with the assets in place."""
        return np.array([self._meets(i, self.present[i]) for i in range(len(self.features))])

    @cached_property
    def gainable(self) -> np.ndarray:
        """(features,) whether a site of the tier covering it makes it meet its requirement."""
        with_tier = [self._meets(i, p | {self.tier}) for i, p in enumerate(self.present)]
        return np.array(with_tier, dtype=bool) & ~self.meets_before

    @cached_property
    def deepens(self) -> np.ndarray:
        """(features,) whether a site of the tier covering it adds a layer of depth."""
        return np.array([self.tier not in p for p in self.present], dtype=bool)

    def _meets(self, i: int, tiers: frozenset[str]) -> bool:
        f = self.features
        return meets_requirement(set(tiers), int(f.min_depth[i]), sorted(f.required[i]))

    def problem(self, n_add: int, conflicts: np.ndarray) -> CoverageProblem:
        """The aggregated programme's instance: gainable weight first, added depth second."""
        weight = self.features.weight
        values = np.column_stack([weight * self.gainable, weight * self.deepens])
        indptr, candidates, merged = aggregate_rows(self.indptr, self.candidates, values)
        return CoverageProblem(
            indptr=indptr,
            candidates=candidates,
            primary=merged[:, 0].copy(),
            secondary=merged[:, 1].copy(),
            n_candidates=self.n_candidates,
            n_add=n_add,
            conflicts=conflicts,
        )

    def covered(self, chosen: Sequence[int]) -> np.ndarray:
        """(features,) whether a chosen candidate covers each feature."""
        picked = np.zeros(self.n_candidates + 1, dtype=bool)
        picked[np.asarray(list(chosen), dtype=np.int64)] = True
        hits = np.zeros(len(self.features), dtype=np.int64)
        rows = np.repeat(np.arange(len(self.features)), np.diff(self.indptr))
        np.add.at(hits, rows, picked[self.candidates])
        return hits > 0

    def meets_after(self, chosen: Sequence[int]) -> np.ndarray:
        """(features,) whether each meets its requirement once the chosen sites are added."""
        return self.meets_before | (self.gainable & self.covered(chosen))

    def objective(self, chosen: Sequence[int]) -> float:
        """Weight of the features meeting their requirement after adding the chosen sites."""
        return math.fsum(self.features.weight[self.meets_after(chosen)])

    def _added(self, taken: list[int], site: int) -> tuple[np.ndarray, np.ndarray]:
        """(features newly meeting, features newly deeper) when ``site`` joins ``taken``."""
        newly = self.meets_after([*taken, site]) & ~self.meets_after(taken)
        deeper = self.deepens & self.covered([*taken, site]) & ~self.covered(taken)
        return newly, deeper

    def gains(self, chosen: Sequence[int]) -> tuple[SiteGain, ...]:
        """Each chosen site's gain in rank order (largest next gain first), and its loss if
        removed alone; the gains add up to the whole choice's gain."""
        weight = self.features.weight
        total = self.objective(chosen)
        left, taken = list(chosen), list[int]()
        ranked = []
        while left:
            added = {j: self._added(taken, j) for j in left}
            best = max(
                left,
                key=lambda j: (math.fsum(weight[added[j][0]]), math.fsum(weight[added[j][1]]), -j),
            )
            newly, deeper = added[best]
            ranked.append(
                SiteGain(
                    rank=len(taken) + 1,
                    candidate=best,
                    gain=math.fsum(weight[newly]),
                    gain_mw=math.fsum(self.features.mw[newly]),
                    gain_population=math.fsum(self.features.population[newly]),
                    depth_gain=math.fsum(weight[deeper]),
                    loss_if_removed=total - self.objective([j for j in chosen if j != best]),
                )
            )
            taken.append(best)
            left.remove(best)
        return tuple(ranked)

    def table(self, chosen: Sequence[int]) -> tuple[TableRow, ...]:
        """MW and people meeting the requirement, at each depth and under each tier."""
        f = self.features
        covered = self.covered(chosen)
        after = [p | {self.tier} if c else p for p, c in zip(self.present, covered, strict=True)]
        rows = []
        for measure, unit in ((f.mw, "MW"), (f.population, "people")):
            name = "energy" if unit == "MW" else "population"
            rows.append(
                TableRow(
                    f"{name} meeting requirement",
                    unit,
                    math.fsum(measure[self.meets_before]),
                    math.fsum(measure[self.meets_after(chosen)]),
                )
            )
            for label, low, high in (("1", 1, 1), ("2", 2, 2), ("3+", 3, math.inf)):
                rows.append(
                    TableRow(
                        f"{name} at depth {label}",
                        unit,
                        _sum_where(measure, self.present, _depth_between(low, high)),
                        _sum_where(measure, after, _depth_between(low, high)),
                    )
                )
            for tier in self.tiers:
                rows.append(
                    TableRow(
                        f"{name} covered by {tier}",
                        unit,
                        _sum_where(measure, self.present, _has(tier)),
                        _sum_where(measure, after, _has(tier)),
                    )
                )
        return tuple(rows)


def _sum_where(
    measure: np.ndarray, tiers: Sequence[frozenset[str]], test: Callable[[frozenset[str]], bool]
) -> float:
    mask = np.array([bool(test(p)) for p in tiers], dtype=bool)
    return math.fsum(measure[mask]) if mask.size else 0.0


def _depth_between(low: float, high: float) -> Callable[[frozenset[str]], bool]:
    return lambda tiers: low <= len(tiers) <= high


def _has(tier: str) -> Callable[[frozenset[str]], bool]:
    return lambda tiers: tier in tiers
