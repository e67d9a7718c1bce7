"""Interactive maps: one self-contained Leaflet (Folium) page per scenario, every phase in it.

The page has a layer control with each output (coverage per tier, depth, gaps, footprints,
the air picture per altitude band, corridors, targets, depots, sensors, no-go zones,
violations) and the public layers (``umbrella.maps.basemap``); a phase selector, first in the
page, shows one phase at a time (the first on opening) with its scorecard. The layer control,
the legend and the scorecard fold (folded from the start on narrow screens); overlapping
targets gather into clusters that spread out when clicked; the page's address keeps the
phase, view and layers shown. Offline by default: every script and stylesheet is inlined, the
basemap and its names are drawn from the bundled layers, and the page requests nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, Final, NamedTuple

import shapely

from umbrella.coverage.report import scorecards
from umbrella.coverage.result import AnalysisResult, PhaseResult, TargetCoverage
from umbrella.coverage.scenario import Scenario
from umbrella.coverage.sweep.chunk import DEPTH_LEVELS
from umbrella.coverage.sweep.result import SweepPhase, SweepResult
from umbrella.maps.air_layers import picture_bands, picture_layers, sensor_layer
from umbrella.maps.assets import asset_tags
from umbrella.maps.basemap import Overlay, basemap_layers, public_overlays
from umbrella.maps.features import (
    RESULT_TOLERANCE_DEG,
    Feature,
    area_style,
    collection,
    feature,
    line_style,
    point_style,
    shapes_written_once,
    tier_area_style,
)
from umbrella.maps.folium_stack import Layer, LayerControl, Map, TileLayer
from umbrella.maps.labels import MAX_ZOOM
from umbrella.maps.leaflet import (
    Attribution,
    LayerGroup,
    MapControls,
    Panes,
    PhaseSwitcher,
    RawHtml,
    VectorLayer,
    control_name,
    leaflet_bounds,
)
from umbrella.maps.page import hatch_definitions, legend, scorecard_panel, stylesheet, title_panel
from umbrella.maps.popups import (
    corridor_popup,
    depot_popup,
    depth_popup,
    footprint_popup,
    gap_popup,
    proposed_popup,
    stretch_popup,
    target_popup,
    tier_popup,
    violation_popup,
)
from umbrella.maps.proposed import in_phase, proposed_style
from umbrella.maps.scene import Scene, build_scene
from umbrella.maps.style import (
    CORRIDOR_BAND_OPACITY,
    DEPOT,
    GAP,
    NO_GO,
    NOTIONAL_LABEL,
    TARGET_MEETS,
    TARGET_SHORT,
    UNCOVERED_STRETCH,
    VIOLATION,
    AreaStyle,
    capacity_radius_px,
    corridor_style,
    depth_colour,
    tier_colour,
)
from umbrella.maps.sweep import legend_rows, probability_features, swept_phase, target_features

__all__ = ["OSM_TILES", "RESULT_TOLERANCE_DEG", "render_html"]

OSM_TILES: Final = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION: Final = "&copy; OpenStreetMap contributors"
_MIN_ZOOM: Final = 2
_ZOOM_SNAP: Final = 0.25

_Drawing = list[tuple[str, list[Feature]]]  # (pane, features)
SWEEP_KEY: Final = "sweep-targets"  # the sweep's legend rows follow this layer


# --- the outputs of one phase -------------------------------------------------------------


def _coverage(scene: Scene, phase: PhaseResult, tier: str) -> _Drawing:
    labels = dict(scene.tiers)
    features = [
        f
        for area in phase.coverage
        if area.tier == tier
        for f in feature(
            area.geometry,
            tier_area_style(tier_colour(tier), 0.3, 1.5),
            popup=tier_popup(area, labels[tier]),
        )
    ]
    return [("umbrella-areas", features)]


def _depth(scene: Scene, phase: PhaseResult) -> _Drawing:
    features = [
        f
        for area in phase.depth
        if area.depth > 0
        for f in feature(
            area.geometry,
            {**tier_area_style(depth_colour(area.depth), 1.0, 0.0), "stroke": False},
            popup=depth_popup(area),
        )
    ]
    return [("umbrella-shading", features)]


def _gaps(scene: Scene, phase: PhaseResult) -> _Drawing:
    return [
        (
            "umbrella-shading",
            feature(phase.gaps.geometry, area_style(GAP), popup=gap_popup(phase.gaps)),
        )
    ]


def _footprints(scene: Scene, phase: PhaseResult) -> _Drawing:
    labels = dict(scene.tiers)
    links = {link.asset_id: link for link in phase.depots}
    features = [
        f
        for fp in phase.footprints
        for f in feature(
            fp.geometry,
            tier_area_style(tier_colour(fp.tier), 0.06, 1.2),
            popup=footprint_popup(fp, labels.get(fp.tier, fp.tier), links.get(fp.asset_id)),
            id=fp.asset_id,
        )
    ]
    return [("umbrella-areas", features)]


def _corridors(scene: Scene, phase: PhaseResult) -> _Drawing:
    labels = dict(scene.tiers)
    bands: list[Feature] = []
    lines: list[Feature] = []
    for corridor in phase.corridors:
        style = corridor_style(corridor.kind)
        popup = corridor_popup(corridor, labels)
        band_style = {
            **tier_area_style(style.colour, CORRIDOR_BAND_OPACITY, 0.8),
            "dashArray": "3 3",
        }
        bands += feature(scene.corridor_bands[corridor.id], band_style, popup=popup)
        lines += feature(corridor.geometry, line_style(style), popup=popup, id=corridor.id)
        for stretch in corridor.uncovered:
            lines += feature(
                stretch.geometry,
                line_style(UNCOVERED_STRETCH),
                popup=stretch_popup(corridor, stretch),
            )
    return [("umbrella-areas", bands), ("umbrella-lines", lines)]


def _target_style(target: TargetCoverage) -> dict[str, Any]:
    """How a target is drawn: the symbol of its verdict, an energy node sized by capacity."""
    look = TARGET_MEETS if target.meets_requirement else TARGET_SHORT
    if target.geometry.geom_type != "Point":
        return area_style(AreaStyle(look.edge, look.fill, 0.4))
    radius = capacity_radius_px(target.weight) if target.kind == "energy" else None
    return point_style(look, radius)


def _targets(scene: Scene, phase: PhaseResult) -> _Drawing:
    labels = dict(scene.tiers)
    tiers = {fp.asset_id: fp.tier for fp in phase.footprints}
    features = [
        f
        for target in phase.targets
        for f in feature(
            target.geometry,
            _target_style(target),
            popup=target_popup(target, labels, tiers),
            tooltip=target.name,
            id=target.id,
        )
    ]
    features.sort(key=lambda f: -f["properties"]["style"].get("radius", 0))  # small ones on top
    return [("umbrella-points", features)]


def _depots(scene: Scene, phase: PhaseResult) -> _Drawing:
    served: dict[str, int] = {}
    for link in phase.depots:
        served[link.depot_id] = served.get(link.depot_id, 0) + 1
    features = [
        f
        for depot in scene.depots_on(phase.summary.day)
        for f in feature(
            shapely.Point(depot.lon, depot.lat),
            point_style(DEPOT),
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
        for f in feature(zone.geometry, area_style(NO_GO), label=zone.label or zone.id, id=zone.id)
    ]
    return [("umbrella-areas", features)]


def _violations(scene: Scene, phase: PhaseResult) -> _Drawing:
    zones = {zone.id: zone for zone in phase.no_go}
    features = [
        f
        for v in phase.violations
        for f in feature(
            v.geometry,
            point_style(VIOLATION),
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
        for f in feature(
            shapely.Point(site.lon, site.lat),
            {**point_style(proposed_style(site.tier)), "weight": 3},
            popup=proposed_popup(site.asset_id, labels.get(site.tier, site.tier), site.proposal),
            tooltip=f"proposed: {site.asset_id}",
            id=site.asset_id,
            symbol="diamond",
        )
    ]
    return [("umbrella-points", features)]


_PhaseOutput = Callable[[Scene, PhaseResult], _Drawing]


class _Output(NamedTuple):
    """A result layer: its key in shared links, its name, shown on opening, how it is drawn."""

    key: str
    name: str
    shown: bool
    draw: _PhaseOutput
    cluster: bool = False


def _swept(draw: Callable[[SweepPhase], list[Feature]], pane: str) -> _PhaseOutput:
    """A sweep's layer of a phase (empty for a phase the sweep left out)."""

    def drawing(scene: Scene, phase: PhaseResult) -> _Drawing:
        swept = swept_phase(scene.sweep, phase.summary.day)
        return [(pane, draw(swept))] if swept is not None else []

    return drawing


