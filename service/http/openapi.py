"""The API definition: FastAPI's OpenAPI 3.1 document, completed, and its OpenAPI 3.0 rendering.

``install_openapi(app, settings, example)`` replaces ``app.openapi`` with a builder that takes
FastAPI's document and completes it:

* the components hold the schemas of the JSON answers (``schemas.DOCUMENTED_MODELS``) and of
  the scenario (with its definitions), so every ``$ref`` resolves within the document;
* FastAPI's generic 422 answers (``HTTPValidationError``), which this service never gives, are
  removed: each route declares its own problems (``answers.answers``);
* ``limit`` of the items declares its default and maximum from the settings, so that clients
  (GDAL) page at the server's maximum;
* the scenario bodies carry the example scenario, so that "Try it out" in ``/docs`` stores it;
* a route guarded by ``access.require_key`` declares 401 and 403, one under a rate limit
  (``rate.RateLimit``) 429 with ``Retry-After``: a guard added to a route documents itself.

``openapi_30(document)`` renders a 3.1 document as OpenAPI 3.0.3 for the clients that read only
3.0 (OWSLib, GDAL): ``nullable`` instead of a ``null`` type, boolean ``exclusiveMinimum``,
``enum`` for ``const``, one ``example``, ``items`` for ``prefixItems``, and no keyword 3.0 lacks.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Final

import yaml
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from umbrella.coverage.scenario import Scenario
from umbrella.service.http.access import require_key
from umbrella.service.http.answers import problem_answer
from umbrella.service.http.rate import RateLimit
from umbrella.service.http.schemas import DOCUMENTED_MODELS
from umbrella.service.http.settings import Settings

__all__ = ["OPENAPI_30_PATH", "SCENARIO_REF", "install_openapi", "openapi_30"]

OPENAPI_30_PATH: Final = "/openapi-3.0.json"
REF_TEMPLATE: Final = "#/components/schemas/{model}"
SCENARIO_REF: Final = {"$ref": REF_TEMPLATE.format(model="Scenario")}
_FASTAPI_422: Final = "#/components/schemas/HTTPValidationError"
_FASTAPI_SCHEMAS: Final = ("HTTPValidationError", "ValidationError")
_ITEMS_PATH: Final = "/collections/{collection_id}/items"
_DROPPED_IN_30: Final = frozenset(
    {"$schema", "$id", "$comment", "propertyNames", "contentMediaType", "contentEncoding"}
)


def _component_schemas() -> dict[str, Any]:
    """The schemas of the documented answers and of the scenario, with what they use."""
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        (model, "serialization") for model in DOCUMENTED_MODELS
    ]
    models.append((Scenario, "validation"))
    _, found = models_json_schema(models, ref_template=REF_TEMPLATE)
    schemas: dict[str, Any] = found.get("$defs", {})
    return schemas


def _without_fastapi_422(document: dict[str, Any]) -> None:
    for path in document.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            answer = responses.get("422", {})
            refs = [
                media.get("schema", {}).get("$ref") for media in answer.get("content", {}).values()
            ]
            if _FASTAPI_422 in refs:
                del responses["422"]
    schemas = document.get("components", {}).get("schemas", {})
    for name in _FASTAPI_SCHEMAS:
        schemas.pop(name, None)


def _declare_limit(document: dict[str, Any], settings: Settings) -> None:
    operation = document["paths"][_ITEMS_PATH]["get"]
    for parameter in operation["parameters"]:
        if parameter["name"] == "limit":
            parameter["schema"] = {
                "type": "integer",
                "minimum": 1,
                "maximum": settings.items_limit_max,
                "default": settings.items_limit_default,
            }


def _with_example(document: dict[str, Any], example: dict[str, Any]) -> None:
    for path in document.get("paths", {}).values():
        for operation in path.values():
            content = operation.get("requestBody", {}).get("content", {})
            for media, body in content.items():
                if body.get("schema") == SCENARIO_REF:
                    body["example"] = (
                        example
                        if media.endswith("json")
                        else yaml.safe_dump(example, sort_keys=False)
                    )


def _guard_problems(dependant: Dependant) -> set[int]:
    """The problem statuses the guards among a route's dependencies can answer."""
    found: set[int] = set()
    if dependant.call is require_key:
        found |= {401, 403}
    if isinstance(dependant.call, RateLimit):
        found.add(429)
    for dependency in dependant.dependencies:
        found |= _guard_problems(dependency)
    return found


