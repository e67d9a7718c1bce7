"""The scenario: one validated pydantic model of a notional posture, read from YAML or JSON.

Distances are in kilometres, angles in degrees clockwise from north, days from day 0.
A location is ``[lon, lat]`` or a place name that ``umbrella.coverage.places`` resolves
from the cities layer. Every error names the field's path and value, for example
``assets[3].range_km: must be > 0, got -5``.
"""

from __future__ import annotations

import hashlib
import json
import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import shapely
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
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError
from umbrella.coverage.safe_yaml import load_document
from umbrella.geo import MAX_BUFFER_M, MAX_RING_RADIUS_M

__all__ = [
    "Asset",
    "AssetKind",
    "BorderBelt",
    "Corridor",
    "Depot",
    "NoGoZone",
    "Phase",
    "Scenario",
    "Sector",
    "TargetSet",
    "Tier",
    "load_scenario",
    "parse_scenario",
    "radar_horizon_km",
    "scenario_hash",
    "user_features",
]

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
RangeKm = Annotated[float, Field(gt=0, lt=MAX_RANGE_KM, allow_inf_nan=False)]
BufferKm = Annotated[float, Field(gt=0, le=MAX_BUFFER_KM, allow_inf_nan=False)]
RegionCode = Annotated[
    str, Field(min_length=2, max_length=12, pattern=r"^[A-Za-z0-9-]+$"), AfterValidator(str.upper)
]
MinRangeKm = Annotated[float, Field(ge=0, lt=MAX_RANGE_KM, allow_inf_nan=False)]
Day = Annotated[int, Field(ge=0, le=100_000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AssetKind(StrEnum):
    """What an asset does; every kind covers a disc, annulus or fan."""

    AIR_DEFENCE = "air_defence"
    COUNTER_DRONE = "counter_drone"
    ELECTRONIC_WARFARE = "electronic_warfare"
    REPAIR_TEAM = "repair_team"
    OTHER = "other"


class Tier(_Model):
    """A named layer of defence with the default ranges of its assets."""

    range_km: RangeKm
    min_range_km: MinRangeKm = 0.0
    label: str | None = None

    @model_validator(mode="after")
    def _min_below_max(self) -> Tier:
        if self.min_range_km >= self.range_km:
            raise ValueError(f"min_range_km must be < range_km ({self.range_km:g})")
        return self


class Sector(_Model):
    """A range fan: centre azimuth and full width, in degrees."""

    azimuth_deg: Annotated[float, Field(ge=0, lt=360, allow_inf_nan=False)]
    width_deg: Annotated[float, Field(gt=0, le=360, allow_inf_nan=False)]


class Asset(_Model):
    """Something that covers: a site of a tier, with its range, sector and first day."""

    id: Identifier
    kind: AssetKind = AssetKind.AIR_DEFENCE
    tier: str
    location: Location
    range_km: RangeKm | None = None
    min_range_km: MinRangeKm | None = None
    sector: Sector | None = None
    from_day: Day = 0
    sensor_height_m: Annotated[float, Field(gt=0, le=100_000, allow_inf_nan=False)] | None = None
    target_altitude_m: Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)] = 0.0


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
    width_km: Annotated[float, Field(gt=0, le=2 * MAX_BUFFER_KM, allow_inf_nan=False)]


class BorderBelt(_Model):
    """A belt ``within_km`` wide along the borders of the listed countries, outside them."""

    countries: Annotated[list[RegionCode], Field(min_length=1)]
    within_km: BufferKm


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
            _check_polygon(polygon)
        return polygon


def _check_polygon(geojson: dict[str, Any]) -> None:
    if geojson.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError(
            f"polygon must be a GeoJSON Polygon or MultiPolygon, got {geojson.get('type')!r}"
        )
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        raise ValueError(f"polygon is not valid GeoJSON ({error})") from None
    if geometry.is_empty:
        raise ValueError("polygon is empty")
    if not shapely.is_valid(geometry):
        raise ValueError(f"polygon is invalid: {shapely.is_valid_reason(geometry)}")
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValueError(f"polygon leaves lon/lat bounds: {geometry.bounds}")


_TARGET_GEOMETRIES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
)


def user_features(geojson: dict[str, Any]) -> list[tuple[str, BaseGeometry]]:
    """(name, geometry) of a user's GeoJSON: a FeatureCollection, a Feature or a geometry.

    Raises ValueError naming the part at fault (``features[3].geometry: ...``).
    """
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        features = geojson.get("features")
        if not isinstance(features, list) or not features:
            raise ValueError("features: must be a non-empty list of GeoJSON features")
    elif kind == "Feature":
        features = [geojson]
    else:
        features = [{"type": "Feature", "geometry": geojson, "properties": {}}]
    return [_user_feature(feature, f"features[{i}]", i) for i, feature in enumerate(features)]


def _user_feature(feature: object, path: str, index: int) -> tuple[str, BaseGeometry]:
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        raise ValueError(f"{path}: must be a GeoJSON feature with a geometry")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValueError(f"{path}.properties: must be an object or null")
    geometry_type = feature["geometry"].get("type")
    if geometry_type not in _TARGET_GEOMETRIES:
        raise ValueError(f"{path}.geometry.type: must be one of {', '.join(_TARGET_GEOMETRIES)}")
    try:
        geometry = shape(feature["geometry"])
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        raise ValueError(f"{path}.geometry: is not valid GeoJSON ({error})") from None
    if geometry.is_empty or not shapely.is_valid(geometry):
        reason = "is empty" if geometry.is_empty else shapely.is_valid_reason(geometry)
        raise ValueError(f"{path}.geometry: is invalid: {reason}")
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValueError(f"{path}.geometry: leaves lon/lat bounds {geometry.bounds}")
    return str(properties.get("name", f"feature {index}")), geometry


