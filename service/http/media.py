"""Media types of the service's answers, and the compact JSON encoder of their bodies."""

from __future__ import annotations

import json
from typing import Final

__all__ = ["GEOJSON", "GEOPACKAGE", "HTML", "PROBLEM_JSON", "SCHEMA_JSON", "YAML", "encode_json"]

GEOJSON: Final = "application/geo+json"
GEOPACKAGE: Final = "application/geopackage+sqlite3"
HTML: Final = "text/html; charset=utf-8"
PROBLEM_JSON: Final = "application/problem+json"
SCHEMA_JSON: Final = "application/schema+json"
YAML: Final = "application/yaml"


def encode_json(document: object) -> bytes:
    """Compact UTF-8 JSON; non-finite numbers are an error (they have no JSON form)."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
