"""Static figures for articles: one phase as PNG, SVG or PDF, drawn with matplotlib (Agg).

The page holds, top to bottom: the title, the phase and the notional notice; the map of the
area in a Lambert azimuthal equal-area projection centred on it; the key (depth ramp, energy
size key, true-scale bar, symbols); the phase's scorecard if asked for; the data credits.
Asked for an altitude band, the map shades that band's air picture in place of depth. Nothing
but names lies over the area analysed. Every length is a multiple of the figure's em, a fixed
share of its width in each of two layouts, wide (52 em across) and compact (27 em), so a
figure is the same picture at every width of its layout; the wide layout is used wherever its
text keeps the floor (11 px, 6 pt), the compact one at narrower print widths
(``umbrella.maps.figure.size.layout_for``). The title and phase are also in the file's
metadata (PDF and PNG Title, SVG ``<title>``). Every string is drawn as written (matplotlib's
mathtext is off): a ``$`` in a scenario's text is a dollar sign.
"""

from __future__ import annotations

import umbrella.maps.matplotlib_stack  # noqa: F401  # first: matplotlib loads leaner there

# isort: split
import io
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Final

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from umbrella.coverage.result import AnalysisResult, PhaseResult
from umbrella.coverage.scenario import Scenario
from umbrella.coverage.sweep.result import SweepResult
from umbrella.maps.errors import FigureSizeError, UnknownFormat, UnknownMapPhase
from umbrella.maps.figure.air import band_of, picture_words, scorecard_lines
from umbrella.maps.figure.canvas import MapCanvas
from umbrella.maps.figure.labels import LabelPlacer
from umbrella.maps.figure.layers import draw_map
from umbrella.maps.figure.layout import (
    BODY,
    GAP_EM,
    MARGIN_EM,
    Measure,
    Sheet,
    block_height,
    plan_heading,
)
from umbrella.maps.figure.legend import draw_legend, plan_legend
from umbrella.maps.figure.names import place_names
from umbrella.maps.figure.size import (
    EMS_ACROSS,
    FIGURE_FORMATS,
    MAX_PIXELS,
    FigureFormat,
    FigureSize,
    Page,
    figure_size,
)
from umbrella.maps.png import png_bytes
from umbrella.maps.projection import AreaProjection, area_projection
from umbrella.maps.scene import Scene, build_scene
from umbrella.maps.style import BASEMAP

__all__ = [
    "DrawnFigure",
    "draw_figure",
    "figure_rc",
    "render_figure",
    "save_figure",
]

VIEW_PADDING: Final = 0.04
"""Room around the first view, as a share of its width, for the neighbours' names."""
_FRAME: Final = "#8c8c8c"


@dataclass(frozen=True)
class DrawnFigure:
    """A drawn figure, its page, its title (with the phase) and the scene it shows."""

    figure: Figure
    page: Page
    title: str
    scene: Scene
    phase: PhaseResult
    map_ax: Axes
    projection: AreaProjection


def _phase(scene: Scene, day: int) -> PhaseResult:
    try:
        return scene.phase(day)
    except KeyError:
        days = [p.summary.day for p in scene.phases]
        raise UnknownMapPhase("day", day, f"must be one of the phase days {days}") from None


def _footer(scene: Scene, result: AnalysisResult, centre: tuple[float, float]) -> str:
    provenance = result.provenance
    return (
        f"Data: {scene.attribution}. Lambert azimuthal equal-area projection "
        f"centred at {centre[0]:.1f}°E {centre[1]:.1f}°N. umbrella {provenance.software_version},"
        f" scenario {provenance.scenario_hash[:12]}."
    )


def _map_axes(figure: Figure, page: Page) -> Axes:
    ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_facecolor(BASEMAP.sea)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(_FRAME)
        spine.set_linewidth(0.05 * page.em_pt)
    return ax


