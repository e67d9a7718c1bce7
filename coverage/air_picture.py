"""The air picture: what the scenario's sensors see at each altitude band, phase by phase.

A sensor sees a point at altitude h when the point lies within both its detection range and
its radar horizon for h over a 4/3 earth (``radar_horizon_km``), and in its sector if it has
one; whether it does is decided by the exact geodesic kernel (targets seen), and the areas are
those of the sensors' seen discs drawn to ``TOLERANCE_M``. The discs are drawn once per sensor
and band (``SensorDiscs.draw``) and combined per phase. Sensors add nothing to the defended
depth: the air picture is apart from coverage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.assets import SensorTable
from umbrella.coverage.clipping import clip_to, outside_of
from umbrella.coverage.depth import area_km2, solid
from umbrella.coverage.drawings import drawn_rings
from umbrella.coverage.grid import SeenBand
from umbrella.coverage.result import (
    AirPicture,
    AirPictureRow,
    PictureArea,
    PictureGap,
    SensorSite,
    TargetCoverage,
)
from umbrella.coverage.scenario import Asset, Scenario
from umbrella.coverage.summary import distinct_features
from umbrella.coverage.targets import TargetTable
from umbrella.geo import polygonal

__all__ = ["TOLERANCE_M", "Band", "SensorDiscs", "seen_at_least"]

TOLERANCE_M = 10.0
"""How far a drawn edge of a seen disc may lie from the true one (as for footprints)."""


@dataclass(frozen=True)
class Band:
    """An altitude band of the scenario: its name, label and altitude in metres."""

    name: str
    label: str
    altitude_m: float


@dataclass(frozen=True)
class SensorDiscs:
    """Every sensor's seen area at every band, drawn once for all phases."""

    assets: tuple[Asset, ...]  # every sensor of the scenario, in scenario order
    sensors: SensorTable  # the same, as arrays
    bands: tuple[Band, ...]
    discs: tuple[NDArray[np.object_], ...]  # per band: each sensor's seen polygon

    @classmethod
    def draw(cls, scenario: Scenario) -> SensorDiscs:
        """Draw the seen disc (or fan) of each sensor of a resolved scenario at each band."""
        assets = scenario.sensors()
        sensors = SensorTable.of(assets)
        bands = tuple(
            Band(name, band.label or name, band.altitude_m)
            for name, band in scenario.altitude_bands.items()
        )
        discs = tuple(
            drawn_rings(
                sensors.lon,
                sensors.lat,
                sensors.seen_range_m(band.altitude_m),
                azimuth_deg=sensors.azimuth_deg,
                width_deg=sensors.width_deg,
                tolerance_m=TOLERANCE_M,
            )
            for band in bands
        )
        return cls(
            assets=tuple(assets),
            sensors=sensors,
            bands=bands,
            discs=discs,
        )

    def in_place(self, day: int) -> NDArray[np.bool_]:
        """Which sensors stand on ``day`` (``Asset.in_place``)."""
        return np.array([asset.in_place(day) for asset in self.assets], dtype=bool)

    def sites(self, day: int) -> tuple[SensorSite, ...]:
        """The sensors standing on ``day``, with their reach at every band."""
        index = np.flatnonzero(self.in_place(day))
        reach = [self.sensors.seen_range_m(band.altitude_m) for band in self.bands]
        return tuple(
            SensorSite(
                asset_id=self.sensors.ids[i],
                range_km=float(self.sensors.range_m[i]) / 1000.0,
                sensor_height_m=float(self.sensors.mast_height_m[i]),
                seen_range_km_by_band=tuple(
                    (band.name, float(km[i]) / 1000.0)
                    for band, km in zip(self.bands, reach, strict=True)
                ),
                geometry=shapely.Point(self.sensors.lon[i], self.sensors.lat[i]),
            )
            for i in index
        )

    def grid_bands(self, day: int) -> list[SeenBand]:
        """The depth grid's bands of the air picture on ``day``: one per altitude band."""
        sensors = self.sensors.take(self.in_place(day))
        return [
            SeenBand(
                description=(
                    f"air picture {band.name} ({band.altitude_m:g} m): "
                    "sensors seeing the cell centre"
                ),
                lon=sensors.lon,
                lat=sensors.lat,
                range_m=sensors.seen_range_m(band.altitude_m),
                azimuth_deg=sensors.azimuth_deg,
                width_deg=sensors.width_deg,
            )
            for band in self.bands
        ]

    def targets_seen(self, day: int, targets: TargetTable) -> dict[str, tuple[str, ...]]:
        """Per band, the ids of the targets seen on ``day``: every sample of the target lies
        where some sensor sees at the band's altitude (exact kernel)."""
        sensors = self.sensors.take(self.in_place(day))
        return {band.name: _targets_seen(sensors, band.altitude_m, targets) for band in self.bands}

    def pictures(
        self, day: int, area_of_interest: BaseGeometry, total_km2: float
    ) -> tuple[AirPicture, ...]:
        """The air picture of every band on ``day`` over ``area_of_interest`` (of ``total_km2``)."""
        standing = self.in_place(day)
        pictures = []
        for band, discs in zip(self.bands, self.discs, strict=True):
            once, twice = seen_at_least(list(discs[standing]))
            pictures.append(
                AirPicture(
                    band=band.name,
                    seen=_picture_area(band, 1, once, area_of_interest, total_km2),
                    redundant=_picture_area(band, 2, twice, area_of_interest, total_km2),
                    gaps=_gaps(band, once, area_of_interest),
                )
            )
        return tuple(pictures)

    def rows(
        self, pictures: Sequence[AirPicture], sensors: int, targets: Sequence[TargetCoverage]
    ) -> tuple[AirPictureRow, ...]:
        """The summary's figures of each band's picture, with ``sensors`` in place; targets
        seen are counted from the targets' ``seen_in_bands``, each public-layer feature once."""
        features = distinct_features(targets)
        rows = []
        for band, picture in zip(self.bands, pictures, strict=True):
            seen = [t for t in features if band.name in t.seen_in_bands]
            rows.append(
                AirPictureRow(
                    band=band.name,
                    label=band.label,
                    altitude_m=band.altitude_m,
                    sensors=sensors,
                    seen_km2=picture.seen.area_km2,
                    seen_share=picture.seen.share_of_region,
                    redundant_km2=picture.redundant.area_km2,
                    redundant_share=picture.redundant.share_of_region,
                    gaps=len(picture.gaps),
                    largest_gap_km2=max((gap.area_km2 for gap in picture.gaps), default=0.0),
                    targets_seen=len(seen),
                    energy_mw_share_seen=_weight_share(features, seen, "energy"),
                    population_share_seen=_weight_share(features, seen, "city"),
                )
            )
        return tuple(rows)


