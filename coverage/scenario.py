"""The scenario: one validated pydantic model of a notional posture, read from YAML or JSON.

Distances are in kilometres, angles in degrees clockwise from north, days from day 0.
A location is ``[lon, lat]`` or a place name that ``umbrella.coverage.places`` resolves
from the cities layer. Every error names the field's path and value, for example
``assets[3].range_km: must be > 0, got -5``.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from umbrella.coverage.assumptions import (
    DISTRIBUTION,
    NUMBER_TAG,
    TRIANGULAR_TAG,
    UNIFORM_TAG,
    Availability,
    Triangular,
    Uniform,
    bounds,
    distribution_problems,
    nominal,
)
from umbrella.coverage.decoding import Syntax, load_document
from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError, validation_problems
from umbrella.coverage.goals import GoalEntry, goal_problems
from umbrella.coverage.identity import scenario_hash
from umbrella.coverage.measures import KeyKind
from umbrella.coverage.user_geojson import FROM_JSON_TEXT, UserGeoJSON, check_polygon
from umbrella.geo.limits import MAX_BUFFER_M, MAX_RING_RADIUS_M, MIN_DRAWN_M

__all__ = [
    "AltitudeBand",
    "Asset",
    "AssetKind",
    "BorderBelt",
    "Corridor",
    "Depot",
    "NoGoZone",
    "Phase",
    "Proposal",
    "Scenario",
    "Sector",
    "TargetSet",
    "Tier",
    "load_scenario",
    "parse_scenario",
    "radar_horizon_km",
    "scenario_hash",
]

MIN_RANGE_KM = MIN_DRAWN_M / 1000.0  # the smallest ring or buffer geo can draw
MAX_RANGE_KM = MAX_RING_RADIUS_M / 1000.0  # the largest ring geo can draw
MAX_BUFFER_KM = MAX_BUFFER_M / 1000.0  # the largest geodesic buffer geo can draw
EARTH_MEAN_RADIUS_KM = 6371.0088
EFFECTIVE_EARTH_FACTOR = 4.0 / 3.0  # standard refraction: the "4/3 earth"


def radar_horizon_km(sensor_height_m: float, target_altitude_m: float) -> float:
    """Line-of-sight reach over a 4/3 earth between a sensor and a target at the given heights."""
    effective_radius_m = EFFECTIVE_EARTH_FACTOR * EARTH_MEAN_RADIUS_KM * 1000.0
    reach_m = math.sqrt(2 * effective_radius_m * sensor_height_m) + math.sqrt(
        2 * effective_radius_m * target_altitude_m
    )
    return reach_m / 1000.0


def _location(value: Any) -> Any:
    """Accept ``[lon, lat]`` (checked) or a non-empty place name."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("a place name must not be empty")
        return value.strip()
    if isinstance(value, list | tuple) and len(value) == 2:
        lon, lat = (_finite(v, name) for v, name in zip(value, ("lon", "lat"), strict=True))
        if not -180.0 <= lon <= 180.0:
            raise ValueError("lon must be in [-180, 180]")
        if not -90.0 <= lat <= 90.0:
            raise ValueError("lat must be in [-90, 90]")
        return (lon, lat)
    raise ValueError("must be [lon, lat] or a place name")


def _finite(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number")
    return float(value)


Location = Annotated[tuple[float, float] | str, BeforeValidator(_location)]
Identifier = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.:-]+$")]
RangeKm = Annotated[float, Field(ge=MIN_RANGE_KM, lt=MAX_RANGE_KM, allow_inf_nan=False)]
BufferKm = Annotated[float, Field(ge=MIN_RANGE_KM, lt=MAX_BUFFER_KM, allow_inf_nan=False)]
RegionCode = Annotated[
    str, Field(min_length=2, max_length=12, pattern=r"^[A-Za-z0-9-]+$"), AfterValidator(str.upper)
]


def _no_or_drawable_hole(value: float) -> float:
    if 0 < value < MIN_RANGE_KM:
        raise ValueError(f"must be 0 or >= {MIN_RANGE_KM:g}")
    return value


