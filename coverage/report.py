"""The rows of a result's summary table, shared by every face that shows one.

``summary_rows(result)`` gives each headline figure once: its label, what it counts, its unit
and its value in every phase (raw and as text). The command line's table and the service's
scenario page both render these rows, so they cannot drift apart. After the coverage figures
come the air picture (sensors in place, the share seen by at least one and at least two
sensors per altitude band) and the scorecard: a row per goal measure, showing in each phase
that sets it the measured value, met or MISSED, the threshold and the margin (a phase
without that goal shows "-" and the value NaN), and a last row counting the goals met.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from umbrella.coverage.measures import MEASURES
from umbrella.coverage.result import (
    AnalysisResult,
    GoalResult,
    PhaseResult,
    PhaseSummary,
    TargetSetRow,
)

__all__ = ["Scorecard", "ScorecardLine", "SummaryRow", "goal_text", "scorecards", "summary_rows"]


@dataclass(frozen=True)
class SummaryRow:
    """One line of the summary table: a figure per phase, and what it counts."""

    label: str
    counts: str  # what the figure counts, in words
    unit: str  # "%" for shares (values are fractions 0-1), else the unit of the values
    values: tuple[float, ...]  # one per phase, in the result's order
    texts: tuple[str, ...]  # the values as shown


def _text(value: float, unit: str) -> str:
    if unit == "%":
        return f"{100 * value:.1f}%"
    if unit in ("MW", "people"):
        return f"{value:,.0f} {unit}"
    return f"{value:,.0f}"


def _row(
    label: str,
    counts: str,
    unit: str,
    summaries: Sequence[PhaseSummary],
    value: Callable[[PhaseSummary], float],
) -> SummaryRow:
    values = tuple(float(value(s)) for s in summaries)
    return SummaryRow(label, counts, unit, values, tuple(_text(v, unit) for v in values))


def _pair(name: str, key: str) -> Callable[[PhaseSummary], float]:
    """The value under ``key`` of a summary's (key, value) pairs field ``name``."""

    def value(summary: PhaseSummary) -> float:
        return float(dict(getattr(summary, name))[key])

    return value


def _set_rows(summaries: Sequence[PhaseSummary]) -> list[SummaryRow]:
    """A row per target set: how many of its targets meet its requirement, with their weight."""
    rows = []
    for first in summaries[0].target_sets:

        def of(summary: PhaseSummary, set_id: str = first.target_set) -> TargetSetRow:
            return next(r for r in summary.target_sets if r.target_set == set_id)

        sets = [of(s) for s in summaries]
        share = [r.weight_meeting / r.weight if r.weight > 0 else 0.0 for r in sets]
        rows.append(
            SummaryRow(
                label=f"target set {first.target_set}",
                counts=f"targets with {first.requirement}; share of {first.weight_unit}",
                unit="%",
                values=tuple(share),
                texts=tuple(
                    f"{r.targets_meeting:,} of {r.targets:,} ({100 * s:.1f}%)"
                    for r, s in zip(sets, share, strict=True)
                ),
            )
        )
    return rows


def summary_rows(result: AnalysisResult) -> tuple[SummaryRow, ...]:
    """The summary table of a result: one row per headline figure, one value per phase.

    Shares are fractions (0-1) in ``values`` and percentages in ``texts``. A feature that
    several target sets select is counted once (see ``umbrella.coverage.summary``).
    """
    summaries = [phase.summary for phase in result.phases]
    if not summaries:
        return ()
    first = summaries[0]
    rows = [
        _row(
            "assets in place",
            "assets standing on the phase's day",
            "assets",
            summaries,
            lambda s: s.assets_in_place,
        ),
        _row(
            "energy capacity counted",
            "MW of energy targets, each plant once",
            "MW",
            summaries,
            lambda s: s.energy_mw_total,
        ),
        _row(
            "energy MW meeting requirement",
            "share of that MW meeting its requirement",
            "%",
            summaries,
            lambda s: s.energy_mw_share_meeting,
        ),
        _row(
            "population counted",
            "people in city targets, each settlement once",
            "people",
            summaries,
            lambda s: s.population_total,
        ),
        _row(
            "population meeting requirement",
            "share of those people meeting it",
            "%",
            summaries,
            lambda s: s.population_share_meeting,
        ),
        *_set_rows(summaries),
        _row(
            "region area uncovered",
            "share of the regions' area no tier covers",
            "%",
            summaries,
            lambda s: s.gap_area_share,
        ),
        _row(
            "no-go violations",
            "assets and depots inside a no-go zone",
            "violations",
            summaries,
            lambda s: s.violations,
        ),
        _row(
            "assets beyond resupply",
            "assets beyond the resupply radius of every depot",
            "assets",
            summaries,
            lambda s: s.assets_beyond_resupply,
        ),
    ]
    for depth, _ in first.energy_mw_share_by_depth:
        exactly = "3 or more tiers" if depth.endswith("+") else f"exactly {depth} tier(s)"
        rows.append(
            _row(
                f"energy MW at depth {depth}",
                f"share of energy MW covered by {exactly}",
                "%",
                summaries,
                _pair("energy_mw_share_by_depth", depth),
            )
        )
    for tier, _ in first.region_area_share_by_tier:
        rows.append(
            _row(
                f"area covered: {tier}",
                f"share of the regions' area a {tier} asset reaches",
                "%",
                summaries,
                _pair("region_area_share_by_tier", tier),
            )
        )
    rows += _picture_rows(summaries)
    rows += _goal_rows(summaries)
    return tuple(rows)


