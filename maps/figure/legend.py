"""The key below a figure's map: the wide blocks, then the symbols, then notes.

``plan_legend`` lays the key out for the page's width: first the blocks of
``umbrella.maps.figure.key_blocks`` (depth ramp, energy size key, scale bar); then the symbols
in groups under short headings, in as many equal columns as fit, filled column by column,
each entry's words wrapped to its column; then the names of the no-go zones that are numbered
on the map. Only what the map draws is listed. ``draw_legend`` draws the plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Final

import shapely

from umbrella.coverage.result import PhaseResult
from umbrella.coverage.sweep.result import CLASSES
from umbrella.maps.figure.air import band_of
from umbrella.maps.figure.key_blocks import (
    HEADING,
    Block,
    energy_block,
    flow,
    ramp_block,
    scale_block,
)
from umbrella.maps.figure.layout import BODY, LINE_SPACING, Measure, Sheet
from umbrella.maps.figure.swatches import (
    SWATCH_W,
    Painter,
    area_swatch,
    no_go_swatch,
    rect,
    stroke,
    symbol,
    tier_swatch,
)
from umbrella.maps.proposed import PROPOSED_LABEL, proposed_style
from umbrella.maps.scene import Scene
from umbrella.maps.style import (
    AIR_GAP,
    AIR_SEEN,
    AIR_SEEN_TWICE,
    CORRIDOR_STYLES,
    DEPOT,
    DISPUTED,
    PROBABILITY_AREA_STYLES,
    ROBUSTNESS_STYLES,
    SENSOR,
    TARGET_MEETS,
    TARGET_SHORT,
    UNCOVERED_STRETCH,
    VIOLATION,
    corridor_style,
)
from umbrella.maps.sweep import FIGURE_LEVEL, assumption_lines, class_label, swept_phase

__all__ = ["LegendPlan", "draw_legend", "plan_legend"]

VERDICT_PX: Final = 6.0
"""The radius of the verdict symbols in the key (a mid-sized target)."""
_ROW_H: Final = 1.4
_TEXT_GAP: Final = 0.45
_COLUMN_GAP: Final = 1.2


@dataclass(frozen=True)
class Entry:
    """One entry of the key: a symbol (None for a group's heading) and its words, in lines
    once wrapped (each line takes a row of the key)."""

    label: str
    paint: Painter | None
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class LegendPlan:
    """Where each piece of the key goes, in em from its top-left corner, and its height."""

    blocks: list[tuple[float, float, Block]]
    entries: list[tuple[float, float, Entry]]
    notes: list[str]  # lines naming the no-go zones numbered on the map, a sweep's assumptions
    height: float
    notes_height: float = 0.0  # as matplotlib lays the notes out (an estimate drifts per line)


def _picture_entries(phase: PhaseResult, band: str | None) -> list[Entry]:
    """The shading of the band's air picture when the map shows it."""
    entries = []
    if band is not None:
        row = band_of(phase, band)
        picture = next(p for p in phase.air_picture if p.band == band)
        entries.append(Entry(f"Air picture, {row.altitude_m:,g} m", None))
        if not picture.seen.geometry.is_empty:
            entries.append(
                Entry("seen by one sensor", area_swatch(AIR_SEEN.fill, AIR_SEEN.fill, 0.0))
            )
        if not picture.redundant.geometry.is_empty:
            entries.append(
                Entry(
                    "seen by two or more",
                    area_swatch(AIR_SEEN_TWICE.fill, AIR_SEEN_TWICE.fill, 0.0),
                )
            )
        if picture.gaps:
            entries.append(
                Entry(
                    "not seen (gap)",
                    area_swatch(AIR_GAP.fill, AIR_GAP.colour, AIR_GAP.line_width, dashed=True),
                )
            )
    return entries


def _entries(scene: Scene, phase: PhaseResult, band: str | None) -> list[Entry]:
    entries = [Entry("Tiers (site, reach)" if band is None else "Tiers (site)", None)]
    entries += [Entry(label, tier_swatch(name)) for name, label in scene.tiers]
    entries += _picture_entries(phase, band)
    if swept_phase(scene.sweep, phase.summary.day) is None:
        entries += [
            Entry("Targets", None),
            Entry("requirement met", symbol(TARGET_MEETS, VERDICT_PX)),
            Entry("falls short", symbol(TARGET_SHORT, VERDICT_PX)),
        ]
    else:
        entries += [Entry("Targets across draws", None)]
        entries += [
            Entry(class_label(name), symbol(ROBUSTNESS_STYLES[name], VERDICT_PX))
            for name in CLASSES
        ]
        if band is None:
            entries += [Entry(f"Depth {FIGURE_LEVEL}+ across draws", None)]
            entries += [
                Entry(
                    class_label(name),
                    area_swatch(style.fill, style.colour, style.line_width, style.dashed),
                )
                for name, style in PROBABILITY_AREA_STYLES.items()
            ]
    entries += [
        Entry("Other features", None),
        Entry("no-go zone", no_go_swatch),
    ]
    view = shapely.box(*scene.extent)
    if shapely.intersects(scene.public.disputed.geometry, view).any():
        entries.append(
            Entry(
                "contested area",
                area_swatch(None, DISPUTED.colour, DISPUTED.line_width, dashed=True),
            )
        )
    if scene.depots_on(phase.summary.day):
        entries.append(Entry("depot", symbol(DEPOT, DEPOT.radius_px)))
    if phase.sensors:
        entries.append(Entry("sensor (adds no depth)", symbol(SENSOR, SENSOR.radius_px)))
    if phase.violations:
        entries.append(Entry("no-go violation", symbol(VIOLATION, VIOLATION.radius_px)))
    if scene.proposed:  # in every phase's key, as the interactive map's
        look = replace(proposed_style(""), fill="#ffffff")  # any tier: its colour fills it
        entries.append(Entry(PROPOSED_LABEL, symbol(look, look.radius_px)))
    for kind in dict.fromkeys(c.kind for c in phase.corridors):
        style = corridor_style(kind)
        words = f"{kind} corridor" if kind in CORRIDOR_STYLES else "corridor"
        entries.append(Entry(words, stroke(style.colour, style.width, style.dashed)))
    if any(c.uncovered for c in phase.corridors):
        entries.append(
            Entry(
                "uncovered stretch",
                stroke(UNCOVERED_STRETCH.colour, UNCOVERED_STRETCH.width, False),
            )
        )
    return entries


def _columns(entries: list[Entry], count: int) -> list[list[Entry]]:
    """Entries in at most ``count`` columns, as short as can be: each group (a heading and
    its entries) whole in one column, unless longer than a column, and then never split so
    as to leave one entry alone."""
    groups: list[list[Entry]] = []
    for entry in entries:
        if entry.paint is None or not groups:
            groups.append([])
        groups[-1].append(entry)
    total = sum(len(e.lines) for e in entries)
    rows = max(math.ceil(total / count), max(len(e.lines) for e in entries))
    while True:
        columns: list[list[Entry]] = [[]]
        for group in groups:
            size = sum(len(e.lines) for e in group)
            room = rows - sum(len(e.lines) for e in columns[-1])
            if size > room and (size <= rows or room < 2):
                columns.append([])
            for entry in group:
                if sum(len(e.lines) for e in columns[-1]) + len(entry.lines) > rows:
                    columns.append([])
                columns[-1].append(entry)
        lonely = any(len(column) < 2 for column in columns)
        if len(columns) <= count and not lonely:
            return columns
        if rows >= total:
            return columns
        rows += 1


def plan_legend(
    measure: Measure,
    scene: Scene,
    phase: PhaseResult,
    width_em: float,
    *,
    px_em: float,
    scale: tuple[float, float],
    notes: list[str],
    band: str | None = None,
) -> LegendPlan:
    """The key of one phase laid out ``width_em`` wide; ``px_em`` is one style pixel in em,
    ``scale`` the scale bar's (km, length in em), ``notes`` the names of the no-go zones
    numbered on the map; with ``band``, the key of that band's air picture in place of the
    depth ramp."""
    swept = swept_phase(scene.sweep, phase.summary.day)
    ramp = [ramp_block(measure)] if band is None and swept is None else []
    blocks, height = flow(
        [*ramp, energy_block(measure, px_em), scale_block(measure, *scale)], width_em
    )
    top = height + 1.0
    text_width = width_em - SWATCH_W - _TEXT_GAP
    entries = [
        replace(e, lines=tuple(measure.wrap(e.label, HEADING, width_em)))
        if e.paint is None
        else replace(e, lines=tuple(measure.wrap(e.label, BODY, text_width)))
        for e in _entries(scene, phase, band)
    ]
    widest = max(
        max(measure.width(line, HEADING) for line in e.lines)
        if e.paint is None
        else SWATCH_W + _TEXT_GAP + max(measure.width(line, BODY) for line in e.lines)
        for e in entries
    )
    count = max(1, min(len(entries), int((width_em + _COLUMN_GAP) // (widest + _COLUMN_GAP))))
    columns = _columns(entries, count)
    column_w = (width_em + _COLUMN_GAP) / count
    placed = []
    for c, column in enumerate(columns):
        row = 0
        for entry in column:
            placed.append((c * column_w, top + row * _ROW_H, entry))
            row += len(entry.lines)
    rows = max(sum(len(e.lines) for e in column) for column in columns)
    bottom = top + (rows - 1) * _ROW_H + 1.0
    texts = [f"No-go zones numbered on the map: {'; '.join(notes)}."] if notes else []
    if swept is not None and scene.sweep is not None:  # the assumptions, stated
        texts += assumption_lines(scene.sweep)
    lines = [line for text in texts for line in measure.wrap(text, BODY, width_em)]
    if not lines:
        return LegendPlan(blocks, placed, [], bottom)
    notes_height = measure.box(lines, BODY, LINE_SPACING)[1]
    return LegendPlan(blocks, placed, lines, bottom + 0.5 + notes_height, notes_height)


def draw_legend(sheet: Sheet, plan: LegendPlan, x: float, y: float, width_em: float) -> None:
    """Draw the key with its top-left corner at (x, y) em, its area marked ``gid="legend"``."""
    rect(sheet, x, y, width_em, plan.height, facecolor="none", edgecolor="none", gid="legend")
    for dx, dy, block in plan.blocks:
        block.paint(sheet, x + dx, y + dy)
    for dx, dy, entry in plan.entries:
        if entry.paint is not None:
            entry.paint(sheet, x + dx, y + dy)
        left = x + dx + (0.0 if entry.paint is None else SWATCH_W + _TEXT_GAP)
        style = HEADING if entry.paint is None else BODY
        for i, line in enumerate(entry.lines):  # a line per row: rows stay aligned
            sheet.text(
                left, y + dy + 0.5 + i * _ROW_H, [line], style, va="center", gid="legend-text"
            )
    if plan.notes:
        top = y + plan.height - plan.notes_height
        sheet.text(x, top, plan.notes, BODY, gid="legend-text")
