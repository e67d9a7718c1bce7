"""The analysis result: frozen records, complete when returned, one set per phase.

Geometries are shapely 2 objects (immutable) in lon/lat (EPSG:4326); sequences are tuples.
The writers in ``umbrella.coverage.writers`` turn these records into GeoJSON and friends.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeVar

from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "AirPicture",
    "AirPictureRow",
    "AnalysisResult",
    "AssetFootprint",
    "CorridorCoverage",
    "CorridorStretch",
    "DepotLink",
    "DepthArea",
    "DepthGrid",
    "GapArea",
    "GoalResult",
    "NoGoArea",
    "PhaseResult",
    "PhaseSummary",
    "PictureArea",
    "PictureGap",
    "Provenance",
    "RegionRow",
    "SensorSite",
    "TargetCoverage",
    "TargetSetRow",
    "TierArea",
    "Violation",
    "records_by_column",
]

Record = TypeVar("Record", bound="DataclassInstance")


@dataclass(frozen=True, slots=True)
class TargetCoverage:
    """One target: what covers it, at what depth, and whether it meets its requirement."""

    id: str
    target_set: str
    name: str
    kind: str  # "energy", "city" or "user"
    weight: float  # MW for energy nodes, population for cities, 1 for the user's own
    region: str  # ISO 3166-2 code of the admin-1 region it lies in, "" if none
    geometry: BaseGeometry
    asset_ids: tuple[str, ...]
    asset_distances_km: tuple[float, ...]
    tiers: tuple[str, ...]
    depth: int
    min_depth: int
    required_tiers: tuple[str, ...]
    meets_requirement: bool
    seen_in_bands: tuple[str, ...] = ()  # the altitude bands at which the air picture sees it
    fuel: str = ""  # an energy node's primary fuel (lower case), "" for other targets


@dataclass(frozen=True)
class AssetFootprint:
    """The drawn reach of one asset in place at the phase."""

    asset_id: str
    kind: str
    tier: str
    range_km: float  # after the radar-horizon cap, if any
    min_range_km: float
    horizon_limited: bool
    geometry: BaseGeometry


@dataclass(frozen=True)
class TierArea:
    """The union of the footprints of one tier, and the share of the area of interest it covers."""

    tier: str
    geometry: BaseGeometry
    area_km2: float
    share_of_region: float


@dataclass(frozen=True)
class DepthArea:
    """Where exactly ``depth`` distinct tiers cover, inside the area of interest."""

    depth: int
    geometry: BaseGeometry
    area_km2: float


@dataclass(frozen=True)
class GapArea:
    """The part of the area of interest that no asset covers."""

    geometry: BaseGeometry
    area_km2: float
    share_of_region: float


@dataclass(frozen=True)
class DepthGrid:
    """The depth raster as Cloud-Optimized GeoTIFF bytes, in an equal-area CRS."""

    cog_bytes: bytes
    crs_wkt: str
    cell_size_m: float
    width: int
    height: int


@dataclass(frozen=True)
class CorridorStretch:
    """An uncovered stretch of a corridor, in km from its start."""

    start_km: float
    end_km: float
    geometry: BaseGeometry


@dataclass(frozen=True)
class CorridorCoverage:
    """How much of a corridor's length each tier covers, and where nothing does."""

    id: str
    kind: str
    width_km: float
    length_km: float
    covered_share: float  # by any tier
    covered_share_by_tier: tuple[tuple[str, float], ...]
    uncovered: tuple[CorridorStretch, ...]
    geometry: BaseGeometry


@dataclass(frozen=True)
class DepotLink:
    """An asset, its nearest depot in place at the phase, and whether it is within resupply."""

    asset_id: str
    depot_id: str  # "" when no depot stands yet
    distance_km: float  # inf when no depot stands yet
    beyond_resupply: bool
    geometry: BaseGeometry  # the asset's location


@dataclass(frozen=True)
class NoGoArea:
    """A no-go zone as drawn."""

    id: str
    label: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class Violation:
    """An asset or depot standing inside a no-go zone: reported, never moved."""

    item_id: str
    item_kind: str  # "asset" or "depot"
    zone_id: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class SensorSite:
    """A sensor in place at the phase: its detection range, mast height and reach per band."""

    asset_id: str
    range_km: float
    sensor_height_m: float
    seen_range_km_by_band: tuple[tuple[str, float], ...]  # (band, km) after the radar horizon
    geometry: BaseGeometry  # the sensor's location


@dataclass(frozen=True)
class PictureArea:
    """Where at least ``min_sensors`` sensors see a target flying at the band's altitude."""

    band: str
    altitude_m: float
    min_sensors: int
    area_km2: float  # inside the area of interest
    share_of_region: float
    geometry: BaseGeometry  # as seen, beyond the area of interest too


@dataclass(frozen=True)
class PictureGap:
    """One connected part of the area of interest that no sensor sees at the band's altitude."""

    band: str
    altitude_m: float
    area_km2: float
    geometry: BaseGeometry


@dataclass(frozen=True)
class AirPicture:
    """The air picture of one altitude band at the phase, as drawn: seen, seen twice, gaps."""

    band: str
    seen: PictureArea  # by at least one sensor
    redundant: PictureArea  # by at least two sensors
    gaps: tuple[PictureGap, ...]  # largest first


