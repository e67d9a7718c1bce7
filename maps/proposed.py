"""Proposed sites (assets that siting marked ``proposed``) as every map draws them.

A proposed site is a diamond in its tier's colour with a thick black edge, drawn over the
other symbols, and its popup gives its rank and what it adds to the targets meeting their
requirement. A map of a phase shows the proposed sites in place at it (those with a
footprint in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from umbrella.coverage.assets import lonlat
from umbrella.coverage.result import PhaseResult
from umbrella.coverage.scenario import Proposal, Scenario
from umbrella.maps.style import PointStyle, tier_colour

__all__ = [
    "PROPOSED_EDGE",
    "PROPOSED_LABEL",
    "ProposedSite",
    "in_phase",
    "proposed_sites",
    "proposed_style",
]

PROPOSED_EDGE: Final = "#000000"
PROPOSED_LABEL: Final = "proposed site (siting)"
_RADIUS_PX: Final = 7.0


@dataclass(frozen=True)
class ProposedSite:
    """A proposed asset where it stands, with its rank and gains."""

    asset_id: str
    tier: str
    lon: float
    lat: float
    proposal: Proposal


def proposed_sites(resolved: Scenario) -> tuple[ProposedSite, ...]:
    """The proposed assets of a scenario whose place names are resolved, by rank."""
    found = [
        ProposedSite(asset.id, str(asset.tier), *lonlat(asset.location), asset.proposed)
        for asset in resolved.assets
        if asset.proposed is not None and not asset.is_sensor
    ]
    return tuple(sorted(found, key=lambda site: site.proposal.rank))


def in_phase(sites: tuple[ProposedSite, ...], phase: PhaseResult) -> list[ProposedSite]:
    """The proposed sites in place at a phase (those with a footprint in it)."""
    standing = {footprint.asset_id for footprint in phase.footprints}
    return [site for site in sites if site.asset_id in standing]


def proposed_style(tier: str) -> PointStyle:
    """The symbol of a proposed site of a tier."""
    return PointStyle(tier_colour(tier), PROPOSED_EDGE, _RADIUS_PX, "D")
