"""The API definition: valid (3.1 and 3.0), every reference resolved, answers as documented.

Bodies the service gives are checked against the schemas the document declares for them, with
jsonschema, so that a schema-driven client would accept them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from umbrella.coverage.example import example_document
from umbrella.service.http.app import create_app
from umbrella.service.http.openapi import openapi_30
from umbrella.service.http.settings import Settings

SCENARIO = {
    "name": "documented",
    "regions": ["UA-43"],
    "tiers": {"short": {"range_km": 40}},
    "assets": [{"id": "a1", "tier": "short", "location": "Simferopol, UA"}],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
    "grid_cell_km": 20,
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("data"), items_limit_default=50, items_limit_max=2000
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/openapi.json").json()
    return found


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


@pytest.mark.parametrize("path", ["/openapi.json", "/openapi-3.0.json"])
def test_both_renderings_are_valid_and_every_reference_resolves(
    client: TestClient, path: str
) -> None:
    served = client.get(path).json()
    validate(served)
    refs = set(_refs(served))
    assert "#/components/schemas/Scenario" in refs
    for ref in refs:
        _resolve(served, ref)
    assert "HTTPValidationError" not in served["components"]["schemas"]


def test_the_30_rendering_uses_only_30_keywords(client: TestClient) -> None:
    served = client.get("/openapi-3.0.json")
    assert served.headers["content-type"].startswith("application/vnd.oai.openapi+json")
    assert "version=3.0" in served.headers["content-type"]
    text = served.text
    for keyword in ('"const"', '"prefixItems"', '"type":"null"', '"examples":[', '"$defs"'):
        assert keyword not in text.replace(" ", ""), keyword


def test_30_conversion_of_31_keywords() -> None:
    schema = {
        "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}],
        "default": None,
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "summary": "s"},
        "paths": {},
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "range": schema,
                        "kind": {"const": "Feature"},
                        "pair": {"type": "array", "prefixItems": [{"type": "number"}] * 2},
                        "ref": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                        "tags": {"type": "string", "examples": ["x", "y"]},
                    },
                },
                "B": {"type": ["string", "null"]},
            }
        },
    }
    converted = openapi_30(document)
    a = converted["components"]["schemas"]["A"]["properties"]
    assert a["range"] == {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
        "nullable": True,
        "default": None,
    }
    assert a["kind"] == {"enum": ["Feature"]}
    assert a["pair"] == {"type": "array", "items": {"type": "number"}}
    assert a["ref"] == {"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": True}
    assert a["tags"] == {"type": "string", "example": "x"}
    assert converted["components"]["schemas"]["B"] == {"type": "string", "nullable": True}
    assert converted["openapi"] == "3.0.3" and "summary" not in converted["info"]
    assert document["components"]["schemas"]["B"] == {"type": ["string", "null"]}  # untouched


def test_limit_declares_the_settings_default_and_maximum(document: dict[str, Any]) -> None:
    for rendering in (document, openapi_30(document)):
        operation = rendering["paths"]["/collections/{collection_id}/items"]["get"]
        (limit,) = [p for p in operation["parameters"] if p["name"] == "limit"]
        assert limit["schema"]["default"] == 50
        assert limit["schema"]["maximum"] == 2000
        assert limit["schema"]["minimum"] == 1


@pytest.mark.parametrize(
    ("path", "method", "media_types"),
    [
        ("/collections/{collection_id}/items", "get", {"application/geo+json", "text/html"}),
        ("/collections/{collection_id}/items.gpkg", "get", {"application/geopackage+sqlite3"}),
        (
            "/collections/{collection_id}/queryables",
            "get",
            {"application/schema+json", "text/html"},
        ),
        ("/scenarios/{scenario_id}/map", "get", {"text/html"}),
        (
            "/scenarios/{scenario_id}/map.{fmt}",
            "get",
            {"image/png", "image/svg+xml", "application/pdf"},
        ),
        ("/scenarios/{scenario_id}/coverage/{output}", "get", {"application/geo+json"}),
        ("/scenarios", "get", {"application/json", "text/html"}),
        (
            "/scenarios/{scenario_id}",
            "get",
            {"application/json", "application/yaml", "text/html"},
        ),
    ],
)
def test_media_types_of_each_answer_are_documented(
    document: dict[str, Any], path: str, method: str, media_types: set[str]
) -> None:
    responses = document["paths"][path][method]["responses"]
    success = next(code for code in responses if code.startswith("2"))
    assert set(responses[success]["content"]) == media_types


def test_problem_answers_are_documented(document: dict[str, Any]) -> None:
    post = document["paths"]["/scenarios"]["post"]["responses"]
    for status in ("400", "413", "415", "422"):
        content = post[status]["content"]
        assert content["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
    assert "404" in document["paths"]["/collections/{collection_id}/items"]["get"]["responses"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in answer["content"], (path, method)


def test_scenario_bodies_carry_the_example(document: dict[str, Any]) -> None:
    for path in ("/scenarios", "/coverage"):
        content = document["paths"][path]["post"]["requestBody"]["content"]
        assert content["application/json"]["example"] == example_document()
        assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Scenario"}
        assert "notional" in content["application/yaml"]["example"].lower()


def _checked(document: dict[str, Any], path: str, status: int, media: str, body: Any) -> None:
    """Validate a body against the schema the document gives for it."""
    operation = document["paths"][path]["get"]
    schema = operation["responses"][str(status)]["content"][media]["schema"]
    jsonschema.validate(
        body,
        {**schema, "components": document["components"]},
        cls=jsonschema.Draft202012Validator,
    )


@pytest.mark.parametrize(
    ("template", "url", "media"),
    [
        ("/", "/", "application/json"),
        ("/conformance", "/conformance", "application/json"),
        ("/collections", "/collections", "application/json"),
        ("/collections/{collection_id}", "/collections/energy", "application/json"),
        (
            "/collections/{collection_id}/queryables",
            "/collections/regions/queryables",
            "application/schema+json",
        ),
        (
            "/collections/{collection_id}/items",
            "/collections/regions/items?limit=3",
            "application/geo+json",
        ),
        (
            "/collections/{collection_id}/items/{feature_id}",
            "/collections/cities/items/703448",
            "application/geo+json",
        ),
        ("/basemap", "/basemap", "application/geo+json"),
        ("/scenarios", "/scenarios", "application/json"),
        ("/scenarios/example", "/scenarios/example", "application/json"),
    ],
)
def test_answers_match_their_documented_schemas(
    client: TestClient, document: dict[str, Any], template: str, url: str, media: str
) -> None:
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == media
    _checked(document, template, 200, media, answer.json())


def test_scenario_answers_match_their_documented_schemas(
    client: TestClient, document: dict[str, Any]
) -> None:
    stored = client.post("/scenarios", json=SCENARIO)
    schema = document["paths"]["/scenarios"]["post"]["responses"]["201"]["content"]
    jsonschema.validate(
        stored.json(),
        {**schema["application/json"]["schema"], "components": document["components"]},
        cls=jsonschema.Draft202012Validator,
    )
    location = stored.headers["location"]
    _checked(
        document, "/scenarios/{scenario_id}", 200, "application/json", client.get(location).json()
    )
    summary = client.get(f"{location}/coverage").json()
    _checked(document, "/scenarios/{scenario_id}/coverage", 200, "application/json", summary)
    targets = client.get(f"{location}/coverage/targets").json()
    _checked(
        document, "/scenarios/{scenario_id}/coverage/{output}", 200, "application/geo+json", targets
    )
    problem = client.get("/scenarios/nothing")
    _checked(document, "/scenarios/{scenario_id}", 404, "application/problem+json", problem.json())
