"""The pages in chromium, reached by clicking only: the example's map, a layer, a feature, a job.

Every page is watched: no request may leave the loopback host, and the console may log no
error. Expected contents come from the bundled layers read here (``load_layer``), not from the
pages' own code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import yaml
from live_server import SMALL_SCENARIO, LiveServer

from umbrella.coverage.example import example_document
from umbrella.layers import load_layer

WAIT_MS = 60_000
LOOPBACK = {"127.0.0.1", "localhost"}


@dataclass
class Watched:
    """A browser page, and what every document it opened requested and logged."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:", "about:"))
            and urlsplit(url).hostname not in LOOPBACK
        ]


def _watched(browser: Any, width: int = 1366, height: int = 768, **options: Any) -> Watched:
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    page.set_default_timeout(WAIT_MS)
    watched = Watched(page)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on(
        "console",
        lambda message: watched.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("framenavigated", lambda frame: watched.visited.append(frame.url))
    return watched


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    """A page at 1366x768 that, at the end of the test, has stayed local and logged no error."""
    found = _watched(browser)
    yield found
    found.page.close()
    assert found.external() == []
    assert found.errors == []


def _click(watched: Watched, name: str, **options: Any) -> None:
    """Click the link of that accessible name and wait for the next page to load."""
    with watched.page.expect_navigation():
        watched.page.get_by_role("link", name=name, **options).first.click()
    watched.page.wait_for_load_state("networkidle")


def _path_and_query(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def _map_drawn(page: Any, features: int) -> None:
    """Wait until the layer map shows ``features`` features over the basemap."""
    page.wait_for_function(
        f"document.getElementById('map-status').textContent.startsWith('{features} feature')"
    )


def test_from_the_landing_page_to_the_example_map(
    watched: Watched, live_server: LiveServer
) -> None:
    page = watched.page
    page.goto(f"{live_server.url}/", wait_until="networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("umbrella")
    _click(watched, "The example's map")
    assert urlsplit(page.url).path == f"/scenarios/{live_server.example_id}/map"
    assert page.locator(".leaflet-container").count() >= 1
    assert page.locator(".leaflet-overlay-pane path").count() > 0


def test_from_the_landing_page_to_a_third_page_of_a_layer_and_a_feature(
    watched: Watched, live_server: LiveServer
) -> None:
    page = watched.page
    energy = load_layer("energy")
    page.goto(f"{live_server.url}/", wait_until="networkidle")
    _click(watched, "Layer explorer")
    assert page.get_by_role("heading", level=1).inner_text() == "Public layers"
    _click(watched, "energy", exact=True)
    _map_drawn(page, 100)
    _click(watched, "next")
    _click(watched, "next")
    path, query = _path_and_query(page.url)
    assert path == "/collections/energy/items" and query["offset"] == ["200"]
    heading = page.get_by_role("heading", level=1).inner_text()
    assert f"features 201-300 of {len(energy):,}" in heading
    _map_drawn(page, 100)
    ids = page.locator("#attributes tbody th a").all_inner_texts()
    assert ids == list(energy["id"].iloc[200:300])
    # the basemap: land beneath the features, and country names at this zoom
    assert page.locator(".leaflet-basemap-pane path").count() > 100
    assert page.locator(".basemap-label").count() > 0
    assert page.locator(".leaflet-overlay-pane path").count() == 100

    first = energy.iloc[200]
    _click(watched, str(first["id"]), exact=True)
    assert urlsplit(page.url).path == f"/collections/energy/items/{first['id']}"
    assert page.get_by_role("heading", level=1).inner_text().startswith(str(first["name"]))
    facts = page.locator("dl.facts").inner_text()
    assert str(first["primary_fuel"]) in facts and str(first["country_iso3"]) in facts
    _map_drawn(page, 1)
    _click(watched, "Its page in energy")
    assert _path_and_query(page.url)[1]["offset"] == ["200"]


def test_the_jump_form_goes_to_the_page_asked_for(
    watched: Watched, live_server: LiveServer
) -> None:
    page = watched.page
    page.goto(f"{live_server.url}/collections/cities/items?f=html", wait_until="networkidle")
    page.locator("#jump-page").fill("1000")
    with page.expect_navigation():
        page.get_by_role("button", name="go").click()
    assert _path_and_query(page.url)[1]["offset"] == ["99900"]
    assert "features 99,901-100,000 of" in page.get_by_role("heading", level=1).inner_text()
    page.wait_for_load_state("networkidle")


def test_download_geojson_from_a_page(
    watched: Watched, live_server: LiveServer, tmp_path: Path
) -> None:
    page = watched.page
    ukraine = load_layer("energy")
    ukraine = ukraine[ukraine["country_iso3"] == "UKR"]
    page.goto(
        f"{live_server.url}/collections/energy/items?country_iso3=UKR&limit=25&offset=25&f=html",
        wait_until="networkidle",
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this page as GeoJSON").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".geojson"
    collection = json.loads(saved.read_text())
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == list(ukraine["id"].iloc[25:50])
    assert collection["numberMatched"] == len(ukraine)


def test_a_stored_scenario_is_analysed_by_a_job_from_its_page(
    watched: Watched, live_server: LiveServer
) -> None:
    posted = httpx.post(
        f"{live_server.url}/scenarios",
        content=yaml.safe_dump(SMALL_SCENARIO),
        headers={"Content-Type": "application/yaml"},
        timeout=60,
    )
    assert posted.status_code == 201 and posted.json()["published"] is False
    page = watched.page
    page.goto(f"{live_server.url}{posted.headers['location']}", wait_until="networkidle")
    assert "Notional." in page.locator(".notional").inner_text()
    assert page.locator("table.summary").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Run the analysis").click()
    assert urlsplit(page.url).path.startswith("/jobs/")
    # a locator, not a predicate: the page's policy allows no eval, and the page refreshes
    page.locator(".state", has_text=re.compile("^done$")).wait_for(timeout=120_000)
    _click(watched, "The scenario and its summary")
    rows = page.locator("table.summary tbody tr th").all_inner_texts()
    assert any(row.startswith("assets in place") for row in rows)
    cells = page.locator("table.summary tbody tr").first.locator("td").all_inner_texts()
    assert cells == ["1", "1"]  # one asset, standing in both phases


def test_docs_try_it_out_is_prefilled_with_the_example_and_stores_it(
    watched: Watched, live_server: LiveServer
) -> None:
    page = watched.page
    page.goto(f"{live_server.url}/docs", wait_until="networkidle")
    operation = page.locator(".opblock-post", has_text="/scenarios").filter(
        has_text="Store a scenario"
    )
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    body = operation.locator("textarea.body-param__text")
    assert json.loads(body.input_value()) == example_document()
    operation.get_by_role("button", name="Execute").click()
    live = operation.locator(".live-responses-table tbody tr.response").first
    live.wait_for()
    assert live.locator(".response-col_status").inner_text().strip() in ("200", "201")
    answer = live.locator(".response-col_description pre.microlight").first.inner_text()
    assert json.loads(answer)["id"] == live_server.example_id


NARROW_PAGES = [
    "/",
    "/collections",
    "/collections/energy",
    "/collections/energy/queryables?f=html",
    "/collections/cities/items?offset=100",
    "/collections/energy/items/{energy}",
    "/scenarios",
    "/scenarios/example",
    "/conformance",
]


@pytest.mark.parametrize("path", NARROW_PAGES)
def test_pages_fit_a_phone_screen(browser: Any, live_server: LiveServer, path: str) -> None:
    watched = _watched(browser, 390, 844, is_mobile=True, has_touch=True)
    page = watched.page
    energy = str(load_layer("energy")["id"].iloc[0])
    page.goto(f"{live_server.url}{path.format(energy=energy)}", wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, f"{path} is {overflow} px wide"
    if page.locator("#layer-map").count():
        box = page.locator("#layer-map").bounding_box()
        assert box["width"] >= 360 and box["height"] >= 0.4 * 844
    page.close()
    assert watched.external() == []
    assert watched.errors == []
