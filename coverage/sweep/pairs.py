"""Which assets some draw could make cover which targets and cells, with the distances that
decide it: computed once, so that a draw is a comparison.

A pair (row, asset) is kept when the asset's widest reach over all draws holds the row:
for a cell, its centre; for a target, every one of its samples (see
``umbrella.coverage.targets``), each within the asset's sector if it has one (sectors are
fixed). ``far_m`` and ``near_m`` are the largest and smallest exact geodesic distance
(``Geod.inv`` from the asset, as the kernel decides) from the asset to the row's samples, so
under a draw the asset covers the row exactly when ``near_m >= min range``,
``far_m <= max range``, and it does not stand on a non-point target with a minimum range
(``on_target``; its blind disc would lie inside the target).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Pairs"]


@dataclass(frozen=True, eq=False)
class Pairs:
    """(row, asset) pairs that some draw could cover, with their deciding distances."""

    n_rows: int
    row: np.ndarray  # int64
    asset: np.ndarray  # int64, index into the covering assets
    far_m: np.ndarray
    near_m: np.ndarray
    on_target: np.ndarray  # bool: the asset stands on the (non-point) target

    def covering(
        self, up: np.ndarray, max_range_m: np.ndarray, min_range_m: np.ndarray
    ) -> np.ndarray:
        """(pairs,) whether each pair covers, for assets up with these ranges (per asset)."""
        minimum = min_range_m[self.asset]
        return (
            up[self.asset]
            & (self.far_m <= max_range_m[self.asset])
            & (self.near_m >= minimum)
            & ~(self.on_target & (minimum > 0))
        )
