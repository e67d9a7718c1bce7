"""A sweep's plan: everything a draw needs, computed once (``planning.plan_sweep``).

``SweepPlan`` is what the workers receive: plain arrays, no geometry, nothing to import but
numpy. A draw of a phase is then the analysis' rule applied to comparisons (see ``pairs``): a target
meets its requirement with enough distinct tiers, every required one among them; a cell's
depth is the number of distinct tiers covering its centre; energy and population are
counted once per feature, as the summary counts them
(``umbrella.coverage.summary.distinct_features``). Sums run in feature order, one addition
at a time, as the summary adds them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from umbrella.coverage.sweep.draws import Draw, DrawModel
from umbrella.coverage.sweep.pairs import Pairs

__all__ = ["Measures", "Outcome", "SweepPlan"]


@dataclass(frozen=True, eq=False)
class Outcome:
    """One draw of one phase: which targets meet their requirement, each cell's depth."""

    meets: np.ndarray  # (targets,) bool
    depth: np.ndarray  # (cells,) distinct tiers covering each cell centre in the area


@dataclass(frozen=True, eq=False)
class Measures:
    """MW and people meeting their requirement, in all and per region (in region order)."""

    mw: float
    people: float
    region_mw: np.ndarray
    region_people: np.ndarray


@dataclass(frozen=True, eq=False)
class SweepPlan:
    """The arrays a draw is decided on (see the module)."""

    model: DrawModel
    days: tuple[int, ...]
    in_place: np.ndarray  # (phases, assets) bool: the covering asset stands on the phase's day
    targets: Pairs
    min_depth: np.ndarray  # (targets,)
    required: np.ndarray  # (targets, tiers) bool
    feature_of: np.ndarray  # (targets,) index of the counted feature behind each target
    feature_mw: np.ndarray  # (features,) capacity of an energy node, 0 otherwise
    feature_people: np.ndarray  # (features,) people of a city, 0 otherwise
    feature_region: np.ndarray  # (features,) index into the regions, -1 outside them
    n_regions: int
    cells: Pairs

    @property
    def n_tiers(self) -> int:
        """How many tiers the scenario names."""
        return len(self.model.tier_names)

    def _tiers_present(self, pairs: Pairs, covering: np.ndarray) -> np.ndarray:
        present = np.zeros((pairs.n_rows, self.n_tiers), dtype=bool)
        present[pairs.row[covering], self.model.asset_tier[pairs.asset[covering]]] = True
        return present

    def outcome(self, phase: int, draw: Draw) -> Outcome:
        """What a draw gives in a phase (given by its position in ``days``)."""
        max_m, min_m = self.model.reach_m(draw)
        up = draw.up & self.in_place[phase]
        present = self._tiers_present(self.targets, self.targets.covering(up, max_m, min_m))
        meets = (present.sum(axis=1) >= self.min_depth) & ~(self.required & ~present).any(axis=1)
        cells = self._tiers_present(self.cells, self.cells.covering(up, max_m, min_m))
        return Outcome(meets=meets, depth=cells.sum(axis=1).astype(np.uint8))

    def measures(self, meets: np.ndarray) -> Measures:
        """MW and people meeting their requirement: a feature meets when each of its targets
        does; sums in feature order, as the summary's."""
        n_features = self.feature_mw.size
        failing = np.bincount(self.feature_of[~meets], minlength=n_features)
        counted = np.flatnonzero(failing == 0)
        region = self.feature_region[counted]
        inside = region >= 0
        return Measures(
            mw=_sum(self.feature_mw[counted]),
            people=_sum(self.feature_people[counted]),
            region_mw=np.bincount(
                region[inside], self.feature_mw[counted][inside], minlength=self.n_regions
            ),
            region_people=np.bincount(
                region[inside], self.feature_people[counted][inside], minlength=self.n_regions
            ),
        )

    def totals(self) -> Measures:
        """MW and people of every counted feature (what meeting is a share of)."""
        return self.measures(np.ones(self.min_depth.size, dtype=bool))


def _sum(values: np.ndarray) -> float:
    """The sum one addition at a time in order (``sum`` over the values, bit for bit)."""
    return float(np.bincount(np.zeros(values.size, dtype=np.int64), values, minlength=1)[0])
