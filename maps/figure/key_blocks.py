"""The wide pieces of a figure's key: the depth ramp (with the gap), the size key of energy
capacity and the true-scale bar, flowed left to right and onto more rows when narrow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from umbrella.maps.figure.layout import BODY, Measure, Sheet, TextStyle, block_height
from umbrella.maps.figure.swatches import Painter, marker, rect
from umbrella.maps.style import GAP, PointStyle, capacity_radius_px, depth_colour, depth_label

__all__ = ["ENERGY_KEY_MW", "HEADING", "Block", "energy_block", "flow", "ramp_block", "scale_block"]

ENERGY_KEY_MW: Final = (100, 1_000, 4_000)
HEADING: Final = TextStyle(1.0, "bold", colour="#1a1a1a")
SIZE_KEY: Final = PointStyle(fill="none", edge="#4d4d4d", radius_px=0.0, marker="o", edge_px=1.2)
"""Circles of the size key: neutral, as they stand for any verdict."""
_GAP: Final = 1.6
_RAMP_CELL: Final = 2.2
_HEAD_H: Final = 1.35
_DEPTHS: Final = 4


@dataclass(frozen=True)
class Block:
    """A wide piece of the key, its size in em, drawn from its top-left corner."""

    width: float
    height: float
    paint: Painter


def ramp_block(measure: Measure) -> Block:
    """The gap and each depth's shading, side by side under a heading."""
    cells = [(GAP.fill, "gap")] + [
        (depth_colour(d), depth_label(d).removeprefix("depth ")) for d in range(1, _DEPTHS + 1)
    ]
    heading = "Depth: tiers covering"
    width = max(len(cells) * _RAMP_CELL, measure.width(heading, HEADING))

    def paint(sheet: Sheet, x: float, y: float) -> None:
        sheet.text(x, y, [heading], HEADING, gid="legend-text")
        for i, (fill, words) in enumerate(cells):
            left = x + i * _RAMP_CELL
            rect(
                sheet,
                left,
                y + _HEAD_H,
                _RAMP_CELL,
                0.9,
                facecolor=fill,
                edgecolor="#ffffff",
                linewidth=0.06 * sheet.page.em_pt,
            )
            sheet.text(
                left + _RAMP_CELL / 2,
                y + _HEAD_H + 1.1,
                [words],
                BODY,
                ha="center",
                gid="legend-text",
            )

    return Block(width, _HEAD_H + 1.1 + block_height(1, BODY), paint)


def energy_block(measure: Measure, px_em: float) -> Block:
    """Circles of an energy target of 100, 1,000 and 4,000 MW, as big as on the map
    (``px_em``: one style pixel in em)."""
    radii = [capacity_radius_px(mw) * px_em for mw in ENERGY_KEY_MW]
    words = [f"{mw:,}" for mw in ENERGY_KEY_MW]
    cells = [max(2 * r, measure.width(w, BODY)) + 0.7 for r, w in zip(radii, words, strict=True)]
    heading = "Energy, MW"
    width = max(sum(cells), measure.width(heading, HEADING))
    disc = 2 * max(radii)

    def paint(sheet: Sheet, x: float, y: float) -> None:
        sheet.text(x, y, [heading], HEADING, gid="legend-text")
        left = x
        for r, w, cell in zip(radii, words, cells, strict=True):
            centre = left + cell / 2
            marker(sheet, centre, y + _HEAD_H + disc - r, SIZE_KEY, r / px_em)
            sheet.text(centre, y + _HEAD_H + disc + 0.2, [w], BODY, ha="center", gid="legend-text")
            left += cell

    return Block(width, _HEAD_H + disc + 0.2 + block_height(1, BODY), paint)


def scale_block(measure: Measure, km: float, length_em: float) -> Block:
    """A bar ``km`` long at the map's centre (``length_em`` on the page), and its length."""
    words = f"{km:g} km (true at the centre)"

    def paint(sheet: Sheet, x: float, y: float) -> None:
        sheet.text(x, y, ["Scale"], HEADING, gid="legend-text")
        for i, colour in enumerate(("#1a1a1a", "#ffffff")):
            rect(
                sheet,
                x + i * length_em / 2,
                y + _HEAD_H + 0.15,
                length_em / 2,
                0.4,
                facecolor=colour,
                edgecolor="#1a1a1a",
                linewidth=0.05 * sheet.page.em_pt,
                gid="scale-bar",
            )
        sheet.text(x, y + _HEAD_H + 0.85, [words], BODY, gid="scale-bar-text")

    width = max(length_em, measure.width(words, BODY))
    return Block(width, _HEAD_H + 0.85 + block_height(1, BODY), paint)


def flow(blocks: list[Block], width_em: float) -> tuple[list[tuple[float, float, Block]], float]:
    """Blocks placed left to right, a new row when the next does not fit; and their height."""
    placed, x, y, row_h = [], 0.0, 0.0, 0.0
    for block in blocks:
        if x > 0 and x + block.width > width_em:
            x, y, row_h = 0.0, y + row_h + 0.8, 0.0
        placed.append((x, y, block))
        x += block.width + _GAP
        row_h = max(row_h, block.height)
    return placed, y + row_h
