"""The page around an interactive map: title and phase selector, legend, scorecard panel,
stylesheet, hatching."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Final

from umbrella.coverage.report import Scorecard
from umbrella.maps.features import ENERGY_FILL
from umbrella.maps.style import (
    AIR_GAP,
    AIR_SEEN,
    AIR_SEEN_TWICE,
    BASEMAP,
    CORRIDOR_STYLES,
    DEPOT,
    DISPUTED,
    GAP,
    NO_GO,
    NOTIONAL_LABEL,
    SENSOR,
    TARGET_MEETS,
    TARGET_SHORT,
    UNCOVERED_STRETCH,
    VIOLATION,
    PointStyle,
    depth_colour,
    depth_label,
    tier_colour,
)

__all__ = [
    "HATCH_ID",
    "SCORECARD_ID",
    "disc",
    "hatch_definitions",
    "legend",
    "picture_key",
    "scorecard_panel",
    "stylesheet",
    "swatch",
    "title_panel",
]

HATCH_ID: Final = "umbrella-hatch"
SCORECARD_ID: Final = "umbrella-scorecard"
_MAX_LEGEND_DEPTH: Final = 4


def stylesheet() -> str:
    """The page's colours from the shared palette (the layout is in ``maps/web/map.css``)."""
    return f"""<style>
.folium-map {{ background: {BASEMAP.sea}; }}
.umbrella-notional {{ background: {NO_GO.colour}; }}
.umbrella-ok {{ color: {TARGET_MEETS.edge}; font-weight: bold; margin: 4px 0; }}
.umbrella-short {{ color: {TARGET_SHORT.edge}; font-weight: bold; margin: 4px 0; }}
.umbrella-label {{ background: rgba(255,255,255,0.85); border: 1px solid {NO_GO.colour};
  color: {NO_GO.colour}; font-weight: bold; box-shadow: none; }}
path.umbrella-hatched {{ fill: url(#{HATCH_ID}); }}
.umbrella-met .umbrella-verdict {{ color: {TARGET_MEETS.edge}; font-weight: bold; }}
.umbrella-missed .umbrella-verdict {{ color: {TARGET_SHORT.edge}; font-weight: bold; }}
.umbrella-triangle span {{ background: {SENSOR.fill}; }}
</style>"""


def hatch_definitions() -> str:
    """An invisible SVG holding the hatch pattern that no-go zones are filled with."""
    return (
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        f'<pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="8" height="8"'
        ' patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{NO_GO.fill}" fill-opacity="{NO_GO.fill_opacity}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{NO_GO.colour}" stroke-width="2.5"/>'
        "</pattern></defs></svg>"
    )


def title_panel(name: str, phases: Sequence[tuple[int, str]]) -> str:
    """The title, the notional label and one radio input per phase (the first checked).

    It comes first in the page, so that the keyboard reaches the choice of phase first.
    """
    choices = "".join(
        f'<label><input type="radio" name="umbrella-phase" value="{day}"'
        f"{' checked' if i == 0 else ''}> day {day}"
        + (f'<span class="umbrella-phase-name"> — {escape(label)}</span>' if label else "")
        + "</label>"
        for i, (day, label) in enumerate(phases)
    )
    return (
        '<div class="umbrella-panel umbrella-title">'
        f'<span class="umbrella-notional">{NOTIONAL_LABEL}</span>'
        f"<h1>{escape(name)}</h1>"
        '<fieldset class="umbrella-phases"><legend>Phase: <b id="umbrella-phase-label"></b>'
        f"</legend>{choices}</fieldset></div>"
    )


def swatch(fill: str, edge: str, opacity: float = 1.0, extra: str = "") -> str:
    """A legend's swatch: a small box of ``fill`` edged with ``edge`` (``extra`` CSS)."""
    return (
        f'<span class="umbrella-swatch" style="background:{fill};border-color:{edge};'
        f'opacity:{opacity:.2f};{extra}"></span>'
    )


def disc(look: PointStyle) -> str:
    """A legend's round swatch of a point style (a target's class or verdict)."""
    return swatch(look.fill, look.edge, 1, "border-radius:50%")


def _line(colour: str, width: float, dashed: bool) -> str:
    style = "dashed" if dashed else "solid"
    return (
        '<span class="umbrella-swatch" style="border:none;height:0;'
        f'border-top:{max(width, 2):.0f}px {style} {colour};"></span>'
    )


def _public_rows() -> dict[str, str]:
    """Legend rows of the public overlays, by the overlay's key."""
    dot = "border-radius:50%"
    return {
        "boundaries": f"{_line(BASEMAP.border, 1.2, False)}country border",
        "contested": f"{swatch(DISPUTED.fill, DISPUTED.colour, 1.0, 'border-style:dashed')}"
        "contested area",
        "regions": f"{_line(BASEMAP.region, 1.0, False)}region border",
        "cities": f"{swatch(BASEMAP.city, '#ffffff', 1, dot + ';width:7px;height:7px')}city",
        "energy": f"{swatch(ENERGY_FILL, BASEMAP.energy, 1, dot)}energy node (sized by MW)",
    }


def picture_key(band: str) -> str:
    """The layer key (in shared links and legend rows) of an altitude band's air picture."""
    return f"air-{band}"


