"""Errors as RFC 7807 problems, the catch-all 500, and the offline OpenAPI documentation."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from umbrella.service.http.app import create_app
from umbrella.service.http.problems import STATUS_TABLE
from umbrella.service.http.settings import Settings


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path)), raise_server_exceptions=False)


def test_a_bug_is_a_generic_500_and_the_details_go_to_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(data_dir=tmp_path))

    @app.get("/broken")
    def broken() -> None:
        raise RuntimeError("secret internal detail")

    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="umbrella.service"):
        response = client.get("/broken")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Internal server error"
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "secret internal detail" in caplog.text


@pytest.mark.parametrize(
    ("method", "path", "status"), [("GET", "/no/such/path", 404), ("DELETE", "/collections", 405)]
)
def test_routing_errors_are_problems(
    client: TestClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_status_table_has_one_entry_per_class() -> None:
    classes = [cls for cls, _ in STATUS_TABLE]
    assert len(classes) == len(set(classes))
    assert {kind.status for _, kind in STATUS_TABLE} == {
        400,
        401,
        403,
        404,
        413,
        415,
        422,
        429,
        503,
        507,
    }


def test_openapi_lists_every_route(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    paths = set(document["paths"])
    for path in (
        "/",
        "/conformance",
        "/collections",
        "/collections/{collection_id}",
        "/collections/{collection_id}/items",
        "/collections/{collection_id}/items/{feature_id}",
        "/scenarios",
        "/scenarios/example",
        "/scenarios/{scenario_id}",
        "/scenarios/{scenario_id}/analysis",
        "/scenarios/{scenario_id}/coverage",
        "/scenarios/{scenario_id}/coverage/{output}",
        "/scenarios/{scenario_id}/map",
        "/scenarios/{scenario_id}/map.{fmt}",
        "/coverage",
        "/jobs/{job_id}",
        "/assets/{path}",
    ):
        assert path in paths, path
    body = document["paths"]["/scenarios"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/yaml", "text/yaml"} <= set(body)


def test_docs_work_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static-offline-docs/{asset}" in page.text
        assert client.get(f"/static-offline-docs/{asset}").status_code == 200


def test_settings_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMBRELLA_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("UMBRELLA_MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("UMBRELLA_CACHE_MAX_AGE", "60")
    settings = Settings()
    assert settings.max_body_bytes == 2048 and settings.cache_max_age == 60
    client = TestClient(create_app())
    assert (tmp_path / "from-env" / "umbrella.sqlite3").exists()
    response = client.post(
        "/scenarios", content=b" " * 4096, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert client.get("/scenarios/example").headers["cache-control"] == "public, max-age=60"


def test_a_bad_path_segment_is_not_found(client: TestClient) -> None:
    response = client.get("/scenarios/0000000000000000/map.gif")
    assert response.status_code == 404
    document = response.json()
    assert document["type"] == "urn:umbrella:problem:not-found"
    assert document["title"] == "Not found"
    assert document["field"] == "fmt" and document["value"] == "gif"
