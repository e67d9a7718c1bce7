"""The measures a phase's goals can name: the analysis' own figures, each with its unit.

A measure is a number the analysis gives for every phase. Some are keyed: a share of one
tier, corridor, altitude band or depth class, written ``name[key]`` in a goal. Shares run
from 0 to 1; counts are whole numbers; areas are in square kilometres on the ellipsoid.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

__all__ = ["DEPTH_CLASSES", "MEASURES", "KeyKind", "Measure"]

KeyKind = Literal["tier", "corridor", "band", "depth"]

DEPTH_CLASSES: Final = ("1", "2", "3+")
"""The depth classes of the summary's shares by depth (exactly 1, exactly 2, 3 or more tiers)."""


@dataclass(frozen=True)
class Measure:
    """One figure a goal can name: its unit, what it is keyed by (if anything), what it means."""

    name: str
    unit: Literal["share", "count", "km2"]
    key: KeyKind | None
    description: str

    def describe(self) -> str:
        """One line for the schema and the help: meaning, key and unit."""
        keyed = f" Keyed by {self.key}: {self.name}[{self.key}]." if self.key else ""
        return f"{self.description}.{keyed} Unit: {_UNIT_WORDS[self.unit]}."


_UNIT_WORDS = {
    "share": "share from 0 to 1",
    "count": "count",
    "km2": "km² (geodesic)",
}

_CATALOGUE = (
    Measure("assets_in_place", "count", None, "Assets that cover (not sensors) in place"),
    Measure("sensors_in_place", "count", None, "Sensors in place"),
    Measure(
        "energy_mw_share_meeting",
        "share",
        None,
        "Share of energy capacity (MW) whose node meets its requirement",
    ),
    Measure(
        "population_share_meeting",
        "share",
        None,
        "Share of the targeted cities' population whose city meets its requirement",
    ),
    Measure(
        "energy_mw_share_by_depth",
        "share",
        "depth",
        "Share of energy capacity (MW) covered by exactly 1, exactly 2, or 3+ distinct tiers",
    ),
    Measure(
        "population_share_by_depth",
        "share",
        "depth",
        "Share of the targeted population covered by exactly 1, exactly 2, or 3+ distinct tiers",
    ),
    Measure(
        "area_share_covered",
        "share",
        "tier",
        "Share of the area of interest within reach of the tier",
    ),
    Measure("gap_area_share", "share", None, "Share of the area of interest no asset covers"),
    Measure("violations", "count", None, "Assets and depots standing in a no-go zone"),
    Measure(
        "assets_beyond_resupply",
        "count",
        None,
        "Assets farther than the resupply radius from their nearest depot",
    ),
    Measure(
        "corridor_share_covered",
        "share",
        "corridor",
        "Share of the corridor's length covered by at least one tier",
    ),
    Measure(
        "air_picture_share",
        "share",
        "band",
        "Share of the area of interest seen by at least one sensor at the band's altitude",
    ),
    Measure(
        "air_picture_redundant_share",
        "share",
        "band",
        "Share of the area of interest seen by at least two sensors at the band's altitude",
    ),
    Measure(
        "air_picture_largest_gap_km2",
        "km2",
        "band",
        "Area of the largest gap in the air picture at the band's altitude",
    ),
    Measure(
        "energy_mw_share_seen",
        "share",
        "band",
        "Share of energy capacity (MW) whose node the air picture sees at the band's altitude",
    ),
    Measure(
        "population_share_seen",
        "share",
        "band",
        "Share of the targeted population whose city the air picture sees at the band's altitude",
    ),
)

MEASURES: Final = MappingProxyType({measure.name: measure for measure in _CATALOGUE})
"""Every measure a goal can name, by name, in the order the schema lists them."""
