"""The symbols of a figure's key, drawn on a ``Sheet`` in em: swatches for areas and lines,
markers for points, a ring and dot for each tier. Symbols and lines keep their map sizes."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from umbrella.maps.figure.canvas import DASHES
from umbrella.maps.figure.layers import tier_site
from umbrella.maps.figure.layout import Sheet
from umbrella.maps.style import NO_GO, NO_GO_HATCH_PX, TIER_LINE_PX, PointStyle, tier_colour

__all__ = [
    "SWATCH_W",
    "Painter",
    "area_swatch",
    "marker",
    "no_go_swatch",
    "rect",
    "stroke",
    "symbol",
    "tier_swatch",
]

SWATCH_W: Final = 1.9
"""The width of a swatch, in em; its height is a row's (1 em), the symbol centred in it."""
_SWATCH_H: Final = 0.85

Painter = Callable[[Sheet, float, float], None]
"""Draws a symbol in the swatch whose top-left corner is at (x, y) em."""


def _add(sheet: Sheet, artist: Any) -> Any:
    artist.set_transform(sheet.em)
    sheet.figure.add_artist(artist)
    return artist


def rect(sheet: Sheet, x: float, y: float, w: float, h: float, **style: Any) -> Rectangle:
    """A rectangle from its top-left corner (x, y), ``w`` by ``h`` em."""
    return _add(sheet, Rectangle((x, y), w, h, **style))


def _px(sheet: Sheet, style_px: float) -> float:
    return style_px * sheet.page.style_px_pt


def marker(sheet: Sheet, x: float, y: float, look: PointStyle, radius_px: float) -> None:
    """A point symbol centred at (x, y) em, ``radius_px`` style pixels in radius."""
    _add(
        sheet,
        Line2D(
            [x],
            [y],
            marker=look.marker,
            markersize=2 * _px(sheet, radius_px),
            markerfacecolor=look.fill,
            markeredgecolor=look.edge,
            markeredgewidth=_px(sheet, look.edge_px),
            linestyle="none",
        ),
    )


def _box(sheet: Sheet, x: float, y: float, **style: Any) -> Rectangle:
    return rect(sheet, x + 0.1, y + (1 - _SWATCH_H) / 2, SWATCH_W - 0.2, _SWATCH_H, **style)


def area_swatch(fill: str | None, edge: str, width_px: float, dashed: bool = False) -> Painter:
    """An area: its fill (or none) and outline."""

    def paint(sheet: Sheet, x: float, y: float) -> None:
        _box(
            sheet,
            x,
            y,
            facecolor=to_rgba(fill) if fill else "none",
            edgecolor=edge,
            linewidth=_px(sheet, width_px),
            linestyle=DASHES if dashed else "-",
        )

    return paint


def no_go_swatch(sheet: Sheet, x: float, y: float) -> None:
    """A no-go zone: tint, outline and diagonal hatching, as on the map."""
    _box(
        sheet,
        x,
        y,
        facecolor=to_rgba(NO_GO.fill, NO_GO.fill_opacity),
        edgecolor=NO_GO.colour,
        linewidth=_px(sheet, NO_GO.line_width),
    )
    clip = _box(sheet, x, y, facecolor="none", edgecolor="none")
    left, top, w, h = x + 0.1, y + (1 - _SWATCH_H) / 2, SWATCH_W - 0.2, _SWATCH_H
    spacing, width = NO_GO_HATCH_PX
    step = _px(sheet, spacing) / sheet.page.em_pt * math.sqrt(2.0)
    for start in np.arange(left - h, left + w, step):
        line = Line2D(
            [start, start + h], [top + h, top], color=NO_GO.colour, linewidth=_px(sheet, width)
        )
        _add(sheet, line).set_clip_path(clip)


def stroke(colour: str, width_px: float, dashed: bool) -> Painter:
    """A line across the swatch."""

    def paint(sheet: Sheet, x: float, y: float) -> None:
        line = Line2D(
            [x + 0.1, x + SWATCH_W - 0.1],
            [y + 0.5, y + 0.5],
            color=colour,
            linewidth=_px(sheet, width_px),
            solid_capstyle="butt",
            linestyle=DASHES if dashed else "-",
        )
        _add(sheet, line)

    return paint


def symbol(look: PointStyle, radius_px: float) -> Painter:
    """A point symbol in the middle of the swatch."""

    def paint(sheet: Sheet, x: float, y: float) -> None:
        marker(sheet, x + SWATCH_W / 2, y + 0.5, look, radius_px)

    return paint


def tier_swatch(name: str) -> Painter:
    """A tier: a ring in its colour (its reach) around the dot of a site."""

    def paint(sheet: Sheet, x: float, y: float) -> None:
        ring = Circle(
            (x + SWATCH_W / 2, y + 0.5),
            0.5,
            facecolor="none",
            edgecolor=tier_colour(name),
            linewidth=_px(sheet, TIER_LINE_PX),
        )
        _add(sheet, ring)
        site = tier_site(name)
        marker(sheet, x + SWATCH_W / 2, y + 0.5, site, site.radius_px)

    return paint
