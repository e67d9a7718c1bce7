"""Scenario documents in request bodies: decoded safely, validated, references checked."""

from __future__ import annotations

import json
from typing import Any, Final

import yaml

from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError
from umbrella.coverage.places import resolve_places
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.service.errors import UnsupportedMediaType

__all__ = [
    "JSON_MEDIA_TYPES",
    "MAX_ALIASES",
    "MAX_VALUES",
    "YAML_MEDIA_TYPES",
    "scenario_from_body",
]

JSON_MEDIA_TYPES: Final = ("application/json",)
YAML_MEDIA_TYPES: Final = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
MAX_ALIASES: Final = 100
"""At most this many YAML aliases (``*name``) in one body."""
MAX_VALUES: Final = 1_000_000
"""At most this many values (scalars, lists, mappings) once aliases are expanded."""
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
    return parse_scenario(data, source=_SOURCE)  # type: ignore[arg-type]


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


def _alias_count(body: bytes) -> int:
    """The number of YAML aliases up to ``MAX_ALIASES + 1`` (0 if the YAML does not parse)."""
    count = 0
    try:
        for event in yaml.parse(body, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                count += 1
                if count > MAX_ALIASES:
                    break
    except yaml.YAMLError:
        return 0  # parse_scenario reports the syntax error in its own words
    return count


def _check_expanded_size(data: object) -> None:
    """Refuse a document that aliases expand beyond ``MAX_VALUES`` (a "billion laughs")."""
    pending: list[Any] = [data]
    seen = 0
    while pending:
        item = pending.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise _body_error(f"expands to more than {MAX_VALUES} values through YAML aliases")
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _from_yaml(body: bytes) -> Scenario:
    aliases = _alias_count(body)
    if aliases > MAX_ALIASES:
        raise _body_error(f"must use at most {MAX_ALIASES} YAML aliases")
    try:
        if aliases == 0:
            return parse_scenario(body, source=_SOURCE)
        data = yaml.safe_load(body)
    except ScenarioError:
        raise
    except yaml.YAMLError:
        return parse_scenario(body, source=_SOURCE)  # raises the error with line and column
    except RecursionError:
        raise _body_error("is nested too deeply") from None
    except ValueError:
        raise _body_error(_UNREADABLE) from None
    _check_expanded_size(data)
    return _validated(data)


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
