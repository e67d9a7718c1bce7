"""The offline map page in headless chromium: no request leaves, layers toggle, popups, phases,
panels fold on narrow screens, shared links, the keyboard, clusters and the basemap's names."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib.image
import numpy as np
import pytest
import shapely
from matplotlib.colors import to_hex
from pyproj import Geod

from umbrella.coverage.result import AnalysisResult, TargetCoverage
from umbrella.coverage.scenario import Scenario
from umbrella.layers import load_layer
from umbrella.layers.loading import rows_frame
from umbrella.maps.scene import build_scene
from umbrella.maps.style import GAP, depth_colour

OVERLAY_PATHS = ".leaflet-overlay-pane path, .leaflet-umbrella-shading-pane path"
"""The paths of the scenario's outputs and the public overlays (depth and gap shading below
the basemap's water, the rest in Leaflet's overlay pane)."""


@pytest.fixture
def opened(open_map: Any, small_html_path: Path) -> tuple[Any, Any]:
    """The small map page, opened from its file, and the recorder of its requests and errors."""
    page, recorder = open_map(small_html_path.as_uri())
    return page, recorder


def _overlay(page: Any, name: str) -> Any:
    return page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input")


def _choose_phase(page: Any, day: int) -> None:
    page.locator(f"input[name=umbrella-phase][value='{day}']").check()
    page.wait_for_function(f"document.body.dataset.phase === '{day}'")


def test_the_page_requests_nothing_outside_and_logs_no_error(opened: tuple[Any, Any]) -> None:
    page, recorder = opened
    _overlay(page, "Footprints").check()
    _overlay(page, "Energy nodes").check()
    _choose_phase(page, 30)
    page.wait_for_timeout(300)
    assert recorder.requests, "the recorder saw no request at all"
    assert recorder.external_requests() == []
    assert recorder.errors == []


def test_turning_a_layer_off_and_on_changes_the_paths(
    opened: tuple[Any, Any], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    footprints = len(small[1].phases[0].footprints)
    before = page.locator(OVERLAY_PATHS).count()
    _overlay(page, "Footprints").check()
    assert page.locator(OVERLAY_PATHS).count() == before + footprints
    _overlay(page, "Footprints").uncheck()
    assert page.locator(OVERLAY_PATHS).count() == before
    depth = sum(
        1 for area in small[1].phases[0].depth if area.depth > 0 and not area.geometry.is_empty
    )
    _overlay(page, "Depth").uncheck()
    assert page.locator(OVERLAY_PATHS).count() == before - depth
    _overlay(page, "Depth").check()
    assert page.locator(OVERLAY_PATHS).count() == before


def _isolated_energy_target(targets: tuple[TargetCoverage, ...]) -> TargetCoverage:
    """The covered energy node farthest from every other target (easy to click)."""
    geod = Geod(ellps="WGS84")
    lon = np.array([t.geometry.x for t in targets])
    lat = np.array([t.geometry.y for t in targets])
    best, best_gap = None, -1.0
    for i, target in enumerate(targets):
        if target.kind != "energy" or not target.asset_ids:
            continue
        others = np.arange(len(targets)) != i
        _, _, distance = geod.inv(
            np.full(others.sum(), lon[i]), np.full(others.sum(), lat[i]), lon[others], lat[others]
        )
        if distance.min() > best_gap:
            best, best_gap = target, float(distance.min())
    assert best is not None
    return best


def test_clicking_an_energy_node_shows_its_covering_assets(
    opened: tuple[Any, Any], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    _choose_phase(page, 30)
    target = _isolated_energy_target(small[1].phase(30).targets)
    page.locator(f'[data-id="{target.id}"]').click()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert target.name in popup
    for asset in target.asset_ids:
        assert asset in popup
    assert ("Meets its requirement" in popup) is target.meets_requirement


def test_switching_phase_changes_what_is_drawn(
    opened: tuple[Any, Any], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    first, later = small[1].phases
    assert len(first.violations) == 0 and len(later.violations) == 1
    assert page.locator(".umbrella-cross").count() == 0
    paths_first = page.locator(OVERLAY_PATHS).count()
    _choose_phase(page, 30)
    assert page.locator(".umbrella-cross").count() == 1
    assert page.locator(OVERLAY_PATHS).count() != paths_first
    assert "later" in page.locator("#umbrella-phase-label").inner_text()
    _choose_phase(page, 0)
    assert page.locator(".umbrella-cross").count() == 0
    assert page.locator(OVERLAY_PATHS).count() == paths_first


def test_the_no_go_zone_is_hatched_and_labelled(opened: tuple[Any, Any]) -> None:
    page, _ = opened
    zone = page.locator('path[data-id="zone-north"]')
    assert "umbrella-hatched" in (zone.get_attribute("class") or "")
    fill = zone.evaluate("element => getComputedStyle(element).fill")
    assert "umbrella-hatch" in fill
    assert page.locator(".umbrella-label", has_text="test zone").is_visible()


def test_targets_draw_over_the_public_layers_which_get_legend_rows(
    opened: tuple[Any, Any], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    energy_row = page.locator('#umbrella-legend [data-layer="energy"]')
    assert energy_row.is_hidden()
    _overlay(page, "Energy nodes").check()
    assert energy_row.is_visible()
    target = _isolated_energy_target(small[1].phase(0).targets)  # a public node lies under it
    box = page.locator(f'[data-id="{target.id}"]').bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).getAttribute('data-id')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top == target.id
    _overlay(page, "Energy nodes").uncheck()
    assert energy_row.is_hidden()


def test_a_narrow_screen_opens_with_the_panels_folded_and_the_map_filling_it(
    open_map: Any, small_html_path: Path
) -> None:
    width, height = 390, 844
    page, recorder = open_map(small_html_path.as_uri(), width, height)
    assert page.locator("#umbrella-legend").get_attribute("open") is None
    assert page.locator(".umbrella-layers").get_attribute("open") is None
    assert page.locator(".leaflet-control-layers-overlays").is_hidden()
    map_box = page.locator(".folium-map").bounding_box()
    assert (map_box["width"], map_box["height"]) == (width, height)
    panels = (".umbrella-title", ".leaflet-control-layers", "#umbrella-legend")
    covered = 0.0
    for selector in (*panels, ".leaflet-control-attribution", ".leaflet-control-zoom"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # nothing off the screen
        covered += box["width"] * box["height"]
    assert covered / (width * height) < 0.15
    page.locator(".umbrella-layers summary").click()
    assert page.locator(".leaflet-control-layers-overlays").is_visible()
    assert recorder.external_requests() == []
    assert recorder.errors == []


def test_a_wide_screen_opens_with_the_panels_open_and_they_fold(
    open_map: Any, small_html_path: Path
) -> None:
    page, _ = open_map(small_html_path.as_uri(), 1366, 768)
    for details in ("#umbrella-legend", ".umbrella-layers"):
        assert page.locator(details).get_attribute("open") is not None
        page.locator(f"{details} > summary").click()
        assert page.locator(details).get_attribute("open") is None
    assert page.locator(".leaflet-control-layers-overlays").is_hidden()
    assert page.locator("#umbrella-legend", has_text="gap: no tier covers").is_visible()


def test_the_keyboard_reaches_the_phase_choice_first(opened: tuple[Any, Any]) -> None:
    page, _ = opened
    page.keyboard.press("Tab")
    focused = page.evaluate("(e => [e.name, e.value, e.checked])(document.activeElement)")
    assert focused == ["umbrella-phase", "0", True]
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.body.dataset.phase === '30'")


def test_a_shared_address_restores_phase_view_and_layers(
    opened: tuple[Any, Any], open_map: Any
) -> None:
    page, _ = opened
    _choose_phase(page, 30)
    _overlay(page, "Cities").check()
    _overlay(page, "Depth").uncheck()
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("location.hash.includes('view=')")
    view = page.evaluate("document.body.dataset.view")
    shared = page.url
    assert "#" in shared
    other, recorder = open_map(shared)
    assert other.locator("input[name=umbrella-phase][value='30']").is_checked()
    assert other.evaluate("document.body.dataset.phase") == "30"
    assert other.locator(".umbrella-cross").count() == 1  # the phase's own layers are drawn
    assert _overlay(other, "Cities").is_checked()
    assert not _overlay(other, "Depth").is_checked()
    assert other.locator('#umbrella-legend [data-layer="cities"]').is_visible()
    assert other.evaluate("document.body.dataset.view") == view
    assert recorder.errors == []


def _target_named(page: Any, target: TargetCoverage) -> Any:
    """The target's own symbol, once it can be clicked: spread out of any cluster holding it."""
    symbol = page.locator(f'[data-id="{target.id}"]')
    for _ in range(20):
        if symbol.count() and symbol.is_visible():
            return symbol
        page.locator(f".umbrella-cluster span[title*={json.dumps(target.name)}]").first.click()
        page.wait_for_timeout(400)  # the spreading out is animated
    raise AssertionError(f"{target.name} never came out of its cluster")


