"""A phase's scorecard: each goal of the phase against the analysis' own measures.

``measure_values`` reads every measure of ``umbrella.coverage.measures`` off a phase's figures;
``score`` compares a goal with its measured value. Values are compared exactly as measured
(no rounding): a share of 0.79996 misses ``>= 0.8`` by a margin of -0.00004.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence

from umbrella.coverage.goals import Goal
from umbrella.coverage.measures import MEASURES
from umbrella.coverage.result import AirPictureRow, CorridorCoverage, GoalResult, PhaseSummary

__all__ = ["MeasureKey", "measure_values", "score", "scorecard"]

MeasureKey = tuple[str, str | None]
"""A measure's name and key (None for a measure without one): ("air_picture_share", "low")."""

_COMPARE: Mapping[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def measure_values(
    summary: PhaseSummary,
    corridors: Sequence[CorridorCoverage],
    pictures: Sequence[AirPictureRow],
    sensors_in_place: int,
) -> dict[MeasureKey, float]:
    """Every measure of the phase, keyed by (name, key), from its summary, its corridors and
    its air picture."""
    values: dict[MeasureKey, float] = {
        ("assets_in_place", None): summary.assets_in_place,
        ("sensors_in_place", None): sensors_in_place,
        ("energy_mw_share_meeting", None): summary.energy_mw_share_meeting,
        ("population_share_meeting", None): summary.population_share_meeting,
        ("gap_area_share", None): summary.gap_area_share,
        ("violations", None): summary.violations,
        ("assets_beyond_resupply", None): summary.assets_beyond_resupply,
    }
    for depth, share in summary.energy_mw_share_by_depth:
        values["energy_mw_share_by_depth", depth] = share
    for depth, share in summary.population_share_by_depth:
        values["population_share_by_depth", depth] = share
    for tier, share in summary.region_area_share_by_tier:
        values["area_share_covered", tier] = share
    for corridor in corridors:
        values["corridor_share_covered", corridor.id] = corridor.covered_share
    for picture in pictures:
        values["air_picture_share", picture.band] = picture.seen_share
        values["air_picture_redundant_share", picture.band] = picture.redundant_share
        values["air_picture_largest_gap_km2", picture.band] = picture.largest_gap_km2
        values["energy_mw_share_seen", picture.band] = picture.energy_mw_share_seen
        values["population_share_seen", picture.band] = picture.population_share_seen
    return values


def score(goal: Goal, value: float) -> GoalResult:
    """The goal against its measured value: met or not, and the margin (see ``GoalResult``)."""
    if goal.op in (">=", ">"):
        margin = value - goal.value
    elif goal.op in ("<=", "<"):
        margin = goal.value - value
    else:
        margin = 0.0 - abs(value - goal.value)  # 0.0, not -0.0, at the threshold
    return GoalResult(
        goal=goal.text,
        measure=goal.measure,
        of=goal.of,
        op=goal.op,
        threshold=goal.value,
        unit=MEASURES[goal.measure].unit,
        value=value,
        met=_COMPARE[goal.op](value, goal.value),
        margin=margin,
    )


def scorecard(goals: Sequence[Goal], values: Mapping[MeasureKey, float]) -> tuple[GoalResult, ...]:
    """Each goal of a phase scored against the phase's measures (``measure_values``)."""
    return tuple(score(goal, values[goal.measure, goal.of]) for goal in goals)
