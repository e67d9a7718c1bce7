"""The text of interactive maps' popups: why a target is or is not covered, and the rest.

Every function returns a small HTML fragment with all user text escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

from umbrella.coverage.result import (
    AirPictureRow,
    AssetFootprint,
    CorridorCoverage,
    CorridorStretch,
    DepotLink,
    DepthArea,
    GapArea,
    NoGoArea,
    PictureArea,
    PictureGap,
    SensorSite,
    TargetCoverage,
    TierArea,
    Violation,
)
from umbrella.coverage.scenario import Proposal

__all__ = [
    "corridor_popup",
    "depot_popup",
    "depth_popup",
    "energy_popup",
    "footprint_popup",
    "gap_popup",
    "picture_gap_popup",
    "picture_popup",
    "proposed_popup",
    "sensor_popup",
    "stretch_popup",
    "target_popup",
    "tier_popup",
    "violation_popup",
]


def _rows(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='umbrella-table'>{body}</table>"


def _share(value: float) -> str:
    return f"{100 * value:.1f}%"


def _requirement(target: TargetCoverage, labels: Mapping[str, str]) -> str:
    parts = [f"depth ≥ {target.min_depth}"]
    if target.required_tiers:
        parts.append("tiers " + ", ".join(labels.get(t, t) for t in target.required_tiers))
    return " and ".join(parts)


def _shortfall(target: TargetCoverage, labels: Mapping[str, str]) -> str:
    missing = [labels.get(t, t) for t in target.required_tiers if t not in target.tiers]
    reasons = []
    if target.depth < target.min_depth:
        reasons.append(f"depth {target.depth} < {target.min_depth}")
    if missing:
        reasons.append("missing " + ", ".join(missing))
    return "; ".join(reasons)


def _plant(fuel: str, capacity_mw: float) -> str:
    """A plant's fuel with its capacity: "nuclear power plant, 6,000 MW"."""
    kind = f"{fuel.strip().lower()} power plant" if fuel.strip() else "power plant"
    capacity = f"{capacity_mw:,.0f} MW" if math.isfinite(capacity_mw) else "capacity unknown"
    return f"{kind}, {capacity}"


def _what(target: TargetCoverage) -> str:
    """What a target is, said once: "nuclear power plant, 6,000 MW", "city, 710,052 people"."""
    if target.kind == "energy":
        return _plant(target.fuel, target.weight)
    if target.kind == "city":
        return f"city, {target.weight:,.0f} people"
    return "the scenario's own target"


def target_popup(
    target: TargetCoverage, labels: Mapping[str, str], tiers: Mapping[str, str]
) -> str:
    """Why a target is or is not covered: its assets, their tiers and distances, the requirement.

    labels: tier name -> label; tiers: asset id -> tier name.
    """
    what = _what(target)
    verdict = (
        "<p class='umbrella-ok'>Meets its requirement.</p>"
        if target.meets_requirement
        else f"<p class='umbrella-short'>Falls short: {escape(_shortfall(target, labels))}.</p>"
    )
    if target.asset_ids:
        lines = "".join(
            f"<tr><td>{escape(asset)}</td><td>{escape(labels.get(tiers[asset], tiers[asset]))}"
            f"</td><td>{distance:,.1f} km</td></tr>"
            for asset, distance in zip(target.asset_ids, target.asset_distances_km, strict=True)
        )
        covering = (
            f"<p>Covered by {len(target.asset_ids)} asset(s), depth {target.depth}:</p>"
            "<table class='umbrella-table'><tr><th>asset</th><th>tier</th><th>distance</th></tr>"
            f"{lines}</table>"
        )
    else:
        covering = "<p>No asset covers it.</p>"
    seen = (
        f"<p>The air picture sees it at: {escape(', '.join(target.seen_in_bands))}.</p>"
        if target.seen_in_bands
        else ""
    )
    return (
        f"<b>{escape(target.name)}</b><br>{escape(what)}"
        f"<p>Requirement of target set {escape(target.target_set)}:"
        f" {escape(_requirement(target, labels))}.</p>{covering}{verdict}{seen}"
    )


def footprint_popup(footprint: AssetFootprint, label: str, link: DepotLink | None) -> str:
    """An asset's reach, and its nearest depot."""
    reach = f"{footprint.range_km:,.1f} km"
    if footprint.min_range_km > 0:
        reach = f"{footprint.min_range_km:,.1f} to {reach}"
    rows = [("tier", label), ("kind", footprint.kind), ("reach", reach)]
    if footprint.horizon_limited:
        rows.append(("limited by", "radar horizon"))
    if link is not None:
        if link.depot_id:
            rows.append(("nearest depot", f"{link.depot_id}, {link.distance_km:,.0f} km"))
        else:
            rows.append(("nearest depot", "none standing yet"))
        if link.beyond_resupply:
            rows.append(("resupply", "beyond the resupply radius"))
    return f"<b>{escape(footprint.asset_id)}</b>{_rows(rows)}"


