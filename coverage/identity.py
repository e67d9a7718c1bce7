"""A scenario's identity: the hash of its canonical JSON, computed without a second copy of
its users' GeoJSON.

The canonical JSON is ``json.dumps(scenario.model_dump(mode="json"), sort_keys=True,
separators=(",", ":"))``; the hash is the first 16 hex digits of its sha256. A target set's
GeoJSON can hold 100,000 features: pydantic's JSON-mode dump walks and copies all of them,
only to hand ``json.dumps`` the same values. A document that holds only what JSON parsing
gives (dicts with string keys, lists, strings, integers, booleans, None, finite floats) dumps
as itself, so its canonical text is written straight from the document; any other document
(YAML dates, integer keys, tuples...) goes through pydantic's dump as before.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from umbrella.coverage.scenario import Scenario

__all__ = ["scenario_hash"]

_TEXT: Final = {str}
_SCALARS: Final = frozenset({str, int, bool, type(None)})


def _as_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _json_native(value: Any) -> bool:
    """Whether the value holds only what JSON parsing gives (then it dumps as itself)."""
    kind = type(value)
    if kind is dict:
        keys_are_text = not set(map(type, value)) - _TEXT
        return keys_are_text and all(map(_json_native, value.values()))
    if kind is list:
        return all(map(_json_native, value))
    if kind is float:
        return math.isfinite(value)
    return kind in _SCALARS


def scenario_hash(scenario: Scenario) -> str:
    """A content hash of the validated scenario: the same scenario always gets the same id."""
    native = {
        i: target.geojson.document
        for i, target in enumerate(scenario.targets)
        if target.geojson is not None and _json_native(target.geojson.document)
    }
    excluded = {"targets": {i: {"geojson"} for i in native}} if native else None
    dumped: dict[str, Any] = scenario.model_dump(mode="json", exclude=excluded)
    # each document's place is held by a marker no user text can hold (a fresh uuid), then
    # the marker is replaced by the document's own canonical text
    marker = f"umbrella-geojson-{uuid.uuid4().hex}"
    for i in native:
        dumped["targets"][i]["geojson"] = f"{marker}-{i}"
    canonical = _as_json(dumped)
    for i, document in native.items():
        canonical = canonical.replace(_as_json(f"{marker}-{i}"), _as_json(document), 1)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
