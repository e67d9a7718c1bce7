"""Output values a column at a time: JSON-ready values, JSON text, CSV cells, table cells.

An output is written as columns (every target's ``name``, every target's ``asset_ids``), and a
column mostly holds one kind of value: text, whole numbers, floats, tuples of text. Such a
column is converted with one check for the whole of it (the kinds it holds, whether its floats
are finite), which is what keeps writing 100,000 targets cheap. A column that mixes kinds, or
holds numpy scalars or mappings, is converted value by value (``plain_value``, ``csv_value``);
either way the result is the same.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, repeat
from json.encoder import encode_basestring
from operator import is_, itemgetter
from typing import Any, Final, TypeVar

import numpy as np

__all__ = [
    "ConvertedBefore",
    "csv_column",
    "csv_value",
    "json_cells",
    "plain_column",
    "plain_value",
    "table_column",
    "table_value",
]

_AS_THEY_ARE: Final = frozenset({str, int, bool, type(None)})
"""Kinds that are JSON-ready as they are."""
_CONTAINERS: Final = frozenset({tuple, list, dict})
_T = TypeVar("_T")


def plain_value(value: object) -> Any:
    """A JSON-ready copy: tuples as lists, numpy scalars as Python ones, non-finite as None."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # most values: as they are
        return value
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, tuple | list):
        return [item if type(item) is str else plain_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain_value(item) for key, item in value.items()}
    return value


def plain_column(values: Sequence[Any]) -> list[Any]:
    """``plain_value`` of each value of a column."""
    kinds = set(map(type, values))
    if kinds <= _AS_THEY_ARE:
        return list(values)
    if kinds == {float}:
        return _where_finite(list(values), values, None)
    if kinds == {tuple}:
        items = list(chain.from_iterable(values))
        item_kinds = set(map(type, items))
        if item_kinds <= _AS_THEY_ARE or (item_kinds == {float} and _finite(items).all()):
            return list(map(list, values))
    return [plain_value(value) for value in values]


def json_cells(values: Sequence[Any]) -> list[str]:
    """The JSON text of ``plain_value`` of each value of a column, as ``json.dumps`` writes it
    (UTF-8, default separators)."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(encode_basestring, values))
    if kinds == {int}:
        return list(map(int.__repr__, values))
    if kinds == {bool}:
        return ["true" if value else "false" for value in values]
    if kinds == {float}:
        return _where_finite(list(map(float.__repr__, values)), values, "null")
    if kinds == {tuple}:
        items = list(chain.from_iterable(values))
        item_kinds = set(map(type, items))
        if item_kinds <= {str}:  # few tuples of text, repeated: each written once
            return _by_value(values, _json_texts)
        if item_kinds == {int} or (item_kinds == {float} and _finite(items).all()):
            return list(map(repr, map(list, values)))  # a list of numbers reads as its JSON
        # the items' texts, a column of their own, put back into lists
        texts = json_cells(items)
        ends = list(accumulate(map(len, values)))
        return [
            "[" + ", ".join(texts[start:end]) + "]"
            for start, end in zip([0, *ends], ends, strict=False)
        ]
    return [json.dumps(plain_value(value), ensure_ascii=False, allow_nan=False) for value in values]


def csv_value(value: object) -> object:
    """A CSV cell: lists joined with ";", None as empty."""
    plain = plain_value(value)
    if isinstance(plain, list):
        return ";".join(str(item) for item in plain)
    return "" if plain is None else plain


def csv_column(values: Sequence[Any], json: Sequence[str] | None = None) -> Sequence[object]:
    """``csv_value`` of each value of a column; ``json``: its ``json_cells``, if made already
    (a tuple of numbers is its JSON text without brackets, joined by ";")."""
    kinds = set(map(type, values))
    if kinds <= {str, int, bool}:
        return values
    if kinds == {float}:
        return _where_finite(list(values), values, "")
    if kinds == {tuple}:
        items = list(chain.from_iterable(values))
        item_kinds = set(map(type, items))
        if item_kinds <= {str}:
            return _by_value(values, ";".join)
        if item_kinds == {int} or (item_kinds == {float} and _finite(items).all()):
            texts = json_cells(values) if json is None else json
            return list(map(str.replace, map(_INSIDE, texts), repeat(", "), repeat(";")))
    return [csv_value(value) for value in values]


_INSIDE: Final = itemgetter(slice(1, -1))


def table_value(value: object) -> object:
    """A GeoPackage or GeoParquet cell: lists and objects as JSON text, the rest JSON-ready."""
    plain = plain_value(value)
    return json.dumps(plain, ensure_ascii=False) if isinstance(plain, list | dict) else plain


def table_column(values: Sequence[Any]) -> Sequence[object]:
    """``table_value`` of each value of a column."""
    kinds = set(map(type, values))
    if kinds and kinds <= _CONTAINERS:  # JSON-ready values hold no NaN: the texts are the same
        return json_cells(values)
    if kinds & _CONTAINERS:
        return [table_value(value) for value in values]
    return plain_column(values)


def _json_texts(texts: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(encode_basestring, texts)) + "]"


def _by_value(
    values: Sequence[tuple[str, ...]], convert: Callable[[tuple[str, ...]], str]
) -> list[str]:
    """``convert`` of each of ``values``, called once per distinct value (tuples of text: equal
    ones are written alike)."""
    converted = {value: convert(value) for value in set(values)}
    return list(map(converted.__getitem__, values))


def _finite(values: Sequence[Any]) -> np.ndarray:
    return np.isfinite(np.array(values, dtype=float))


def _where_finite(cells: list[Any], values: Sequence[Any], otherwise: object) -> list[Any]:
    """``cells``, with ``otherwise`` where the float ``values`` are infinite or NaN."""
    for i in np.flatnonzero(~_finite(values)).tolist():
        cells[i] = otherwise
    return cells


class ConvertedBefore:
    """Columns converted earlier, kept to be handed out again: a column whose values are the
    very objects converted before (every phase holds the same targets, with the same names and
    places) is not converted twice. Values are immutable, so the same objects convert the same.
    """

    def __init__(self) -> None:
        self._columns: dict[str, tuple[Sequence[Any], Any]] = {}

    def column(self, key: str, values: Sequence[Any], convert: Callable[[Sequence[Any]], _T]) -> _T:
        """``convert(values)``; what it gave the last time, if the values last converted under
        ``key`` are the same objects."""
        before = self._columns.get(key)
        if (
            before is not None
            and len(before[0]) == len(values)
            and all(map(is_, before[0], values))
        ):
            return before[1]
        converted = convert(values)
        self._columns[key] = (values, converted)
        return converted
