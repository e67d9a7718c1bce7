"""One style for every map: colours per tier, depth shading, gaps, targets, depots, corridors.

Interactive (Leaflet) and static (matplotlib) maps read their colours and symbols from here,
so a tier has the same colour in a browser and in an article. Colours are ``#rrggbb``; sizes
are pixels of the interactive map (figures scale them with their width).

Every reader can tell apart what matters: a target that meets its requirement is a filled
disc, one that falls short an open ring; and the colours a reader must tell apart (the two
verdicts, the gap and each depth, the verdicts on every shading, the usual tiers) stay at
least ΔE 20 apart in CAM02-UCS under simulated deuteranopia, protanopia and tritanopia, and
ΔE 30 for normal vision (``tests/maps/test_style.py`` measures it). The depth shading and the
gap are the colours as seen: figures and the interactive map draw them opaque, under water and
borders. So are, in figures, the air picture's three shadings (seen by one sensor, by two or
more, not seen), apart from each other and from both verdicts.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "AIR_GAP",
    "AIR_SEEN",
    "AIR_SEEN_TWICE",
    "ASSET_SITE",
    "BASEMAP",
    "CORRIDOR_BAND_OPACITY",
    "CORRIDOR_STYLES",
    "DEPOT",
    "DISPUTED",
    "FALLBACK_PALETTE",
    "GAP",
    "NOTIONAL_LABEL",
    "NO_GO",
    "NO_GO_HATCH_PX",
    "PROBABILITY_AREA_STYLES",
    "ROBUSTNESS_STYLES",
    "SENSOR",
    "TARGET_MEETS",
    "TARGET_SHORT",
    "TIER_LINE_PX",
    "TIER_PALETTE",
    "UNCOVERED_STRETCH",
    "VIOLATION",
    "AreaStyle",
    "BasemapColours",
    "LineStyle",
    "PointStyle",
    "capacity_radius_px",
    "corridor_style",
    "depth_colour",
    "depth_label",
    "target_radius_px",
    "tier_colour",
]

NOTIONAL_LABEL: Final = "Notional scenario"


@dataclass(frozen=True)
class AreaStyle:
    """A filled area: outline colour and width, fill colour and opacity, optional hatching."""

    colour: str
    fill: str
    fill_opacity: float
    line_width: float = 1.0
    dashed: bool = False
    hatched: bool = False


@dataclass(frozen=True)
class LineStyle:
    """A line: colour, width in pixels (points in figures), dashed or solid."""

    colour: str
    width: float
    dashed: bool = False


@dataclass(frozen=True)
class PointStyle:
    """A point symbol: fill (``"none"`` for an open symbol), outline, radius in pixels, the
    matplotlib marker, the outline's width in pixels and the fill's opacity."""

    fill: str
    edge: str
    radius_px: float
    marker: str
    edge_px: float = 1.5
    fill_opacity: float = 0.9


@dataclass(frozen=True)
class BasemapColours:
    """The vector basemap: sea, land, inland water, country borders and region outlines."""

    sea: str = "#dbe9f4"
    land: str = "#f4f1ea"
    water: str = "#a9cce3"
    border: str = "#6b6b6b"
    region: str = "#b0aca3"
    city: str = "#3d3d3d"
    energy: str = "#7a5c00"


BASEMAP: Final = BasemapColours()

# Fixed colours for the usual tier names; any other name gets a colour from its hash.
TIER_PALETTE: Final = MappingProxyType(
    {
        "short": "#aa8d82",
        "medium": "#890550",
        "long": "#1070ae",
        "counter_drone": "#32e113",
        "electronic_warfare": "#b8860b",
        "repair_team": "#7f7f7f",
    }
)
FALLBACK_PALETTE: Final = (
    "#a6761d",
    "#e7298a",
    "#66a61e",
    "#d95f02",
    "#7570b3",
    "#1f78b4",
    "#33a02c",
    "#fb9a99",
    "#cab2d6",
    "#b15928",
    "#17becf",
    "#bcbd22",
)

# Depth 1, 2, 3, 4 and more: a sequential ramp, light to dark.
_DEPTH_RAMP: Final = ("#bcdfff", "#08a6a9", "#8d67fa", "#6e0d88")

GAP: Final = AreaStyle(colour="#d6604d", fill="#f0b28c", fill_opacity=1.0, line_width=0.8)
NO_GO: Final = AreaStyle(
    colour="#67001f", fill="#67001f", fill_opacity=0.12, line_width=1.6, hatched=True
)
DISPUTED: Final = AreaStyle(
    colour="#8c510a", fill="#dfc27d", fill_opacity=0.25, line_width=1.0, dashed=True
)
TARGET_MEETS: Final = PointStyle(
    fill="#0f0e0e", edge="#0f0e0e", radius_px=4.0, marker="o", edge_px=1.0, fill_opacity=1.0
)
"""A target that meets its requirement: a filled (near-black) disc."""
TARGET_SHORT: Final = PointStyle(
    fill="none", edge="#e60c1a", radius_px=4.0, marker="o", edge_px=2.5, fill_opacity=0.0
)
"""A target that falls short: an open red ring."""
ASSET_SITE: Final = PointStyle(
    fill="#555555", edge="#ffffff", radius_px=2.5, marker="o", edge_px=0.8
)
"""An asset's site; figures fill it with the tier's colour."""
TIER_LINE_PX: Final = 1.5
NO_GO_HATCH_PX: Final = (7.0, 1.0)
"""Spacing and width of the no-go zones' diagonal hatching."""
DEPOT: Final = PointStyle(fill="#252525", edge="#ffffff", radius_px=7.0, marker="s")
VIOLATION: Final = PointStyle(fill="#ffff33", edge="#000000", radius_px=9.0, marker="X")
CORRIDOR_STYLES: Final = MappingProxyType(
    {
        "logistics": LineStyle(colour="#543005", width=2.0),
        "medevac": LineStyle(colour="#c51b7d", width=2.0, dashed=True),
    }
)
UNCOVERED_STRETCH: Final = LineStyle(colour="#d7191c", width=5.0)
# A sweep's classes, told apart by shape as the verdicts are: a robust target (meets its
# requirement in nearly every draw) is the verdict's filled disc, an exposed one its open
# ring, a contested one an amber diamond between them; areas where depth 1 is reached in
# nearly every draw, and in some draws only.
ROBUSTNESS_STYLES: Final = MappingProxyType(
    {
        "robust": TARGET_MEETS,
        "contested": PointStyle(
            fill="#e69f00", edge="#0f0e0e", radius_px=4.5, marker="D", edge_px=1.0, fill_opacity=1.0
        ),
        "exposed": TARGET_SHORT,
    }
)
PROBABILITY_AREA_STYLES: Final = MappingProxyType(
    {
        "robust": AreaStyle(colour="#08a6a9", fill="#bcdfff", fill_opacity=0.9, line_width=0.8),
        "contested": AreaStyle(
            colour="#b37400", fill="#fde3a7", fill_opacity=0.9, line_width=0.8, dashed=True
        ),
    }
)  # exposed areas are left unfilled: the land shows through
# The air picture at an altitude band: seen by one sensor (pale yellow), by two or more (blue),
# and its gaps (grey: nothing sees there), apart from each other and from both verdicts.
AIR_SEEN: Final = AreaStyle(colour="#8c8c5a", fill="#ffffcc", fill_opacity=0.5, line_width=0.8)
AIR_SEEN_TWICE: Final = AreaStyle(
    colour="#1882f8", fill="#1882f8", fill_opacity=0.4, line_width=0.0
)
AIR_GAP: Final = AreaStyle(
    colour="#404040", fill="#a0a0a0", fill_opacity=0.45, line_width=1.2, dashed=True
)
SENSOR: Final = PointStyle(fill="#08306b", edge="#ffffff", radius_px=7.0, marker="^")
"""A sensor: a dark triangle (it sees, it does not cover)."""
CORRIDOR_BAND_OPACITY: Final = 0.18


