"""Draws of a scenario's assumptions: each tier's ranges and whether each covering asset is up.

Draw ``i`` of seed ``s`` is made from its own stream, ``SeedSequence(s, spawn_key=(i,))`` (the
``i``-th child that ``SeedSequence(s).spawn`` would give), so it is the same whichever worker
makes it and however the draws are split. The stream gives, in this order, one uniform number
for each tier's range, one for each tier's minimum range (both in tier order), and one for
each covering asset (scenario order); a value is the inverse CDF at its number
(``quantile``) and an asset is up when its number is below its
availability. Tier ranges are shared by the tier's assets (an assumption about a system);
whether a site is up is drawn for each site, once per draw, and holds in every phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from umbrella.coverage.assumptions import Value, parameters

if TYPE_CHECKING:
    from umbrella.coverage.scenario import Scenario

__all__ = ["Draw", "DrawModel", "inverse_cdf", "quantile"]


@dataclass(frozen=True, eq=False)
class Draw:
    """One joint assumption: each tier's range and minimum range (km), each asset up or not."""

    index: int  # -1 for the nominal draw
    range_km: np.ndarray  # per tier
    min_range_km: np.ndarray  # per tier
    up: np.ndarray  # per covering asset


@dataclass(frozen=True, eq=False)
class DrawModel:
    """What varies between draws, and what an asset's reach is made of (see the module).

    A tier's range and minimum range are rows (low, mode, high) with a flag for uniform ones
    (``umbrella.coverage.assumptions.parameters``): plain numbers, so that workers need no
    scenario model to draw.
    """

    tier_names: tuple[str, ...]
    ranges: np.ndarray  # (tiers, 3): low, mode (nominal), high of each tier's range_km
    range_uniform: np.ndarray  # (tiers,) bool
    min_ranges: np.ndarray  # (tiers, 3) of each tier's min_range_km
    min_range_uniform: np.ndarray  # (tiers,) bool
    asset_ids: tuple[str, ...]  # the covering assets, in scenario order
    asset_tier: np.ndarray  # index into tier_names
    own_range_km: np.ndarray  # the asset's own range, NaN for its tier's
    own_min_range_km: np.ndarray  # the asset's own minimum range, NaN for its tier's
    horizon_km: np.ndarray  # the radar horizon capping the reach (inf without a mast)
    availability: np.ndarray

    @classmethod
    def of(cls, scenario: Scenario) -> DrawModel:
        """The model of a scenario's covering assets (sensors add no depth: they are left out)."""
        assets = [asset for asset in scenario.assets if not asset.is_sensor]
        names = tuple(scenario.tiers)
        index = {name: i for i, name in enumerate(names)}
        ranges = [parameters(tier.range_km) for tier in scenario.tiers.values()]
        minimums = [parameters(tier.min_range_km) for tier in scenario.tiers.values()]
        return cls(
            tier_names=names,
            ranges=np.array([p[:3] for p in ranges], dtype=float).reshape(-1, 3),
            range_uniform=np.array([p[3] for p in ranges], dtype=bool),
            min_ranges=np.array([p[:3] for p in minimums], dtype=float).reshape(-1, 3),
            min_range_uniform=np.array([p[3] for p in minimums], dtype=bool),
            asset_ids=tuple(asset.id for asset in assets),
            asset_tier=np.array([index[str(a.tier)] for a in assets], dtype=np.int64),
            own_range_km=_own([a.range_km for a in assets]),
            own_min_range_km=_own([a.min_range_km for a in assets]),
            horizon_km=np.array([scenario.horizon_km(a) for a in assets], dtype=float),
            availability=np.array([scenario.availability(a) for a in assets], dtype=float),
        )

    @property
    def n_uniforms(self) -> int:
        """How many uniform numbers one draw takes from its stream."""
        return 2 * len(self.tier_names) + len(self.asset_ids)

    def draw(self, seed: int, index: int) -> Draw:
        """Draw ``index`` of ``seed`` (see the module)."""
        stream = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
        u = stream.random(self.n_uniforms)
        n = len(self.tier_names)
        return Draw(
            index=index,
            range_km=_values(self.ranges, self.range_uniform, u[:n]),
            min_range_km=_values(self.min_ranges, self.min_range_uniform, u[n : 2 * n]),
            up=u[2 * n :] < self.availability,
        )

    def nominal(self) -> Draw:
        """The analysis' own assumption: nominal ranges, every asset up."""
        return Draw(
            index=-1,
            range_km=self.ranges[:, 1].copy(),
            min_range_km=self.min_ranges[:, 1].copy(),
            up=np.ones(len(self.asset_ids), dtype=bool),
        )

    def reach_m(self, draw: Draw) -> tuple[np.ndarray, np.ndarray]:
        """(max range, min range) of each covering asset in metres under a draw, computed as
        the analysis computes them (the asset's own or its tier's, capped by the horizon)."""
        reach_km = np.where(
            np.isnan(self.own_range_km), draw.range_km[self.asset_tier], self.own_range_km
        )
        minimum_km = np.where(
            np.isnan(self.own_min_range_km),
            draw.min_range_km[self.asset_tier],
            self.own_min_range_km,
        )
        return np.minimum(reach_km, self.horizon_km) * 1000.0, minimum_km * 1000.0

    def widest_m(self) -> np.ndarray:
        """The largest max range in metres that any draw can give each covering asset."""
        upper = self.ranges[:, 2]
        reach_km = np.where(np.isnan(self.own_range_km), upper[self.asset_tier], self.own_range_km)
        return np.minimum(reach_km, self.horizon_km) * 1000.0

    def varying(self) -> list[tuple[str, str, int]]:
        """(assumption name, kind, tier index) of every tier range that varies between draws:
        kind is ``range_km`` or ``min_range_km``."""
        found = []
        for t, name in enumerate(self.tier_names):
            for kind, rows in (("range_km", self.ranges), ("min_range_km", self.min_ranges)):
                if rows[t, 0] < rows[t, 2]:
                    found.append((f"tiers.{name}.{kind}", kind, t))
        return found


def _values(rows: np.ndarray, uniform: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Each row's distribution at its own uniform number."""
    return np.array(
        [
            float(inverse_cdf(row[0], row[1], row[2], bool(flag), x))
            for row, flag, x in zip(rows, uniform, u, strict=True)
        ],
        dtype=float,
    )


def _own(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def quantile(value: Value, u: ArrayLike) -> NDArray[np.float64]:
    """The inverse CDF at ``u`` in [0, 1): the drawn values (exact at the bounds' ends)."""
    return inverse_cdf(*parameters(value), u)


def inverse_cdf(
    low: float, mode: float, high: float, uniform: bool, u: ArrayLike
) -> NDArray[np.float64]:
    """The inverse CDF at ``u`` of the uniform (``uniform``) or triangular distribution from
    ``low`` to ``high`` (with its ``mode``); ``low == high`` gives ``low``."""
    u = np.asarray(u, dtype=np.float64)
    if low == high:
        return np.full(u.shape, low)
    if uniform:
        return np.minimum(low + u * (high - low), high)
    left = (mode - low) / (high - low)  # the CDF at the mode
    rising = low + np.sqrt(u * (high - low) * (mode - low))
    falling = high - np.sqrt((1.0 - u) * (high - low) * (high - mode))
    return np.clip(np.where(u < left, rising, falling), low, high)
