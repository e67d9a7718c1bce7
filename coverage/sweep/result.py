"""The result of a sweep: frozen records, complete when returned.

Shares are fractions of the draws (0-1). A target is **robust** when it meets its
requirement in at least ``ROBUST_SHARE`` of the draws, **exposed** when in at most
``EXPOSED_SHARE``, and **contested** in between.
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from umbrella.coverage.result import Provenance

__all__ = [
    "CLASSES",
    "EXPOSED_SHARE",
    "ROBUST_SHARE",
    "Assumption",
    "Driver",
    "ProbabilityArea",
    "RegionSpread",
    "Spread",
    "SweepPhase",
    "SweepResult",
    "TargetShare",
    "robustness",
]

ROBUST_SHARE = 0.95
EXPOSED_SHARE = 0.05
CLASSES = ("robust", "contested", "exposed")


def robustness(share: float) -> str:
    """The class of a share of draws: robust, contested or exposed."""
    if share >= ROBUST_SHARE:
        return "robust"
    if share <= EXPOSED_SHARE:
        return "exposed"
    return "contested"


@dataclass(frozen=True)
class Assumption:
    """One assumption of the scenario as the sweep drew it: its name and what it says."""

    name: str  # tiers.short.range_km, tiers.short.availability
    text: str  # "triangular 20 / 30 / 35 km", "0.9: each site up with this chance"


@dataclass(frozen=True)
class Spread:
    """A measure over the draws: P5, P50 and P95, its nominal value (the analysis') and the
    whole it is part of (all MW or all people in scope)."""

    p5: float
    p50: float
    p95: float
    nominal: float
    total: float


@dataclass(frozen=True)
class TargetShare:
    """A target, the share of draws in which it meets its requirement, and its class."""

    id: str
    target_set: str
    name: str
    kind: str
    fuel: str
    weight: float
    region: str
    geometry: BaseGeometry
    min_depth: int
    required_tiers: tuple[str, ...]
    meets_nominal: bool  # what the analysis (nominal ranges, every asset up) says
    share_meeting: float
    robustness: str


@dataclass(frozen=True)
class RegionSpread:
    """An admin-1 region: MW and people meeting their requirement over the draws."""

    region: str
    name: str
    capacity_mw: float
    capacity_mw_meeting_p5: float
    capacity_mw_meeting_p50: float
    capacity_mw_meeting_p95: float
    capacity_mw_meeting_nominal: float
    population: float
    population_meeting_p5: float
    population_meeting_p50: float
    population_meeting_p95: float
    population_meeting_nominal: float


@dataclass(frozen=True)
class Driver:
    """How much of the spread of MW and of people meeting one assumption explains alone."""

    assumption: str  # tiers.long.range_km, tiers.short.availability, assets.long-kyiv
    mw_share_explained: float
    population_share_explained: float


@dataclass(frozen=True)
class ProbabilityArea:
    """Where depth reaches ``depth_at_least`` in a class of the share of draws."""

    depth_at_least: int
    robustness: str
    share_low: float
    share_high: float
    area_km2: float
    geometry: BaseGeometry


@dataclass(frozen=True)
class SweepPhase:
    """One phase of a sweep."""

    day: int
    label: str
    robust: int  # targets
    contested: int
    exposed: int
    energy_mw_meeting: Spread
    population_meeting: Spread
    regions: tuple[RegionSpread, ...]
    drivers: tuple[Driver, ...]  # assumptions, the most telling first
    sites: tuple[Driver, ...]  # the sites whose being down tells most, at most ten
    noise_floor: float  # share explained that sampling noise alone gives a range
    targets: tuple[TargetShare, ...]
    probability_areas: tuple[ProbabilityArea, ...]
    probability_cog: bytes  # GeoTIFF: share of draws with depth >= 1, 2, 3 per cell


@dataclass(frozen=True)
class SweepResult:
    """A sweep: how it was drawn and what each phase gave."""

    provenance: Provenance
    draws: int
    seed: int
    assumptions: tuple[Assumption, ...]
    phases: tuple[SweepPhase, ...]

    def phase(self, day: int) -> SweepPhase:
        """The phase starting on ``day``; KeyError if none."""
        for phase in self.phases:
            if phase.day == day:
                return phase
        raise KeyError(day)
