"""The assets in place on a day, as arrays for the kernel: ranges after defaults and horizon."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from umbrella.coverage.scenario import Asset, Location, Scenario
from umbrella.geo import CoverMatrix, covering_assets

__all__ = ["AssetTable", "lonlat"]


def lonlat(location: Location) -> tuple[float, float]:
    """The coordinates of a resolved location (place names are resolved before analysis)."""
    if isinstance(location, str):
        raise TypeError(f"place {location!r} was not resolved before the analysis")
    return location


@dataclass(frozen=True)
class AssetTable:
    """Column arrays of the assets in place on one day, in scenario order."""

    ids: tuple[str, ...]
    kinds: tuple[str, ...]
    tiers: tuple[str, ...]
    lon: np.ndarray
    lat: np.ndarray
    max_range_m: np.ndarray
    min_range_m: np.ndarray
    azimuth_deg: np.ndarray  # 0 where the asset has no sector
    width_deg: np.ndarray  # 360 where the asset has no sector
    horizon_limited: np.ndarray  # bool: the radar horizon, not the nominal range, bounds it

    @classmethod
    def in_place(cls, scenario: Scenario, day: int) -> AssetTable:
        """The assets standing on ``day``: range from the asset or its tier, capped by horizon."""
        return cls.of(scenario, [asset for asset in scenario.assets if asset.from_day <= day])

    @classmethod
    def of(cls, scenario: Scenario, assets: list[Asset]) -> AssetTable:
        """The given assets of the scenario, in the given order."""
        reaches = [scenario.reach_km(asset) for asset in assets]
        coordinates = np.array([lonlat(a.location) for a in assets], dtype=float).reshape(-1, 2)
        return cls(
            ids=tuple(a.id for a in assets),
            kinds=tuple(a.kind.value for a in assets),
            tiers=tuple(a.tier for a in assets),
            lon=coordinates[:, 0],
            lat=coordinates[:, 1],
            max_range_m=np.array([r[0] for r in reaches], dtype=float) * 1000.0,
            min_range_m=np.array([r[1] for r in reaches], dtype=float) * 1000.0,
            azimuth_deg=np.array([a.sector.azimuth_deg if a.sector else 0.0 for a in assets]),
            width_deg=np.array([a.sector.width_deg if a.sector else 360.0 for a in assets]),
            horizon_limited=np.array([r[2] for r in reaches], dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def covering(
        self, lon: np.ndarray, lat: np.ndarray, *, with_distance: bool = True
    ) -> CoverMatrix:
        """Which of these assets cover each point, by the exact geodesic kernel."""
        return covering_assets(
            lon,
            lat,
            self.lon,
            self.lat,
            self.max_range_m,
            min_range_m=self.min_range_m,
            azimuth_deg=self.azimuth_deg,
            width_deg=self.width_deg,
            with_distance=with_distance,
        )

    def tier_codes(self, tier_names: list[str]) -> np.ndarray:
        """Each asset's tier as an index into ``tier_names``."""
        index = {name: i for i, name in enumerate(tier_names)}
        return np.array([index[tier] for tier in self.tiers], dtype=np.int64)