def _sweep_outputs(scene: Scene) -> list[_Output]:
    """A sweep's layers: the probability of each depth level, the targets by class."""
    if scene.sweep is None:
        return []

    def at_level(level: int) -> Callable[[SweepPhase], list[Feature]]:
        return lambda swept: probability_features(swept, level)

    levels = [
        _Output(
            f"sweep-depth-{level}",
            f"Depth {level}+ across draws (sweep)",
            level == 1,
            _swept(at_level(level), "umbrella-areas"),
        )
        for level in DEPTH_LEVELS
    ]
    targets = _Output(
        SWEEP_KEY,
        "Targets by robustness (sweep)",
        True,
        _swept(target_features, "umbrella-points"),
        cluster=True,
    )
    return [*levels, targets]


def _outputs(scene: Scene) -> list[_Output]:
    """Every output, bottom to top; with a sweep, its layers over them (the analysis' depth
    and targets hidden at first)."""
    swept = scene.sweep is not None

    def coverage_of(tier: str) -> _PhaseOutput:
        return lambda s, p: _coverage(s, p, tier)

    tiers = [
        _Output(f"tier-{name}", f"Coverage: {label}", False, coverage_of(name))
        for name, label in scene.tiers
    ]
    pictures = [_Output(k, name, False, draw) for k, name, draw in picture_layers(scene.phases)]
    return [
        _Output("depth", "Depth (distinct tiers)", not swept, _depth),
        *tiers,
        _Output("gaps", "Gaps (no tier covers)", True, _gaps),
        _Output("footprints", "Footprints (per asset)", False, _footprints),
        *pictures,
        _Output("no-go", "No-go zones", True, _no_go),
        _Output("corridors", "Corridors", True, _corridors),
        _Output("targets", "Targets", not swept, _targets, cluster=True),
        _Output("depots", "Depots", True, _depots),
        _Output("sensors", "Sensors", True, sensor_layer),
        _Output("violations", "Violations", True, _violations),
        _Output("proposed", "Proposed sites", True, _proposed),
        *_sweep_outputs(scene),
    ]