def draw_figure(
    scene: Scene,
    result: AnalysisResult,
    *,
    day: int,
    size: FigureSize,
    raster: bool,
    title: str | None = None,
    band: str | None = None,
    scorecard: bool = False,
) -> DrawnFigure:
    """The figure of one phase of a scene, laid out and drawn (not saved); ``raster`` for a
    PNG's page. Call it within ``figure_rc()``, in force until the figure is saved. With
    ``band``, the map shades that altitude band's air picture instead of depth; with
    ``scorecard``, the phase's scorecard follows the key.

    The map is drawn and named first (the names decide which no-go zones the key must name),
    then the key and credits below it; the page then takes its final height.
    Raises UnknownMapPhase for a day that starts no phase, UnknownBand for a band the
    scenario does not name.
    """
    phase = _phase(scene, day)
    picture = "" if band is None else f", {picture_words(band_of(phase, band))}"
    projection = area_projection(scene.extent).padded(VIEW_PADDING)
    page = size.page(raster)
    width_em = EMS_ACROSS[size.layout]
    inner = width_em - 2 * MARGIN_EM
    figure = Figure(figsize=(page.width_in, page.width_in), dpi=page.dpi, facecolor="#ffffff")
    FigureCanvasAgg(figure)
    measure = Measure()
    summary = phase.summary
    subtitle = f"Day {summary.day}" + (f": {summary.label}" if summary.label else "") + picture
    heading = plan_heading(
        measure, width_em, title=title or scene.name, subtitle=subtitle, notice=scene.notice
    )
    map_box = (MARGIN_EM, heading.bottom + GAP_EM, inner, inner * projection.aspect)
    # The map first, on a page just tall enough: names are placed in em from the map frame's
    # corner, which stay right when the page then grows below the map.
    draft_in = page.height_in(map_box[1] + map_box[3] + MARGIN_EM)
    figure.set_size_inches(page.width_in, draft_in)
    draft = Sheet(figure, page, width_em, draft_in * 72.0 / page.em_pt)
    ax = _map_axes(figure, page)
    ax.set_position(draft.fraction(*map_box))
    minx, miny, maxx, maxy = projection.bounds
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    canvas = MapCanvas(ax, projection, page)
    symbols = draw_map(canvas, scene, phase, band)
    placer = LabelPlacer(ax, page.em_pt, measure)
    placer.block(placer.point_boxes(symbols.centres, symbols.reach_pt))
    zone_notes = place_names(placer, canvas, scene, phase, symbols)
    km, metres = projection.scale_bar()
    legend = plan_legend(
        measure,
        scene,
        phase,
        inner,
        px_em=page.style_px_pt / page.em_pt,
        scale=(km, metres / (maxx - minx) * inner),
        notes=zone_notes,
        band=band,
    )
    legend_y = map_box[1] + map_box[3] + GAP_EM
    card = (
        [wrapped for line in scorecard_lines(phase) for wrapped in measure.wrap(line, BODY, inner)]
        if scorecard
        else []
    )
    card_y = legend_y + legend.height + GAP_EM
    footer = measure.wrap(_footer(scene, result, projection.centre), BODY, inner)
    footer_y = card_y + (block_height(len(card), BODY) + GAP_EM if scorecard else 0.0)
    height_in = page.height_in(footer_y + block_height(len(footer), BODY) + MARGIN_EM)
    figure.set_size_inches(page.width_in, height_in)
    sheet = Sheet(figure, page, width_em, height_in * 72.0 / page.em_pt)
    ax.set_position(sheet.fraction(*map_box))
    heading.draw(sheet)
    draw_legend(sheet, legend, MARGIN_EM, legend_y, inner)
    if scorecard:
        sheet.text(MARGIN_EM, card_y, card, BODY, gid="scorecard")
    sheet.text(MARGIN_EM, footer_y, footer, BODY, gid="attribution")
    full_title = f"{title or scene.name} — {subtitle.lower()}"
    return DrawnFigure(figure, page, full_title, scene, phase, ax, projection)


def figure_rc() -> AbstractContextManager[None]:
    """The settings every figure is drawn and saved under: literal text, text kept as text."""
    return rc_context(
        {
            "text.parse_math": False,  # every string is literal: a "$" in user text is a dollar
            "svg.fonttype": "none",  # text stays text (SVG, PDF), editable in a layout
            "pdf.fonttype": 42,
            "path.simplify": True,
        }
    )


def render_figure(
    scenario: Scenario,
    result: AnalysisResult,
    *,
    day: int,
    fmt: FigureFormat,
    title: str | None = None,
    size: FigureSize | None = None,
    band: str | None = None,
    scorecard: bool = False,
    sweep: SweepResult | None = None,
) -> bytes:
    """A static map of one phase as PNG, SVG or PDF bytes, at ``size`` (default 2,400 px);
    ``band`` shades that altitude band's air picture instead of depth, ``scorecard`` adds the
    phase's scorecard under the key; ``sweep`` (of the same scenario) draws its classes and
    depth-probability areas and states its assumptions in the key.

    Raises FigureSizeError (a PNG taller than MAX_PIXELS), UnknownFormat, UnknownMapPhase and
    UnknownBand, each naming the field.
    """
    if fmt not in FIGURE_FORMATS:
        raise UnknownFormat("fmt", fmt, f"must be one of {', '.join(FIGURE_FORMATS)}")
    chosen = size or figure_size()
    with figure_rc():
        scene = build_scene(scenario, result, sweep)
        drawn = draw_figure(
            scene,
            result,
            day=day,
            size=chosen,
            raster=fmt == "png",
            title=title,
            band=band,
            scorecard=scorecard,
        )
        height_px = round(drawn.figure.get_figheight() * drawn.page.dpi)
        if fmt == "png" and height_px > MAX_PIXELS:
            field = "width_px" if chosen.medium == "screen" else "width_mm"
            reason = f"gives a PNG {height_px} px tall, over {MAX_PIXELS}"
            raise FigureSizeError(field, chosen.width, reason)
        return save_figure(drawn, fmt)


def save_figure(drawn: DrawnFigure, fmt: FigureFormat) -> bytes:
    """A drawn figure's file, with its title (and phase) and the notional notice as metadata
    (PDF Title and Subject, SVG ``<title>`` and description, PNG Title and Description)."""
    notice = drawn.scene.notice
    metadata = {"Title": drawn.title, "Subject" if fmt == "pdf" else "Description": notice}
    buffer = io.BytesIO()
    if fmt == "png":
        _save_png(drawn, metadata, buffer)
    else:
        drawn.figure.savefig(buffer, format=fmt, dpi=drawn.page.dpi, metadata=metadata)
    return buffer.getvalue()


def _save_png(drawn: DrawnFigure, metadata: dict[str, str], buffer: io.BytesIO) -> None:
    """The figure as an RGB PNG (``umbrella.maps.png``): its white background leaves the alpha
    channel that matplotlib draws nothing to hold."""
    canvas = drawn.figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    buffer.write(png_bytes(pixels, dpi=drawn.page.dpi, text=metadata))
