"""Proposed sites (``Asset.proposed``) on maps: a diamond of their own with the gains in the
popup, only in the phases where they stand; a legend entry on figures."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.maps import figure_size, render_figure, render_html


@pytest.fixture(scope="module")
def proposed(small: tuple[Scenario, AnalysisResult]) -> tuple[Scenario, AnalysisResult]:
    document = small[0].model_dump(mode="json", exclude_unset=True)
    document["assets"].append(
        {
            "id": "proposed-short-x1",
            "tier": "short",
            "location": [30.9, 50.1],
            "from_day": 30,
            "proposed": {"rank": 1, "gain": 12.5, "gain_mw": 1200, "gain_population": 350_000},
        }
    )
    scenario = parse_scenario(document)
    return scenario, analyze(scenario, with_grid=False)


def _features(page: str) -> list[dict[str, Any]]:
    """Every GeoJSON feature of the page's layers drawn with the diamond symbol."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r'\{"type":\s*"FeatureCollection"', page):
        collection, _ = decoder.raw_decode(page, match.start())
        found += [f for f in collection["features"] if f["properties"].get("symbol") == "diamond"]
    return found


def test_a_proposed_site_is_a_diamond_with_its_gains_only_where_it_stands(
    proposed: tuple[Scenario, AnalysisResult],
) -> None:
    page = render_html(*proposed)
    diamonds = _features(page)
    assert len(diamonds) == 1  # day 30 only: it stands from day 30
    properties = diamonds[0]["properties"]
    assert diamonds[0]["geometry"] == {"type": "Point", "coordinates": [30.9, 50.1]}
    popup = str(properties["popup"])
    assert "rank 1 (siting)" in popup and "+1,200 MW" in popup and "+350,000" in popup
    assert "<b>proposed-short-x1</b>" in popup and "short range" in popup


def test_a_figure_draws_the_proposed_site_and_names_it_in_the_legend(
    proposed: tuple[Scenario, AnalysisResult],
) -> None:
    size = figure_size(width_px=800, dpi=100)
    svg = render_figure(*proposed, day=30, fmt="svg", size=size).decode()
    assert "proposed site (siting)" in svg
    plain = render_figure(*proposed, day=0, fmt="svg", size=size).decode()
    assert "proposed site (siting)" in plain  # the legend holds it for every phase