def _page(
    figure: Any, scene: Scene, title: str, asset_base_url: str | None, public: list[Overlay]
) -> None:
    """The page around the map: assets, the title and phase choice first, the legend."""
    figure.title = escape(f"{title} ({NOTIONAL_LABEL.lower()})")  # branca does not escape
    figure.header.add_child(RawHtml(asset_tags(asset_base_url)), name="umbrella_assets")
    figure.header.add_child(RawHtml(stylesheet()), name="umbrella_css")
    phases = [(p.summary.day, p.summary.label) for p in scene.phases]
    figure.html.add_child(RawHtml(title_panel(title, phases)), name="umbrella_title")
    figure.html.add_child(RawHtml(hatch_definitions()), name="umbrella_hatch")
    keys = [overlay.key for overlay in public]
    bands = [band.band for band in picture_bands(scene.phases)]
    extra = legend_rows(scene.sweep, SWEEP_KEY) if scene.sweep is not None else []
    figure.html.add_child(
        RawHtml(legend(scene.tiers, scene.notice, scene.attribution, keys, bands, extra)),
        name="umbrella_legend",
    )
    figure.html.add_child(
        RawHtml(scorecard_panel(scorecards(scene.phases))), name="umbrella_scorecard"
    )


def _phased(scene: Scene, output: _Output) -> tuple[LayerGroup, dict[int, list[Layer]]]:
    """The layer group of an output, holding one layer per pane and phase (the first shown)."""
    group = LayerGroup(name=control_name(output.name), show=output.shown)
    first_day = scene.phases[0].summary.day if scene.phases else None
    by_day: dict[int, list[Layer]] = {}
    for phase in scene.phases:
        day = phase.summary.day
        by_day[day] = [
            VectorLayer(
                collection(features),
                pane=pane,
                control=False,
                show=day == first_day,
                cluster=output.cluster,
            )
            for pane, features in output.draw(scene, phase)
        ]
        for layer in by_day[day]:
            group.add_child(layer)
    return group, by_day