def _picture_rows(bands: Sequence[str]) -> list[str]:
    """Legend rows of the sensors and of each band's air picture, shown while it is on."""
    if not bands:
        return []
    triangle = (
        f'<svg class="umbrella-swatch" width="14" height="12" style="border:none">'
        f'<polygon points="7,1 13,11 1,11" fill="{SENSOR.fill}" stroke="{SENSOR.edge}"/></svg>'
    )
    rows = [(f"{triangle}sensor (sees, adds no depth)", "sensors")]
    for band in bands:
        key = picture_key(band)
        rows += [
            (f"{swatch(AIR_SEEN.fill, AIR_SEEN.colour, 0.8)}{band}: seen by 1 sensor", key),
            (f"{swatch(AIR_SEEN_TWICE.fill, AIR_SEEN_TWICE.colour, 0.6)}{band}: by 2+", key),
            (
                f"{swatch(AIR_GAP.fill, AIR_GAP.colour, 0.9, 'border-style:dashed')}"
                f"{band}: gap in the air picture",
                key,
            ),
        ]
    return [f'<div data-layer="{escape(key)}">{row}</div>' for row, key in rows]


def legend(
    tiers: Sequence[tuple[str, str]],
    notice: str,
    attribution: str,
    public: Sequence[str],
    bands: Sequence[str] = (),
    extra: Sequence[str] = (),
) -> str:
    """The legend: tiers, depth, gaps, targets, depots, corridors, no-go zones, the sensors and
    the air picture of each altitude band in ``bands``; the notice.

    public: the keys of the public overlays; each gets a row (``data-layer``) that the page
    shows while the overlay is on, as do the air picture's, the depth's and the targets' rows
    (a sweep hides the analysis' depth and targets at first: its own rows replace theirs).
    ``extra``: further rows (HTML), after the others. The legend folds (a ``<details>`` element).
    """
    rows = [
        f"<div>{swatch(tier_colour(name), tier_colour(name), 0.6)}{escape(label)}</div>"
        for name, label in tiers
    ]
    rows += [
        f'<div data-layer="depth">{swatch(depth_colour(d), depth_colour(d))}{depth_label(d)}</div>'
        for d in range(1, _MAX_LEGEND_DEPTH + 1)
    ]
    hatch = (
        f'<svg class="umbrella-swatch" width="14" height="10"><rect width="14" height="10"'
        f' fill="url(#{HATCH_ID})" stroke="{NO_GO.colour}" stroke-width="2"/></svg>'
    )
    rows += [
        f"<div>{swatch(GAP.fill, GAP.colour, GAP.fill_opacity)}gap: no tier covers</div>",
        f"<div>{hatch}no-go zone</div>",
        f'<div data-layer="targets">{disc(TARGET_MEETS)}target meets its requirement</div>',
        f'<div data-layer="targets">{disc(TARGET_SHORT)}target falls short (energy sized by MW)'
        "</div>",
        f"<div>{swatch(DEPOT.fill, DEPOT.edge)}depot</div>",
        f"<div>{swatch(VIOLATION.fill, VIOLATION.edge)}no-go violation</div>",
    ]
    rows += [
        f"<div>{_line(style.colour, style.width, style.dashed)}{escape(kind)} corridor</div>"
        for kind, style in CORRIDOR_STYLES.items()
    ]
    rows.append(
        f"<div>{_line(UNCOVERED_STRETCH.colour, UNCOVERED_STRETCH.width, False)}"
        "uncovered stretch</div>"
    )
    rows += _picture_rows(bands)
    known = _public_rows()
    rows += [f'<div data-layer="{escape(key)}">{known[key]}</div>' for key in public]
    rows += extra
    return (
        '<details class="umbrella-panel umbrella-legend" id="umbrella-legend" open>'
        "<summary>Legend</summary>"
        + "".join(rows)
        + f"<p>{escape(notice)}<br><small>Data: {escape(attribution)}</small></p></details>"
    )


def scorecard_panel(cards: Sequence[Scorecard]) -> str:
    """A folding panel with each phase's scorecard; the page shows the one of the phase chosen
    (``body[data-phase]``). Empty when no phase has goals."""
    if not any(card.goals for card in cards):
        return ""
    shown = "".join(
        f'body[data-phase="{card.day}"] #{SCORECARD_ID} [data-day="{card.day}"]{{display:block}}'
        for card in cards
    )
    sections = "".join(_scorecard_section(card) for card in cards)
    return (
        f"<style>#{SCORECARD_ID} [data-day]{{display:none}}{shown}</style>"
        f'<details class="umbrella-panel umbrella-scorecard" id="{SCORECARD_ID}" open>'
        f"<summary>Scorecard</summary>{sections}</details>"
    )


def _scorecard_section(card: Scorecard) -> str:
    heading = f"day {card.day}" + (f" {card.label}" if card.label else "")
    if not card.lines:
        body = "<p>No goals in this phase.</p>"
    else:
        body = (
            "<table class='umbrella-table'>"
            + "".join(
                f'<tr class="umbrella-{"met" if line.met else "missed"}">'
                f"<td><code>{escape(line.goal)}</code></td><td>{escape(line.value)}</td>"
                f'<td class="umbrella-verdict">{escape(line.verdict)}</td>'
                f"<td>{escape(line.margin)}</td></tr>"
                for line in card.lines
            )
            + "</table>"
        )
    return (
        f'<section data-day="{card.day}"><b>{escape(heading)}: {card.met} of {card.goals}'
        f" goals met</b>{body}</section>"
    )
