"""Figure formats and sizes: a width in pixels (screen) or millimetres (print), named presets,
the em. Light (no matplotlib), so that sizes are checked before any work.

Every length in a figure (text, symbols, lines, hatching, key, margins) is a multiple of one
unit, the *em*, which is a fixed share of the figure's width. There are two layouts, each a
fixed number of em across: the *wide* one (52 em) and the *compact* one (27 em: text about
twice as large for the width, so names, key and credits take more room and the page is far
taller for its width). Within a layout a figure is the same picture at every width, smaller
or larger. The layout is chosen by the physical width alone (``layout_for``):

    the wide layout whenever its smallest text (1 em = width / 52) is at least the floor of
    the medium, 11 px on a screen or 6 pt in print; else the compact one (1 em = width / 27).

So every screen width (600 px and up: 1 em >= 11.5 px) and every print width from 110.067 mm
(52 em of 6 pt, 312 pt; the double column, 180 mm, has 9.8 pt text) is wide, and print widths
from 60 mm (6.3 pt) to just under that are compact (the single column, 85 mm: 8.9 pt).

A screen figure's PNG has the asked width in pixels at ``dpi``; its SVG or PDF page counts
96 pixels to the inch, as CSS and SVG do, so a pixel stays a pixel. A printed figure's page
is the asked width in millimetres; its PNG has ``width_mm / 25.4 * dpi`` pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from umbrella.maps.errors import FigureSizeError

__all__ = [
    "CSS_DPI",
    "DEFAULT_DPI",
    "DEFAULT_PRINT_DPI",
    "DEFAULT_WIDTH_PX",
    "EMS_ACROSS",
    "FIGURE_FORMATS",
    "MAX_DPI",
    "MAX_PIXELS",
    "MAX_WIDTH_MM",
    "MIN_DPI",
    "MIN_PRINT_TEXT_PT",
    "MIN_SCREEN_TEXT_PX",
    "MIN_WIDTH_MM",
    "MIN_WIDTH_PX",
    "PRESETS",
    "STYLE_PX_ACROSS",
    "FigureFormat",
    "FigureSize",
    "Layout",
    "Medium",
    "Page",
    "figure_size",
    "layout_for",
]

Medium = Literal["screen", "print"]
Layout = Literal["wide", "compact"]

FigureFormat = Literal["png", "svg", "pdf"]
FIGURE_FORMATS: Final = ("png", "svg", "pdf")
MIN_SCREEN_TEXT_PX: Final = 11.0
MIN_PRINT_TEXT_PT: Final = 6.0
MIN_WIDTH_PX: Final = 600
MAX_PIXELS: Final = 20_000
MIN_WIDTH_MM: Final = 60.0
MAX_WIDTH_MM: Final = 1_000.0
MIN_DPI: Final = 50
MAX_DPI: Final = 1200
DEFAULT_WIDTH_PX: Final = 2400
DEFAULT_DPI: Final = 200
DEFAULT_PRINT_DPI: Final = 300
CSS_DPI: Final = 96.0
_MM_PER_INCH: Final = 25.4
_PT_PER_INCH: Final = 72.0

EMS_ACROSS: Final = MappingProxyType({"wide": 52.0, "compact": 27.0})
"""The width of a figure in em, by layout: 600 px / 52 = 11.5 px, 60 mm / 27 = 6.3 pt."""
STYLE_PX_ACROSS: Final = 780.0
"""The width of a figure in the style's pixels (symbols, lines): those of the interactive map
seen 780 pixels wide. Symbols keep their size on the map whatever the layout; text does not."""

PRESETS: Final = MappingProxyType(
    {
        "single-column": ("print", 85.0),
        "double-column": ("print", 180.0),
        "slide": ("screen", 1920.0),
    }
)
"""Named sizes: a newspaper's single and double column (mm) and a full-HD slide (px)."""


def layout_for(medium: Medium, width: float) -> Layout:
    """The layout of a figure ``width`` across, counted in the unit of its medium's text
    floor (pixels on a screen, points in print): the wide one if its smallest text, 1 em of
    52 across, keeps the floor (MIN_SCREEN_TEXT_PX, MIN_PRINT_TEXT_PT), else the compact one."""
    floor = MIN_SCREEN_TEXT_PX if medium == "screen" else MIN_PRINT_TEXT_PT
    return "wide" if width / EMS_ACROSS["wide"] >= floor else "compact"


@dataclass(frozen=True)
class Page:
    """A figure as drawn for one format: page width in inches, resolution, the em in points."""

    width_in: float
    dpi: float
    em_pt: float  # the smallest text
    style_px_pt: float  # one pixel of the style (symbols and lines)
    px_per_pt: float  # pixels of the output per point (dpi / 72; 96 / 72 for a screen SVG)

    def height_in(self, height_em: float) -> float:
        """The page height of a layout ``height_em`` tall, whole pixels for raster output."""
        height = height_em * self.em_pt / _PT_PER_INCH
        return math.ceil(height * self.dpi) / self.dpi


