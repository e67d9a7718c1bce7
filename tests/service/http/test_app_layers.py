"""The layers as OGC API - Features: landing, conformance, collections, items, HTML, errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from umbrella.layers import LAYERS, load_layer
from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"))
    return TestClient(create_app(settings))


def _problem(response: Any, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    document: dict[str, Any] = response.json()
    assert document["status"] == status
    assert document["field"] == field
    assert {"type", "title", "detail"} <= document.keys()
    return document


def _rel(document: dict[str, Any], rel: str) -> list[dict[str, Any]]:
    return [link for link in document["links"] if link["rel"] == rel]


def test_landing_page_links_the_required_resources(client: TestClient) -> None:
    document = client.get("/").json()
    rels = {link["rel"]: link["href"] for link in document["links"]}
    assert rels["self"] == "http://testserver/"
    descs = {link["href"].rsplit("/", 1)[1] for link in _rel(document, "service-desc")}
    assert descs == {"openapi.json", "openapi-3.0.json"}
    assert rels["service-doc"].endswith("/docs")
    assert rels["conformance"].endswith("/conformance")
    assert rels["data"].endswith("/collections")


def test_conformance_declares_parts_1_and_3(client: TestClient) -> None:
    classes = client.get("/conformance").json()["conformsTo"]
    part1 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"
    part3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/"
    assert set(classes) == {
        *(f"{part1}{name}" for name in ("core", "geojson", "html", "oas30")),
        *(f"{part3}{name}" for name in ("queryables", "queryables-query-parameters")),
    }


def test_each_service_desc_names_the_openapi_version_served(client: TestClient) -> None:
    versions = set()
    for service_desc in _rel(client.get("/").json(), "service-desc"):
        served = client.get(service_desc["href"])
        major_minor = ".".join(served.json()["openapi"].split(".")[:2])
        media = f"application/vnd.oai.openapi+json;version={major_minor}"
        assert service_desc["type"] == media
        versions.add(major_minor)
    assert versions == {"3.0", "3.1"}


def test_collections_are_the_catalogued_layers(client: TestClient) -> None:
    document = client.get("/collections").json()
    assert [c["id"] for c in document["collections"]] == list(LAYERS)
    cities = client.get("/collections/cities").json()
    minx, miny, maxx, maxy = cities["extent"]["spatial"]["bbox"][0]
    frame = load_layer("cities")
    assert (minx, miny) == (frame.geometry.x.min(), frame.geometry.y.min())
    assert (maxx, maxy) == (frame.geometry.x.max(), frame.geometry.y.max())
    assert cities["crs"] == ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
    assert _rel(cities, "items")[0]["type"] == "application/geo+json"


def test_items_by_bbox_and_property_match_the_layer(client: TestClient) -> None:
    bbox = (30.0, 50.0, 31.0, 50.8)
    response = client.get(
        "/collections/cities/items",
        params={"bbox": ",".join(map(str, bbox)), "country_iso3": "UKR", "limit": 1000},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    document = response.json()
    frame = load_layer("cities", bbox=bbox)
    expected = frame[frame["country_iso3"] == "UKR"]
    assert document["numberMatched"] == document["numberReturned"] == len(expected) > 10
    assert sorted(int(f["id"]) for f in document["features"]) == sorted(expected["geonameid"])
    for feature in document["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]
        assert feature["properties"]["country_iso3"] == "UKR"
    assert "timeStamp" in document


def test_numeric_property_filter_reads_the_value_as_a_number(client: TestClient) -> None:
    document = client.get("/collections/cities/items", params={"geonameid": "703448"}).json()
    (feature,) = document["features"]
    assert feature["properties"]["name"] == "Kyiv"
    assert feature["id"] == "703448"


def test_paging_links_walk_the_whole_selection(client: TestClient) -> None:
    params = {"country_iso3": "LUX", "limit": 7}
    expected = load_layer("cities").query("country_iso3 == 'LUX'")
    seen: list[str] = []
    response = client.get("/collections/cities/items", params=params)
    first = response.json()
    assert not _rel(first, "prev")
    while True:
        page = response.json()
        assert page["numberMatched"] == len(expected)
        seen += [feature["id"] for feature in page["features"]]
        following = _rel(page, "next")
        if not following:
            break
        response = client.get(following[0]["href"])
    assert sorted(seen) == sorted(str(i) for i in expected["geonameid"])
    assert _rel(page, "prev")


def test_limit_defaults_to_100_and_is_clamped_to_10000(client: TestClient) -> None:
    assert client.get("/collections/cities/items").json()["numberReturned"] == 100
    huge = client.get("/collections/cities/items", params={"limit": "9" * 30}).json()
    assert huge["numberReturned"] == 10_000
    assert "limit=10000" in _rel(huge, "self")[0]["href"]


@pytest.mark.parametrize(
    ("layer", "column", "feature_id"),
    [
        ("energy", "id", None),
        ("cities", "geonameid", "703448"),
        ("regions", "adm1_code", None),
        ("countries", "adm0_a3", "UKR"),
        ("ports", None, "0"),
    ],
)
def test_feature_by_id(
    client: TestClient, layer: str, column: str | None, feature_id: str | None
) -> None:
    frame = load_layer(layer)
    wanted = feature_id or str(frame[column].iloc[0])
    response = client.get(f"/collections/{layer}/items/{wanted}")
    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == wanted
    row = frame.iloc[0] if column is None else frame[frame[column].astype(str) == wanted].iloc[0]
    assert feature["properties"]["name"] == row["name"]
    assert _rel(feature, "collection")


def test_worldview_changes_the_owner_of_crimea(client: TestClient) -> None:
    un = client.get("/collections/regions/items", params={"iso_3166_2": "UA-43"}).json()
    de_facto = client.get(
        "/collections/regions/items", params={"iso_3166_2": "UA-43", "worldview": "de_facto"}
    ).json()
    assert [f["properties"]["adm0_a3"] for f in un["features"]] == ["UKR"]
    assert [f["properties"]["adm0_a3"] for f in de_facto["features"]] == ["RUS"]


def test_html_items_page_maps_the_layer_with_local_assets(client: TestClient) -> None:
    response = client.get("/collections/energy/items", params={"f": "html", "country_iso3": "UKR"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'src="/assets/leaflet/leaflet.js"' in page
    assert 'href="/assets/leaflet/leaflet.css"' in page
    assert "country_iso3=UKR" in page
    for other in LAYERS:
        if other != "energy":
            assert f"/collections/{other}/items" in page
    assert "https://" not in page and "cdn" not in page.lower()
    browser = client.get("/collections/energy/items", headers={"Accept": "text/html,*/*"})
    assert browser.headers["content-type"].startswith("text/html")
    for path in ("/", "/collections", "/collections/energy", "/conformance"):
        assert (
            client.get(path, params={"f": "html"}).headers["content-type"].startswith("text/html")
        )


def test_assets_are_served_and_nothing_else(client: TestClient) -> None:
    response = client.get("/assets/leaflet/leaflet.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert response.headers["etag"]
    assert (
        client.get(
            "/assets/leaflet/leaflet.js", headers={"If-None-Match": response.headers["etag"]}
        ).status_code
        == 304
    )
    _problem(client.get("/assets/..%2F..%2Fetc%2Fpasswd"), 404, "path")
    _problem(client.get("/assets/leaflet/nothing.js"), 404, "path")


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/collections/towns", {}, 404, "layer"),
        ("/collections/towns/items", {}, 404, "layer"),
        ("/collections/cities/items/0", {}, 404, "featureId"),
        ("/collections/cities/items", {"bbox": "30,50,31,91"}, 400, "bbox"),
        ("/collections/cities/items", {"bbox": "30,50,31"}, 400, "bbox"),
        ("/collections/cities/items", {"worldview": "moon"}, 400, "worldview"),
        ("/collections/cities/items", {"limit": "abc"}, 400, "limit"),
        ("/collections/cities/items", {"limit": "0"}, 400, "limit"),
        ("/collections/cities/items", {"offset": "-1"}, 400, "offset"),
        ("/collections/cities/items", {"colour": "red"}, 400, "colour"),
        ("/collections/cities/items", {"population": "many"}, 400, "population"),
        ("/collections/cities/items", {"f": "xml"}, 400, "f"),
        ("/collections", {"worldview": "moon"}, 400, "worldview"),
        ("/collections/cities/items", {"bbox-crs": "EPSG:3857"}, 400, "bbox-crs"),
        ("/collections/cities/items", {"crs": "EPSG:4326"}, 400, "crs"),
    ],
)
def test_bad_requests_are_problems_naming_the_parameter(
    client: TestClient, path: str, params: dict[str, str], status: int, field: str
) -> None:
    document = _problem(client.get(path, params=params), status, field)
    if field in params:
        assert document["value"] == params[field]


def test_crs84_is_accepted_as_crs_and_bbox_crs(client: TestClient) -> None:
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    params = {"bbox": "30,50,31,51", "bbox-crs": crs84, "crs": crs84, "limit": "1"}
    assert client.get("/collections/cities/items", params=params).status_code == 200


def test_a_repeated_parameter_is_a_problem(client: TestClient) -> None:
    response = client.get("/collections/cities/items?name=Kyiv&name=Lviv")
    assert _problem(response, 400, "name")["value"] == ["Kyiv", "Lviv"]


def test_links_keep_a_non_default_worldview(client: TestClient) -> None:
    view = {"worldview": "de_facto"}
    listing = client.get("/collections", params=view).json()
    for link in listing["links"]:
        assert "worldview=de_facto" in link["href"], link
    page = client.get("/collections/regions/items", params={**view, "limit": 1}).json()
    for link in page["links"]:
        assert "worldview=de_facto" in link["href"], link
    feature_id = page["features"][0]["id"]
    feature = client.get(f"/collections/regions/items/{feature_id}", params=view).json()
    for link in feature["links"]:
        assert "worldview=de_facto" in link["href"], link


@pytest.mark.parametrize("beyond", [0, 5, 10, 1000])
def test_prev_link_past_the_end_leads_to_the_last_page(client: TestClient, beyond: int) -> None:
    params = {"country_iso3": "UKR", "limit": 10}
    matched = client.get("/collections/energy/items", params=params).json()["numberMatched"]
    offset = matched + beyond
    page = client.get("/collections/energy/items", params={**params, "offset": offset}).json()
    assert page["numberReturned"] == 0
    (prev,) = _rel(page, "prev")
    assert parse_qs(urlsplit(prev["href"]).query)["offset"] == [str(matched - 10)]
    assert client.get(prev["href"]).json()["numberReturned"] == 10


@pytest.mark.parametrize("limit", [10, 25, 50])
def test_paging_at_exact_multiples_of_limit_ends_without_an_empty_page(
    client: TestClient, limit: int
) -> None:
    params = {"country_iso3": "ISL", "limit": limit}
    expected = load_layer("cities").query("country_iso3 == 'ISL'")
    matched = len(expected)
    assert matched % limit == 0  # the case under test: the last page is exactly full
    offsets, seen = [], []
    href: str | None = None
    while True:
        response = (
            client.get(href) if href else client.get("/collections/cities/items", params=params)
        )
        page = response.json()
        offset = int(parse_qs(urlsplit(_rel(page, "self")[0]["href"]).query)["offset"][0])
        offsets.append(offset)
        assert page["numberMatched"] == matched
        assert page["numberReturned"] == limit
        seen += [feature["id"] for feature in page["features"]]
        prev = _rel(page, "prev")
        if offset == 0:
            assert prev == []
        else:
            assert parse_qs(urlsplit(prev[0]["href"]).query)["offset"] == [str(offset - limit)]
        following = _rel(page, "next")
        if not following:
            break
        href = following[0]["href"]
    assert offsets == list(range(0, matched, limit))
    assert sorted(seen) == sorted(str(i) for i in expected["geonameid"])
    past = client.get("/collections/cities/items", params={**params, "offset": matched}).json()
    assert (past["numberReturned"], _rel(past, "next")) == (0, [])


@pytest.mark.parametrize(
    "bbox",
    [(170.0, -50.0, -170.0, -10.0), (175.0, 60.0, -175.0, 70.0), (180.0, 60.0, -169.0, 70.0)],
)
def test_items_in_a_bbox_across_the_antimeridian(
    client: TestClient, bbox: tuple[float, float, float, float]
) -> None:
    west, south, east, north = bbox
    cities = load_layer("cities")
    lon, lat = cities.geometry.x, cities.geometry.y
    # across the antimeridian: east of west OR west of east (a west of 180 starts at -180)
    in_lon = (lon <= east) if west == 180.0 else (lon >= west) | (lon <= east)
    expected = cities[in_lon & (lat >= south) & (lat <= north)]
    text = ",".join(f"{v:g}" for v in bbox)
    document = client.get(
        "/collections/cities/items", params={"bbox": text, "limit": 10_000}
    ).json()
    assert document["numberMatched"] == len(expected) > 0
    assert sorted(int(f["id"]) for f in document["features"]) == sorted(expected["geonameid"])


@pytest.mark.parametrize(("offset", "prev_offset"), [(1, 0), (3, 0), (12, 2)])
def test_prev_link_from_inside_the_selection(
    client: TestClient, offset: int, prev_offset: int
) -> None:
    params = {"country_iso3": "ISL", "limit": 10, "offset": offset}
    page = client.get("/collections/cities/items", params=params).json()
    (prev,) = _rel(page, "prev")
    assert parse_qs(urlsplit(prev["href"]).query)["offset"] == [str(prev_offset)]
    (following,) = _rel(page, "next")
    assert parse_qs(urlsplit(following["href"]).query)["offset"] == [str(offset + 10)]


def test_the_favicon_is_an_empty_answer_kept_a_day(client: TestClient) -> None:
    response = client.get("/favicon.ico")
    assert (response.status_code, response.content) == (204, b"")
    assert response.headers["cache-control"] == "public, max-age=86400"


def test_openapi_documents_the_scenario_body_and_the_answers_of_posts(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths["/scenarios/{scenario_id}/analysis"]["post"]["responses"]) >= {"202"}
    post = paths["/scenarios"]["post"]
    assert post["requestBody"]["required"] is True
    assert set(post["responses"]) >= {"200", "201"}
    assert post["responses"]["200"]["description"] == "Already stored under the same id"
