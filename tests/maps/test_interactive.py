"""The map page as text: self-contained offline, linked assets, online tiles, labels, popups."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from umbrella.coverage.example import example_scenario
from umbrella.coverage.result import AnalysisResult, TargetCoverage
from umbrella.coverage.scenario import Scenario
from umbrella.maps import ASSET_FILES, OSM_TILES, render_html
from umbrella.maps.popups import target_popup

RESOURCE_ATTRIBUTES = ("src", "href", "data", "poster", "srcset")


class _Links(HTMLParser):
    """Every resource-like attribute of every element, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in RESOURCE_ATTRIBUTES and value:
                self.links.append((tag, name, value))


def _links(page: str) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(page)
    return parser.links


def _external(links: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [
        link
        for link in links
        if urlparse(link[2]).scheme in ("http", "https", "") and urlparse(link[2]).netloc
    ]


def test_offline_page_is_self_contained(small_html: str) -> None:
    assert _external(_links(small_html)) == []
    assert "<script src=" not in small_html
    assert 'rel="stylesheet"' not in small_html
    assert "sourceMappingURL" not in small_html
    assert "tile.openstreetmap.org" not in small_html
    assert "Notional scenario" in small_html
    assert "Small notional test around Kyiv" in small_html
    assert "L.version" in small_html or 't.version="1.9.3"' in small_html  # Leaflet inlined


def test_offline_page_has_every_layer_and_phase(small_html: str) -> None:
    for name in (
        "Basemap (offline)",
        "Boundaries (UN worldview)",
        "Contested areas",
        "Regions",
        "Cities",
        "Energy nodes",
        "Depth (distinct tiers)",
        "Coverage: short range",
        "Coverage: medium range",
        "Coverage: zz-custom",
        "Gaps (no tier covers)",
        "Footprints (per asset)",
        "No-go zones",
        "Corridors",
        "Targets",
        "Depots",
        "Violations",
        "Legend",
        "Natural Earth",
        "GeoNames",
        "Global Power Plant Database",
    ):
        assert name in small_html
    assert small_html.count('name="umbrella-phase"') == 2


def test_online_tiles_add_the_tile_template(small: tuple[Scenario, AnalysisResult]) -> None:
    page = render_html(*small, online_tiles=True)
    assert OSM_TILES in page
    assert "OpenStreetMap (online)" in page


def test_linked_assets_are_served_from_the_given_base(
    small: tuple[Scenario, AnalysisResult],
) -> None:
    page = render_html(*small, asset_base_url="/static/maps/")
    for sub_path in ("leaflet/leaflet.js", "leaflet/leaflet.css", "jquery/jquery.min.js"):
        assert f"/static/maps/{sub_path}" in page
        assert sub_path in ASSET_FILES
    linked = {value for _, _, value in _links(page) if value.startswith("/static/maps/")}
    assert {path.removeprefix("/static/maps/") for path in linked} <= set(ASSET_FILES)
    assert 't.version="1.9.3"' not in page  # not inlined as well
    assert _external(_links(page)) == []


def test_example_page_is_offline_and_reasonably_small() -> None:
    from umbrella.coverage.analysis import analyze

    scenario = example_scenario()
    page = render_html(scenario, analyze(scenario, with_grid=False))
    assert _external(_links(page)) == []
    assert page.count('name="umbrella-phase"') == 3
    assert len(page.encode()) < 5_000_000


def _target(**changes: object) -> TargetCoverage:
    import shapely

    base = {
        "id": "energy:1",
        "target_set": "energy",
        "name": "Plant <A>",
        "kind": "energy",
        "weight": 1200.0,
        "region": "UA-32",
        "geometry": shapely.Point(30, 50),
        "asset_ids": ("m-1", "l-1"),
        "asset_distances_km": (12.5, 210.25),
        "tiers": ("long", "medium"),
        "depth": 2,
        "min_depth": 2,
        "required_tiers": ("short",),
        "meets_requirement": False,
    }
    return TargetCoverage(**{**base, **changes})


def test_target_popup_explains_why_it_falls_short() -> None:
    labels = {"short": "short range", "medium": "medium range", "long": "long range"}
    text = target_popup(_target(), labels, {"m-1": "medium", "l-1": "long"})
    assert "Plant &lt;A&gt;" in text  # escaped
    for expected in (
        "m-1",
        "l-1",
        "medium range",
        "long range",
        "12.5 km",
        "210.2 km",
        "depth ≥ 2",
        "tiers short range",
        "Falls short",
        "missing short range",
    ):
        assert expected in text


@pytest.mark.parametrize("meets", [True, False])
def test_target_popup_verdict_follows_the_result(meets: bool) -> None:
    text = target_popup(_target(meets_requirement=meets), {}, {"m-1": "medium", "l-1": "long"})
    assert ("Meets its requirement" in text) is meets


def test_uncovered_target_popup_says_so() -> None:
    target = _target(asset_ids=(), asset_distances_km=(), tiers=(), depth=0)
    text = target_popup(target, {}, {})
    assert "No asset covers it" in text
    assert "depth 0 &lt; 2" in text
