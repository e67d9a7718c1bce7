"""Pages for people, documents for programs: every new route, in JSON and in HTML.

The same URL gives JSON to a program and a page to a browser; errors are problem+json for the
one and an explanatory page for the other. Expected values come from the bundled layers and
the scenarios posted here, never from the service's own code.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyogrio
import pytest
import yaml
from fastapi.testclient import TestClient

from umbrella.coverage.example import example_document
from umbrella.coverage.scenario import parse_scenario, scenario_hash
from umbrella.layers import LAYERS, load_layer
from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PROBLEM = "application/problem+json"


def _scenario(name: str, day: int = 0) -> dict[str, Any]:
    return {
        "name": name,
        "regions": ["UA-43"],
        "tiers": {"short": {"range_km": 40}},
        "phases": [{"day": day, "label": "start"}],
        "assets": [{"id": "a1", "tier": "short", "location": "Simferopol, UA"}],
        "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
        "grid_cell_km": 20,
    }


class _Links(HTMLParser):
    """The hrefs of a page's anchors and the text of its h1."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.heading = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.heading += data


def _parsed(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as test_client:
        yield test_client


def _html(client: TestClient, path: str, status: int = 200, **params: Any) -> str:
    response = client.get(path, params=params or None, headers={"Accept": BROWSER})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "https://" not in response.text and "cdn" not in response.text.lower()
    return response.text


EXAMPLE_ID = scenario_hash(parse_scenario(example_document()))


@pytest.mark.parametrize(
    ("path", "json_type"),
    [
        ("/", "application/json"),
        ("/conformance", "application/json"),
        ("/collections", "application/json"),
        ("/collections/energy", "application/json"),
        ("/collections/energy/queryables", "application/schema+json"),
        ("/collections/energy/items?limit=3", "application/geo+json"),
        ("/collections/energy/items/GEODB0040534", "application/geo+json"),
        ("/scenarios", "application/json"),
        ("/scenarios/example", "application/json"),
        (f"/scenarios/{EXAMPLE_ID}", "application/json"),
    ],
)
def test_one_url_json_for_programs_html_for_browsers(
    client: TestClient, path: str, json_type: str
) -> None:
    for accept in (None, "*/*", "application/json", "application/geo+json, application/json"):
        headers = {} if accept is None else {"Accept": accept}
        answer = client.get(path, headers=headers)
        assert answer.status_code == 200
        assert answer.headers["content-type"] == json_type
        answer.json()
    page = _html(client, path)
    assert "<nav" in page and 'aria-label="Breadcrumb"' in page
    forced = client.get(path, params={"f": "json"}, headers={"Accept": BROWSER})
    assert forced.headers["content-type"] == json_type
    assert client.get(path, params={"f": "html"}).headers["content-type"].startswith("text/html")


def test_the_landing_page_leads_to_each_door(client: TestClient) -> None:
    page = _parsed(_html(client, "/"))
    for door in (
        "/collections",
        f"/scenarios/{EXAMPLE_ID}/map",
        "/scenarios",
        "/docs",
        "/openapi.json",
    ):
        assert door in page.hrefs, door
    document = client.get("/").json()
    rels = {link["rel"]: link["href"] for link in document["links"]}
    assert rels["example-map"].endswith(f"/scenarios/{EXAMPLE_ID}/map")
    assert rels["scenarios"].endswith("/scenarios")


def test_every_link_of_the_pages_answers(client: TestClient) -> None:
    """The links of the landing, layer and example pages lead somewhere (no 404)."""
    seen: set[str] = set()
    for start in ("/", "/collections", "/collections/ports", "/scenarios", "/scenarios/example"):
        for href in _parsed(_html(client, start)).hrefs:
            local = href.removeprefix("http://testserver")
            skipped = ("/map", "/coverage", "/docs")  # analyses: tested on their own
            if not local.startswith("/") or local in seen or any(s in local for s in skipped):
                continue
            seen.add(local)
            assert client.get(local).status_code == 200, local
    assert len(seen) > 30


def test_items_page_shows_the_page_of_features_and_its_paging(client: TestClient) -> None:
    cities = load_layer("cities")
    page = _html(client, "/collections/cities/items", offset=100)
    parsed = _parsed(page)
    assert f"features 101-200 of {len(cities):,}" in parsed.heading
    for geonameid in cities["geonameid"].iloc[100:200]:
        assert f"/collections/cities/items/{geonameid}?f=html" in parsed.hrefs
    assert "/collections/cities/items?offset=200&limit=100&f=html" in " ".join(parsed.hrefs)
    pages = -(-len(cities) // 100)
    assert f'max="{pages}"' in page and 'value="2"' in page
    assert 'data-src="/collections/cities/items?offset=100&amp;limit=100&amp;f=json"' in page
    assert "/basemap" in page


def test_feature_page_shows_its_attributes(client: TestClient) -> None:
    energy = load_layer("energy")
    plant = energy.iloc[777]
    page = _html(client, f"/collections/energy/items/{plant['id']}")
    assert _parsed(page).heading.startswith(str(plant["name"]))
    for column in ("capacity_mw", "primary_fuel", "country_iso3"):
        assert f"<dt>{column}</dt><dd>{plant[column]}</dd>" in page.replace("\n  ", "")
    assert "offset=700" in page  # its page in the layer


def test_queryables_list_each_property_with_its_type(client: TestClient) -> None:
    for name in LAYERS:
        frame = load_layer(name)
        document = client.get(f"/collections/{name}/queryables").json()
        columns = [c for c in frame.columns if c != frame.geometry.name]
        assert list(document["properties"]) == [*columns, "geometry"]
        for column in columns:
            kind = document["properties"][column]["type"]
            values = frame[column].dropna()
            if kind == "integer":
                assert all(float(v).is_integer() for v in values.iloc[:100])
            elif kind == "number":
                assert all(isinstance(float(v), float) for v in values.iloc[:100])
            else:
                assert kind in ("string", "boolean")
        geometry = LAYERS[name].geometry_type.lower()
        assert document["properties"]["geometry"]["format"] == f"geometry-{geometry}"
        links = client.get(f"/collections/{name}").json()["links"]
        queryables = [lk for lk in links if lk["rel"].endswith("/queryables")]
        assert queryables[0]["href"].endswith(f"/collections/{name}/queryables")


def test_a_queryable_filters_the_items(client: TestClient) -> None:
    energy = load_layer("energy")
    document = client.get("/collections/energy/queryables").json()
    assert document["properties"]["primary_fuel"]["type"] == "string"
    nuclear = client.get("/collections/energy/items", params={"primary_fuel": "Nuclear"}).json()
    assert nuclear["numberMatched"] == int((energy["primary_fuel"] == "Nuclear").sum())


def test_items_carry_etag_and_cache_control(client: TestClient) -> None:
    first = client.get("/collections/energy/items", params={"limit": 5})
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and "max-age=" in first.headers["cache-control"]
    again = client.get("/collections/energy/items", params={"limit": 5})
    assert again.headers["etag"] == etag  # the timeStamp changes, the page does not
    assert (
        client.get(
            "/collections/energy/items", params={"limit": 5}, headers={"If-None-Match": etag}
        ).status_code
        == 304
    )
    other = client.get("/collections/energy/items", params={"limit": 5, "offset": 5})
    assert other.headers["etag"] != etag
    feature = client.get("/collections/energy/items/GEODB0040534")
    assert feature.headers["etag"] and "max-age=" in feature.headers["cache-control"]


def test_geopackage_of_the_matching_features(client: TestClient) -> None:
    energy = load_layer("energy")
    ukraine = energy[energy["country_iso3"] == "UKR"]
    answer = client.get("/collections/energy/items.gpkg", params={"country_iso3": "UKR"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/geopackage+sqlite3"
    assert "attachment" in answer.headers["content-disposition"]
    frame = pyogrio.read_dataframe(io.BytesIO(answer.content), layer="energy")
    assert sorted(frame["id"]) == sorted(ukraine["id"])
    assert frame.crs.to_epsg() == 4326
    whole = client.get("/collections/ports/items.gpkg")
    assert len(pyogrio.read_dataframe(io.BytesIO(whole.content))) == len(load_layer("ports"))
    bad = client.get("/collections/energy/items.gpkg", params={"limit": "5"})
    assert bad.status_code == 400 and bad.json()["field"] == "limit"


def test_the_basemap_has_land_and_names_and_is_compressed(client: TestClient) -> None:
    plain = client.get("/basemap", headers={"Accept-Encoding": "identity"})
    assert plain.headers["content-type"] == "application/geo+json"
    assert "content-encoding" not in plain.headers
    document = plain.json()
    kinds: dict[str, list[dict[str, Any]]] = {}
    for feature in document["features"]:
        kinds.setdefault(feature["properties"]["kind"], []).append(feature)
    countries = load_layer("countries")
    assert len(kinds["land"]) == len(countries)
    assert {f["properties"]["name"] for f in kinds["country"]} == set(countries["name"])
    assert "Black Sea" in {f["properties"]["name"] for f in kinds["sea"]}
    ukraine = next(f for f in kinds["country"] if f["properties"]["name"] == "Ukraine")
    lon, lat = ukraine["geometry"]["coordinates"]
    assert 22 < lon < 40 and 44 < lat < 53  # inside the country's box
    packed = client.get("/basemap", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["etag"] != plain.headers["etag"]
    raw = client.get("/basemap", headers={"Accept-Encoding": "gzip"}, extensions={})
    assert json.loads(raw.content) == document  # httpx decoded it
    assert len(gzip.compress(plain.content)) < len(plain.content) / 2
    again = client.get(
        "/basemap", headers={"If-None-Match": plain.headers["etag"], "Accept-Encoding": "identity"}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == plain.headers["etag"]
    unchanged = client.get(
        "/basemap", headers={"If-None-Match": packed.headers["etag"], "Accept-Encoding": "gzip"}
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    # a 304 has the headers of the 200 it stands for, but no body to be encoded
    assert unchanged.headers["etag"] == packed.headers["etag"]
    assert unchanged.headers["cache-control"] == packed.headers["cache-control"]
    assert unchanged.headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in unchanged.headers


def test_scenarios_are_private_unless_published(fresh: TestClient) -> None:
    listed = fresh.get("/scenarios").json()
    assert [item["id"] for item in listed["scenarios"]] == [EXAMPLE_ID]
    private = fresh.post(
        "/scenarios",
        content=json.dumps(_scenario("private")),
        headers={"Content-Type": "application/json"},
    )
    assert private.status_code == 201 and private.json()["published"] is False
    private_id = private.json()["id"]
    assert fresh.get(f"/scenarios/{private_id}").status_code == 200  # by its link
    assert private_id not in {i["id"] for i in fresh.get("/scenarios").json()["scenarios"]}
    public = fresh.post(
        "/scenarios",
        params={"published": "true"},
        content=yaml.safe_dump(_scenario("public")),
        headers={"Content-Type": "application/yaml"},
    )
    assert public.status_code == 201 and public.json()["published"] is True
    items = fresh.get("/scenarios").json()["scenarios"]
    assert [i["id"] for i in items] == [public.json()["id"], EXAMPLE_ID]  # newest first
    assert items[0] | {"links": None, "published_at": None} == {
        "id": public.json()["id"],
        "name": "public",
        "regions": ["UA-43"],
        "phases": [0],
        "assets": 1,
        "published_at": None,
        "links": None,
    }
    assert fresh.put(f"/scenarios/{private_id}/published").status_code == 204
    assert fresh.get("/scenarios").json()["scenarios"][0]["id"] == private_id
    assert fresh.delete(f"/scenarios/{private_id}/published").status_code == 204
    assert private_id not in {i["id"] for i in fresh.get("/scenarios").json()["scenarios"]}
    missing = fresh.put("/scenarios/nothing/published")
    assert missing.status_code == 404 and missing.json()["field"] == "scenario_id"
    page = _html(fresh, "/scenarios")
    assert "public" in page and "private" not in _parsed(page).heading


def test_scenario_list_pages_newest_first(fresh: TestClient) -> None:
    ids = []
    for day in range(5):
        posted = fresh.post(
            "/scenarios",
            params={"published": "true"},
            content=json.dumps(_scenario(f"s{day}", day)),
            headers={"Content-Type": "application/json"},
        )
        ids.append(posted.json()["id"])
    newest_first = [*reversed(ids), EXAMPLE_ID]
    walked, url = [], "/scenarios?limit=2"
    while url:
        page = fresh.get(url.removeprefix("http://testserver")).json()
        assert page["numberMatched"] == 6 and page["numberReturned"] <= 2
        walked += [item["id"] for item in page["scenarios"]]
        url = next((lk["href"] for lk in page["links"] if lk["rel"] == "next"), "")
    assert walked == newest_first
    html = _html(fresh, "/scenarios", limit=2, offset=2)
    assert "scenarios 3-4 of 6" in html


def test_scenario_page_links_its_results_and_says_notional(client: TestClient) -> None:
    page = _html(client, "/scenarios/example")
    assert "Notional." in page
    hrefs = " ".join(_parsed(page).hrefs)
    base = f"/scenarios/{EXAMPLE_ID}"
    for day in (0, 90, 180):
        for suffix in ("map", "map.png", "map.svg", "map.pdf", "coverage/targets"):
            assert f"{base}/{suffix}?phase={day}" in hrefs, (suffix, day)
    for document in ("f=yaml", "f=json"):
        assert f"{base}?{document}" in hrefs
    assert f'action="{base}/analysis"' in page  # the analysis job's form
    assert yaml.safe_load(client.get("/scenarios/example", params={"f": "yaml"}).text) == (
        example_document()
    )


def test_analysis_form_leads_a_browser_to_the_job_page(fresh: TestClient) -> None:
    posted = fresh.post(
        "/scenarios",
        content=json.dumps(_scenario("job")),
        headers={"Content-Type": "application/json"},
    )
    scenario_id = posted.json()["id"]
    started = fresh.post(
        f"/scenarios/{scenario_id}/analysis", headers={"Accept": BROWSER}, follow_redirects=False
    )
    assert started.status_code == 303
    job_page = started.headers["location"].removeprefix("http://testserver")
    assert "/jobs/" in job_page and job_page.endswith("f=html")
    page = _html(fresh, job_page)
    assert "Analysis of job" in page and "Notional." in page
    api = fresh.post(f"/scenarios/{scenario_id}/analysis")
    assert api.status_code == 202 and api.headers["location"].startswith("/jobs/")


def test_coverage_page_shows_the_summary_table(fresh: TestClient) -> None:
    posted = fresh.post(
        "/scenarios",
        content=json.dumps(_scenario("table")),
        headers={"Content-Type": "application/json"},
    )
    scenario_id = posted.json()["id"]
    page = _html(fresh, f"/scenarios/{scenario_id}/coverage")
    assert "assets in place" in page and "Notional." in page
    summary = fresh.get(f"/scenarios/{scenario_id}/coverage").json()
    assert summary["phases"][0]["assets_in_place"] == 1
    scenario_page = _html(fresh, f"/scenarios/{scenario_id}")
    assert '<table class="summary"' in scenario_page  # analysed: the table is shown


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/collections/towns", 404, "layer"),
        ("/collections/cities/items/0", 404, "featureId"),
        ("/collections/cities/items?bbox=1,2,3", 400, "bbox"),
        ("/scenarios/nothing", 404, "scenario_id"),
        ("/jobs/nothing", 404, "job_id"),
        ("/scenarios?limit=1000", 400, "limit"),
    ],
)
def test_errors_are_pages_for_browsers_and_problems_for_programs(
    client: TestClient, path: str, status: int, field: str
) -> None:
    problem = client.get(path)
    assert problem.status_code == status
    assert problem.headers["content-type"] == PROBLEM
    assert problem.json()["field"] == field
    page = _html(client, path, status=status)
    assert field in page and problem.json()["title"] in page
    assert any(href.endswith(("/", "f=html")) or "?" not in href for href in _parsed(page).hrefs)


def test_an_unknown_address_is_a_page_for_a_browser(client: TestClient) -> None:
    page = _html(client, "/nowhere", status=404)
    assert "Nothing is here" in page and 'href="/"' in page
    assert client.get("/nowhere").headers["content-type"] == PROBLEM
