"""HTTP semantics shared by every route: content negotiation, HEAD, the query string."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from umbrella.service.app import create_app
from umbrella.service.settings import Settings

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
