"""Interactive maps: one self-contained Leaflet (Folium) page per scenario, every phase in it.

The page has a layer control with each output (coverage per tier, depth, gaps, footprints,
corridors, targets, depots, no-go zones, violations) and the public layers; a phase selector
shows one phase at a time (the first on opening). Offline by default: Leaflet and jQuery are
inlined, the basemap is drawn from the bundled layers, and the page requests nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any, Final, NamedTuple

import folium
import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.result import AnalysisResult, PhaseResult
from umbrella.coverage.scenario import Scenario
from umbrella.maps.assets import asset_tags
from umbrella.maps.leaflet import (
    HELPER_SCRIPT,
    Attribution,
    Panes,
    PhaseSwitcher,
    RawHtml,
    VectorLayer,
    leaflet_bounds,
)
from umbrella.maps.page import hatch_definitions, legend, stylesheet, title_panel
from umbrella.maps.popups import (
    corridor_popup,
    depot_popup,
    depth_popup,
    energy_popup,
    footprint_popup,
    gap_popup,
    proposed_popup,
    stretch_popup,
    target_popup,
    tier_popup,
    violation_popup,
)
from umbrella.maps.proposed import in_phase, proposed_style
from umbrella.maps.scene import PublicLayers, Scene, build_scene
from umbrella.maps.style import (
    BASEMAP,
    CORRIDOR_BAND_OPACITY,
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
    LineStyle,
    PointStyle,
    capacity_radius_px,
    corridor_style,
    depth_colour,
    tier_colour,
)

__all__ = ["OSM_TILES", "RESULT_TOLERANCE_DEG", "render_html"]

OSM_TILES: Final = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION: Final = "&copy; OpenStreetMap contributors"
RESULT_TOLERANCE_DEG: Final = 0.002
"""Simplification of result shapes for display only (about 200 m): keeps pages small."""


class _Detail(NamedTuple):
    """How finely a geometry is written: simplification (degrees) and decimals kept."""

    tolerance_deg: float
    decimals: int


_RESULT: Final = _Detail(RESULT_TOLERANCE_DEG, 5)  # about 1 m
_PUBLIC: Final = _Detail(0.0, 4)  # simplified by the scene already; about 10 m
_CITY_RADIUS_PX: Final = 2.5

_Feature = dict[str, Any]
_Drawing = list[tuple[str, list[_Feature]]]  # (pane, features)


def _geometry(geometry: BaseGeometry, detail: _Detail) -> dict[str, Any]:
    simple = (
        shapely.simplify(geometry, detail.tolerance_deg, preserve_topology=True)
        if detail.tolerance_deg
        else geometry
    )
    return dict(mapping(shapely.transform(simple, lambda xy: np.round(xy, detail.decimals))))


def _feature(
    geometry: BaseGeometry,
    style: dict[str, Any],
    detail: _Detail = _RESULT,
    *,
    popup: str | None = None,
    tooltip: str | None = None,
    label: str | None = None,
    id: str | None = None,
    symbol: str | None = None,
) -> list[_Feature]:
    """A GeoJSON Feature (in a list: none when the geometry is empty).

    ``popup`` is HTML built by ``umbrella.maps.popups`` (user text escaped there); ``tooltip``
    and ``label`` are plain text, escaped here, as Leaflet shows them as HTML.
    """
    if geometry.is_empty:
        return []
    props = {
        "popup": popup,
        "tooltip": None if tooltip is None else escape(tooltip),
        "label": None if label is None else escape(label),
        "id": id,
        "symbol": symbol,
    }
    properties = {"style": style, **{k: v for k, v in props.items() if v is not None}}
    return [{"type": "Feature", "geometry": _geometry(geometry, detail), "properties": properties}]


def _collection(features: Iterable[_Feature]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _area(style: AreaStyle) -> dict[str, Any]:
    return {
        "color": style.colour,
        "weight": style.line_width,
        "fillColor": style.fill,
        "fillOpacity": 1.0 if style.hatched else style.fill_opacity,  # the pattern is tinted
        "dashArray": "6 4" if style.dashed else None,
        "className": "umbrella-hatched" if style.hatched else None,
    }


def _line(style: LineStyle) -> dict[str, Any]:
    return {
        "color": style.colour,
        "weight": style.width,
        "dashArray": "8 6" if style.dashed else None,
        "fill": False,
    }


def _point(style: PointStyle, radius: float | None = None) -> dict[str, Any]:
    return {
        "color": style.edge,
        "fillColor": style.fill,
        "fillOpacity": 0.9,
        "weight": 1.5,
        "radius": radius if radius is not None else style.radius_px,
    }


def _tier_area(colour: str, fill_opacity: float, weight: float = 1.0) -> dict[str, Any]:
    return {"color": colour, "weight": weight, "fillColor": colour, "fillOpacity": fill_opacity}


# --- the outputs of one phase -------------------------------------------------------------


def _coverage(scene: Scene, phase: PhaseResult, tier: str) -> _Drawing:
    labels = dict(scene.tiers)
    features = [
        f
        for area in phase.coverage
        if area.tier == tier
        for f in _feature(
            area.geometry,
            _tier_area(tier_colour(tier), 0.3, 1.5),
            popup=tier_popup(area, labels[tier]),
        )
    ]
    return [("umbrella-areas", features)]


def _depth(scene: Scene, phase: PhaseResult) -> _Drawing:
    features = [
        f
        for area in phase.depth
        if area.depth > 0
        for f in _feature(
            area.geometry,
            {**_tier_area(depth_colour(area.depth), 0.55, 0.0), "stroke": False},
            popup=depth_popup(area),
        )
    ]
    return [("umbrella-areas", features)]


def _gaps(scene: Scene, phase: PhaseResult) -> _Drawing:
    return [
        ("umbrella-areas", _feature(phase.gaps.geometry, _area(GAP), popup=gap_popup(phase.gaps)))
    ]


def _footprints(scene: Scene, phase: PhaseResult) -> _Drawing:
    labels = dict(scene.tiers)
    links = {link.asset_id: link for link in phase.depots}
    features = [
        f
        for fp in phase.footprints
        for f in _feature(
            fp.geometry,
            _tier_area(tier_colour(fp.tier), 0.06, 1.2),
            popup=footprint_popup(fp, labels.get(fp.tier, fp.tier), links.get(fp.asset_id)),
            id=fp.asset_id,
        )
    ]
    return [("umbrella-areas", features)]


def _corridors(scene: Scene, phase: PhaseResult) -> _Drawing:
    labels = dict(scene.tiers)
    bands: list[_Feature] = []
    lines: list[_Feature] = []
    for corridor in phase.corridors:
        style = corridor_style(corridor.kind)
        popup = corridor_popup(corridor, labels)
        band_style = {**_tier_area(style.colour, CORRIDOR_BAND_OPACITY, 0.8), "dashArray": "3 3"}
        bands += _feature(scene.corridor_bands[corridor.id], band_style, popup=popup)
        lines += _feature(corridor.geometry, _line(style), popup=popup, id=corridor.id)
        for stretch in corridor.uncovered:
            lines += _feature(
                stretch.geometry, _line(UNCOVERED_STRETCH), popup=stretch_popup(corridor, stretch)
            )
    return [("umbrella-areas", bands), ("umbrella-lines", lines)]


def _targets(scene: Scene, phase: PhaseResult) -> _Drawing:
    labels = dict(scene.tiers)
    tiers = {fp.asset_id: fp.tier for fp in phase.footprints}
    features = []
    for target in phase.targets:
        look = TARGET_MEETS if target.meets_requirement else TARGET_SHORT
        radius = capacity_radius_px(target.weight) if target.kind == "energy" else None
        style = (
            _point(look, radius)
            if target.geometry.geom_type == "Point"
            else _area(AreaStyle(look.edge, look.fill, 0.4))
        )
        features += _feature(
            target.geometry,
            style,
            popup=target_popup(target, labels, tiers),
            tooltip=target.name,
            id=target.id,
        )
    return [("umbrella-points", features)]


def _depots(scene: Scene, phase: PhaseResult) -> _Drawing:
    served: dict[str, int] = {}
    for link in phase.depots:
        served[link.depot_id] = served.get(link.depot_id, 0) + 1
    features = [
        f
        for depot in scene.depots_on(phase.summary.day)
        for f in _feature(
            shapely.Point(depot.lon, depot.lat),
            _point(DEPOT),
            popup=depot_popup(depot.id, depot.from_day, served.get(depot.id, 0)),
            tooltip=depot.id,
            id=depot.id,
            symbol="square",
        )
    ]
    return [("umbrella-points", features)]


def _no_go(scene: Scene, phase: PhaseResult) -> _Drawing:
    features = [
        f
        for zone in phase.no_go
        for f in _feature(zone.geometry, _area(NO_GO), label=zone.label or zone.id, id=zone.id)
    ]
    return [("umbrella-areas", features)]


def _violations(scene: Scene, phase: PhaseResult) -> _Drawing:
    zones = {zone.id: zone for zone in phase.no_go}
    features = [
        f
        for v in phase.violations
        for f in _feature(
            v.geometry,
            _point(VIOLATION),
            popup=violation_popup(v, zones.get(v.zone_id)),
            symbol="cross",
        )
    ]
    return [("umbrella-points", features)]


def _proposed(scene: Scene, phase: PhaseResult) -> _Drawing:
    labels = dict(scene.tiers)
    features = [
        f
        for site in in_phase(scene.proposed, phase)
        for f in _feature(
            shapely.Point(site.lon, site.lat),
            {**_point(proposed_style(site.tier)), "weight": 3},
            popup=proposed_popup(site.asset_id, labels.get(site.tier, site.tier), site.proposal),
            tooltip=f"proposed: {site.asset_id}",
            id=site.asset_id,
            symbol="diamond",
        )
    ]
    return [("umbrella-points", features)]


_PhaseOutput = Callable[[Scene, PhaseResult], _Drawing]


def _outputs(scene: Scene) -> list[tuple[str, bool, _PhaseOutput]]:
    """(layer name, shown on opening, drawing) of every output, bottom to top."""

    def coverage_of(tier: str) -> _PhaseOutput:
        return lambda s, p: _coverage(s, p, tier)

    tiers = [(f"Coverage: {label}", False, coverage_of(name)) for name, label in scene.tiers]
    return [
        ("Depth (distinct tiers)", True, _depth),
        *tiers,
        ("Gaps (no tier covers)", True, _gaps),
        ("Footprints (per asset)", False, _footprints),
        ("No-go zones", True, _no_go),
        ("Corridors", True, _corridors),
        ("Targets", True, _targets),
        ("Depots", True, _depots),
        ("Violations", True, _violations),
        ("Proposed sites", True, _proposed),
    ]


# --- the public layers ----------------------------------------------------------------------


def _basemap(public: PublicLayers) -> list[VectorLayer]:
    land = [
        f
        for g in public.countries.geometry
        for f in _feature(
            g,
            {"color": BASEMAP.land, "weight": 0, "fillColor": BASEMAP.land, "fillOpacity": 1},
            _PUBLIC,
        )
    ]
    water = {"color": BASEMAP.water, "weight": 0.8, "fillColor": BASEMAP.water, "fillOpacity": 1}
    lakes = [f for g in public.lakes.geometry for f in _feature(g, water, _PUBLIC)]
    rivers = [
        f for g in public.rivers.geometry for f in _feature(g, {**water, "fill": False}, _PUBLIC)
    ]
    return [
        VectorLayer(
            _collection(features), pane="umbrella-basemap", control=False, interactive=False
        )
        for features in (land, lakes, rivers)
    ]


def _public_overlays(
    public: PublicLayers, worldview: str
) -> list[tuple[str, bool, str, list[_Feature]]]:
    """(name, shown on opening, pane, features) of the public layers."""
    border = {"color": BASEMAP.border, "weight": 1.2, "fill": False}
    countries = [
        f
        for name, g in zip(public.countries["name"], public.countries.geometry, strict=True)
        for f in _feature(g, border, _PUBLIC, tooltip=str(name))
    ]
    disputed = [
        f
        for name, note, g in zip(
            public.disputed["name"],
            public.disputed["note_brk"],
            public.disputed.geometry,
            strict=True,
        )
        for f in _feature(
            g, _area(DISPUTED), _PUBLIC, tooltip=f"{name}: {note}" if note else str(name)
        )
    ]
    region_line = {"color": BASEMAP.region, "weight": 0.7, "fill": False}
    regions = [
        f
        for name, g in zip(public.regions["name"], public.regions.geometry, strict=True)
        for f in _feature(g, region_line, _PUBLIC, tooltip=str(name))
    ]
    city_dot = {
        "color": "#ffffff",
        "weight": 0.8,
        "fillColor": BASEMAP.city,
        "fillOpacity": 1,
        "radius": _CITY_RADIUS_PX,
    }
    cities = [
        f
        for name, people, g in zip(
            public.cities["name"], public.cities["population"], public.cities.geometry, strict=True
        )
        for f in _feature(g, city_dot, _PUBLIC, tooltip=f"{name} ({int(people):,} people)")
    ]
    energy = [
        f
        for name, mw, fuel, g in zip(
            public.energy["name"],
            public.energy["capacity_mw"],
            public.energy["primary_fuel"],
            public.energy.geometry,
            strict=True,
        )
        for f in _feature(
            g,
            {
                "color": BASEMAP.energy,
                "weight": 1,
                "fillColor": "#ffd92f",
                "fillOpacity": 0.8,
                "radius": capacity_radius_px(float(mw)),
            },
            _PUBLIC,
            popup=energy_popup(str(name), float(mw), fuel if isinstance(fuel, str) else ""),
        )
    ]
    view = "UN" if worldview == "un" else "de facto"
    return [
        (f"Boundaries ({view} worldview)", True, "umbrella-lines", countries),
        ("Contested areas", True, "umbrella-areas", disputed),
        ("Regions", False, "umbrella-lines", regions),
        ("Cities", False, "umbrella-points", cities),
        ("Energy nodes (all, by MW)", False, "umbrella-points", energy),
    ]


def _page(figure: Any, scene: Scene, title: str, asset_base_url: str | None) -> None:
    figure.title = escape(f"{title} ({NOTIONAL_LABEL.lower()})")  # branca does not escape
    figure.header.add_child(RawHtml(asset_tags(asset_base_url)), name="umbrella_assets")
    figure.header.add_child(RawHtml(f"<script>{HELPER_SCRIPT}</script>"), name="umbrella_js")
    figure.header.add_child(RawHtml(stylesheet()), name="umbrella_css")
    phases = [(p.summary.day, p.summary.label) for p in scene.phases]
    figure.html.add_child(RawHtml(hatch_definitions()), name="umbrella_hatch")
    figure.html.add_child(RawHtml(title_panel(title, phases)), name="umbrella_title")
    figure.html.add_child(
        RawHtml(legend(scene.tiers, scene.notice, scene.attribution)), name="umbrella_legend"
    )


def render_html(
    scenario: Scenario,
    result: AnalysisResult,
    *,
    online_tiles: bool = False,
    asset_base_url: str | None = None,
    title: str | None = None,
) -> str:
    """The interactive map of every phase of ``result`` as one HTML page (the first phase shown).

    Offline by default: no request leaves the page. ``online_tiles`` adds OpenStreetMap tiles
    (a base layer, shown first); ``asset_base_url`` links Leaflet and jQuery from
    ``{asset_base_url}/leaflet/...`` and ``{asset_base_url}/jquery/...`` instead of inlining them.
    ``title`` heads the page (default: the scenario's name).
    """
    scene = build_scene(scenario, result)
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_control=True)
    fmap.default_js = []  # on the instance: folium's class-level lists are shared
    fmap.default_css = []
    _page(fmap.get_root(), scene, title or scene.name, asset_base_url)
    fmap.add_child(Panes())

    basemap = folium.FeatureGroup(name="Basemap (offline)", overlay=False, show=not online_tiles)
    for layer in _basemap(scene.public):
        basemap.add_child(layer)
    fmap.add_child(basemap)
    if online_tiles:
        folium.TileLayer(
            OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap (online)", overlay=False
        ).add_to(fmap)

    for name, shown, pane, features in _public_overlays(scene.public, scene.worldview):
        fmap.add_child(VectorLayer(_collection(features), pane=pane, name=escape(name), show=shown))

    first_day = scene.phases[0].summary.day if scene.phases else None
    switched = []
    for name, shown, draw in _outputs(scene):
        group = folium.FeatureGroup(name=escape(name), show=shown)  # the control shows HTML
        by_day: dict[int, list[VectorLayer]] = {}
        for phase in scene.phases:
            day = phase.summary.day
            by_day[day] = [
                VectorLayer(_collection(features), pane=pane, control=False, show=day == first_day)
                for pane, features in draw(scene, phase)
            ]
            for layer in by_day[day]:
                group.add_child(layer)
        fmap.add_child(group)
        switched.append((group, by_day))
    labels = {p.summary.day: f"day {p.summary.day} {p.summary.label}".strip() for p in scene.phases}
    fmap.add_child(PhaseSwitcher(labels, switched))
    fmap.add_child(Attribution(f"{NOTIONAL_LABEL}. Data: {scene.attribution}"))
    fmap.fit_bounds(leaflet_bounds(scene.extent))
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap.get_root().render()