MinRangeKm = Annotated[
    float,
    Field(
        ge=0,
        lt=MAX_RANGE_KM,
        allow_inf_nan=False,
        json_schema_extra={"not": {"exclusiveMinimum": 0, "exclusiveMaximum": MIN_RANGE_KM}},
    ),
    AfterValidator(_no_or_drawable_hole),
]


class RangeTriangular(Triangular[RangeKm]):
    """A range in km drawn from a triangular distribution: ``{min, nominal, max}``."""


class RangeUniform(Uniform[RangeKm]):
    """A range in km drawn uniformly from ``{low, high}`` (nominal: the midpoint)."""


class MinRangeTriangular(Triangular[MinRangeKm]):
    """A minimum range in km drawn from a triangular distribution: ``{min, nominal, max}``."""


class MinRangeUniform(Uniform[MinRangeKm]):
    """A minimum range in km drawn uniformly from ``{low, high}`` (nominal: the midpoint)."""


RangeValue = Annotated[
    Annotated[RangeKm, NUMBER_TAG]
    | Annotated[RangeTriangular, TRIANGULAR_TAG]
    | Annotated[RangeUniform, UNIFORM_TAG],
    DISTRIBUTION,
]
MinRangeValue = Annotated[
    Annotated[MinRangeKm, NUMBER_TAG]
    | Annotated[MinRangeTriangular, TRIANGULAR_TAG]
    | Annotated[MinRangeUniform, UNIFORM_TAG],
    DISTRIBUTION,
]
Day = Annotated[int, Field(ge=0, le=100_000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AssetKind(StrEnum):
    """What an asset does: every kind but ``sensor`` covers a disc, annulus or fan of its tier;
    a sensor sees (the air picture) and adds nothing to the defended depth."""

    AIR_DEFENCE = "air_defence"
    COUNTER_DRONE = "counter_drone"
    ELECTRONIC_WARFARE = "electronic_warfare"
    REPAIR_TEAM = "repair_team"
    SENSOR = "sensor"
    OTHER = "other"


class Tier(_Model):
    """A named layer of defence with the default ranges of its assets (each a number or a
    distribution; see ``umbrella.coverage.assumptions``) and the chance that each of its
    assets is up on a given day."""

    range_km: RangeValue
    min_range_km: MinRangeValue = 0.0
    label: str | None = None
    availability: Availability = 1.0


class Sector(_Model):
    """A range fan: centre azimuth and full width, in degrees."""

    azimuth_deg: Annotated[float, Field(ge=0, lt=360, allow_inf_nan=False)]
    width_deg: Annotated[float, Field(gt=0, le=360, allow_inf_nan=False)]


Altitude = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]
Height = Annotated[float, Field(gt=0, le=100_000, allow_inf_nan=False)]


class Proposal(_Model):
    """Marks an asset that siting (``umbrella site``) proposed: its rank among the proposed
    sites and what it adds, taken in rank order, to the targets meeting their requirement
    (``gain`` in the siting objective's weights, also in MW and in people)."""

    rank: Annotated[int, Field(ge=1)]
    gain: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    gain_mw: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    gain_population: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0


class Asset(_Model):
    """Something that covers (a site of a tier) or sees (a sensor), in place from ``from_day``
    up to, not including, ``until_day``.

    A sensor has no tier: ``range_km`` is its detection range and ``sensor_height_m`` its
    mast height; what it sees at each altitude band is capped by the 4/3-earth horizon.
    """

    id: Identifier
    kind: AssetKind = AssetKind.AIR_DEFENCE
    tier: str | None = None
    location: Location
    range_km: RangeKm | None = None
    min_range_km: MinRangeKm | None = None
    sector: Sector | None = None
    from_day: Day = 0
    until_day: Day | None = None
    sensor_height_m: Height | None = None
    target_altitude_m: Altitude = 0.0
    availability: Availability | None = None  # None: the tier's
    proposed: Proposal | None = None

    @property
    def is_sensor(self) -> bool:
        """Whether the asset sees (the air picture) rather than covers."""
        return self.kind == AssetKind.SENSOR

    def in_place(self, day: int) -> bool:
        """Whether the asset stands on ``day``: from ``from_day`` up to, not including,
        ``until_day``."""
        return self.from_day <= day and (self.until_day is None or day < self.until_day)


class Depot(_Model):
    """Where reloads and spares come from, from a given day."""

    id: Identifier
    location: Location
    from_day: Day = 0


class Corridor(_Model):
    """A route with a width: coverage is measured along its centre line, stretch by stretch;
    the width is what maps draw around it."""

    id: Identifier
    kind: Literal["logistics", "medevac"] = "logistics"
    waypoints: Annotated[list[Location], Field(min_length=2, max_length=10_000)]
    width_km: Annotated[
        float, Field(ge=2 * MIN_RANGE_KM, lt=2 * MAX_BUFFER_KM, allow_inf_nan=False)
    ]


class BorderBelt(_Model):
    """A belt ``within_km`` wide along the land borders of the listed countries, outside them.

    ``measure_from``: ``land_border`` (default) measures from the countries' land borders
    only, so the belt neither follows their coasts nor reaches across a strait;
    ``territory`` measures from their whole territory, coasts included.
    """

    countries: Annotated[list[RegionCode], Field(min_length=1)]
    within_km: BufferKm
    measure_from: Literal["land_border", "territory"] = "land_border"


class NoGoZone(_Model):
    """Where no asset or depot may stand: a GeoJSON polygon, a region, or a border belt."""

    id: Identifier
    label: str | None = None
    polygon: dict[str, Any] | None = None
    region: RegionCode | None = None
    border_belt: BorderBelt | None = None

    @model_validator(mode="after")
    def _exactly_one_shape(self) -> NoGoZone:
        given = [k for k in ("polygon", "region", "border_belt") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of polygon, region, border_belt (given: {given})")
        return self

    @field_validator("polygon")
    @classmethod
    def _valid_polygon(cls, polygon: dict[str, Any] | None) -> dict[str, Any] | None:
        if polygon is not None:
            check_polygon(polygon)
        return polygon


class TargetSet(_Model):
    """Targets to protect and what they need: a public layer (filtered) or the user's GeoJSON."""

    id: Identifier
    layer: Literal["energy", "cities"] | None = None
    min_population: Annotated[int, Field(ge=0)] = 0
    min_capacity_mw: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    geojson: UserGeoJSON | None = None
    min_depth: Annotated[int, Field(ge=0, le=100)] = 1
    required_tiers: list[str] = []

    @model_validator(mode="after")
    def _exactly_one_source(self) -> TargetSet:
        if (self.layer is None) == (self.geojson is None):
            raise ValueError("give exactly one of layer, geojson")
        return self


class AltitudeBand(_Model):
    """An altitude at which the air picture is drawn (for example 100 m for drones)."""

    altitude_m: Altitude
    label: str | None = None


class Phase(_Model):
    """A day on the timeline, its label and the goals it should meet."""

    day: Day
    label: str = ""
    goals: Annotated[list[GoalEntry], Field(max_length=1000)] = []


class Scenario(_Model):
    """A notional posture over a region of interest."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: str = ""
    regions: Annotated[list[RegionCode], Field(min_length=1)]
    worldview: Literal["un", "de_facto"] = "un"
    tiers: Annotated[dict[Identifier, Tier], Field(min_length=1)]
    phases: Annotated[list[Phase], Field(min_length=1)] = [Phase(day=0, label="")]
    assets: Annotated[list[Asset], Field(max_length=100_000)]
    altitude_bands: Annotated[dict[Identifier, AltitudeBand], Field(max_length=20)] = {}
    depots: list[Depot] = []
    resupply_radius_km: RangeKm | None = None
    corridors: list[Corridor] = []
    no_go: list[NoGoZone] = []
    targets: Annotated[list[TargetSet], Field(min_length=1)]
    grid_cell_km: Annotated[float, Field(ge=0.5, le=500, allow_inf_nan=False)] = 10.0

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems = [
            problem
            for i, asset in enumerate(self.assets)
            for problem in self._asset_problems(i, asset)
        ]
        if any(asset.is_sensor for asset in self.assets) and not self.altitude_bands:
            problems.append(
                FieldProblem("altitude_bands", {}, "sensors need at least one altitude band")
            )
        ill_ranged = set()
        for name, ranged in self.tiers.items():
            tier_problems = distribution_problems(
                f"tiers.{name}", ranged.range_km, ranged.min_range_km
            )
            ill_ranged |= {name} if tier_problems else set()
            problems += tier_problems
        for i, asset in enumerate(self.assets):
            if asset.tier in self.tiers and not asset.is_sensor and asset.tier not in ill_ranged:
                reach, minimum = self.reach_bounds_km(asset)
                if self.horizon_km(asset) < MIN_RANGE_KM:
                    problems.append(_horizon_too_short(i, asset, self.horizon_km(asset)))
                elif minimum >= reach:
                    problems.append(
                        FieldProblem(
                            f"assets[{i}].min_range_km",
                            minimum,
                            f"must be < the asset's reach ({reach:g} km after defaults, horizon)",
                        )
                    )
        for i, target in enumerate(self.targets):
            for j, tier in enumerate(target.required_tiers):
                if tier not in self.tiers:
                    problems.append(
                        FieldProblem(
                            f"targets[{i}].required_tiers[{j}]",
                            tier,
                            f"must be one of {sorted(self.tiers)}",
                        )
                    )
        names: dict[KeyKind, list[str]] = {
            "tier": list(self.tiers),
            "corridor": [corridor.id for corridor in self.corridors],
            "band": list(self.altitude_bands),
        }
        for i, phase in enumerate(self.phases):
            for j, goal in enumerate(phase.goals):
                problems += goal_problems(goal, f"phases[{i}].goals[{j}]", names)
        days = [phase.day for phase in self.phases]
        if len(set(days)) != len(days):
            problems.append(FieldProblem("phases", days, "days must be distinct"))
        seen: dict[str, str] = {}
        for group in ("assets", "depots", "corridors", "no_go", "targets"):
            for i, item in enumerate(getattr(self, group)):
                if item.id in seen:
                    problems.append(
                        FieldProblem(
                            f"{group}[{i}].id", item.id, f"already used by {seen[item.id]}"
                        )
                    )
                seen.setdefault(item.id, f"{group}[{i}]")
        if problems:
            raise ScenarioError(problems)
        return self

    def _asset_problems(self, i: int, asset: Asset) -> list[FieldProblem]:
        """An asset's tier (a sensor has none), a sensor's own fields, and its days."""
        path = f"assets[{i}]"
        problems = []
        if asset.until_day is not None and asset.until_day <= asset.from_day:
            problems.append(
                FieldProblem(
                    f"{path}.until_day", asset.until_day, f"must be > from_day ({asset.from_day})"
                )
            )
        if not asset.is_sensor:
            if asset.tier not in self.tiers:
                problems.append(
                    FieldProblem(f"{path}.tier", asset.tier, f"must be one of {sorted(self.tiers)}")
                )
            return problems
        if asset.tier is not None:
            problems.append(
                FieldProblem(f"{path}.tier", asset.tier, "a sensor has no tier (it adds no depth)")
            )
        for name in ("range_km", "sensor_height_m"):
            if getattr(asset, name) is None:
                problems.append(
                    FieldProblem(f"{path}.{name}", NO_VALUE, "is required for a sensor")
                )
        if asset.min_range_km is not None:
            problems.append(
                FieldProblem(f"{path}.min_range_km", asset.min_range_km, "a sensor has none")
            )
        if asset.availability is not None:
            problems.append(
                FieldProblem(
                    f"{path}.availability",
                    asset.availability,
                    "a sensor has none (it adds no depth; sweeps draw covering assets only)",
                )
            )
        if asset.target_altitude_m != 0.0:
            problems.append(
                FieldProblem(
                    f"{path}.target_altitude_m",
                    asset.target_altitude_m,
                    "a sensor has none (altitude_bands give the altitudes it sees at)",
                )
            )
        if asset.sensor_height_m is not None and self.altitude_bands:
            lowest = min(band.altitude_m for band in self.altitude_bands.values())
            horizon = radar_horizon_km(asset.sensor_height_m, lowest)
            if horizon < MIN_RANGE_KM:
                problems.append(_horizon_too_short(i, asset, horizon))
        return problems

    def reach_km(self, asset: Asset) -> tuple[float, float, bool]:
        """(max range, min range, horizon-limited) of a covering asset (not a sensor) in km,
        after tier defaults."""
        if asset.tier is None:
            raise ValueError(f"asset {asset.id} has no tier (a sensor has no reach_km)")
        tier = self.tiers[asset.tier]
        reach = nominal(tier.range_km) if asset.range_km is None else asset.range_km
        minimum = nominal(tier.min_range_km) if asset.min_range_km is None else asset.min_range_km
        horizon = self.horizon_km(asset)
        return min(reach, horizon), minimum, horizon < reach

    def reach_bounds_km(self, asset: Asset) -> tuple[float, float]:
        """(smallest max range, largest min range) in km that a draw can give a covering asset,
        after tier defaults and horizon."""
        tier = self.tiers[str(asset.tier)]
        reach = bounds(tier.range_km)[0] if asset.range_km is None else asset.range_km
        minimum = bounds(tier.min_range_km)[1] if asset.min_range_km is None else asset.min_range_km
        return min(reach, self.horizon_km(asset)), minimum

    @staticmethod
    def horizon_km(asset: Asset) -> float:
        """The radar horizon that caps a covering asset's reach (inf without a mast height)."""
        if asset.sensor_height_m is None:
            return math.inf
        return radar_horizon_km(asset.sensor_height_m, asset.target_altitude_m)

    def availability(self, asset: Asset) -> float:
        """The chance that a covering asset is up on a given day: its own, or its tier's."""
        if asset.availability is not None:
            return asset.availability
        return self.tiers[str(asset.tier)].availability

    def sensors(self) -> list[Asset]:
        """The sensors, in scenario order."""
        return [asset for asset in self.assets if asset.is_sensor]

    def phase_days(self) -> list[int]:
        """The phase days in timeline order."""
        return sorted(phase.day for phase in self.phases)


def _horizon_too_short(i: int, asset: Asset, reach_km: float) -> FieldProblem:
    reason = f"gives a radar horizon of {reach_km:g} km, under {MIN_RANGE_KM:g} km"
    return FieldProblem(f"assets[{i}].sensor_height_m", asset.sensor_height_m, reason)


def parse_scenario(
    data: object, *, source: str = "<scenario>", syntax: Syntax = "yaml"
) -> Scenario:
    """Validate a scenario given as decoded data (a mapping) or as text.

    Text is read as YAML (which JSON text also is), or, faster, as JSON with ``syntax="json"``.
    """
    from_json = isinstance(data, str | bytes) and syntax == "json"
    if isinstance(data, str | bytes):
        data = load_document(data, source, syntax=syntax)
    if not isinstance(data, dict):
        raise ScenarioError([FieldProblem(source, type(data).__name__, "must be a mapping")])
    try:
        return Scenario.model_validate(data, context={FROM_JSON_TEXT: from_json})
    except ValidationError as error:
        raise ScenarioError(validation_problems(error)) from None


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file: JSON if its name ends in ``.json``, YAML otherwise."""
    try:
        text = path.read_bytes()
    except OSError as error:
        raise ScenarioError(
            [FieldProblem("scenario", str(path), f"cannot be read ({error.strerror})")]
        ) from None
    syntax: Syntax = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_scenario(text, source=str(path), syntax=syntax)
