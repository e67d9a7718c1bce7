"""Media types of the service's answers, and the compact JSON encoder of their bodies."""

from __future__ import annotations

import json
from typing import Final

__all__ = ["GEOJSON", "encode_json"]

GEOJSON: Final = "application/geo+json"


def encode_json(document: object) -> bytes:
    """Compact UTF-8 JSON; non-finite numbers are an error (they have no JSON form)."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
