"""A FeatureCollection's JSON text from its columns, byte for byte what ``json.dumps`` (UTF-8,
default separators) writes of the same collection.

The columns' values are JSON text already (``columns.json_cells``); the features are one fill
of a template that holds the property names, repeated once per feature: no feature's
dictionary is built, and no property name is encoded once per feature.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import chain
from json.encoder import encode_basestring
from typing import Any

__all__ = ["collection_text"]


def collection_text(
    head: Mapping[str, Any], geometries: Sequence[str], cells: Mapping[str, Sequence[str]]
) -> str:
    """The JSON text of the FeatureCollection ``{**head, "features": [...]}``: a feature per
    geometry text of ``geometries``, its properties the texts ``cells`` (property -> a text per
    feature)."""
    start = json.dumps({**head, "features": []}, ensure_ascii=False, allow_nan=False)[:-2]
    properties = ", ".join(_literal(encode_basestring(name)) + ": %s" for name in cells)
    feature = '{"type": "Feature", "geometry": %s, "properties": {' + properties + "}}"
    values = tuple(chain.from_iterable(zip(geometries, *cells.values(), strict=True)))
    return start + ", ".join([feature] * len(geometries)) % values + "]}"


def _literal(text: str) -> str:
    """Text that a ``%`` template writes as it is."""
    return text.replace("%", "%%")