def tier_popup(area: TierArea, label: str) -> str:
    """A tier's coverage and its share of the area of interest."""
    rows = [
        ("area", f"{area.area_km2:,.0f} km²"),
        ("share of regions", _share(area.share_of_region)),
    ]
    return f"<b>Coverage: {escape(label)}</b>{_rows(rows)}"


def depth_popup(area: DepthArea) -> str:
    """Where exactly ``depth`` distinct tiers cover."""
    return f"<b>Depth {area.depth}</b>{_rows([('area', f'{area.area_km2:,.0f} km²')])}"


def gap_popup(gap: GapArea) -> str:
    """The uncovered part of the area of interest."""
    rows = [("area", f"{gap.area_km2:,.0f} km²"), ("share of regions", _share(gap.share_of_region))]
    return f"<b>Gap: no tier covers</b>{_rows(rows)}"


def corridor_popup(corridor: CorridorCoverage, labels: Mapping[str, str]) -> str:
    """A corridor's covered share, by tier, and its uncovered stretches."""
    rows = [
        ("kind", corridor.kind),
        ("width", f"{corridor.width_km:g} km"),
        ("length", f"{corridor.length_km:,.0f} km"),
        ("covered", _share(corridor.covered_share)),
    ]
    rows += [(f"by {labels.get(t, t)}", _share(s)) for t, s in corridor.covered_share_by_tier]
    rows.append(("uncovered stretches", str(len(corridor.uncovered))))
    return f"<b>{escape(corridor.id)}</b>{_rows(rows)}"


def stretch_popup(corridor: CorridorCoverage, stretch: CorridorStretch) -> str:
    """An uncovered stretch of a corridor, in km from its start."""
    span = f"km {stretch.start_km:,.1f} to {stretch.end_km:,.1f}"
    return f"<b>{escape(corridor.id)}: uncovered</b><br>{escape(span)}"


def depot_popup(depot_id: str, from_day: int, served: int) -> str:
    """A depot, the day it stands from and how many assets it is nearest to."""
    rows = [("from day", str(from_day)), ("nearest depot of", f"{served} asset(s)")]
    return f"<b>Depot {escape(depot_id)}</b>{_rows(rows)}"


def violation_popup(violation: Violation, zone: NoGoArea | None) -> str:
    """An asset or depot standing inside a no-go zone."""
    where = zone.label if zone is not None else violation.zone_id
    return (
        f"<b>Violation: {escape(violation.item_kind)} {escape(violation.item_id)}</b>"
        f"<br>stands inside the no-go zone {escape(where)}"
    )


def energy_popup(name: str, capacity_mw: float, fuel: str) -> str:
    """A public energy node: its name, then its fuel with its capacity."""
    return f"<b>{escape(name)}</b><br>{escape(_plant(fuel, capacity_mw))}"


def proposed_popup(asset_id: str, label: str, proposal: Proposal) -> str:
    """A proposed site: its rank and what it adds, in rank order, to targets meeting their
    requirement."""
    rows = [
        ("proposed", f"rank {proposal.rank} (siting)"),
        ("tier", label),
        ("gain", f"{proposal.gain:,.0f} (siting weight)"),
        ("energy meeting", f"+{proposal.gain_mw:,.0f} MW"),
        ("people meeting", f"+{proposal.gain_population:,.0f}"),
    ]
    return f"<b>{escape(asset_id)}</b>{_rows(rows)}"


def sensor_popup(sensor: SensorSite) -> str:
    """A sensor: its detection range, mast height, and how far it sees at each band."""
    rows = [
        ("kind", "sensor (adds no depth)"),
        ("detection range", f"{sensor.range_km:,.0f} km"),
        ("mast height", f"{sensor.sensor_height_m:,g} m"),
    ]
    rows += [
        (f"sees at {band}", f"{km:,.1f} km" + (" (horizon)" if km < sensor.range_km else ""))
        for band, km in sensor.seen_range_km_by_band
    ]
    return f"<b>{escape(sensor.asset_id)}</b>{_rows(rows)}"


def _altitude(band: AirPictureRow) -> tuple[str, str]:
    return "altitude", f"{band.altitude_m:,g} m ({band.label})"


def picture_popup(area: PictureArea, band: AirPictureRow) -> str:
    """Where at least one (or two) sensors see at a band's altitude."""
    rows = [
        _altitude(band),
        ("area in the regions", f"{area.area_km2:,.0f} km²"),
        ("share of regions", _share(area.share_of_region)),
        ("sensors in place", str(band.sensors)),
    ]
    who = "one sensor" if area.min_sensors == 1 else f"{area.min_sensors} sensors"
    return f"<b>Air picture {escape(band.band)}: seen by at least {who}</b>{_rows(rows)}"


def picture_gap_popup(gap: PictureGap, band: AirPictureRow) -> str:
    """A part of the regions that no sensor sees at a band's altitude."""
    rows = [
        _altitude(band),
        ("area", f"{gap.area_km2:,.0f} km²"),
        ("gaps at this band", str(band.gaps)),
    ]
    return f"<b>Gap in the air picture {escape(band.band)}</b>{_rows(rows)}"
