"""Static figures for articles: one phase as PNG, SVG or PDF, drawn with matplotlib (Agg).

A figure has a title, a legend, a scale bar (its true length at the map's centre), the data
attribution and the notional label, in a Lambert azimuthal equal-area projection centred on
the area. ``width_px`` and ``dpi`` fix the pixel size: the figure is ``width_px / dpi`` inches
wide and its height follows the area's aspect ratio. Every string is drawn as it is written
(matplotlib's mathtext is off): a ``$`` in a scenario's text is a dollar sign.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any, Final, Literal

import numpy as np
import shapely
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.result import AnalysisResult, PhaseResult
from umbrella.coverage.scenario import Scenario
from umbrella.maps.errors import FigureSizeError, UnknownFormat, UnknownMapPhase
from umbrella.maps.projection import AreaProjection, area_projection
from umbrella.maps.proposed import (
    PROPOSED_EDGE,
    PROPOSED_LABEL,
    ProposedSite,
    in_phase,
    proposed_style,
)
from umbrella.maps.scene import Scene, build_scene
from umbrella.maps.style import (
    BASEMAP,
    CORRIDOR_BAND_OPACITY,
    CORRIDOR_STYLES,
    DEPOT,
    DISPUTED,
    GAP,
    NO_GO,
    NOTIONAL_LABEL,
    TARGET_MEETS,
    TARGET_SHORT,
    UNCOVERED_STRETCH,
    VIOLATION,
    AreaStyle,
    PointStyle,
    capacity_radius_px,
    corridor_style,
    depth_colour,
    depth_label,
    tier_colour,
)

__all__ = [
    "DEFAULT_DPI",
    "DEFAULT_WIDTH_PX",
    "FIGURE_FORMATS",
    "MAX_DPI",
    "MAX_PIXELS",
    "MIN_DPI",
    "MIN_PIXELS",
    "FigureFormat",
    "check_figure_size",
    "render_figure",
]

FigureFormat = Literal["png", "svg", "pdf"]
FIGURE_FORMATS: Final = ("png", "svg", "pdf")
MIN_PIXELS: Final = 200
MAX_PIXELS: Final = 20_000
MIN_DPI: Final = 50
MAX_DPI: Final = 1200
DEFAULT_WIDTH_PX: Final = 2400
DEFAULT_DPI: Final = 200
LABELLED_CITY_POPULATION: Final = 500_000
_POINTS_PER_PX: Final = 0.75  # symbol sizes are in screen pixels (96 per inch)


def check_figure_size(width_px: int, dpi: int) -> None:
    """FigureSizeError naming ``width_px`` or ``dpi`` unless both are printable integers."""
    for field, value, low, high in (
        ("width_px", width_px, MIN_PIXELS, MAX_PIXELS),
        ("dpi", dpi, MIN_DPI, MAX_DPI),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise FigureSizeError(field, value, f"must be an integer in [{low}, {high}]")


def _phase(scene: Scene, day: int) -> PhaseResult:
    try:
        return scene.phase(day)
    except KeyError:
        days = [p.summary.day for p in scene.phases]
        raise UnknownMapPhase("day", day, f"must be one of the phase days {days}") from None


# --- shapely to matplotlib ------------------------------------------------------------------


def _polygons(geometry: BaseGeometry) -> list[shapely.Polygon]:
    parts = shapely.get_parts(shapely.get_parts(geometry))
    return [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]


def _lines(geometry: BaseGeometry) -> list[np.ndarray]:
    parts = shapely.get_parts(shapely.get_parts(geometry))
    return [
        shapely.get_coordinates(p) for p in parts if p.geom_type in ("LineString", "LinearRing")
    ]


def _path(geometries: Iterable[BaseGeometry]) -> Path | None:
    """One compound path of every polygon (holes as their own rings), or None if empty."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for ring in (polygon.exterior, *polygon.interiors):
                xy = shapely.get_coordinates(ring)
                ring_codes = np.full(len(xy), Path.LINETO, dtype=np.uint8)
                ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
                vertices.append(xy)
                codes.append(ring_codes)
    if not vertices:
        return None
    return Path(np.concatenate(vertices), np.concatenate(codes))