def render_html(
    scenario: Scenario,
    result: AnalysisResult,
    *,
    online_tiles: bool = False,
    asset_base_url: str | None = None,
    title: str | None = None,
    sweep: SweepResult | None = None,
) -> str:
    """The interactive map of every phase of ``result`` as one HTML page (the first phase shown).

    Offline by default: no request leaves the page. ``online_tiles`` adds OpenStreetMap tiles
    (a base layer, shown first); ``asset_base_url`` links the scripts and stylesheets from
    ``{asset_base_url}/{sub_path}`` for each sub-path of ``ASSET_FILES`` instead of inlining
    them. ``title`` heads the page (default: the scenario's name). The page's address keeps
    the phase, view and layers shown, so that a view can be shared as a link. ``sweep`` (of
    the same scenario) adds its layers and states its assumptions in the legend.
    """
    with shapes_written_once():  # the same shape in several phases: simplified and written once
        fmap = _map(scenario, result, online_tiles, asset_base_url, title, sweep)
    return fmap.get_root().render()


def _map(
    scenario: Scenario,
    result: AnalysisResult,
    online_tiles: bool,
    asset_base_url: str | None,
    title: str | None,
    sweep: SweepResult | None,
) -> Map:
    """The map of ``render_html``, every layer in it."""
    scene = build_scene(scenario, result, sweep)
    fmap = Map(
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_control=True,
        zoom_start=_MIN_ZOOM,
        minZoom=_MIN_ZOOM,  # folium's min_zoom and max_zoom go to tiles only
        maxZoom=MAX_ZOOM,
        zoomSnap=_ZOOM_SNAP,  # fits the scene closely on any screen
    )
    fmap.default_js = []  # on the instance: folium's class-level lists are shared
    fmap.default_css = []
    public = public_overlays(scene.public, scene.worldview)
    _page(fmap.get_root(), scene, title or scene.name, asset_base_url, public)
    fmap.add_child(Panes())

    basemap = LayerGroup(name="Basemap (offline)", overlay=False, show=not online_tiles)
    for layer in basemap_layers(scene.public, scene.worldview):
        basemap.add_child(layer)
    fmap.add_child(basemap)
    bases: list[tuple[str, Layer]] = [("basemap", basemap)]
    if online_tiles:
        tiles = TileLayer(
            OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap (online)", overlay=False
        )
        fmap.add_child(tiles)
        bases.append(("osm", tiles))

    overlays: list[tuple[str, Layer]] = []
    for overlay in public:
        layer = VectorLayer(
            collection(overlay.features),
            pane=overlay.pane,
            name=control_name(overlay.name),
            show=overlay.shown,
            interactive=overlay.interactive,
            cluster=overlay.cluster,
        )
        fmap.add_child(layer)
        overlays.append((overlay.key, layer))

    switched = []
    for output in _outputs(scene):
        group, by_day = _phased(scene, output)
        fmap.add_child(group)
        switched.append((group, by_day))
        overlays.append((output.key, group))
    labels = {p.summary.day: f"day {p.summary.day} {p.summary.label}".strip() for p in scene.phases}
    fmap.add_child(PhaseSwitcher(labels, switched))
    fmap.add_child(Attribution(f"{NOTIONAL_LABEL}. Data: {scene.attribution}"))
    control = LayerControl(collapsed=False)
    fmap.add_child(control)
    fmap.add_child(MapControls(control, overlays, bases, leaflet_bounds(scene.extent)))
    return fmap