def seen_at_least(discs: Sequence[BaseGeometry]) -> tuple[BaseGeometry, BaseGeometry]:
    """(seen by at least one, seen by at least two) of the given seen discs, as polygons."""
    once: BaseGeometry = shapely.Polygon()
    twice: BaseGeometry = shapely.Polygon()
    for disc in discs:
        twice = shapely.union(twice, shapely.intersection(once, disc))
        once = shapely.union(once, disc)
    return polygonal(once), polygonal(twice)


def _picture_area(
    band: Band, min_sensors: int, seen: BaseGeometry, area: BaseGeometry, total_km2: float
) -> PictureArea:
    inside_km2 = area_km2(solid(clip_to(seen, area)))
    return PictureArea(
        band=band.name,
        altitude_m=band.altitude_m,
        min_sensors=min_sensors,
        area_km2=inside_km2,
        share_of_region=inside_km2 / total_km2 if total_km2 > 0 else 0.0,
        geometry=seen,
    )


def _gaps(band: Band, seen: BaseGeometry, area: BaseGeometry) -> tuple[PictureGap, ...]:
    """The connected parts of the area no sensor sees, largest first (without the slivers
    that overlaying shapes drawn to a tolerance leaves, as for coverage)."""
    parts = shapely.get_parts(solid(outside_of(area, seen)))
    gaps = [
        PictureGap(band.name, band.altitude_m, area_km2(part), part)
        for part in parts
        if not part.is_empty
    ]
    return tuple(sorted(gaps, key=lambda gap: -gap.area_km2))


def _targets_seen(sensors: SensorTable, altitude_m: float, targets: TargetTable) -> tuple[str, ...]:
    """Ids of the targets every sample of which some sensor sees at ``altitude_m``."""
    if len(targets) == 0:
        return ()
    seen = sensors.seeing(targets.sample_lon, targets.sample_lat, altitude_m).counts() > 0
    unseen_samples = np.bincount(targets.sample_owner, weights=~seen, minlength=len(targets))
    return tuple(targets.ids[t] for t in np.flatnonzero(unseen_samples == 0))


def _weight_share(
    features: Sequence[TargetCoverage], chosen: Sequence[TargetCoverage], kind: str
) -> float:
    total = sum(t.weight for t in features if t.kind == kind)
    return sum(t.weight for t in chosen if t.kind == kind) / total if total > 0 else 0.0
