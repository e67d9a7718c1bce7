"""Which assumption moves the result most: the share of the variance over draws of MW (or
people) meeting their requirement that each assumption explains on its own.

The share explained by an assumption X is Var(E[Y | X]) / Var(Y), the first-order
sensitivity index, estimated by grouping the draws: a range by deciles of its drawn values,
a tier's availability by how many of its assets stand and are up, a site by up or down. The
assumptions are drawn independently, so their shares add up to at most about 1; what is left
is explained only jointly. An assumption that does not matter still gets about
(groups - 1) / (draws - 1) from sampling noise: the ``noise_floor`` given with the shares.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DECILES", "binary_share", "decile_groups", "noise_floor", "share_explained"]

DECILES = 10


def decile_groups(values: np.ndarray) -> np.ndarray:
    """Each draw's decile (0-9) of a continuous value, by rank (ties in draw order)."""
    ranks = np.empty(values.size, dtype=np.int64)
    ranks[np.argsort(values, kind="stable")] = np.arange(values.size)
    return ranks * DECILES // max(values.size, 1)


def share_explained(y: np.ndarray, groups: np.ndarray) -> float:
    """Var(E[Y | group]) / Var(Y) over draws; 0 when Y does not vary."""
    centred = y - y.mean()
    total = float(centred @ centred)
    if total <= 0.0:
        return 0.0
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    means = np.bincount(inverse.ravel(), centred) / counts
    return float(counts @ means**2) / total


def binary_share(y: np.ndarray, down: np.ndarray, down_sum: np.ndarray) -> np.ndarray:
    """The share explained by each site's being up or down, from how many draws had it down
    (``down``) and the sum of Y over them (``down_sum``), per site."""
    n = y.size
    centred_total = float(((y - y.mean()) ** 2).sum())
    if centred_total <= 0.0 or n == 0:
        return np.zeros(down.size)
    up = n - down
    mean_down = np.where(down > 0, down_sum / np.maximum(down, 1), 0.0) - y.mean()
    mean_up = np.where(up > 0, (y.sum() - down_sum) / np.maximum(up, 1), 0.0) - y.mean()
    return (down * mean_down**2 + up * mean_up**2) / centred_total


def noise_floor(groups: int, draws: int) -> float:
    """The share an assumption that does not matter gets from sampling noise, about."""
    return (groups - 1) / (draws - 1) if draws > 1 else 0.0