class _Canvas:
    """An axes in projected metres, drawing lon/lat geometries."""

    def __init__(self, ax: Axes, projection: AreaProjection) -> None:
        self.ax = ax
        self.projection = projection

    def area(
        self,
        geometries: Iterable[BaseGeometry],
        *,
        fill: str | None,
        alpha: float,
        edge: str | None,
        width: float,
        zorder: float,
        hatch: str | None = None,
        dashed: bool = False,
    ) -> None:
        path = _path(self.projection.geometry(g) for g in geometries)
        if path is None:
            return
        self.ax.add_patch(
            PathPatch(
                path,
                facecolor=to_rgba(fill, alpha) if fill else "none",
                edgecolor=edge or "none",
                linewidth=width,
                linestyle="--" if dashed else "-",
                hatch=hatch,
                zorder=zorder,
            )
        )

    def styled_area(
        self, geometries: Iterable[BaseGeometry], style: AreaStyle, zorder: float
    ) -> None:
        self.area(
            geometries,
            fill=style.fill,
            alpha=style.fill_opacity,
            edge=style.colour,
            width=style.line_width,
            dashed=style.dashed,
            hatch="////" if style.hatched else None,
            zorder=zorder,
        )

    def lines(
        self,
        geometries: Iterable[BaseGeometry],
        *,
        colour: str,
        width: float,
        zorder: float,
        dashed: bool = False,
    ) -> None:
        segments = [self.projection.xy(xy[:, 0], xy[:, 1]) for g in geometries for xy in _lines(g)]
        if segments:
            self.ax.add_collection(
                LineCollection(
                    segments,
                    colors=colour,
                    linewidths=width,
                    linestyles="--" if dashed else "-",
                    zorder=zorder,
                )
            )

    def points(
        self,
        geometries: Sequence[BaseGeometry],
        style: PointStyle,
        zorder: float,
        radii_px: Sequence[float] | None = None,
    ) -> None:
        if not geometries:
            return
        xy = shapely.get_coordinates(np.asarray(geometries, dtype=object))
        projected = self.projection.xy(xy[:, 0], xy[:, 1])
        radii = np.asarray(radii_px if radii_px is not None else [style.radius_px] * len(xy))
        self.ax.scatter(
            projected[:, 0],
            projected[:, 1],
            s=(2 * radii * _POINTS_PER_PX) ** 2,
            marker=style.marker,
            c=style.fill,
            edgecolors=style.edge,
            linewidths=0.6,
            zorder=zorder,
        )


# --- the layers of a figure -----------------------------------------------------------------


def _basemap(canvas: _Canvas, scene: Scene) -> None:
    public = scene.public
    canvas.area(public.countries.geometry, fill=BASEMAP.land, alpha=1, edge=None, width=0, zorder=1)
    canvas.area(public.lakes.geometry, fill=BASEMAP.water, alpha=1, edge=None, width=0, zorder=2)
    canvas.lines(public.rivers.geometry, colour=BASEMAP.water, width=0.6, zorder=2)
    canvas.lines(
        [g.boundary for g in public.regions.geometry], colour=BASEMAP.region, width=0.3, zorder=3
    )
    canvas.styled_area(public.disputed.geometry, DISPUTED, zorder=4)
    canvas.lines(
        [g.boundary for g in public.countries.geometry], colour=BASEMAP.border, width=0.8, zorder=9
    )


def _coverage(canvas: _Canvas, phase: PhaseResult) -> None:
    for area in phase.depth:
        if area.depth > 0:
            canvas.area(
                [area.geometry],
                fill=depth_colour(area.depth),
                alpha=0.6,
                edge=None,
                width=0,
                zorder=5,
            )
    canvas.styled_area([phase.gaps.geometry], GAP, zorder=6)
    for tier_area in phase.coverage:
        canvas.area(
            [tier_area.geometry],
            fill=None,
            alpha=0,
            edge=tier_colour(tier_area.tier),
            width=1.1,
            zorder=7,
        )


def _corridors(canvas: _Canvas, scene: Scene, phase: PhaseResult) -> None:
    for corridor in phase.corridors:
        style = corridor_style(corridor.kind)
        canvas.area(
            [scene.corridor_bands[corridor.id]],
            fill=style.colour,
            alpha=CORRIDOR_BAND_OPACITY,
            edge=style.colour,
            width=0.4,
            zorder=10,
        )
        canvas.lines(
            [corridor.geometry],
            colour=style.colour,
            width=style.width * 0.6,
            dashed=style.dashed,
            zorder=11,
        )
        canvas.lines(
            [s.geometry for s in corridor.uncovered],
            colour=UNCOVERED_STRETCH.colour,
            width=UNCOVERED_STRETCH.width * 0.5,
            zorder=12,
        )


def _no_go(canvas: _Canvas, phase: PhaseResult, font: float) -> None:
    canvas.styled_area([zone.geometry for zone in phase.no_go], NO_GO, zorder=8)
    minx, miny, maxx, maxy = canvas.projection.bounds
    inset = 0.15 * min(maxx - minx, maxy - miny)
    views = (
        shapely.box(minx + inset, miny + inset, maxx - inset, maxy - inset),
        shapely.box(minx, miny, maxx, maxy),
    )
    for zone in phase.no_go:
        projected = canvas.projection.geometry(zone.geometry)
        visible = next(
            (
                part
                for part in (shapely.intersection(projected, v) for v in views)
                if not part.is_empty
            ),
            None,
        )
        if visible is None:
            continue
        anchor = visible.representative_point()
        canvas.ax.text(
            anchor.x,
            anchor.y,
            zone.label or zone.id,
            fontsize=font * 0.8,
            color=NO_GO.colour,
            ha="center",
            va="center",
            fontweight="bold",
            zorder=20,
            clip_on=True,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": NO_GO.colour, "alpha": 0.85},
        )


