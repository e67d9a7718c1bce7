"""The page of a figure, measured in em: header, map frame, legend and footer, top to bottom.

Every block sits outside the map frame: the title, the phase and the notional notice above it,
the legend and scale bar below it, the data credits at the foot. ``Sheet`` draws on a figure
in em measured from its top-left corner; ``Measure`` gives text widths in em and wraps text
to a width, with the renderer that will draw it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Transform

from umbrella.maps.figure.size import Page

__all__ = [
    "BODY",
    "GAP_EM",
    "LINE_SPACING",
    "MARGIN_EM",
    "NOTICE",
    "SUBTITLE",
    "TITLE",
    "Heading",
    "Measure",
    "Sheet",
    "TextStyle",
    "block_height",
    "font",
    "plan_heading",
]

MARGIN_EM: Final = 1.0
GAP_EM: Final = 0.9
LINE_SPACING: Final = 1.25
"""Baseline to baseline, in font sizes."""


@dataclass(frozen=True)
class TextStyle:
    """A text's size in em (1 em is the smallest text of a figure), weight, slant and colour."""

    size_em: float
    weight: Literal["normal", "bold"] = "normal"
    slant: Literal["normal", "italic"] = "normal"
    colour: str = "#1a1a1a"


TITLE: Final = TextStyle(1.4, "bold", colour="#111111")
SUBTITLE: Final = TextStyle(1.1, colour="#333333")
NOTICE: Final = TextStyle(1.0, "bold", colour="#7a0019")
BODY: Final = TextStyle(1.0, colour="#333333")


def font(style: TextStyle, em_pt: float) -> FontProperties:
    """The font of a style at an em of ``em_pt`` points."""
    return FontProperties(size=style.size_em * em_pt, weight=style.weight, style=style.slant)


class Measure:
    """Text sizes in em, measured once at a fixed reference size, so that every figure of a
    layout, whatever its width, wraps, lays out and places its text the same way."""

    _EM_PT: Final = 100.0
    _SLACK: Final = 1.03  # hinting can widen small text by a few percent

    def __init__(self) -> None:
        self._figure = Figure(dpi=72.0)
        self.renderer = FigureCanvasAgg(self._figure).get_renderer()
        self._widths: dict[tuple[str, TextStyle], float] = {}

    def width(self, text: str, style: TextStyle) -> float:
        """The advance width of one line of text, in em (with a little to spare); each text
        is measured once (laying it out costs some 25 µs a character)."""
        key = (text, style)
        if key not in self._widths:
            prop = font(style, self._EM_PT)
            w, _, _ = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
            self._widths[key] = float(w) / self._EM_PT * self._SLACK
        return self._widths[key]

    def box(
        self, lines: Sequence[str], style: TextStyle, linespacing: float
    ) -> tuple[float, float]:
        """The width and height in em of lines of text as matplotlib lays them out."""
        text = self._figure.text(
            0.0,
            0.0,
            "\n".join(lines),
            fontproperties=font(style, self._EM_PT),
            linespacing=linespacing,
        )
        extent = text.get_window_extent(self.renderer)
        text.remove()
        return extent.width / self._EM_PT * self._SLACK, extent.height / self._EM_PT

    def _pieces(self, word: str, style: TextStyle, width_em: float) -> list[str]:
        """A word cut into pieces no wider than ``width_em`` (most words are one piece)."""
        pieces = [""]
        for char in word:
            if pieces[-1] and self.width(pieces[-1] + char, style) > width_em:
                pieces.append("")
            pieces[-1] += char
        return pieces

    def _fitting(self, line: str, words: Sequence[str], style: TextStyle, width_em: float) -> int:
        """How many of ``words`` still fit on ``line``. A line never narrows when words are
        added (each glyph is set after the last), so the count is sought from a guess by the
        line's width per character, not word by word."""

        def fits(count: int) -> bool:
            return count == 0 or self.width(" ".join([line, *words[:count]]), style) <= width_em

        per_char = self.width(line, style) / len(line)
        room = width_em / per_char if per_char > 0 else float("inf")
        lengths = np.cumsum([len(line), *(1 + len(word) for word in words)])
        count = int(np.searchsorted(lengths, room, side="right")) - 1
        count = min(max(count, 0), len(words))
        if fits(count):
            while count < len(words) and fits(count + 1):
                count += 1
        else:
            count -= 1
            while not fits(count):
                count -= 1
        return count

    def wrap(self, text: str, style: TextStyle, width_em: float) -> list[str]:
        """``text`` broken at spaces into lines no wider than ``width_em``, each line taking
        every word that still fits; a word wider than that is cut where it must be."""
        words = text.split()
        lines: list[str] = []
        at = 0
        while at < len(words):
            if lines:
                count = self._fitting(lines[-1], words[at:], style, width_em)
                lines[-1] = " ".join([lines[-1], *words[at : at + count]])
                at += count
                if at == len(words):
                    break
            word = words[at]
            if self.width(word, style) <= width_em:
                lines.append(word)
            else:
                lines += self._pieces(word, style, width_em)
            at += 1
        return lines or [""]


