"""Siting in two steps: ``prepare`` checks the request and places the candidates (every bad
input is found here, before any long work); ``solve`` builds the exact coverage matrix, runs
the greedy heuristic and the integer programme, ranks the chosen sites, writes the proposed
scenario and, with ``confirm``, analyses it to confirm the objective.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.analysis import Progress, analyze, area_and_regions
from umbrella.coverage.assets import AssetTable, lonlat
from umbrella.coverage.nogo import zone_areas
from umbrella.coverage.places import resolve_places
from umbrella.coverage.regions import AdminRegions
from umbrella.coverage.scenario import Asset, Scenario
from umbrella.coverage.siting.candidates import (
    CandidateSites,
    close_pairs,
    constrain,
    place_candidates,
)
from umbrella.coverage.siting.errors import SitingError
from umbrella.coverage.siting.evaluate import Evaluator, SiteGain, TableRow
from umbrella.coverage.siting.features import features, whole_cover
from umbrella.coverage.siting.greedy import solve_greedy
from umbrella.coverage.siting.problem import Solution
from umbrella.coverage.siting.proposal import nearest_places, proposed_document
from umbrella.coverage.siting.request import SitingRequest, WeightRule, weight_rules
from umbrella.coverage.siting.solver import InfeasibleSiting, solve_highs
from umbrella.coverage.summary import distinct_features, feature_key
from umbrella.coverage.targets import gather_targets

__all__ = ["PREPARE_STEPS", "SOLVE_STEPS", "Prepared", "ProposedSite", "SitingOutcome"]
__all__ += ["prepare", "solve"]

PREPARE_STEPS = ("checking the request", "resolving places", "placing candidates")
SOLVE_STEPS = (
    "gathering targets",
    "exact coverage matrix",
    "greedy heuristic",
    "integer programme (HiGHS)",
    "naming the proposed sites",
    "confirming by analysis",
)


@dataclass(frozen=True)
class Prepared:
    """A checked request with its candidates, ready to solve."""

    scenario: Scenario
    resolved: Scenario
    request: SitingRequest
    day: int
    area: BaseGeometry
    regions: AdminRegions
    rules: dict[str, WeightRule]
    existing: AssetTable
    candidates: CandidateSites


@dataclass(frozen=True)
class ProposedSite:
    """A proposed asset: its id, where it stands, the nearest place, and what it adds."""

    asset_id: str
    lon: float
    lat: float
    place: str
    place_km: float
    gain: SiteGain


@dataclass(frozen=True)
class SitingOutcome:
    """Everything a planner reads: the choice, the solver's figures, the table, the scenario.

    Objectives are the weight of targets meeting their requirement at the phase (each
    feature once), before and after the addition. ``confirmed`` is that weight as the
    analysis of the proposed scenario finds it (None without ``confirm``).
    """

    tier: str
    day: int
    candidates: CandidateSites
    features: int
    rows: int
    conflicts: int
    before: float
    optimum: Solution
    greedy: Solution
    objective: float
    bound: float | None
    greedy_objective: float
    sites: tuple[ProposedSite, ...]
    table: tuple[TableRow, ...]
    document: dict[str, Any]
    proposed: Scenario
    confirmed: float | None
    seconds: tuple[tuple[str, float], ...]


def _silent(_step: str) -> None:
    return None


def prepare(
    scenario: Scenario, request: SitingRequest, progress: Progress | None = None
) -> Prepared:
    """Check the request against the scenario and place the candidates; SitingError if bad."""
    report = progress or _silent
    report(PREPARE_STEPS[0])
    day = request.check(scenario)
    rules = weight_rules(scenario, request.weights)
    report(PREPARE_STEPS[1])
    resolved = resolve_places(scenario)
    area, regions = area_and_regions(resolved)
    report(PREPARE_STEPS[2])
    lon, lat, source = place_candidates(request.candidates, area, resolved.worldview)
    existing = AssetTable.in_place(resolved, day)
    same = np.array([t == request.tier for t in existing.tiers], dtype=bool)
    depots = [lonlat(d.location) for d in resolved.depots if d.from_day <= day]
    sites = constrain(
        lon,
        lat,
        source,
        zone_areas(resolved, area),
        np.array(depots, dtype=float).reshape(-1, 2),
        resolved.resupply_radius_km,
        np.column_stack([existing.lon[same], existing.lat[same]]),
        request.min_spacing_km,
    )
    if len(sites) == 0:
        raise SitingError(
            "candidates", source, f"no candidate is left after the constraints ({_dropped(sites)})"
        )
    if len(sites) < request.add:
        reason = f"only {len(sites)} candidates are left after the constraints ({_dropped(sites)})"
        raise SitingError("add", request.add, reason)
    return Prepared(scenario, resolved, request, day, area, regions, rules, existing, sites)


def _dropped(sites: CandidateSites) -> str:
    return (
        f"{sites.placed} placed, {sites.in_no_go} in no-go zones, {sites.beyond_resupply} "
        f"beyond resupply, {sites.near_same_tier} too near a site of the same tier"
    )


def _candidate_table(prepared: Prepared) -> AssetTable:
    """The candidates as assets of the tier, so they follow its ranges and rules."""
    tier, day = prepared.request.tier, prepared.day
    sites = prepared.candidates
    assets = [
        Asset(id=f"candidate-{j}", tier=tier, location=(float(x), float(y)), from_day=day)
        for j, (x, y) in enumerate(zip(sites.lon.tolist(), sites.lat.tolist(), strict=True))
    ]
    return AssetTable.of(prepared.resolved, assets)


def solve(
    prepared: Prepared, progress: Progress | None = None, *, confirm: bool = True
) -> SitingOutcome:
    """Choose the sites (see the module); SitingError if the spacing admits no full choice."""
    report = progress or _silent
    clock = _Clock()
    request = prepared.request
    report(SOLVE_STEPS[0])
    table = gather_targets(prepared.resolved, prepared.regions)
    found = features(table, prepared.rules)
    clock.lap("targets")
    report(SOLVE_STEPS[1])
    existing_cover = whole_cover(table, prepared.existing)
    present = [
        frozenset(prepared.existing.tiers[j] for j in existing_cover[1][lo:hi])
        for lo, hi in zip(
            existing_cover[0][found.target], existing_cover[0][found.target + 1], strict=True
        )
    ]
    candidates = _candidate_table(prepared)
    evaluator = Evaluator.of(
        found,
        request.tier,
        list(prepared.resolved.tiers),
        present,
        whole_cover(table, candidates),
        len(candidates),
    )
    sites = prepared.candidates
    first, second = close_pairs(sites.lon, sites.lat, sites.lon, sites.lat, request.min_spacing_km)
    conflicts = np.column_stack([first, second])[first < second]
    problem = evaluator.problem(request.add, conflicts)
    clock.lap("coverage matrix")
    report(SOLVE_STEPS[2])
    greedy = solve_greedy(problem)
    report(SOLVE_STEPS[3])
    try:
        optimum = solve_highs(problem, greedy, time_limit_s=request.time_limit_s, gap=request.gap)
    except InfeasibleSiting:
        reason = f"leaves no {request.add} candidates that far apart"
        raise SitingError("min_spacing_km", request.min_spacing_km, reason) from None
    clock.lap("greedy and HiGHS")
    report(SOLVE_STEPS[4])
    gains = evaluator.gains(optimum.chosen)
    chosen = [g.candidate for g in gains]
    places = nearest_places(
        sites.lon[chosen], sites.lat[chosen], prepared.area, prepared.resolved.worldview
    )
    points = [
        (float(sites.lon[j]), float(sites.lat[j]), p[0])
        for j, p in zip(chosen, places, strict=True)
    ]
    document, proposed = proposed_document(
        prepared.scenario, request.tier, prepared.day, points, gains
    )
    added = proposed.assets[len(prepared.scenario.assets) :]
    proposed_sites = tuple(
        ProposedSite(a.id, x, y, place, km, gain)
        for a, (x, y, _), (place, km), gain in zip(added, points, places, gains, strict=True)
    )
    before = evaluator.objective([])
    objective = evaluator.objective(optimum.chosen)
    clock.lap("ranking and naming")
    report(SOLVE_STEPS[5])
    confirmed = _confirm(proposed, prepared, found.keys, found.weight) if confirm else None
    clock.lap("confirming analysis")
    return SitingOutcome(
        tier=request.tier,
        day=prepared.day,
        candidates=sites,
        features=len(found),
        rows=problem.n_rows,
        conflicts=int(conflicts.shape[0]),
        before=before,
        optimum=optimum,
        greedy=greedy,
        objective=objective,
        bound=None if optimum.bound is None else objective + optimum.bound - optimum.primary,
        greedy_objective=evaluator.objective(greedy.chosen),
        sites=proposed_sites,
        table=evaluator.table(optimum.chosen),
        document=document,
        proposed=proposed,
        confirmed=confirmed,
        seconds=tuple(clock.laps),
    )


def _confirm(
    proposed: Scenario, prepared: Prepared, keys: tuple[tuple[str, str], ...], weight: np.ndarray
) -> float:
    """The objective as the analysis of the proposed scenario finds it."""
    weights = dict(zip(keys, weight.tolist(), strict=True))
    result = analyze(proposed, phases=[prepared.day], with_grid=False)
    meeting = [
        weights[feature_key(t.kind, t.id)]
        for t in distinct_features(result.phases[0].targets)
        if t.meets_requirement
    ]
    return math.fsum(meeting)


class _Clock:
    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self._last))
        self._last = now
