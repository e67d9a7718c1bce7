"""A small notional scenario around Kyiv, analysed once per session, and its map page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.maps import render_html

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
