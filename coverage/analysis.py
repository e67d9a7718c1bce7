"""The analysis: a scenario in, a complete frozen result per phase out.

Two doors: ``analyze`` takes a validated scenario (place names resolved here); the kernel
underneath works on plain arrays (``umbrella.geo.covering_assets``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.air_picture import SensorDiscs
from umbrella.coverage.assets import AssetTable, lonlat
from umbrella.coverage.cache import cached_geometry
from umbrella.coverage.clipping import outside_of
from umbrella.coverage.corridors import corridor_coverage
from umbrella.coverage.depth import area_km2, clipped_coverage, depth_areas, solid
from umbrella.coverage.drawings import drawn_rings
from umbrella.coverage.errors import FieldProblem, ScenarioError
from umbrella.coverage.grid import GridCells, depth_grid, grid_cells
from umbrella.coverage.nogo import find_violations, zone_areas
from umbrella.coverage.places import resolve_places
from umbrella.coverage.regions import AdminRegions
from umbrella.coverage.result import (
    AnalysisResult,
    AssetFootprint,
    DepotLink,
    DepthArea,
    GapArea,
    NoGoArea,
    PhaseResult,
    Provenance,
    TierArea,
)
from umbrella.coverage.scenario import Scenario, scenario_hash
from umbrella.coverage.scorecard import measure_values, scorecard
from umbrella.coverage.summary import phase_summary
from umbrella.coverage.target_coverage import target_coverage
from umbrella.coverage.targets import TargetTable, gather_targets
from umbrella.geo import densify_drawn, geodesic_area, nearest, polygonal
from umbrella.layers import LAYERS, region_geometry

__all__ = [
    "AREA_EDGE_M",
    "NOTIONAL_NOTICE",
    "Progress",
    "analyze",
    "area_and_regions",
    "chosen_days",
    "provenance_of",
    "step_count",
]

NOTIONAL_NOTICE = (
    "Notional scenario: sites, ranges and phases are illustrative, not real deployments."
)
Progress = Callable[[str], None]
"""Called with the name of each step as the analysis starts it."""
_SETUP_STEPS = 4  # resolving places, loading layers and targets, no-go zones, footprints
AREA_EDGE_M = 1_000.0  # the area of interest's edges are densified as drawn to this length


@dataclass(frozen=True)
class _Setting:
    """What every phase shares: the resolved scenario, its area, targets, zones, footprints and
    the sensors' seen discs."""

    scenario: Scenario
    scenario_hash: str
    tier_names: list[str]
    area_of_interest: BaseGeometry
    area_km2: float
    regions: AdminRegions
    targets: TargetTable
    zones: tuple[NoGoArea, ...]
    footprints: dict[str, AssetFootprint]
    sensor_discs: SensorDiscs


def analyze(
    scenario: Scenario,
    *,
    phases: Sequence[int] | None = None,
    with_grid: bool = True,
    progress: Progress | None = None,
) -> AnalysisResult:
    """Analyse every phase of the scenario (or the given phase days) and return the result."""
    report = progress or (lambda _step: None)
    days = chosen_days(scenario, phases)
    provenance = provenance_of(scenario)
    report("resolving places")
    resolved = resolve_places(scenario)
    report("loading layers and targets")
    setting = _setting(resolved, provenance.scenario_hash, report)
    # the grid's cells inside the area are the same every phase: found once
    grid = (
        grid_cells(setting.area_of_interest, resolved.grid_cell_km * 1000.0) if with_grid else None
    )
    results = []
    for day in days:
        report(f"analysing day {day}")
        results.append(_analyse_phase(setting, day, grid))
    return AnalysisResult(provenance=provenance, phases=tuple(results))


def step_count(scenario: Scenario, phases: Sequence[int] | None = None) -> int:
    """How many steps ``analyze`` reports for these phases (for a progress bar)."""
    return _SETUP_STEPS + len(chosen_days(scenario, phases))


