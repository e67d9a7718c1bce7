"""User text reaches maps as text only: no markup runs in a page, no template is evaluated in
one, no dollar turns into maths."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib.image
import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.maps import figure_size, render_figure, render_html
from umbrella.maps.leaflet import script_json

WAIT_MS = 30_000
SCRIPT_PAYLOAD = "</title><script>window.__x=1</script>"
IMG_PAYLOAD = "<img src=x onerror=window.__y=1>"
TEMPLATE_PAYLOAD = "{{ 6*7 }} {% raw %} {#"  # branca reads script elements as Jinja templates
MATH_PAYLOADS = (r"price $\foo$", "Cost $5 and $6")
HOSTILE = f"{SCRIPT_PAYLOAD} {IMG_PAYLOAD} {TEMPLATE_PAYLOAD} {MATH_PAYLOADS[0]} {MATH_PAYLOADS[1]}"
SIZE = figure_size(width_px=600, dpi=100)
NO_GO_BOX = [[30.48, 50.42], [30.56, 50.42], [30.56, 50.48], [30.48, 50.48], [30.48, 50.42]]


def _named_point(name: str, lon: float, lat: float) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def hostile_document() -> dict[str, Any]:
    """Markup and dollar signs wherever a scenario lets its author write text.

    The asset stands inside the no-go zone (a violation, with its popup); two targets from the
    user's GeoJSON, one covered and one not, carry the payloads in their names.
    """
    return {
        "name": f"Name {HOSTILE}",
        "description": f"Description {HOSTILE}",
        "regions": ["UA-30"],
        "tiers": {"short": {"range_km": 20, "label": f"Tier {HOSTILE}"}},
        "phases": [{"day": 0, "label": f"Phase {HOSTILE}"}, {"day": 5, "label": IMG_PAYLOAD}],
        "assets": [{"id": "a-1", "tier": "short", "location": [30.52, 50.45]}],
        "no_go": [
            {
                "id": "zone",
                "label": f"Zone {HOSTILE}",
                "polygon": {"type": "Polygon", "coordinates": [NO_GO_BOX]},
            }
        ],
        "targets": [
            {
                "id": "mine",
                "geojson": {
                    "type": "FeatureCollection",
                    "features": [
                        _named_point(f"Covered {HOSTILE}", 30.45, 50.40),
                        _named_point(f"Uncovered {HOSTILE}", 30.75, 50.30),
                    ],
                },
            }
        ],
    }


@pytest.fixture(scope="module")
def hostile() -> tuple[Scenario, AnalysisResult]:
    scenario = parse_scenario(hostile_document())
    return scenario, analyze(scenario, with_grid=False)


@pytest.fixture(scope="module")
def hostile_html(hostile: tuple[Scenario, AnalysisResult]) -> str:
    return render_html(*hostile)


@pytest.fixture(scope="module")
def hostile_path(hostile_html: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    path.write_text(hostile_html, encoding="utf-8")
    return path


def test_the_page_holds_no_raw_user_markup(hostile_html: str) -> None:
    assert "<script>window.__x" not in hostile_html
    assert "<img src=x" not in hostile_html
    assert "</title><script>" not in hostile_html


def test_script_json_cannot_close_a_script_and_reads_back_unchanged() -> None:
    value = {"label": f"{SCRIPT_PAYLOAD} & {IMG_PAYLOAD} <!-- \u2028"}
    text = script_json(value)
    assert "</" not in text and "<" not in text and "<!--" not in text
    assert json.loads(text) == value


# Every image that finished loading or failing, recorded before the page's own scripts run.
_RECORD_SETTLED_IMAGES = """
window.__settledImages = new WeakSet();
for (const kind of ['load', 'error']) {
  addEventListener(kind, (event) => {
    if (event.target instanceof HTMLImageElement) window.__settledImages.add(event.target);
  }, true);
}
"""
_EVERY_IMAGE_SETTLED = "Array.from(document.images).every((i) => window.__settledImages.has(i))"


def _hostile_page(browser: Any, path: Path) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.add_init_script(_RECORD_SETTLED_IMAGES)
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-overlay-pane path", state="attached")
    return page


def _nothing_ran(page: Any) -> None:
    # an image injected from user text would run its onerror when it fails: wait for that
    page.wait_for_function(_EVERY_IMAGE_SETTLED)
    assert page.evaluate("typeof window.__x") == "undefined"
    assert page.evaluate("typeof window.__y") == "undefined"


def test_user_text_runs_nothing_in_the_browser(browser: Any, hostile_path: Path) -> None:
    page = _hostile_page(browser, hostile_path)
    try:
        _nothing_ran(page)
        assert "</title><script>" in page.title()  # shown as text
        panel = page.locator(".umbrella-title").inner_text()
        assert SCRIPT_PAYLOAD in panel and IMG_PAYLOAD in panel
        tier = page.locator(".leaflet-control-layers-overlays label", has_text="Coverage: Tier")
        assert f"Coverage: Tier {HOSTILE}" in tier.inner_text()
        tier.locator("input").check()
        page.locator(".leaflet-control-layers-overlays label", has_text="Footprints").locator(
            "input"
        ).check()
        # the long names make panels cover the features: events go to the features directly
        for target in ("mine:0", "mine:1"):
            page.locator(f'[data-id="{target}"]').dispatch_event("mouseover")
            assert HOSTILE in page.locator(".leaflet-tooltip").last.inner_text()
            page.locator(f'[data-id="{target}"]').dispatch_event("click")
            assert HOSTILE in page.locator(".leaflet-popup-content").last.inner_text()
        assert IMG_PAYLOAD in page.locator(".umbrella-label").inner_text()
        page.locator(".umbrella-cross").dispatch_event("click")
        assert "Zone </title>" in page.locator(".leaflet-popup-content").last.inner_text()
        page.locator("input[name=umbrella-phase][value='5']").check()
        page.wait_for_function("document.body.dataset.phase === '5'")
        assert page.locator("#umbrella-phase-label").inner_text() == f"day 5 {IMG_PAYLOAD}"
        _nothing_ran(page)
    finally:
        page.close()


def _svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return " ".join(t for element in root.iter() for t in (element.text, element.tail) if t)


@pytest.mark.parametrize("title", [None, *MATH_PAYLOADS])
def test_dollars_in_figures_stay_dollars(
    hostile: tuple[Scenario, AnalysisResult], title: str | None
) -> None:
    """Scenario name, phase, tier and zone labels and --title: literal text, never maths."""
    png = render_figure(*hostile, day=0, fmt="png", title=title, size=SIZE)
    assert matplotlib.image.imread(io.BytesIO(png), format="png").shape[1] == 600
    text = _svg_text(render_figure(*hostile, day=0, fmt="svg", title=title, size=SIZE))
    expected = [f"Tier {HOSTILE}", f"Zone {HOSTILE}", f"Day 0: Phase {HOSTILE}"]
    expected.append(title or f"Name {HOSTILE}")
    unbroken = "".join(text.split())  # long texts are wrapped, and long words cut, to fit
    for line in expected:
        assert "".join(line.split()) in unbroken
