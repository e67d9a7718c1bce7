"""A sweep on the maps: targets by robustness, the depth-probability layer, the assumptions.

Targets are drawn by their class (robust, contested, exposed: the share of draws in which
they meet their requirement), in the class's colour and symbol; the depth-probability layer
shows where depth reaches a level in at least 95% of the draws (robust) and where it does in
some but not in 95% (contested). The legend states the assumptions the sweep drew, so that
a map is never read without them.
"""

from __future__ import annotations

from html import escape
from typing import Final

from umbrella.coverage.sweep.result import (
    CLASSES,
    EXPOSED_SHARE,
    ROBUST_SHARE,
    SweepPhase,
    SweepResult,
    TargetShare,
)
from umbrella.maps.features import Feature, area_style, feature, point_style
from umbrella.maps.page import disc, swatch
from umbrella.maps.style import PROBABILITY_AREA_STYLES, ROBUSTNESS_STYLES, capacity_radius_px

__all__ = [
    "FIGURE_LEVEL",
    "SYMBOLS",
    "assumption_lines",
    "class_label",
    "legend_rows",
    "probability_features",
    "swept_phase",
    "target_features",
]

FIGURE_LEVEL: Final = 1
"""The depth level whose probability a figure draws (the interactive map has every level)."""
SYMBOLS: Final = {"o": "circle", "D": "diamond", "X": "cross"}  # marker -> the page's symbol


_QUANTITY: Final = {"range_km": "range ", "min_range_km": "minimum range ", "availability": ""}


def assumption_lines(result: SweepResult) -> list[str]:
    """The sweep in words: draws, seed and the class thresholds, then one line per tier with
    what its draws vary (``tiers.short.range_km`` and ``tiers.short.availability`` read as
    "short: range ...; each site up ...")."""
    head = (
        f"Sweep of {result.draws:,} draws (seed {result.seed}): robust = meets its requirement "
        f"in >= {ROBUST_SHARE:.0%} of draws, exposed = in <= {EXPOSED_SHARE:.0%}, contested = "
        "in between."
    )
    by_tier: dict[str, list[str]] = {}
    for assumption in result.assumptions:
        _, tier, quantity = assumption.name.split(".", 2)
        by_tier.setdefault(tier, []).append(f"{_QUANTITY[quantity]}{assumption.text}")
    return [head, *(f"{tier}: {'; '.join(parts)}" for tier, parts in by_tier.items())]


def class_label(name: str) -> str:
    """A class as legends name it."""
    return {
        "robust": f"robust (>= {ROBUST_SHARE:.0%} of draws)",
        "contested": "contested (in between)",
        "exposed": f"exposed (<= {EXPOSED_SHARE:.0%} of draws)",
    }[name]


def swept_phase(result: SweepResult | None, day: int) -> SweepPhase | None:
    """The sweep's phase starting on ``day``, if the sweep has one."""
    if result is None:
        return None
    return next((phase for phase in result.phases if phase.day == day), None)


def _popup(target: TargetShare) -> str:
    verdict = "meets" if target.meets_nominal else "falls short of"
    return (
        f"<b>{escape(target.name)}</b><br>{escape(target.robustness)}: meets its requirement "
        f"in {target.share_meeting:.0%} of draws<br>at nominal values it {verdict} it"
    )


def target_features(phase: SweepPhase) -> list[Feature]:
    """Every target of a swept phase by class; an energy node sized by its capacity."""
    features = []
    for target in phase.targets:
        look = ROBUSTNESS_STYLES[target.robustness]
        radius = capacity_radius_px(target.weight) if target.kind == "energy" else None
        style = point_style(look, radius)
        symbol: str | None = SYMBOLS[look.marker]
        if target.geometry.geom_type != "Point":  # a shape, in its class's colours
            colours = {"color": style["color"], "fillColor": style["fillColor"]}
            style, symbol = {**area_style(PROBABILITY_AREA_STYLES["robust"]), **colours}, None
        features += feature(
            target.geometry,
            style,
            popup=_popup(target),
            tooltip=f"{target.name}: {target.share_meeting:.0%}",
            id=target.id,
            symbol=symbol,
        )
    return features


def probability_features(phase: SweepPhase, level: int) -> list[Feature]:
    """The robust and contested parts of the area at depth ``level`` or more."""
    return [
        f
        for area in phase.probability_areas
        if area.depth_at_least == level and area.robustness in PROBABILITY_AREA_STYLES
        for f in feature(
            area.geometry,
            area_style(PROBABILITY_AREA_STYLES[area.robustness]),
            tooltip=f"depth >= {level} in {area.share_low:.0%}-{area.share_high:.0%} of draws",
        )
    ]


def legend_rows(result: SweepResult, layer_key: str) -> list[str]:
    """The legend's rows of a sweep (shown while the layer ``layer_key`` is on): the target
    classes, the probability areas, and the assumptions stated."""
    rows = []
    for name in CLASSES:
        look = ROBUSTNESS_STYLES[name]
        rows.append(f"{disc(look)}target {class_label(name)}")
    for name, style in PROBABILITY_AREA_STYLES.items():
        rows.append(f"{swatch(style.fill, style.colour, 0.8)}depth reached: {class_label(name)}")
    rows = [f'<div data-layer="{escape(layer_key)}">{row}</div>' for row in rows]
    lines = "<br>".join(escape(line) for line in assumption_lines(result))
    rows.append(f'<p data-layer="{escape(layer_key)}"><small>{lines}</small></p>')
    return rows