def chosen_days(scenario: Scenario, phases: Sequence[int] | None) -> list[int]:
    """The phase days asked for (every phase's for None) in timeline order; ScenarioError
    naming ``phase`` for a day that starts no phase."""
    days = scenario.phase_days()
    if phases is None:
        return days
    unknown = [day for day in phases if day not in days]
    if unknown:
        raise ScenarioError(
            [FieldProblem("phase", unknown[0], f"must be one of the phase days {days}")]
        )
    return sorted(set(phases))


def area_and_regions(scenario: Scenario) -> tuple[BaseGeometry, AdminRegions]:
    """The area of interest (the union of the scenario's regions) and its admin-1 regions."""
    # edges as drawn: long straight lon/lat edges (Egypt's 22nd parallel) are densified, so
    # that clipping and geodesic areas read them alike; kept on disk, as it takes long at scale
    area = cached_geometry(
        "area_of_interest",
        (tuple(scenario.regions), scenario.worldview, AREA_EDGE_M),
        lambda: densify_drawn(
            shapely.union_all(
                [region_geometry(code, scenario.worldview) for code in scenario.regions]
            ),
            AREA_EDGE_M,
        ),
    )
    return area, AdminRegions.of(scenario)


def _setting(scenario: Scenario, hash_of_scenario: str, report: Progress) -> _Setting:
    area, regions = area_and_regions(scenario)
    targets = gather_targets(scenario, regions)
    report("drawing no-go zones")
    zones = zone_areas(scenario, area)
    report("drawing footprints")
    every = AssetTable.of(scenario, [asset for asset in scenario.assets if not asset.is_sensor])
    shapes = drawn_rings(
        every.lon,
        every.lat,
        every.max_range_m,
        min_radius_m=every.min_range_m,
        azimuth_deg=every.azimuth_deg,
        width_deg=every.width_deg,
    )
    footprints = {
        asset_id: AssetFootprint(
            asset_id=asset_id,
            kind=kind,
            tier=tier,
            range_km=float(max_m) / 1000.0,
            min_range_km=float(min_m) / 1000.0,
            horizon_limited=bool(limited),
            geometry=shape,
        )
        for asset_id, kind, tier, max_m, min_m, limited, shape in zip(
            every.ids,
            every.kinds,
            every.tiers,
            every.max_range_m,
            every.min_range_m,
            every.horizon_limited,
            shapes,
            strict=True,
        )
    }
    return _Setting(
        scenario=scenario,
        scenario_hash=hash_of_scenario,
        tier_names=list(scenario.tiers),
        area_of_interest=area,
        area_km2=geodesic_area(area) / 1e6,
        regions=regions,
        targets=targets,
        zones=zones,
        footprints=footprints,
        sensor_discs=SensorDiscs.draw(scenario),
    )