def _symbols(canvas: _Canvas, scene: Scene, phase: PhaseResult, font: float) -> None:
    tiers = {fp.asset_id: fp.tier for fp in phase.footprints}
    for tier in dict.fromkeys(tiers.values()):
        sites = [link.geometry for link in phase.depots if tiers.get(link.asset_id) == tier]
        colour = tier_colour(tier)
        canvas.points(sites, PointStyle(colour, "#ffffff", 2.5, "o"), zorder=14)
    for meets, look in ((True, TARGET_MEETS), (False, TARGET_SHORT)):
        chosen = [t for t in phase.targets if t.meets_requirement is meets]
        radii = [
            capacity_radius_px(t.weight) if t.kind == "energy" else look.radius_px for t in chosen
        ]
        canvas.points([t.geometry.centroid for t in chosen], look, zorder=15, radii_px=radii)
    depots = scene.depots_on(phase.summary.day)
    canvas.points([shapely.Point(d.lon, d.lat) for d in depots], DEPOT, zorder=16)
    canvas.points([v.geometry for v in phase.violations], VIOLATION, zorder=17)
    cities = scene.public.cities
    big = cities.loc[cities["population"] >= LABELLED_CITY_POPULATION]
    xy = canvas.projection.xy(big.geometry.x.to_numpy(), big.geometry.y.to_numpy())
    for name, (x, y) in zip(big["name"], xy, strict=True):
        canvas.ax.annotate(
            str(name),
            (x, y),
            xytext=(3, 3),
            textcoords="offset points",
            fontsize=font * 0.75,
            color=BASEMAP.city,
            zorder=18,
            clip_on=True,
        )


def _proposed(canvas: _Canvas, sites: Sequence[ProposedSite]) -> None:
    """Proposed sites (siting) over the other symbols: a diamond in the tier's colour."""
    for site in sites:
        canvas.points([shapely.Point(site.lon, site.lat)], proposed_style(site.tier), zorder=19)


def _legend_handles(scene: Scene) -> list[Any]:
    handles: list[Any] = [
        Patch(facecolor="none", edgecolor=tier_colour(name), linewidth=1.5, label=label)
        for name, label in scene.tiers
    ]
    handles += [
        Patch(facecolor=to_rgba(depth_colour(d), 0.6), edgecolor="none", label=depth_label(d))
        for d in range(1, 5)
    ]
    handles += [
        Patch(
            facecolor=to_rgba(GAP.fill, GAP.fill_opacity),
            edgecolor=GAP.colour,
            label="gap: no tier covers",
        ),
        Patch(
            facecolor=to_rgba(NO_GO.fill, NO_GO.fill_opacity),
            edgecolor=NO_GO.colour,
            hatch="////",
            label="no-go zone",
        ),
        Patch(
            facecolor=to_rgba(DISPUTED.fill, DISPUTED.fill_opacity),
            edgecolor=DISPUTED.colour,
            linestyle="--",
            label="contested area",
        ),
    ]
    for look, label in (
        (TARGET_MEETS, "target meets its requirement"),
        (TARGET_SHORT, "target falls short (energy sized by MW)"),
        (DEPOT, "depot"),
        (VIOLATION, "no-go violation"),
    ):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=look.marker,
                markersize=7,
                markerfacecolor=look.fill,
                markeredgecolor=look.edge,
                label=label,
            )
        )
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=4,
            color="#555555",
            label="asset site (tier colour)",
        )
    )
    if scene.proposed:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="D",
                markersize=6,
                markerfacecolor="#ffffff",
                markeredgecolor=PROPOSED_EDGE,
                markeredgewidth=1.5,
                label=PROPOSED_LABEL,
            )
        )
    handles += [
        Line2D(
            [],
            [],
            color=style.colour,
            linewidth=style.width * 0.6,
            linestyle="--" if style.dashed else "-",
            label=f"{kind} corridor",
        )
        for kind, style in CORRIDOR_STYLES.items()
    ]
    handles.append(
        Line2D(
            [],
            [],
            color=UNCOVERED_STRETCH.colour,
            linewidth=UNCOVERED_STRETCH.width * 0.5,
            label="uncovered stretch",
        )
    )
    return handles


