"""Text measuring for the figure's layout, against matplotlib's own layout of the same text:
widths (measured once each), and lines wrapped as the word-by-word greedy rule wraps them."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from umbrella.maps.figure.layout import BODY, NOTICE, TITLE, Measure, TextStyle, font
from umbrella.maps.figure.names import SEA

TEXTS = [
    "",
    "Łódź",
    "Constanţa, Iaşi and Kraków",
    "Notional scenario: sites, ranges and phases are illustrative, not real deployments.",
    "20 km belt along the Russian and Belarusian borders",
    "Data: Natural Earth (naturalearthdata.com) (public domain); GeoNames (geonames.org) (CC BY"
    " 4.0); Global Power Plant Database v1.3.0 (CC BY 4.0). Lambert azimuthal equal-area",
    "a Supercalifragilisticexpialidocious-hyphenated-name-without-spaces word",
    "i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i i",
    "WWW WWWWWWW W WW WWWWW WWWWWWWWW W  W   WWWW  MMMM",
]
STYLES = [BODY, TITLE, NOTICE, SEA]


def _oracle_width(text: str, style: TextStyle) -> float:
    """The width in em matplotlib gives the text laid out at 100 pt, 72 dpi (3 % to spare)."""
    figure = Figure(dpi=72.0)
    renderer = FigureCanvasAgg(figure).get_renderer()
    extent = figure.text(0, 0, text, fontproperties=font(style, 100.0)).get_window_extent(renderer)
    return extent.width / 100.0 * 1.03


def _greedy(text: str, style: TextStyle, width_em: float) -> list[str]:
    """Word by word: a word joins the line if the line still fits, else starts the next;
    a word too wide alone is cut character by character."""
    lines: list[str] = []
    for word in text.split():
        if lines and _oracle_width(f"{lines[-1]} {word}", style) <= width_em:
            lines[-1] += f" {word}"
        elif _oracle_width(word, style) <= width_em:
            lines.append(word)
        else:
            pieces = [""]
            for char in word:
                if pieces[-1] and _oracle_width(pieces[-1] + char, style) > width_em:
                    pieces.append("")
                pieces[-1] += char
            lines += pieces
    return lines or [""]


@pytest.mark.parametrize("style", STYLES)
def test_a_width_is_matplotlibs_every_time_it_is_asked(style: TextStyle) -> None:
    measure = Measure()
    for _ in range(2):  # the second time from what was measured the first
        for text in TEXTS:
            assert measure.width(text, style) == pytest.approx(_oracle_width(text, style), abs=1e-9)
    assert measure.width("", style) == 0.0


@pytest.mark.parametrize("width_em", [3.0, 7.5, 12.0, 25.0, 50.0])
def test_wrapping_takes_every_word_that_still_fits(width_em: float) -> None:
    measure = Measure()
    for style in (BODY, TITLE):
        for text in TEXTS:
            lines = measure.wrap(text, style, width_em)
            assert lines == _greedy(text, style, width_em), (text, width_em)
            assert "".join("".join(lines).split()) == "".join(text.split())  # nothing lost
