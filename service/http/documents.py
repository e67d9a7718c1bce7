"""Scenario documents in request bodies: decoded safely, validated, references checked."""

from __future__ import annotations

from typing import Final

from umbrella.coverage.decoding import Syntax
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


def _media_type(content_type: str | None) -> str:
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in JSON_MEDIA_TYPES + YAML_MEDIA_TYPES:
        raise UnsupportedMediaType(media or "<none>", JSON_MEDIA_TYPES + YAML_MEDIA_TYPES)
    return media


def scenario_from_body(body: bytes, content_type: str | None) -> Scenario:
    """The validated scenario of a JSON or YAML request body.

    Raises UnsupportedMediaType for another Content-Type, and ScenarioError (every field at
    fault, paths rooted at the document) for a body that is not a valid scenario, names an
    unknown place, region or country, or abuses YAML aliases.
    """
    media = _media_type(content_type)
    syntax: Syntax = "json" if media in JSON_MEDIA_TYPES else "yaml"
    scenario = parse_scenario(body, source=_SOURCE, syntax=syntax)
    resolve_places(scenario)  # every unknown place name or region code, with its path
    return scenario