@dataclass(frozen=True)
class AirPictureRow:
    """The figures of one altitude band's air picture at the phase (the summary's line)."""

    band: str
    label: str
    altitude_m: float
    sensors: int  # sensors in place
    seen_km2: float  # inside the area of interest, by at least one sensor
    seen_share: float
    redundant_km2: float  # inside the area of interest, by at least two sensors
    redundant_share: float
    gaps: int  # connected unseen parts of the area of interest
    largest_gap_km2: float
    targets_seen: int  # each public-layer feature once
    energy_mw_share_seen: float
    population_share_seen: float


@dataclass(frozen=True)
class GoalResult:
    """One goal of a phase against the analysis: the measured value, met or not, the margin.

    The margin is how far the value is on the good side of the threshold (negative: short of
    it): value - threshold for ``>=`` and ``>``, threshold - value for ``<=`` and ``<``, and
    -|value - threshold| for ``==``. A goal at its threshold has margin 0 and is met unless
    its comparison is strict.
    """

    goal: str  # as written: "corridor_share_covered[logistics-north] >= 0.95"
    measure: str
    of: str | None
    op: str
    threshold: float
    unit: str
    value: float
    met: bool
    margin: float


@dataclass(frozen=True)
class RegionRow:
    """One admin-1 region's line of the summary table."""

    region: str
    name: str
    targets: int
    targets_meeting: int
    capacity_mw: float
    capacity_mw_meeting: float
    population: float
    population_meeting: float


@dataclass(frozen=True)
class TargetSetRow:
    """One target set: what it selects, what it requires, and how much of it meets that."""

    target_set: str
    source: str  # "energy" or "cities" (a public layer), or "user" (the scenario's GeoJSON)
    selection: str  # which features the set holds, in words
    requirement: str  # what each of its targets needs, in words
    min_depth: int
    required_tiers: tuple[str, ...]
    targets: int
    targets_meeting: int
    weight_unit: str  # "MW", "people" or "targets"
    weight: float
    weight_meeting: float


@dataclass(frozen=True)
class PhaseSummary:
    """The figures an analyst quotes for one phase."""

    day: int
    label: str
    assets_in_place: int
    energy_mw_total: float
    energy_mw_share_meeting: float
    energy_mw_share_by_depth: tuple[tuple[str, float], ...]  # ("1", s), ("2", s), ("3+", s)
    population_total: float
    population_share_meeting: float
    population_share_by_depth: tuple[tuple[str, float], ...]
    region_area_km2: float
    region_area_share_by_tier: tuple[tuple[str, float], ...]
    gap_area_share: float
    violations: int
    assets_beyond_resupply: int
    regions: tuple[RegionRow, ...]
    target_sets: tuple[TargetSetRow, ...] = ()
    sensors_in_place: int = 0
    air_picture: tuple[AirPictureRow, ...] = ()  # one per altitude band, in the scenario's order
    scorecard: tuple[GoalResult, ...] = ()  # one per goal of the phase, in the phase's order


@dataclass(frozen=True)
class PhaseResult:
    """Everything the analysis says about one phase."""

    summary: PhaseSummary
    targets: tuple[TargetCoverage, ...]
    footprints: tuple[AssetFootprint, ...]
    coverage: tuple[TierArea, ...]
    depth: tuple[DepthArea, ...]
    gaps: GapArea
    depth_grid: DepthGrid | None
    corridors: tuple[CorridorCoverage, ...]
    depots: tuple[DepotLink, ...]
    no_go: tuple[NoGoArea, ...]
    violations: tuple[Violation, ...]
    sensors: tuple[SensorSite, ...] = ()
    air_picture: tuple[AirPicture, ...] = ()  # one per altitude band, in the scenario's order


@dataclass(frozen=True)
class Provenance:
    """Where a result comes from: the scenario's hash, the data's sources, the software."""

    scenario_hash: str
    scenario_name: str
    software_version: str
    sources: tuple[tuple[str, str, str], ...]  # (layer, source, licence)
    notice: str


@dataclass(frozen=True)
class AnalysisResult:
    """The result for every requested phase, in timeline order."""

    provenance: Provenance
    phases: tuple[PhaseResult, ...]

    def phase(self, day: int) -> PhaseResult:
        """The result of the phase that starts on ``day``."""
        for result in self.phases:
            if result.summary.day == day:
                return result
        raise KeyError(day)


def records_by_column(
    record_type: type[Record], columns: Mapping[str, Sequence[Any]]
) -> tuple[Record, ...]:
    """The records ``record_type(**row)`` for each row of ``columns`` (one column per field,
    all of one length), for a frozen dataclass with slots and no ``__post_init__``.

    No ``__init__`` runs: each field is stored on every record in one pass through its slot,
    under half the cost of a frozen ``__init__`` (a call, then one ``object.__setattr__`` per
    field) for the hundreds of thousands of targets of a large scenario.
    """
    names = [field.name for field in fields(record_type)]
    if sorted(columns) != sorted(names):
        raise ValueError(f"columns {sorted(columns)} are not the fields {sorted(names)}")
    lengths = {len(column) for column in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths {sorted(lengths)}")
    records = list(map(object.__new__, repeat(record_type, lengths.pop() if lengths else 0)))
    for name in names:
        deque(map(getattr(record_type, name).__set__, records, columns[name]), maxlen=0)
    return tuple(records)
