"""The air picture and the scorecard on the interactive map: in the page, and in chromium."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult, PhaseResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.maps import render_html

OVERLAY_PATHS = ".leaflet-overlay-pane path"
GOALS = {
    0: ["sensors_in_place == 1", "air_picture_share[low] >= 0.99"],
    30: ["sensors_in_place >= 2", "corridor_share_covered[road] > 0"],
}


def _document() -> dict[str, Any]:
    """Kyiv city and oblast: one covering asset, two sensors (one from day 30), two bands."""
    document: dict[str, Any] = {
        "name": "Air picture around Kyiv",
        "regions": ["UA-30", "UA-32"],
        "tiers": {"short": {"range_km": 30, "label": "short range"}},
        "phases": [{"day": 0, "label": "start"}, {"day": 30, "label": "later"}],
        "assets": [{"id": "short-kyiv", "tier": "short", "location": [30.52, 50.45]}],
        "corridors": [
            {"id": "road", "waypoints": [[28.66, 50.25], [30.52, 50.45]], "width_km": 10}
        ],
        "targets": [{"id": "cities", "layer": "cities", "min_population": 50_000}],
    }
    document["assets"] += [
        {
            "id": "radar-kyiv",
            "kind": "sensor",
            "location": [30.52, 50.45],
            "range_km": 150,
            "sensor_height_m": 20,
        },
        {
            "id": "radar-south",
            "kind": "sensor",
            "location": [30.9, 49.9],
            "range_km": 60,
            "sensor_height_m": 10,
            "from_day": 30,
        },
    ]
    document["altitude_bands"] = {"low": {"altitude_m": 100}, "high": {"altitude_m": 10_000}}
    for phase in document["phases"]:
        phase["goals"] = GOALS[phase["day"]]
    return document


@pytest.fixture(scope="module")
def pictured() -> tuple[Scenario, AnalysisResult]:
    scenario = parse_scenario(_document())
    return scenario, analyze(scenario, with_grid=False)


@pytest.fixture(scope="module")
def page_path(pictured: tuple[Scenario, AnalysisResult], tmp_path_factory: Any) -> Path:
    path = tmp_path_factory.mktemp("air") / "air.html"
    path.write_text(render_html(*pictured), encoding="utf-8")
    return path


def test_the_page_holds_the_layers_legend_rows_and_a_scorecard_per_phase(
    page_path: Path, pictured: tuple[Scenario, AnalysisResult]
) -> None:
    text = page_path.read_text(encoding="utf-8")
    for name in ("Air picture: low, 100 m", "Air picture: high, 10,000 m", "Sensors"):
        assert name in text
    assert text.count('data-layer="air-low"') == 3 and text.count('data-layer="sensors"') == 1
    for day, goals in GOALS.items():
        assert f'data-day="{day}"' in text
        for goal in goals:
            assert f"<code>{html.escape(goal)}</code>" in text
    met = [sum(g.met for g in p.summary.scorecard) for p in pictured[1].phases]
    assert f"day 0 start: {met[0]} of 2 goals met" in text
    assert f"day 30 later: {met[1]} of 2 goals met" in text


def _drawn(phase: PhaseResult, band: str) -> int:
    """Paths of a band's picture: seen, seen twice (each if not empty) and every gap."""
    picture = next(p for p in phase.air_picture if p.band == band)
    areas = [picture.seen.geometry, picture.redundant.geometry]
    return sum(not area.is_empty for area in areas) + len(picture.gaps)


def _choose_phase(page: Any, day: int) -> None:
    page.locator(f"input[name=umbrella-phase][value='{day}']").check()
    page.wait_for_function(f"document.body.dataset.phase === '{day}'")


def test_the_picture_and_the_scorecard_follow_the_phase(
    open_map: Any, page_path: Path, pictured: tuple[Scenario, AnalysisResult]
) -> None:
    page, recorder = open_map(page_path.as_uri())
    first, later = pictured[1].phases
    overlay = page.locator(".leaflet-control-layers-overlays label", has_text="Air picture: low")
    assert page.locator(".umbrella-triangle").count() == len(first.sensors) == 1
    assert page.locator('#umbrella-legend [data-layer="air-low"]').first.is_hidden()
    before = page.locator(OVERLAY_PATHS).count()
    overlay.locator("input").check()
    assert page.locator(OVERLAY_PATHS).count() == before + _drawn(first, "low")
    assert page.locator('#umbrella-legend [data-layer="air-low"]').first.is_visible()
    assert page.locator('#umbrella-scorecard [data-day="0"]').is_visible()
    assert page.locator('#umbrella-scorecard [data-day="30"]').is_hidden()
    _choose_phase(page, 30)
    assert page.locator(".umbrella-triangle").count() == len(later.sensors) == 2
    assert page.locator('#umbrella-scorecard [data-day="30"]').is_visible()
    assert page.locator('#umbrella-scorecard [data-day="0"]').is_hidden()
    missed = page.locator('#umbrella-scorecard [data-day="0"] .umbrella-missed')
    assert missed.count() == sum(not g.met for g in first.summary.scorecard)
    page.locator(".umbrella-triangle").first.click()
    assert "mast height" in page.locator(".leaflet-popup-content").inner_text()
    assert recorder.external_requests() == [] and recorder.errors == []


def test_the_scorecard_folds_on_a_narrow_screen(open_map: Any, page_path: Path) -> None:
    width = 390
    page, _ = open_map(page_path.as_uri(), width, 844)
    scorecard = page.locator("#umbrella-scorecard")
    assert scorecard.get_attribute("open") is None
    box = scorecard.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.locator("#umbrella-scorecard > summary").click()
    assert page.locator('#umbrella-scorecard [data-day="0"]').is_visible()
