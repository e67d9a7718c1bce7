"""The assets in place on a day, as arrays for the kernel: ranges after defaults and horizon.

``AssetTable`` holds the assets that cover (every kind but ``sensor``); ``SensorTable`` the
sensors, whose reach depends on the altitude they look at. Both select what stands on a day
by ``Asset.in_place``: from ``from_day`` up to, not including, ``until_day``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from umbrella.coverage.scenario import Asset, Location, Scenario, radar_horizon_km
from umbrella.geo import CoverMatrix, covering_assets

__all__ = ["AssetTable", "SensorTable", "lonlat"]


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
        """The covering assets standing on ``day``: range from the asset or its tier, capped by
        horizon. Sensors are not among them: they add no depth."""
        return cls.of(
            scenario,
            [asset for asset in scenario.assets if asset.in_place(day) and not asset.is_sensor],
        )

    @classmethod
    def of(cls, scenario: Scenario, assets: list[Asset]) -> AssetTable:
        """The given covering assets of the scenario (no sensors), in the given order."""
        reaches = [scenario.reach_km(asset) for asset in assets]
        lon, lat, azimuth, width = _sites(assets)
        return cls(
            ids=tuple(a.id for a in assets),
            kinds=tuple(a.kind.value for a in assets),
            tiers=tuple(str(a.tier) for a in assets),
            lon=lon,
            lat=lat,
            max_range_m=np.array([r[0] for r in reaches], dtype=float) * 1000.0,
            min_range_m=np.array([r[1] for r in reaches], dtype=float) * 1000.0,
            azimuth_deg=azimuth,
            width_deg=width,
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


def _sites(assets: list[Asset]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(lon, lat, sector azimuth, sector width) of assets: 0 and 360 where no sector."""
    coordinates = np.array([lonlat(a.location) for a in assets], dtype=float).reshape(-1, 2)
    azimuth = np.array([a.sector.azimuth_deg if a.sector else 0.0 for a in assets], dtype=float)
    width = np.array([a.sector.width_deg if a.sector else 360.0 for a in assets], dtype=float)
    return coordinates[:, 0], coordinates[:, 1], azimuth, width


@dataclass(frozen=True)
class SensorTable:
    """Column arrays of sensors, in scenario order: detection range and mast height."""

    ids: tuple[str, ...]
    lon: np.ndarray
    lat: np.ndarray
    range_m: np.ndarray  # detection range
    mast_height_m: np.ndarray
    azimuth_deg: np.ndarray  # 0 where the sensor has no sector
    width_deg: np.ndarray  # 360 where the sensor has no sector

    @classmethod
    def in_place(cls, scenario: Scenario, day: int) -> SensorTable:
        """The sensors standing on ``day``."""
        return cls.of([asset for asset in scenario.assets if asset.in_place(day)])

    @classmethod
    def of(cls, assets: list[Asset]) -> SensorTable:
        """The sensors among the given assets, in the given order."""
        sensors = [asset for asset in assets if asset.is_sensor]
        lon, lat, azimuth, width = _sites(sensors)
        return cls(
            ids=tuple(a.id for a in sensors),
            lon=lon,
            lat=lat,
            range_m=np.array([a.range_km for a in sensors], dtype=float) * 1000.0,
            mast_height_m=np.array([a.sensor_height_m for a in sensors], dtype=float),
            azimuth_deg=azimuth,
            width_deg=width,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, chosen: np.ndarray) -> SensorTable:
        """The sensors picked by a boolean mask (or index array), in table order."""
        index = np.arange(len(self.ids))[chosen]
        return SensorTable(
            ids=tuple(self.ids[i] for i in index),
            lon=self.lon[index],
            lat=self.lat[index],
            range_m=self.range_m[index],
            mast_height_m=self.mast_height_m[index],
            azimuth_deg=self.azimuth_deg[index],
            width_deg=self.width_deg[index],
        )

    def seen_range_m(self, altitude_m: float) -> np.ndarray:
        """How far each sensor sees a target at ``altitude_m``: its detection range, capped by
        the 4/3-earth radar horizon between its mast and that altitude."""
        horizon_m = np.array(
            [radar_horizon_km(float(h), altitude_m) * 1000.0 for h in self.mast_height_m],
            dtype=float,
        )
        return np.minimum(self.range_m, horizon_m)

    def seeing(self, lon: np.ndarray, lat: np.ndarray, altitude_m: float) -> CoverMatrix:
        """Which of these sensors see each point at ``altitude_m``, by the exact kernel."""
        return covering_assets(
            lon,
            lat,
            self.lon,
            self.lat,
            self.seen_range_m(altitude_m),
            azimuth_deg=self.azimuth_deg,
            width_deg=self.width_deg,
            with_distance=False,
        )
