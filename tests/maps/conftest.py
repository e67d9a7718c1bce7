"""A small notional scenario around Kyiv, analysed once per session, its map page, and a way
to open that page in chromium with every request and console error recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.maps import render_html

WAIT_MS = 30_000
NO_GO_BOX = [[30.0, 51.0], [30.6, 51.0], [30.6, 51.3], [30.0, 51.3], [30.0, 51.0]]


def small_document() -> dict[str, Any]:
    """Kyiv city and oblast, three tiers (one user-named), two phases, a violation on day 30."""
    return {
        "name": "Small notional test around Kyiv",
        "regions": ["UA-30", "UA-32"],
        "tiers": {
            "short": {"range_km": 30, "label": "short range"},
            "medium": {"range_km": 120, "min_range_km": 3, "label": "medium range"},
            "zz-custom": {"range_km": 50},
        },
        "phases": [{"day": 0, "label": "start"}, {"day": 30, "label": "later"}],
        "assets": [
            {"id": "medium-kyiv", "tier": "medium", "location": [30.52, 50.45]},
            {"id": "short-kyiv", "tier": "short", "location": [30.52, 50.45], "from_day": 30},
            {"id": "custom-bila", "tier": "zz-custom", "location": [30.12, 49.80], "from_day": 30},
            {"id": "short-north", "tier": "short", "location": [30.3, 51.15], "from_day": 30},
        ],
        "depots": [{"id": "depot-zhytomyr", "location": "Zhytomyr, UA"}],
        "resupply_radius_km": 300,
        "corridors": [
            {"id": "road", "waypoints": ["Zhytomyr, UA", [30.52, 50.45]], "width_km": 10}
        ],
        "no_go": [
            {
                "id": "zone-north",
                "label": "test zone",
                "polygon": {"type": "Polygon", "coordinates": [NO_GO_BOX]},
            }
        ],
        "targets": [
            {"id": "energy", "layer": "energy", "min_depth": 2, "required_tiers": ["short"]},
            {"id": "cities", "layer": "cities", "min_population": 50_000},
        ],
    }


@pytest.fixture(scope="session")
def small() -> tuple[Scenario, AnalysisResult]:
    """The small scenario (place names unresolved, as users give them) and its result."""
    scenario = parse_scenario(small_document())
    return scenario, analyze(scenario, with_grid=False)


@pytest.fixture(scope="session")
def small_html(small: tuple[Scenario, AnalysisResult]) -> str:
    """The offline map page of the small scenario."""
    return render_html(*small)


@pytest.fixture(scope="session")
def small_html_path(small_html: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline page written to a file, to open as a file:// URL."""
    path = tmp_path_factory.mktemp("maps") / "small.html"
    path.write_text(small_html, encoding="utf-8")
    return path


def _local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    host = parsed.hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Recorder:
    """Every request and every console error of a page."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        """Requests to anything but file:, data: or a loopback host."""
        return [url for url in self.requests if not _local(url)]


OpenMap = Callable[..., tuple[Any, Recorder]]


@pytest.fixture
def open_map(browser: Any) -> Iterator[OpenMap]:
    """Opens a map page: ``open_map(url, width=1400, height=900)`` gives the playwright page
    (the viewport in CSS pixels) and its recorder, attached before loading, once the basemap
    is drawn. Every page is closed at the end of the test."""
    pages: list[Any] = []

    def opener(url: str, width: int = 1400, height: int = 900) -> tuple[Any, Recorder]:
        page = browser.new_page(viewport={"width": width, "height": height})
        pages.append(page)
        page.set_default_timeout(WAIT_MS)
        recorder = Recorder()
        page.on("request", lambda request: recorder.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                recorder.errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: recorder.errors.append(str(error)))
        page.goto(url)
        page.wait_for_selector(".leaflet-umbrella-basemap-pane path", state="attached")
        return page, recorder

    yield opener
    for page in pages:
        page.close()
