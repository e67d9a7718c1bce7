"""A FeatureCollection's JSON text from its columns, byte for byte what ``json.dumps`` (UTF-8,
default separators) writes of the same collection.

The columns' values are JSON text already (``columns.json_cells``); the text is joined at once
from a list of its pieces (the columns' texts and what goes between them, filled a column at a
time): no feature's dictionary is built, and no property name is encoded once per feature.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
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
    names = [encode_basestring(name) for name in cells]
    between = ['{"type": "Feature", "geometry": ']
    between += [(", " if i else ', "properties": {') + name + ": " for i, name in enumerate(names)]
    between.append("}}, " if names else ', "properties": {}}, ')
    columns = [geometries, *cells.values()]
    count = len(geometries)
    if any(len(column) != count for column in columns):
        raise ValueError("a text per feature in each column, and a geometry per feature")
    # every piece of every feature in one list, in order, filled a column at a time
    width = 2 * len(columns) + 1
    pieces = [""] * (count * width)
    for i, (text, column) in enumerate(zip(between, columns, strict=False)):
        pieces[2 * i :: width] = [text] * count
        pieces[2 * i + 1 :: width] = column
    pieces[width - 1 :: width] = [between[-1]] * count
    if pieces:
        pieces[-1] = between[-1][:-2]  # no comma after the last feature
    return start + "".join(pieces) + "]}"