def _band(index: int, name: str) -> Callable[[PhaseSummary], float]:
    """The figure ``name`` of a summary's ``index``-th altitude band."""

    def value(summary: PhaseSummary) -> float:
        return float(getattr(summary.air_picture[index], name))

    return value


def _picture_rows(summaries: Sequence[PhaseSummary]) -> list[SummaryRow]:
    """Sensors in place, and per altitude band the shares seen by >= 1 and >= 2 sensors."""
    bands = summaries[0].air_picture
    if not bands:
        return []
    rows = [
        _row(
            "sensors in place",
            "sensors standing on the phase's day (they add no depth)",
            "sensors",
            summaries,
            lambda s: s.sensors_in_place,
        )
    ]
    for i, band in enumerate(bands):
        at = f"{band.altitude_m:,g} m" + (f" ({band.label})" if band.label != band.band else "")
        rows.append(
            _row(
                f"air picture {band.band}: seen",
                f"share of the regions' area at least one sensor sees at {at}",
                "%",
                summaries,
                _band(i, "seen_share"),
            )
        )
        rows.append(
            _row(
                f"air picture {band.band}: seen twice",
                f"share of the regions' area at least two sensors see at {at}",
                "%",
                summaries,
                _band(i, "redundant_share"),
            )
        )
    return rows


@dataclass(frozen=True)
class ScorecardLine:
    """One goal of a phase as shown: as written, the measured value, the verdict, the margin."""

    goal: str
    value: str
    met: bool
    verdict: str  # "met" or "MISSED"
    margin: str


@dataclass(frozen=True)
class Scorecard:
    """A phase's scorecard as shown: its day and label, goals met of all, a line per goal."""

    day: int
    label: str
    met: int
    goals: int
    lines: tuple[ScorecardLine, ...]


def scorecards(phases: Sequence[PhaseResult]) -> tuple[Scorecard, ...]:
    """The scorecard of every phase, for a panel per phase (the page, the map)."""
    return tuple(
        Scorecard(
            day=phase.summary.day,
            label=phase.summary.label,
            met=sum(goal.met for goal in phase.summary.scorecard),
            goals=len(phase.summary.scorecard),
            lines=tuple(
                ScorecardLine(
                    goal=goal.goal,
                    value=_measured(goal.value, goal.unit),
                    met=goal.met,
                    verdict="met" if goal.met else "MISSED",
                    margin=_margin(goal.margin, goal.unit),
                )
                for goal in phase.summary.scorecard
            ),
        )
        for phase in phases
    )


def _measured(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:.1f}%"
    return f"{value:,.0f}" + (" km²" if unit == "km2" else "")


def _threshold(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:g}%"
    return f"{value:,g}" + (" km²" if unit == "km2" else "")


def _margin(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:+.1f} pts"
    return f"{value:+,.0f}" + (" km²" if unit == "km2" else "")


def goal_text(goal: GoalResult) -> str:
    """A scored goal in a few words: "40.8% MISSED (>= 50%, -9.2 pts)"."""
    verdict = "met" if goal.met else "MISSED"
    return (
        f"{_measured(goal.value, goal.unit)} {verdict} "
        f"({goal.op} {_threshold(goal.threshold, goal.unit)}, {_margin(goal.margin, goal.unit)})"
    )


def _lower_first(text: str) -> str:
    """A description as the table's other rows word theirs: in lower case from the start."""
    return text[:1].lower() + text[1:]


def _goal_rows(summaries: Sequence[PhaseSummary]) -> list[SummaryRow]:
    """A row per measure some phase sets a goal on, then the goals met per phase."""
    keys = list(dict.fromkeys((g.measure, g.of) for s in summaries for g in s.scorecard))
    if not keys:
        return []
    rows = []
    for measure, of in keys:
        scored = [
            next((g for g in s.scorecard if (g.measure, g.of) == (measure, of)), None)
            for s in summaries
        ]
        rows.append(
            SummaryRow(
                label=f"goal: {measure}" + (f"[{of}]" if of is not None else ""),
                counts=_lower_first(MEASURES[measure].description),
                unit="%" if MEASURES[measure].unit == "share" else MEASURES[measure].unit,
                values=tuple(math.nan if g is None else float(g.value) for g in scored),
                texts=tuple("-" if g is None else goal_text(g) for g in scored),
            )
        )
    met = [sum(g.met for g in s.scorecard) for s in summaries]
    rows.append(
        SummaryRow(
            label="goals met",
            counts="the phase's goals met, of all its goals",
            unit="goals",
            values=tuple(float(n) for n in met),
            texts=tuple(f"{n} of {len(s.scorecard)}" for n, s in zip(met, summaries, strict=True)),
        )
    )
    return rows