def block_height(lines: int, style: TextStyle) -> float:
    """The height in em of ``lines`` lines of a style, first top to last bottom."""
    return style.size_em * (1.0 + LINE_SPACING * (lines - 1)) * 1.17


class Sheet:
    """A figure ``width_em`` by ``height_em``, drawn on in em from its top-left corner."""

    def __init__(self, figure: Figure, page: Page, width_em: float, height_em: float) -> None:
        self.figure = figure
        self.page = page
        self.width_em = width_em
        self.height_em = height_em
        self.em: Transform = (
            Affine2D().scale(1.0 / width_em, -1.0 / height_em).translate(0.0, 1.0)
            + figure.transFigure
        )

    def fraction(self, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        """A box in em (top-left corner, width, height) as figure fractions for ``add_axes``."""
        return (
            x / self.width_em,
            1.0 - (y + h) / self.height_em,
            w / self.width_em,
            h / self.height_em,
        )

    def text(
        self,
        x: float,
        y: float,
        lines: list[str],
        style: TextStyle,
        *,
        ha: str = "left",
        va: str = "top",
        gid: str | None = None,
        **extra: Any,
    ) -> Text:
        """Lines of text with their top-left (or ``ha``/``va``) corner at (x, y) em."""
        return self.figure.text(
            x,
            y,
            "\n".join(lines),
            transform=self.em,
            fontproperties=font(style, self.page.em_pt),
            color=style.colour,
            ha=ha,
            va=va,
            linespacing=LINE_SPACING,
            gid=gid,
            **extra,
        )


@dataclass(frozen=True)
class Heading:
    """The lines of the title, the phase and the notional notice, where each starts (em from
    the top), and where the heading ends."""

    title: list[str]
    subtitle: list[str]
    notice: list[str]
    ys: tuple[float, float, float]
    bottom: float

    def draw(self, sheet: Sheet) -> None:
        """Draw the heading at the left margin."""
        for lines, style, y, gid in zip(
            (self.title, self.subtitle, self.notice),
            (TITLE, SUBTITLE, NOTICE),
            self.ys,
            ("title", "subtitle", "notice"),
            strict=True,
        ):
            sheet.text(MARGIN_EM, y, lines, style, gid=gid)


def plan_heading(
    measure: Measure, width_em: float, *, title: str, subtitle: str, notice: str
) -> Heading:
    """The heading of a page ``width_em`` wide, each text wrapped within the margins."""
    inner = width_em - 2 * MARGIN_EM
    blocks = [
        measure.wrap(text, style, inner)
        for text, style in ((title, TITLE), (subtitle, SUBTITLE), (notice, NOTICE))
    ]
    ys = []
    y = MARGIN_EM
    for lines, style in zip(blocks, (TITLE, SUBTITLE, NOTICE), strict=True):
        ys.append(y)
        y += block_height(len(lines), style) + 0.35 * style.size_em
    return Heading(blocks[0], blocks[1], blocks[2], (ys[0], ys[1], ys[2]), y)
