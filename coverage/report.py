"""The rows of a result's summary table, shared by every face that shows one.

``summary_rows(result)`` gives each headline figure once: its label, what it counts, its unit
and its value in every phase (raw and as text). The command line's table and the service's
scenario page both render these rows, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from umbrella.coverage.result import AnalysisResult, PhaseSummary, TargetSetRow

__all__ = ["SummaryRow", "summary_rows"]


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
    return tuple(rows)