def test_points_on_the_same_spot_can_each_be_opened(
    opened: tuple[Any, Any], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    targets = small[1].phases[0].targets
    geod = Geod(ellps="WGS84")
    together = [
        (a, b)
        for i, a in enumerate(targets)
        for b in targets[i + 1 :]
        if geod.inv(a.geometry.x, a.geometry.y, b.geometry.x, b.geometry.y)[2] < 1.0
    ]
    assert together, "the small scenario has two targets on one spot"
    first, second = together[0]
    assert page.locator(f'[data-id="{first.id}"]').count() == 0  # hidden in a cluster
    for target in (first, second):
        _target_named(page, target).click()
        popup = page.locator(".leaflet-popup-content", has_text=target.name)
        assert "Requirement" in popup.inner_text()


def _names(open_map: Any, url: str, zoom: float, lon: float, lat: float) -> list[str]:
    page, recorder = open_map(f"{url}#view={zoom}/{lat}/{lon}&layers=")
    names = page.locator(".umbrella-place").all_text_contents()
    assert recorder.errors == []
    return names


def test_the_basemap_names_countries_seas_and_cities_by_zoom(
    open_map: Any, small_html_path: Path, small: tuple[Scenario, AnalysisResult]
) -> None:
    url = small_html_path.as_uri()
    scene = build_scene(*small)
    seas = load_layer("seas", bbox=scene.public.bbox)
    azov = seas.loc[seas["name"] == "Sea of Azov"].iloc[0]
    inside = azov.geometry.representative_point()
    assert "Sea of Azov" not in _names(open_map, url, azov["min_label"] - 1, inside.x, inside.y)
    assert "Sea of Azov" in _names(open_map, url, azov["min_label"] + 1, inside.x, inside.y)
    cities = rows_frame(scene.public.cities.table)
    geod = Geod(ellps="WGS84")
    towns = cities.loc[(cities["population"] >= 50_000) & (cities["population"] < 100_000)]
    bigger = cities.loc[cities["population"] >= 100_000]

    def isolation(town: Any) -> float:
        n = len(bigger)
        _, _, metres = geod.inv(
            np.full(n, town.x), np.full(n, town.y), bigger.geometry.x, bigger.geometry.y
        )
        return float(np.min(metres))

    far = max(towns.itertuples(), key=lambda row: isolation(row.geometry))
    assert isolation(far.geometry) > 50_000
    town = far.geometry
    assert far.name not in _names(open_map, url, 6, town.x, town.y)
    assert far.name in _names(open_map, url, 9, town.x, town.y)
    ukraine = [name.upper() for name in _names(open_map, url, 4, 31, 49)]
    assert "UKRAINE" in ukraine


def test_the_land_reaches_past_the_scene_at_zoom_4(open_map: Any, small_html_path: Path) -> None:
    width, height = 1366, 768
    page, _ = open_map(f"{small_html_path.as_uri()}#view=4/50/31&layers=", width, height)
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll(".leaflet-umbrella-basemap-pane path"))
            .map(path => path.getBoundingClientRect())
            .filter(box => box.width > 0)
            .map(box => [box.left, box.top, box.right, box.bottom])"""
    )
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    assert left <= 0 and top <= 0 and right >= width and bottom >= height


_SCREEN_POINTS = """points => {
    const map = Object.values(window).find(value => value instanceof L.Map);
    const origin = map.getContainer().getBoundingClientRect();
    return points.map(([lon, lat]) => {
        const at = map.latLngToContainerPoint([lat, lon]);
        const x = origin.left + at.x, y = origin.top + at.y;
        const top = document.elementFromPoint(x, y);
        const clear = top !== null && top.closest(".leaflet-control, .umbrella-panel") === null;
        return [x, y, clear];
    });
}"""


def _seen_colours(page: Any, geometry: shapely.Geometry, image: np.ndarray) -> Counter[str]:
    """The colours of the screenshot at up to 200 points well inside ``geometry`` that no
    panel covers."""
    inner = geometry.buffer(-0.02)  # display only: a margin from the area's edges, in degrees
    rng = np.random.default_rng(0)
    minx, miny, maxx, maxy = inner.bounds
    lon, lat = rng.uniform(minx, maxx, 2000), rng.uniform(miny, maxy, 2000)
    inside = shapely.contains_xy(inner, lon, lat)
    points = np.column_stack([lon[inside], lat[inside]])[:200].tolist()
    seen: Counter[str] = Counter()
    for x, y, clear in page.evaluate(_SCREEN_POINTS, points):
        row, column = int(y), int(x)
        if clear and 0 <= row < image.shape[0] and 0 <= column < image.shape[1]:
            seen[to_hex(image[row, column, :3])] += 1
    return seen


def test_depth_and_gap_show_the_tested_colours_under_the_water_and_borders(
    open_map: Any, small_html_path: Path, small: tuple[Scenario, AnalysisResult]
) -> None:
    """Inside each depth area and the gap a reader sees the style's colour itself, drawn
    opaque (the colours whose distances tests/maps/test_style.py measures), and the coast,
    lakes, rivers and borders draw over the shading."""
    width, height = 1366, 768
    url = f"{small_html_path.as_uri()}#phase=30&layers=depth,gaps"
    page, recorder = open_map(url, width, height)
    image = matplotlib.image.imread(io.BytesIO(page.screenshot()), format="png")
    phase = next(p for p in small[1].phases if p.summary.day == 30)
    areas = {depth_colour(a.depth): a.geometry for a in phase.depth if a.depth in (1, 2)}
    areas[GAP.fill] = phase.gaps.geometry
    assert len(areas) == 3
    for colour, geometry in areas.items():
        seen = _seen_colours(page, geometry, image)
        assert sum(seen.values()) >= 20, colour
        assert seen.most_common(1)[0][0] == colour, (colour, seen.most_common(3))
        assert seen[colour] >= 0.8 * sum(seen.values()), (colour, seen.most_common(3))
    order = page.evaluate(
        """() => ["umbrella-shading", "umbrella-water", "overlay"].map(name =>
            Number(getComputedStyle(document.querySelector(`.leaflet-${name}-pane`)).zIndex))"""
    )
    shading, water, overlays = order
    assert shading < water < overlays  # the overlays hold the borders
    assert page.locator(".leaflet-umbrella-shading-pane path").count() >= 3
    assert recorder.errors == []
