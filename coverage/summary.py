"""A phase's summary: shares of energy and population that meet their requirement, by depth
and by admin-1 region, with the area, violation and resupply figures.

A feature of a public layer that two target sets both select (all cities, and cities over
100,000 with a stricter requirement) is counted once: it meets its requirement only when it
meets that of every set that holds it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from operator import attrgetter

from umbrella.coverage.regions import AdminRegions
from umbrella.coverage.result import (
    GapArea,
    PhaseSummary,
    RegionRow,
    TargetCoverage,
    TargetSetRow,
    TierArea,
)
from umbrella.coverage.scenario import Phase, TargetSet

__all__ = [
    "distinct_features",
    "feature_key",
    "phase_summary",
    "requirement_text",
    "selection_text",
]

_LAYER_KINDS = ("energy", "city")
_WEIGHT_UNITS = {"energy": "MW", "cities": "people", "user": "targets"}
_KIND, _ID, _WEIGHT = attrgetter("kind"), attrgetter("id"), attrgetter("weight")


def _total(targets: Iterable[TargetCoverage]) -> float:
    """The targets' weights added up in their order."""
    return sum(map(_WEIGHT, targets))


def requirement_text(min_depth: int, required_tiers: Sequence[str]) -> str:
    """What a target needs, in words: "2 or more distinct tiers, including short"."""
    text = f"{min_depth} or more distinct tiers"
    if required_tiers:
        text += ", including " + " and ".join(required_tiers)
    return text


def selection_text(target_set: TargetSet) -> str:
    """Which features a target set holds, in words."""
    if target_set.layer == "energy":
        return f"power plants of {target_set.min_capacity_mw:,g} MW or more in the regions"
    if target_set.layer == "cities":
        return (
            f"settlements of {target_set.min_population:,} people or more in the regions"
            " (districts counted with their city)"
        )
    return "the scenario's own GeoJSON features"


def _target_set_rows(
    target_sets: Sequence[TargetSet], targets: Sequence[TargetCoverage]
) -> tuple[TargetSetRow, ...]:
    rows = []
    for target_set in target_sets:
        members = [t for t in targets if t.target_set == target_set.id]
        meeting = [t for t in members if t.meets_requirement]
        source = target_set.layer or "user"
        rows.append(
            TargetSetRow(
                target_set=target_set.id,
                source=source,
                selection=selection_text(target_set),
                requirement=requirement_text(target_set.min_depth, target_set.required_tiers),
                min_depth=target_set.min_depth,
                required_tiers=tuple(target_set.required_tiers),
                targets=len(members),
                targets_meeting=len(meeting),
                weight_unit=_WEIGHT_UNITS[source],
                weight=_total(members),
                weight_meeting=_total(meeting),
            )
        )
    return tuple(rows)


def feature_key(kind: str, target_id: str) -> tuple[str, str]:
    """The public-layer feature behind a target (its id after the set id), or the target."""
    if kind in _LAYER_KINDS:
        return kind, target_id.split(":", 1)[1]
    return kind, target_id


def distinct_features(targets: Sequence[TargetCoverage]) -> list[TargetCoverage]:
    """One record per feature, meeting its requirement only if it does in every set."""
    keys = list(map(feature_key, map(_KIND, targets), map(_ID, targets)))
    if len(set(keys)) == len(keys):  # no feature in two sets
        return list(targets)
    merged: dict[tuple[str, str], TargetCoverage] = {}
    for key, target in zip(keys, targets, strict=True):
        seen = merged.get(key)
        if seen is None:
            merged[key] = target
        elif seen.meets_requirement and not target.meets_requirement:
            merged[key] = dataclasses.replace(seen, meets_requirement=False)
    return list(merged.values())


def _share(selected: list[TargetCoverage], total: float) -> float:
    return _total(selected) / total if total > 0 else 0.0


def _shares_by_depth(targets: list[TargetCoverage], total: float) -> tuple[tuple[str, float], ...]:
    return (
        ("1", _share([t for t in targets if t.depth == 1], total)),
        ("2", _share([t for t in targets if t.depth == 2], total)),
        ("3+", _share([t for t in targets if t.depth >= 3], total)),
    )


def _region_rows(features: list[TargetCoverage], regions: AdminRegions) -> tuple[RegionRow, ...]:
    by_region: dict[str, list[TargetCoverage]] = {}
    for target in features:  # once: a region's targets in their order
        by_region.setdefault(target.region, []).append(target)
    rows = []
    for code, name in regions.names_by_code().items():
        inside = by_region.get(code, [])
        energy = [t for t in inside if t.kind == "energy"]
        cities = [t for t in inside if t.kind == "city"]
        rows.append(
            RegionRow(
                region=str(code),
                name=str(name),
                targets=len(inside),
                targets_meeting=sum(t.meets_requirement for t in inside),
                capacity_mw=_total(energy),
                capacity_mw_meeting=_total(t for t in energy if t.meets_requirement),
                population=_total(cities),
                population_meeting=_total(t for t in cities if t.meets_requirement),
            )
        )
    return tuple(rows)


def phase_summary(
    phase: Phase,
    assets_in_place: int,
    targets: Sequence[TargetCoverage],
    regions: AdminRegions,
    area_km2: float,
    coverage: Sequence[TierArea],
    gaps: GapArea,
    violations: int,
    beyond_resupply: int,
    target_sets: Sequence[TargetSet] = (),
) -> PhaseSummary:
    """The figures an analyst quotes for one phase, counting each feature once."""
    features = distinct_features(targets)
    energy = [t for t in features if t.kind == "energy"]
    cities = [t for t in features if t.kind == "city"]
    mw = _total(energy)
    people = _total(cities)
    return PhaseSummary(
        day=phase.day,
        label=phase.label,
        assets_in_place=assets_in_place,
        energy_mw_total=mw,
        energy_mw_share_meeting=_share([t for t in energy if t.meets_requirement], mw),
        energy_mw_share_by_depth=_shares_by_depth(energy, mw),
        population_total=people,
        population_share_meeting=_share([t for t in cities if t.meets_requirement], people),
        population_share_by_depth=_shares_by_depth(cities, people),
        region_area_km2=area_km2,
        region_area_share_by_tier=tuple((t.tier, t.share_of_region) for t in coverage),
        gap_area_share=gaps.share_of_region,
        violations=violations,
        assets_beyond_resupply=beyond_resupply,
        regions=_region_rows(features, regions),
        target_sets=_target_set_rows(target_sets, targets),
    )