def _declare_guards(document: dict[str, Any], app: FastAPI) -> None:
    for route in iter_route_contexts(app.routes):  # routes of included routers too
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        problems = _guard_problems(route.dependant)
        for method in route.methods or ():
            operation = document["paths"][route.path_format].get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(problems):
                responses.setdefault(str(status), problem_answer(status))


def install_openapi(app: FastAPI, settings: Settings, example: dict[str, Any]) -> None:
    """Make ``app.openapi()`` build (once) the completed document (see the module)."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                routes=app.routes,
            )
            document.setdefault("components", {}).setdefault("schemas", {}).update(
                _component_schemas()
            )
            _without_fastapi_422(document)
            _declare_limit(document, settings)
            _with_example(document, example)
            _declare_guards(document, app)
            app.openapi_schema = document
        return app.openapi_schema

    setattr(app, "openapi", build)  # noqa: B010 (mypy forbids assigning to a method)


# --- OpenAPI 3.0 ---------------------------------------------------------------------------


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, {type: null}]`` and ``type: [t, "null"]`` as 3.0's ``nullable``."""
    options = schema.get("anyOf")
    if isinstance(options, list) and any(_is_null(option) for option in options):
        rest = [option for option in options if not _is_null(option)]
        schema = {key: value for key, value in schema.items() if key != "anyOf"}
        if len(rest) == 1 and "$ref" not in rest[0]:
            schema = {**rest[0], **schema}
        elif len(rest) == 1:
            schema["allOf"] = rest
        else:
            schema["anyOf"] = rest
        schema["nullable"] = True
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        schema = {**schema, "type": kinds[0] if len(kinds) == 1 else kinds}
        if len(kinds) < len(kind):
            schema["nullable"] = True
    return schema


def _bounds(schema: dict[str, Any]) -> dict[str, Any]:
    """Numeric ``exclusiveMinimum``/``exclusiveMaximum`` as 3.0's boolean flags."""
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(exclusive)
        if isinstance(value, int | float) and not isinstance(value, bool):
            schema[bound] = value
            schema[exclusive] = True
    return schema


def _keywords(schema: dict[str, Any]) -> dict[str, Any]:
    """``const``, ``examples``, ``prefixItems`` and ``patternProperties`` in 3.0's terms."""
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    examples = schema.pop("examples", None)
    if isinstance(examples, list) and examples and "example" not in schema:
        schema["example"] = examples[0]
    prefix = schema.pop("prefixItems", None)
    if isinstance(prefix, list) and "items" not in schema:
        distinct = [item for i, item in enumerate(prefix) if item not in prefix[:i]]
        schema["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
    patterns = schema.pop("patternProperties", None)
    if isinstance(patterns, dict) and patterns and "additionalProperties" not in schema:
        values = list(patterns.values())
        schema["additionalProperties"] = values[0] if len(values) == 1 else {"anyOf": values}
    return {key: value for key, value in schema.items() if key not in _DROPPED_IN_30}


def _schema_30(schema: Any) -> Any:
    """A JSON Schema (2020-12, as OpenAPI 3.1 has it) as an OpenAPI 3.0 schema object."""
    if not isinstance(schema, dict):
        return schema
    converted = _keywords(_bounds(_nullable(dict(schema))))
    nested: dict[str, Callable[[Any], Any]] = {
        "properties": lambda value: {name: _schema_30(item) for name, item in value.items()},
        "items": _schema_30,
        "additionalProperties": _schema_30,
        "not": _schema_30,
        "allOf": lambda value: [_schema_30(item) for item in value],
        "anyOf": lambda value: [_schema_30(item) for item in value],
        "oneOf": lambda value: [_schema_30(item) for item in value],
    }
    for key, convert in nested.items():
        if key in converted:
            converted[key] = convert(converted[key])
    return converted


def _node_30(node: Any) -> Any:
    """Every ``schema`` member below node converted; everything else kept."""
    if isinstance(node, list):
        return [_node_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _schema_30(value) if key == "schema" else _node_30(value)
        for key, value in node.items()
    }


def openapi_30(document: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.1 document rendered as OpenAPI 3.0.3 (see the module's docstring)."""
    converted: dict[str, Any] = _node_30(copy.deepcopy(document))
    converted["openapi"] = "3.0.3"
    info = converted.get("info", {})
    info.pop("summary", None)
    info.get("license", {}).pop("identifier", None)
    schemas = converted.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        schemas[name] = _schema_30(schema)
    return converted
