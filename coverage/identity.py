"""A scenario's identity: the hash of its canonical JSON, computed without a second copy of
its users' GeoJSON.

The canonical JSON is ``json.dumps(scenario.model_dump(mode="json"), sort_keys=True,
separators=(",", ":"))``; the hash is the first 16 hex digits of its sha256. A target set's
GeoJSON can hold 100,000 features: pydantic's JSON-mode dump walks and copies all of them,
only to hand ``json.dumps`` the same values. A document that holds only what JSON parsing
gives (dicts with string keys, lists, strings, integers, booleans, None, finite floats) dumps
as itself, so its canonical text is written straight from the document; any other document
(YAML dates, integer keys, tuples, a number too large for a float...) goes through pydantic's
dump as before. A document parsed from JSON text is known to hold JSON's types
(``UserGeoJSON.from_json``); any other is walked to find out. Either way, ``json.dumps``
refusing a non-finite float says the rest.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from umbrella.coverage.scenario import Scenario
    from umbrella.coverage.user_geojson import UserGeoJSON

__all__ = ["scenario_hash"]

_TEXT: Final = {str}
_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _as_json(value: object, *, allow_nan: bool = True) -> str:
    """The canonical JSON text of a value (without ``allow_nan``: ValueError if it holds a
    non-finite float)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=allow_nan)


def _json_types(value: Any) -> bool:
    """Whether the value holds only the types JSON parsing gives (floats of any value)."""
    kind = type(value)
    if kind is dict:
        keys_are_text = not set(map(type, value)) - _TEXT
        return keys_are_text and all(map(_json_types, value.values()))
    if kind is list:
        return all(map(_json_types, value))
    return kind in _SCALARS


def _own_text(geojson: UserGeoJSON) -> str | None:
    """The canonical text of a document that dumps as itself, None for any other."""
    if not (geojson.from_json or _json_types(geojson.document)):
        return None
    try:
        return _as_json(geojson.document, allow_nan=False)
    except ValueError:  # an infinite float: pydantic writes it otherwise
        return None


def scenario_hash(scenario: Scenario) -> str:
    """A content hash of the validated scenario: the same scenario always gets the same id."""
    texts = {
        i: text
        for i, target in enumerate(scenario.targets)
        if target.geojson is not None and (text := _own_text(target.geojson)) is not None
    }
    excluded = {"targets": {i: {"geojson"} for i in texts}} if texts else None
    dumped: dict[str, Any] = scenario.model_dump(mode="json", exclude=excluded)
    # each document's place is held by a marker no user text can hold (a fresh uuid), then
    # the marker is replaced by the document's own canonical text
    marker = f"umbrella-geojson-{uuid.uuid4().hex}"
    for i in texts:
        dumped["targets"][i]["geojson"] = f"{marker}-{i}"
    canonical = _as_json(dumped)
    for i, text in texts.items():
        canonical = canonical.replace(_as_json(f"{marker}-{i}"), text, 1)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
