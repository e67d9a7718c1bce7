"""Scenarios over HTTP: store by content hash, read back, and every kind of bad body."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from umbrella.coverage.decoding import MAX_ALIASES
from umbrella.coverage.example import example_document
from umbrella.coverage.scenario import parse_scenario, scenario_hash
from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

PROBLEM = "application/problem+json"
SMALL: dict[str, Any] = {
    "name": "small",
    "regions": ["UA-43"],
    "tiers": {"short": {"range_km": 40}},
    "assets": [{"id": "a1", "tier": "short", "location": "Simferopol, UA"}],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
}
MAX_BODY = 64 * 1024


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=data_dir, max_body_bytes=MAX_BODY))) as c:
        yield c


def _post(client: TestClient, body: bytes | str, media: str = "application/json") -> Any:
    return client.post("/scenarios", content=body, headers={"Content-Type": media})


def _problem(response: Any, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    document: dict[str, Any] = response.json()
    assert document["status"] == status and document["field"] == field
    assert "Traceback" not in response.text
    return document


def test_post_stores_under_the_content_hash_201_then_200(client: TestClient) -> None:
    first = _post(client, json.dumps(SMALL))
    assert first.status_code == 201
    expected_id = scenario_hash(parse_scenario(SMALL))
    assert first.headers["location"] == f"/scenarios/{expected_id}"
    assert first.json()["id"] == expected_id
    again = _post(client, yaml.safe_dump(SMALL), "application/yaml")
    assert again.status_code == 200
    assert again.headers["location"] == first.headers["location"]


def test_get_returns_the_validated_scenario_with_an_etag(client: TestClient) -> None:
    location = _post(client, json.dumps(SMALL)).headers["location"]
    response = client.get(location)
    assert response.status_code == 200
    stored = response.json()
    assert stored["assets"][0]["location"] == "Simferopol, UA"
    assert stored["phases"] == [{"day": 0, "label": "", "goals": []}]  # defaults filled in
    assert scenario_hash(parse_scenario(stored)) == location.rsplit("/", 1)[1]
    assert response.headers["cache-control"].startswith("public, max-age=")
    unchanged = client.get(location, headers={"If-None-Match": response.headers["etag"]})
    assert unchanged.status_code == 304


def test_the_example_posts_as_text_yaml_and_is_already_stored(client: TestClient) -> None:
    example = client.get("/scenarios/example")
    assert example.json() == example_document()
    posted = _post(client, yaml.safe_dump(example.json()), "text/yaml; charset=utf-8")
    assert posted.status_code == 200  # the service stored it when it started
    assert posted.json()["id"] == scenario_hash(parse_scenario(example_document()))
    assert posted.json()["published"] is True


def test_stored_scenarios_survive_a_restart(data_dir: Path) -> None:
    with TestClient(create_app(Settings(data_dir=data_dir))) as first:
        location = _post(first, json.dumps(SMALL)).headers["location"]
    with TestClient(create_app(Settings(data_dir=data_dir))) as second:
        assert second.get(location).json()["name"] == "small"
        assert _post(second, json.dumps(SMALL)).status_code == 200


def test_invalid_scenario_lists_every_field_at_fault(client: TestClient) -> None:
    bad = {**SMALL, "assets": [{"id": "a1", "tier": "tall", "location": [200, 10]}]}
    document = _problem(_post(client, json.dumps(bad)), 422, "assets[0].location")
    fields = {error["field"] for error in document["errors"]}
    assert fields == {"assets[0].location"}
    bad = {**SMALL, "assets": [{"id": "a1", "tier": "tall", "location": [20, 10]}]}
    document = _problem(_post(client, json.dumps(bad)), 422, "assets[0].tier")
    assert document["value"] == "tall"
    assert document["errors"][0]["reason"].startswith("must be one of")


def test_unknown_places_and_regions_are_422_with_their_paths(client: TestClient) -> None:
    bad = {
        **SMALL,
        "regions": ["ZZ-99"],
        "assets": [{"id": "a1", "tier": "short", "location": "Qzxwv Nowhere"}],
    }
    document = _problem(_post(client, json.dumps(bad)), 422, "regions[0]")
    by_field = {error["field"]: error for error in document["errors"]}
    assert by_field["assets[0].location"]["value"] == "Qzxwv Nowhere"
    assert by_field["regions[0]"]["value"] == "ZZ-99"


def _billion_laughs(levels: int, width: int) -> str:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    lines.append(f"name: *a{levels}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("body", "media", "status", "field"),
    [
        (b"{not json", "application/json", 422, "body"),
        (b"[1, 2, 3]", "application/json", 422, "body"),
        (b"42", "application/json", 422, "body"),
        (b'"a string"', "application/json", 422, "body"),
        (b"null", "application/json", 422, "body"),
        (b"\xff\xfe\x00", "application/json", 422, "body"),
        (b"[" * 30_000 + b"]" * 30_000, "application/json", 422, "body"),
        (b'{"n": NaN}', "application/json", 422, "body"),
        (b'{"n": ' + b"9" * 5000 + b"}", "application/json", 422, "body"),
        (b"name: [unclosed", "application/yaml", 422, "body"),
        (b"- a\n- b\n", "application/yaml", 422, "body"),
        (b"name: *nowhere\n", "application/yaml", 422, "body"),
        (b"n: " + b"9" * 5000, "application/yaml", 422, "body"),
        (_billion_laughs(9, 10).encode(), "application/yaml", 422, "body"),
        (_billion_laughs(1, MAX_ALIASES + 1).encode(), "application/yaml", 422, "body"),
        (json.dumps(SMALL).encode(), "text/plain", 415, "Content-Type"),
        (json.dumps(SMALL).encode(), "", 415, "Content-Type"),
    ],
)
def test_bad_bodies_are_problems_never_500(
    client: TestClient, body: bytes, media: str, status: int, field: str
) -> None:
    _problem(_post(client, body, media), status, field)


@pytest.mark.parametrize(
    ("body", "media"),
    [
        # 100,000 nested "[" (under the default body limit) held a worker for minutes in
        # PyYAML's scanner; the others nest as deep in block style, in braces, in JSON.
        (b"[" * 100_000, "application/yaml"),
        (b"- " * 100_000, "application/yaml"),
        (b"{a: " * 50_000, "application/yaml"),
        (b"[" * 100_000, "application/json"),
        (b"[" * 65 + b"]" * 65, "application/json"),
    ],
)
def test_deep_nesting_is_refused_before_parsing(tmp_path: Path, body: bytes, media: str) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as default_limits:
        for route in ("/scenarios", "/coverage"):
            response = default_limits.post(route, content=body, headers={"Content-Type": media})
            document = _problem(response, 422, "body")
            assert "nested too deeply (more than 64 levels" in document["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["tiers"]["short"].update(range_km=1e-12), "tiers.short.range_km"),
        (lambda d: d["assets"][0].update(range_km=5e-324), "assets[0].range_km"),
        (
            lambda d: d.update(
                no_go=[{"id": "b", "border_belt": {"countries": ["RUS"], "within_km": 5000}}]
            ),
            "no_go[0].border_belt.within_km",
        ),
    ],
)
def test_work_without_bound_is_refused_naming_the_scenario_field(
    client: TestClient, change: Any, field: str
) -> None:
    document = copy.deepcopy(SMALL)
    change(document)
    for route in ("/scenarios", "/coverage"):
        _problem(client.post(route, json=document), 422, field)


def test_aliases_within_the_limits_are_fine(client: TestClient) -> None:
    document = "tiers:\n  short: &t {range_km: 40}\n  other: *t\n" + yaml.safe_dump(
        {k: v for k, v in SMALL.items() if k != "tiers"}
    )
    assert _post(client, document, "application/yaml").status_code == 201


def test_a_body_over_the_limit_is_413_by_content_length(client: TestClient) -> None:
    document = _problem(_post(client, b" " * (MAX_BODY + 1)), 413, "body")
    assert document["value"] == MAX_BODY + 1


def test_a_streamed_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(8):
            yield b" " * (MAX_BODY // 4)

    response = client.post(
        "/scenarios", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _problem(response, 413, "body")


def test_unknown_scenario_is_404_naming_the_id(client: TestClient) -> None:
    document = _problem(client.get("/scenarios/0123456789abcdef"), 404, "scenario_id")
    assert document["value"] == "0123456789abcdef"