def _scale_bar(canvas: _Canvas, font: float) -> None:
    km, metres = canvas.projection.scale_bar()
    minx, miny, maxx, maxy = canvas.projection.bounds
    x0 = maxx - 0.03 * (maxx - minx) - metres
    y0 = miny + 0.07 * (maxy - miny)
    height = 0.008 * (maxy - miny)
    for i, colour in enumerate(("#000000", "#ffffff")):
        canvas.ax.add_patch(
            Rectangle(
                (x0 + i * metres / 2, y0),
                metres / 2,
                height,
                facecolor=colour,
                edgecolor="#000000",
                linewidth=0.6,
                zorder=30,
            )
        )
    canvas.ax.text(
        x0 + metres / 2,
        y0 + 1.8 * height,
        f"{km:g} km (true at the centre)",
        ha="center",
        va="bottom",
        fontsize=font * 0.8,
        zorder=30,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
    )


def _decorate(canvas: _Canvas, scene: Scene, title: str, font: float) -> None:
    ax = canvas.ax
    heading = {"boxstyle": "round,pad=0.4", "fc": "white", "ec": "#888888", "alpha": 0.92}
    ax.text(
        0.012,
        0.985,
        f"{title}\n{scene.notice}",
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=font * 1.1,
        zorder=40,
        bbox=heading,
        linespacing=1.5,
    )
    ax.legend(
        handles=_legend_handles(scene),
        loc="lower left",
        bbox_to_anchor=(0.004, 0.03),
        fontsize=font * 0.72,
        framealpha=0.92,
        title="Legend",
        title_fontsize=font * 0.85,
    ).set_zorder(40)
    ax.text(
        0.995,
        0.008,
        f"{NOTIONAL_LABEL}. Data: {scene.attribution}. "
        f"Projection: Lambert azimuthal equal-area centred at "
        f"{canvas.projection.centre[0]:.1f}°E {canvas.projection.centre[1]:.1f}°N.",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=font * 0.62,
        zorder=40,
        bbox={"boxstyle": "square,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
    )
    _scale_bar(canvas, font)


def _draw(
    scene: Scene,
    phase: PhaseResult,
    projection: AreaProjection,
    title: str,
    width_px: int,
    dpi: int,
) -> Figure:
    height_px = round(width_px * projection.aspect)
    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor=BASEMAP.sea)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    minx, miny, maxx, maxy = projection.bounds
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal", adjustable="box")
    font = 9.0 * float(np.clip(width_px / dpi / 10.0, 0.6, 2.5))
    canvas = _Canvas(ax, projection)
    _basemap(canvas, scene)
    _coverage(canvas, phase)
    _no_go(canvas, phase, font)
    _corridors(canvas, scene, phase)
    _symbols(canvas, scene, phase, font)
    _proposed(canvas, in_phase(scene.proposed, phase))
    _decorate(canvas, scene, title, font)
    return fig


def render_figure(
    scenario: Scenario,
    result: AnalysisResult,
    *,
    day: int,
    fmt: FigureFormat,
    title: str | None = None,
    width_px: int = DEFAULT_WIDTH_PX,
    dpi: int = DEFAULT_DPI,
) -> bytes:
    """A static map of one phase as PNG, SVG or PDF bytes, ``width_px`` wide at ``dpi``.

    Raises FigureSizeError (width_px, dpi or the resulting height out of range),
    UnknownFormat and UnknownMapPhase, each naming the field.
    """
    if fmt not in FIGURE_FORMATS:
        raise UnknownFormat("fmt", fmt, f"must be one of {', '.join(FIGURE_FORMATS)}")
    check_figure_size(width_px, dpi)
    scene = build_scene(scenario, result)
    phase = _phase(scene, day)
    projection = area_projection(scene.extent)
    height_px = round(width_px * projection.aspect)
    if not MIN_PIXELS <= height_px <= MAX_PIXELS:
        raise FigureSizeError(
            "width_px",
            width_px,
            f"gives a height of {height_px} px, outside [{MIN_PIXELS}, "
            f"{MAX_PIXELS}] for this area's aspect ratio",
        )
    label = f"day {phase.summary.day}" + (f": {phase.summary.label}" if phase.summary.label else "")
    buffer = io.BytesIO()
    with rc_context(  # while every text is created and drawn
        {
            "text.parse_math": False,  # every string is literal: a "$" in user text is a dollar
            "svg.fonttype": "none",  # text stays text (SVG, PDF), editable in a layout
            "pdf.fonttype": 42,
        }
    ):
        fig = _draw(scene, phase, projection, title or f"{scene.name} — {label}", width_px, dpi)
        fig.savefig(buffer, format=fmt, dpi=dpi, facecolor=fig.get_facecolor())
    return buffer.getvalue()