def _analyse_phase(setting: _Setting, day: int, grid: GridCells | None) -> PhaseResult:
    scenario = setting.scenario
    assets = AssetTable.in_place(scenario, day)
    seen = setting.sensor_discs.targets_seen(day, setting.targets)
    targets = target_coverage(setting.targets, assets, seen)
    footprints = tuple(setting.footprints[asset_id] for asset_id in assets.ids)
    tier_unions = [
        polygonal(shapely.union_all([f.geometry for f in footprints if f.tier == tier]))
        for tier in setting.tier_names
    ]
    # each tier inside the area, and its union without the slivers that clipping drops
    clipped = [clipped_coverage(u, setting.area_of_interest) for u in tier_unions]
    inside = [area for area, _ in clipped]
    inside_km2 = [area_km2(area) for area in inside]
    coverage = tuple(
        TierArea(tier=tier, geometry=union, area_km2=km2, share_of_region=km2 / setting.area_km2)
        for tier, union, km2 in zip(setting.tier_names, tier_unions, inside_km2, strict=True)
    )
    by_depth, covered = depth_areas([reach for _, reach in clipped], setting.area_of_interest)
    depth = tuple(
        DepthArea(depth=k, geometry=polygon, area_km2=km2) for k, polygon, km2 in by_depth
    )
    gap_geometry = solid(outside_of(setting.area_of_interest, covered))
    gap_km2 = area_km2(gap_geometry)
    gaps = GapArea(
        geometry=gap_geometry, area_km2=gap_km2, share_of_region=gap_km2 / setting.area_km2
    )
    depots = _depot_links(scenario, assets, day)
    standing = [
        (a, "asset", lon, lat)
        for a, lon, lat in zip(assets.ids, assets.lon, assets.lat, strict=True)
    ]
    standing += [(d.id, "depot", *lonlat(d.location)) for d in scenario.depots if d.from_day <= day]
    sensors = setting.sensor_discs.sites(day)
    standing += [(s.asset_id, "asset", s.geometry.x, s.geometry.y) for s in sensors]
    violations = find_violations(setting.zones, standing)
    phase = next(p for p in scenario.phases if p.day == day)
    raster = (
        depth_grid(
            grid,
            assets.lon,
            assets.lat,
            assets.max_range_m,
            assets.min_range_m,
            assets.azimuth_deg,
            assets.width_deg,
            assets.tier_codes(setting.tier_names),
            len(setting.tier_names),
            tags={"scenario_hash": setting.scenario_hash, "phase_day": str(day)},
            seen_bands=setting.sensor_discs.grid_bands(day),
        )
        if grid is not None
        else None
    )
    summary = phase_summary(
        phase,
        len(assets),
        targets,
        setting.regions,
        setting.area_km2,
        coverage,
        gaps,
        len(violations),
        sum(link.beyond_resupply for link in depots),
        scenario.targets,
    )
    corridors = tuple(corridor_coverage(c, assets, setting.tier_names) for c in scenario.corridors)
    pictures = setting.sensor_discs.pictures(day, setting.area_of_interest, setting.area_km2)
    rows = setting.sensor_discs.rows(pictures, len(sensors), targets)
    card = scorecard(phase.goals, measure_values(summary, corridors, rows, len(sensors)))
    summary = dataclasses.replace(
        summary, sensors_in_place=len(sensors), air_picture=rows, scorecard=card
    )
    return PhaseResult(
        summary=summary,
        targets=targets,
        footprints=footprints,
        coverage=coverage,
        depth=depth,
        gaps=gaps,
        depth_grid=raster,
        corridors=corridors,
        depots=depots,
        no_go=setting.zones,
        violations=violations,
        sensors=sensors,
        air_picture=pictures,
    )


def _depot_links(scenario: Scenario, assets: AssetTable, day: int) -> tuple[DepotLink, ...]:
    """Each asset's nearest depot standing on ``day``, and whether it lies beyond resupply."""
    depots = [d for d in scenario.depots if d.from_day <= day]
    if not depots:
        return tuple(
            DepotLink(
                a,
                "",
                float("inf"),
                scenario.resupply_radius_km is not None,
                shapely.Point(lon, lat),
            )
            for a, lon, lat in zip(assets.ids, assets.lon, assets.lat, strict=True)
        )
    depot_xy = np.array([lonlat(d.location) for d in depots])
    index, distance_m = nearest(assets.lon, assets.lat, depot_xy[:, 0], depot_xy[:, 1])
    limit = scenario.resupply_radius_km
    return tuple(
        DepotLink(
            asset_id=a,
            depot_id=depots[int(i)].id,
            distance_km=float(d) / 1000.0,
            beyond_resupply=limit is not None and float(d) / 1000.0 > limit,
            geometry=shapely.Point(lon, lat),
        )
        for a, i, d, lon, lat in zip(
            assets.ids, index, distance_m, assets.lon, assets.lat, strict=True
        )
    )


def provenance_of(scenario: Scenario) -> Provenance:
    """Where a result of the scenario comes from: its hash, the data sources, the software."""
    return Provenance(
        scenario_hash=scenario_hash(scenario),
        scenario_name=scenario.name,
        software_version=version("umbrella"),
        sources=tuple((spec.name, spec.source, spec.licence) for spec in LAYERS.values()),
        notice=NOTIONAL_NOTICE,
    )