@dataclass(frozen=True)
class FigureSize:
    """A checked figure size: the medium, its width (px for screen, mm for print), dpi."""

    medium: Medium
    width: float
    dpi: int

    @property
    def layout(self) -> Layout:
        """The layout of this figure (see ``layout_for``), in print judged on the narrower of
        its pages (the PNG's width is whole pixels), so that its PNG, SVG and PDF share one
        layout and each keeps the floor."""
        if self.medium == "screen":
            return layout_for("screen", self.width)
        width_in = min(self.width / _MM_PER_INCH, self.width_px / self.dpi)
        return layout_for("print", width_in * _PT_PER_INCH)

    @property
    def width_px(self) -> int:
        """The width of the PNG, in pixels."""
        if self.medium == "screen":
            return round(self.width)
        return round(self.width / _MM_PER_INCH * self.dpi)

    def page(self, raster: bool) -> Page:
        """The page of a PNG (``raster``) or of an SVG or PDF of this size."""
        if raster:
            width_in, dpi = self.width_px / self.dpi, float(self.dpi)
        elif self.medium == "screen":
            width_in, dpi = self.width / CSS_DPI, CSS_DPI
        else:
            width_in, dpi = self.width / _MM_PER_INCH, float(self.dpi)
        width_pt = width_in * _PT_PER_INCH
        return Page(
            width_in=width_in,
            dpi=dpi,
            em_pt=width_pt / EMS_ACROSS[self.layout],
            style_px_pt=width_pt / STYLE_PX_ACROSS,
            px_per_pt=dpi / _PT_PER_INCH,
        )

    def key(self) -> str:
        """A short text naming this size (for caches and file names)."""
        unit = "px" if self.medium == "screen" else "mm"
        return f"{self.width:g}{unit}@{self.dpi}"


def _number(field: str, value: object, low: float, high: float, integer: bool) -> float:
    kinds = (int,) if integer else (int, float)
    if (
        isinstance(value, bool)
        or not isinstance(value, kinds)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        kind = "an integer" if integer else "a number"
        raise FigureSizeError(field, value, f"must be {kind} in [{low:g}, {high:g}]")
    return float(value)


def figure_size(
    *,
    width_px: int | None = None,
    width_mm: float | None = None,
    preset: str | None = None,
    dpi: int | None = None,
    raster: bool = True,
    max_width_px: int = MAX_PIXELS,
    max_dpi: int = MAX_DPI,
) -> FigureSize:
    """The size named by at most one of ``width_px``, ``width_mm`` and ``preset``, at ``dpi``.

    With none, DEFAULT_WIDTH_PX at DEFAULT_DPI; a printed size defaults to DEFAULT_PRINT_DPI.
    Raises FigureSizeError naming the field: a value out of range, an unknown preset, two
    widths at once, or (for a ``raster`` figure) a PNG wider than ``max_width_px``.
    """
    given: list[tuple[str, object]] = [
        (f, v) for f, v in (("width_px", width_px), ("width_mm", width_mm)) if v is not None
    ]
    if preset is not None:
        given.append(("preset", preset))
    if len(given) > 1:
        field, value = given[-1]
        others = " and ".join(f for f, _ in given[:-1])
        raise FigureSizeError(field, value, f"cannot be given with {others}: choose one width")
    medium: Medium = "screen"
    width = float(DEFAULT_WIDTH_PX)
    if preset is not None:
        if preset not in PRESETS:
            raise FigureSizeError("preset", preset, f"must be one of {', '.join(PRESETS)}")
        medium, width = PRESETS[preset]  # type: ignore[assignment]
    elif width_px is not None:
        width = _number("width_px", width_px, MIN_WIDTH_PX, max_width_px, integer=True)
    elif width_mm is not None:
        medium = "print"
        width = _number("width_mm", width_mm, MIN_WIDTH_MM, MAX_WIDTH_MM, integer=False)
    default_dpi = DEFAULT_DPI if medium == "screen" else DEFAULT_PRINT_DPI
    resolution = (
        int(_number("dpi", dpi, MIN_DPI, max_dpi, True)) if dpi is not None else default_dpi
    )
    size = FigureSize(medium=medium, width=width, dpi=resolution)
    if raster and size.width_px > max_width_px:
        field, value = given[0] if given else ("width_px", width)
        raise FigureSizeError(
            field,
            value,
            f"gives a PNG {size.width_px} px wide at {resolution} dpi, over {max_width_px} px",
        )
    return size
