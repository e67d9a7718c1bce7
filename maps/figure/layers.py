"""The map inside a figure's frame: basemap, coverage, no-go zones, corridors and symbols.

Each function draws one kind of content on a ``MapCanvas``, with the colours, symbols and
sizes (in the style's pixels) of ``umbrella.maps.style``, which the interactive map reads too.
``draw_map`` returns where every symbol is and how far it reaches, for labels to keep clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.result import PhaseResult
from umbrella.coverage.sweep.result import CLASSES, SweepPhase
from umbrella.maps.figure.air import draw_air_picture
from umbrella.maps.figure.canvas import MapCanvas
from umbrella.maps.proposed import in_phase, proposed_style
from umbrella.maps.scene import Scene
from umbrella.maps.style import (
    ASSET_SITE,
    BASEMAP,
    CORRIDOR_BAND_OPACITY,
    DEPOT,
    DISPUTED,
    GAP,
    NO_GO,
    NO_GO_HATCH_PX,
    PROBABILITY_AREA_STYLES,
    ROBUSTNESS_STYLES,
    SENSOR,
    TARGET_MEETS,
    TARGET_SHORT,
    TIER_LINE_PX,
    UNCOVERED_STRETCH,
    VIOLATION,
    PointStyle,
    corridor_style,
    depth_colour,
    target_radius_px,
    tier_colour,
)
from umbrella.maps.sweep import FIGURE_LEVEL, swept_phase

__all__ = ["BASEMAP_PX", "SYMBOL_HALO_PX", "Symbols", "draw_map", "tier_site"]

SYMBOL_HALO_PX: Final = 1.0
BASEMAP_PX: Final = {"border": 1.2, "region": 0.6, "river": 0.8, "coast": 0.6}


@dataclass(frozen=True)
class Symbols:
    """The symbols drawn: projected centres (n, 2) and how far each reaches (points, with
    its outline and halo)."""

    centres: np.ndarray
    reach_pt: np.ndarray


def tier_site(tier: str) -> PointStyle:
    """The symbol of an asset's site: the asset-site dot in its tier's colour."""
    return PointStyle(
        tier_colour(tier), ASSET_SITE.edge, ASSET_SITE.radius_px, "o", ASSET_SITE.edge_px, 1.0
    )


def _basemap(canvas: MapCanvas, scene: Scene) -> None:
    public = scene.public
    canvas.area(public.countries.geometry, fill=BASEMAP.land, zorder=1)
    canvas.area(public.lakes.geometry, fill=BASEMAP.water, zorder=4.5)  # over the shading
    canvas.lines(
        public.rivers.geometry, colour=BASEMAP.water, width_px=BASEMAP_PX["river"], zorder=4.5
    )
    cut = shapely.box(*scene.extent).exterior.buffer(1e-7)  # the regions are cut to the view
    outlines = shapely.difference(shapely.boundary(public.regions.geometry), cut)
    canvas.lines(
        outlines,
        colour="#ffffff",
        alpha=0.85,
        width_px=BASEMAP_PX["region"],
        zorder=5,
    )
    canvas.area(
        public.disputed.geometry,
        fill=None,
        edge=DISPUTED.colour,
        width_px=DISPUTED.line_width,
        dashed=True,
        zorder=6,
    )
    canvas.lines(
        public.countries.geometry, colour=BASEMAP.border, width_px=BASEMAP_PX["border"], zorder=9
    )


def _coverage(canvas: MapCanvas, phase: PhaseResult, swept: SweepPhase | None) -> None:
    """Depth and gap, or with a sweep where depth 1 is reached robustly or in some draws."""
    if swept is not None:
        for name, style in PROBABILITY_AREA_STYLES.items():
            canvas.area(
                [
                    area.geometry
                    for area in swept.probability_areas
                    if area.depth_at_least == FIGURE_LEVEL and area.robustness == name
                ],
                fill=style.fill,
                edge=style.colour,
                width_px=style.line_width,
                dashed=style.dashed,
                zorder=4,
            )
    else:
        for area in phase.depth:
            if area.depth > 0:
                canvas.area([area.geometry], fill=depth_colour(area.depth), zorder=4)
        canvas.area(
            [phase.gaps.geometry],
            fill=GAP.fill,
            edge=GAP.colour,
            width_px=GAP.line_width,
            zorder=4,
        )
    for tier_area in phase.coverage:
        canvas.area(
            [tier_area.geometry],
            fill=None,
            edge=tier_colour(tier_area.tier),
            width_px=TIER_LINE_PX,
            zorder=7,
        )


def _no_go(canvas: MapCanvas, phase: PhaseResult) -> None:
    patch = canvas.area(
        [zone.geometry for zone in phase.no_go],
        fill=NO_GO.fill,
        alpha=NO_GO.fill_opacity,
        edge=NO_GO.colour,
        width_px=NO_GO.line_width,
        zorder=8,
    )
    if patch is not None:
        spacing, width = NO_GO_HATCH_PX
        canvas.hatch(patch, colour=NO_GO.colour, spacing_px=spacing, width_px=width)


def _corridors(canvas: MapCanvas, scene: Scene, phase: PhaseResult) -> None:
    for corridor in phase.corridors:
        style = corridor_style(corridor.kind)
        canvas.area(
            [scene.corridor_bands[corridor.id]],
            fill=style.colour,
            alpha=CORRIDOR_BAND_OPACITY,
            edge=style.colour,
            width_px=0.6,
            zorder=10,
        )
        canvas.lines(
            [corridor.geometry],
            colour=style.colour,
            width_px=style.width,
            dashed=style.dashed,
            zorder=11,
        )
        canvas.lines(
            [s.geometry for s in corridor.uncovered],
            colour=UNCOVERED_STRETCH.colour,
            width_px=UNCOVERED_STRETCH.width,
            zorder=12,
        )


def _xy(canvas: MapCanvas, points: list[BaseGeometry]) -> np.ndarray:
    coordinates = shapely.get_coordinates(np.asarray(points, dtype=object)).reshape(-1, 2)
    return canvas.projection.xy(coordinates[:, 0], coordinates[:, 1])


def _draw(
    canvas: MapCanvas, xy: np.ndarray, radius_px: np.ndarray, look: PointStyle, zorder: float
) -> np.ndarray:
    """Symbols of one look; (n, 3) centres and reach in points, halo included."""
    canvas.points(
        xy,
        radius_px=radius_px,
        marker=look.marker,
        fill=look.fill,
        edge=look.edge,
        edge_px=look.edge_px,
        halo_px=SYMBOL_HALO_PX,
        zorder=zorder,
    )
    reach = (radius_px + look.edge_px / 2 + SYMBOL_HALO_PX) * canvas.page.style_px_pt
    return np.column_stack([xy.reshape(-1, 2), np.broadcast_to(reach, (len(xy),))])


def _target_groups(
    phase: PhaseResult, swept: SweepPhase | None
) -> list[tuple[PointStyle, list[Any], float]]:
    """(look, targets, z-order): by verdict, or with a sweep by class."""
    if swept is None:
        return [
            (TARGET_MEETS, [t for t in phase.targets if t.meets_requirement], 15),
            (TARGET_SHORT, [t for t in phase.targets if not t.meets_requirement], 15.5),
        ]
    return [
        (ROBUSTNESS_STYLES[name], [t for t in swept.targets if t.robustness == name], 15 + i / 4)
        for i, name in enumerate(CLASSES)
    ]


def _symbols(
    canvas: MapCanvas, scene: Scene, phase: PhaseResult, swept: SweepPhase | None
) -> Symbols:
    boxes = []
    tiers = {fp.asset_id: fp.tier for fp in phase.footprints}
    for tier in dict.fromkeys(tiers.values()):
        xy = _xy(
            canvas, [link.geometry for link in phase.depots if tiers.get(link.asset_id) == tier]
        )
        boxes.append(_draw(canvas, xy, np.full(len(xy), ASSET_SITE.radius_px), tier_site(tier), 14))
    for look, targets, zorder in _target_groups(phase, swept):
        chosen = sorted(targets, key=lambda t: -target_radius_px(t.kind, t.weight))
        xy = _xy(canvas, [t.geometry.centroid for t in chosen])
        r = np.array([target_radius_px(t.kind, t.weight) for t in chosen])
        boxes.append(_draw(canvas, xy, r, look, zorder))
    xy = _xy(canvas, [sensor.geometry for sensor in phase.sensors])  # over the targets
    boxes.append(_draw(canvas, xy, np.full(len(xy), SENSOR.radius_px), SENSOR, 15.8))
    depots = scene.depots_on(phase.summary.day)
    xy = canvas.projection.xy(np.array([d.lon for d in depots]), np.array([d.lat for d in depots]))
    boxes.append(_draw(canvas, xy, np.full(len(xy), DEPOT.radius_px), DEPOT, 16))
    xy = _xy(canvas, [v.geometry for v in phase.violations])
    boxes.append(_draw(canvas, xy, np.full(len(xy), VIOLATION.radius_px), VIOLATION, 17))
    for site in in_phase(scene.proposed, phase):  # siting's proposals, over everything
        look = proposed_style(site.tier)
        xy = canvas.projection.xy(np.array([site.lon]), np.array([site.lat]))
        boxes.append(_draw(canvas, xy, np.full(1, look.radius_px), look, 19))
    drawn = np.vstack([b.reshape(-1, 3) for b in boxes])
    return Symbols(centres=drawn[:, :2], reach_pt=drawn[:, 2])


def draw_map(
    canvas: MapCanvas, scene: Scene, phase: PhaseResult, band: str | None = None
) -> Symbols:
    """The whole map of one phase, bottom to top: land and water, depth and gap (or, with
    ``band``, that altitude band's air picture), admin-1 outlines, contested areas, tier reach
    (not with ``band``), no-go zones, borders, corridors, then symbols (asset sites; targets,
    met filled and short as open rings, energy sized by capacity, largest first; sensors;
    depots; violations; proposed sites). With a sweep of the phase (``scene.sweep``), the
    areas where depth 1 is reached robustly or in some draws stand for depth and gap, and the
    targets' classes for their verdicts."""
    swept = swept_phase(scene.sweep, phase.summary.day)
    _basemap(canvas, scene)
    if band is None:
        _coverage(canvas, phase, swept)
    else:
        draw_air_picture(canvas, phase, band)
    _no_go(canvas, phase)
    _corridors(canvas, scene, phase)
    return _symbols(canvas, scene, phase, swept)