def tier_colour(tier: str) -> str:
    """The colour of a tier: fixed for the usual names, else chosen by the name's hash."""
    if tier in TIER_PALETTE:
        return TIER_PALETTE[tier]
    digest = int.from_bytes(hashlib.sha256(tier.encode()).digest()[:4], "big")
    return FALLBACK_PALETTE[digest % len(FALLBACK_PALETTE)]


def depth_colour(depth: int) -> str:
    """The shading of ``depth`` distinct tiers (1 and up; 4 and more share the darkest)."""
    return _DEPTH_RAMP[min(max(depth, 1), len(_DEPTH_RAMP)) - 1]


def depth_label(depth: int) -> str:
    """How a depth is named in legends."""
    return f"depth {depth}" if depth < len(_DEPTH_RAMP) else f"depth {depth}+"


def corridor_style(kind: str) -> LineStyle:
    """The centreline style of a corridor of a kind (logistics, medevac)."""
    return CORRIDOR_STYLES.get(kind, CORRIDOR_STYLES["logistics"])


def capacity_radius_px(capacity_mw: float) -> float:
    """The radius of an energy node's symbol: its area grows with the capacity, capped.

    An unknown (NaN) or negative capacity gets the smallest symbol.
    """
    known = capacity_mw if math.isfinite(capacity_mw) and capacity_mw > 0 else 0.0
    return min(3.0 + math.sqrt(known) / 6.0, 14.0)


def target_radius_px(kind: str, weight: float) -> float:
    """A target's symbol radius: an energy node's by its capacity (MW), any other's fixed."""
    return capacity_radius_px(weight) if kind == "energy" else TARGET_MEETS.radius_px