class TargetSet(_Model):
    """Targets to protect and what they need: a public layer (filtered) or the user's GeoJSON."""

    id: Identifier
    layer: Literal["energy", "cities"] | None = None
    min_population: Annotated[int, Field(ge=0)] = 0
    min_capacity_mw: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    geojson: dict[str, Any] | None = None
    min_depth: Annotated[int, Field(ge=0, le=100)] = 1
    required_tiers: list[str] = []

    @field_validator("geojson")
    @classmethod
    def _valid_geojson(cls, geojson: dict[str, Any] | None) -> dict[str, Any] | None:
        if geojson is not None:
            user_features(geojson)
        return geojson

    @model_validator(mode="after")
    def _exactly_one_source(self) -> TargetSet:
        if (self.layer is None) == (self.geojson is None):
            raise ValueError("give exactly one of layer, geojson")
        return self


class Phase(_Model):
    """A day on the timeline and its label."""

    day: Day
    label: str = ""


class Scenario(_Model):
    """A notional posture over a region of interest."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: str = ""
    regions: Annotated[list[RegionCode], Field(min_length=1)]
    worldview: Literal["un", "de_facto"] = "un"
    tiers: Annotated[dict[Identifier, Tier], Field(min_length=1)]
    phases: Annotated[list[Phase], Field(min_length=1)] = [Phase(day=0, label="")]
    assets: Annotated[list[Asset], Field(max_length=100_000)]
    depots: list[Depot] = []
    resupply_radius_km: RangeKm | None = None
    corridors: list[Corridor] = []
    no_go: list[NoGoZone] = []
    targets: Annotated[list[TargetSet], Field(min_length=1)]
    grid_cell_km: Annotated[float, Field(ge=0.5, le=500, allow_inf_nan=False)] = 10.0

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems: list[FieldProblem] = []
        for i, asset in enumerate(self.assets):
            if asset.tier not in self.tiers:
                problems.append(
                    FieldProblem(
                        f"assets[{i}].tier", asset.tier, f"must be one of {sorted(self.tiers)}"
                    )
                )
        for i, asset in enumerate(self.assets):
            if asset.tier in self.tiers:
                reach, minimum, _ = self.reach_km(asset)
                if minimum >= reach:
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

    def reach_km(self, asset: Asset) -> tuple[float, float, bool]:
        """(max range, min range, horizon-limited) of an asset in km, after tier defaults."""
        tier = self.tiers[asset.tier]
        nominal = asset.range_km if asset.range_km is not None else tier.range_km
        minimum = asset.min_range_km if asset.min_range_km is not None else tier.min_range_km
        if asset.sensor_height_m is None:
            return nominal, minimum, False
        horizon = radar_horizon_km(asset.sensor_height_m, asset.target_altitude_m)
        return min(nominal, horizon), minimum, horizon < nominal

    def phase_days(self) -> list[int]:
        """The phase days in timeline order."""
        return sorted(phase.day for phase in self.phases)


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "<scenario>"


_REASONS = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than": "must be < {lt}",
    "less_than_equal": "must be <= {le}",
    "missing": "is required",
    "extra_forbidden": "is not a field of this object",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be an integer",
    "int_type": "must be an integer",
    "finite_number": "must be a finite number",
    "too_short": "must have at least {min_length} items",
    "too_long": "must have at most {max_length} items",
}


def _reason(item: Any) -> str:
    template = _REASONS.get(item["type"])
    if template is not None:
        context = {
            k: f"{v:g}" if isinstance(v, float) else v for k, v in item.get("ctx", {}).items()
        }
        return template.format(**context)
    return str(item["msg"]).removeprefix("Value error, ")


def _problems(error: ValidationError) -> list[FieldProblem]:
    problems = []
    for item in error.errors(include_url=False):
        context_error = item.get("ctx", {}).get("error")
        if isinstance(context_error, ScenarioError):
            problems.extend(context_error.problems)
            continue
        value = NO_VALUE if item["type"] == "missing" else item.get("input")
        problems.append(FieldProblem(_field_path(item["loc"]), value, _reason(item)))
    return problems


def parse_scenario(data: object, *, source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as decoded data (a mapping) or as YAML/JSON text."""
    if isinstance(data, str | bytes):
        data = load_document(data, source)
    if not isinstance(data, dict):
        raise ScenarioError([FieldProblem(source, type(data).__name__, "must be a mapping")])
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(_problems(error)) from None


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file (YAML or JSON)."""
    try:
        text = path.read_bytes()
    except OSError as error:
        raise ScenarioError(
            [FieldProblem("scenario", str(path), f"cannot be read ({error.strerror})")]
        ) from None
    return parse_scenario(text, source=str(path))


def scenario_hash(scenario: Scenario) -> str:
    """A content hash of the validated scenario: the same scenario always gets the same id."""
    canonical = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
