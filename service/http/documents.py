"""Scenario documents in request bodies: decoded safely, validated, references checked."""

from __future__ import annotations

import json
from typing import Final

from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError
from umbrella.coverage.places import resolve_places
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.service.http.errors import UnsupportedMediaType

__all__ = [
    "JSON_MEDIA_TYPES",
    "YAML_MEDIA_TYPES",
    "scenario_from_body",
]

JSON_MEDIA_TYPES: Final = ("application/json",)
YAML_MEDIA_TYPES: Final = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
_SOURCE: Final = "body"
_UNREADABLE: Final = "holds a value that cannot be read (an integer of over 4300 digits?)"


def _body_error(reason: str, value: object = NO_VALUE) -> ScenarioError:
    return ScenarioError([FieldProblem(_SOURCE, value, reason)])


def _media_type(content_type: str | None) -> str:
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in JSON_MEDIA_TYPES + YAML_MEDIA_TYPES:
        raise UnsupportedMediaType(media or "<none>", JSON_MEDIA_TYPES + YAML_MEDIA_TYPES)
    return media


def _validated(data: object) -> Scenario:
    """parse_scenario of decoded data; a list or scalar is reported as not a mapping."""
    return parse_scenario(data, source=_SOURCE)


def _from_json(body: bytes) -> Scenario:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as error:
        where = f" at line {error.lineno}, column {error.colno}"
        raise _body_error(f"is not valid JSON{where}: {error.msg}") from None
    except UnicodeDecodeError:
        raise _body_error("is not UTF-8 text") from None
    except RecursionError:
        raise _body_error("is nested too deeply") from None
    except ValueError:
        raise _body_error(_UNREADABLE) from None
    return _validated(data)


def _from_yaml(body: bytes) -> Scenario:
    return parse_scenario(body, source=_SOURCE)


def scenario_from_body(body: bytes, content_type: str | None) -> Scenario:
    """The validated scenario of a JSON or YAML request body.

    Raises UnsupportedMediaType for another Content-Type, and ScenarioError (every field at
    fault, paths rooted at the document) for a body that is not a valid scenario, names an
    unknown place, region or country, or abuses YAML aliases.
    """
    media = _media_type(content_type)
    scenario = _from_json(body) if media in JSON_MEDIA_TYPES else _from_yaml(body)
    resolve_places(scenario)  # every unknown place name or region code, with its path
    return scenario
