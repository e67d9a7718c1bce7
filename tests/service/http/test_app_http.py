"""HTTP semantics shared by every route: content negotiation, HEAD, the query string."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.testclient import TestClient

from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

NEGOTIATED = [
    "/",
    "/conformance",
    "/collections",
    "/collections/cities",
    "/collections/cities/items?limit=1",
    "/collections/cities/items/703448",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("data"))))


def _vary(response: httpx.Response) -> set[str]:
    header = response.headers.get("vary", "")
    return {token.strip().lower() for token in header.split(",") if token.strip()}


@pytest.mark.parametrize("path", NEGOTIATED)
@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_negotiated_routes_vary_on_accept(client: TestClient, path: str, accept: str) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200
    wanted = "text/html" if accept == "text/html" else "json"
    assert wanted in response.headers["content-type"]
    assert "accept" in _vary(response)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/collections/cities/items?limit=2",
        "/assets/leaflet/leaflet.js",
        "/scenarios/example",
        "/openapi.json",
    ],
)
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "cache-control", "vary"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_head_of_an_error_is_the_error_without_a_body(client: TestClient) -> None:
    missing = client.head("/collections/towns")
    assert missing.status_code == 404 and missing.content == b""
    assert missing.headers["content-type"] == "application/problem+json"
    post_only = client.head("/coverage")
    assert post_only.status_code == 405 and "POST" in post_only.headers["allow"]


_SAMPLE_PATH_VALUES = {
    "scenario_id": "0000000000000000",
    "collection_id": "cities",
    "feature_id": "703448",
    "output": "targets",
    "fmt": "png",
    "job_id": "nope",
    "sweep_id": "0123456789abcdef",
    "path": "leaflet/leaflet.js",
}


def _requests(client: TestClient) -> list[tuple[str, str]]:
    """(method, URL path) of every documented operation, path parameters filled in."""
    paths = client.get("/openapi.json").json()["paths"]
    return [
        (method.upper(), re.sub(r"\{(\w+)\}", lambda m: _SAMPLE_PATH_VALUES[m[1]], path))
        for path, operations in paths.items()
        for method in operations
    ] + [("GET", "/favicon.ico")]


def test_every_route_refuses_an_unknown_query_parameter(client: TestClient) -> None:
    answers = {
        (method, path): client.request(method, path, params={"bogus": "1"})
        for method, path in _requests(client)
    }
    assert len(answers) > 15
    for (method, path), response in answers.items():
        assert response.status_code == 400, (method, path, response.text)
        assert response.json()["field"] == "bogus", (method, path)


@pytest.mark.parametrize(
    "path",
    [
        "/collections?worldview=un&worldview=un",
        "/collections/cities?f=json&f=json",
        "/scenarios/0000000000000000/coverage?phase=0&phase=90",
        "/scenarios/0000000000000000/map.png?dpi=100&dpi=200",
        "/collections/cities/items?limit=1&limit=2",
    ],
)
def test_a_repeated_query_parameter_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400, response.text
    name, first = path.split("?")[1].split("&")[0].split("=")
    assert response.json()["field"] == name
    assert response.json()["value"][0] == first
