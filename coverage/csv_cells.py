"""CSV files that a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets run a cell whose text begins with ``=``, ``+``, ``-`` or
``@`` as a formula (and a leading tab or carriage return can hide such a start), so a target
named ``=HYPERLINK("http://...")`` would become a live link, or worse, in the analyst's
spreadsheet. ``safe_cell`` prefixes such text with an apostrophe, which spreadsheets read as
"this is text" and do not show. Numbers are numbers and stay as they are (``-3.5`` is data);
only text is changed. Every CSV the project writes goes through ``write_csv`` (rows) or
``write_csv_columns`` (columns).

The text is what the csv module's default writer (``csv.writer``: comma, minimal quoting,
``\\r\\n`` line ends) writes of the same rows, made a column at a time: a column of text with
nothing to quote, or of whole numbers or floats, is converted at once rather than cell by cell.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any, Final

__all__ = [
    "FORMULA_STARTS",
    "cell_texts",
    "safe_cell",
    "safe_column",
    "write_csv",
    "write_csv_columns",
    "write_csv_texts",
]

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a text cell as a formula."""


def safe_cell(value: object) -> object:
    """The value, with text that a spreadsheet would run as a formula prefixed by ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_column(values: Sequence[Any]) -> Sequence[Any]:
    """``safe_cell`` of each value of a column; a column of text is checked at once."""
    kinds = set(map(type, values))
    if kinds == {str}:
        risky = list(map(str.startswith, values, repeat(FORMULA_STARTS)))
        if not any(risky):
            return values
        return ["'" + text if starts else text for text, starts in zip(values, risky, strict=True)]
    if not any(issubclass(kind, str) for kind in kinds):
        return values
    return [safe_cell(value) for value in values]


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> Path:
    """Write rows (column -> value) as a UTF-8 CSV with a header, every cell through
    ``safe_cell``; the path."""
    rows = list(rows)
    return write_csv_columns(
        path, columns, [[row.get(column, "") for row in rows] for column in columns]
    )


def write_csv_columns(
    path: Path, header: Sequence[str], columns: Sequence[Sequence[object]]
) -> Path:
    """Write columns (a cell per row each, of one length) as a UTF-8 CSV with the header, every
    cell through ``safe_cell``; the path."""
    return write_csv_texts(path, header, list(map(cell_texts, columns)))


def cell_texts(values: Sequence[Any]) -> Sequence[str]:
    """The text of each value of a column in a CSV file, through ``safe_cell``: None empty, the
    rest by ``str``, quoted (quotes doubled) if it holds a comma, a quote or a line end."""
    kinds = set(map(type, values))
    if kinds == {str}:
        distinct = set(values)
        if len(distinct) * 2 > len(values):
            return _quoted_where_needed(safe_column(values))
        # few texts, repeated (lists of tiers, of assets): each written once
        texts = dict(zip(distinct, _quoted_where_needed(safe_column(list(distinct))), strict=True))
        return list(map(texts.__getitem__, values))
    values = safe_column(values)
    if kinds == {float}:  # the text of a number holds nothing to quote
        return list(map(float.__repr__, values))
    if kinds == {int}:
        return list(map(int.__repr__, values))
    if kinds == {bool}:
        return list(map(bool.__repr__, values))
    return list(map(_cell_text, values))


def write_csv_texts(path: Path, header: Sequence[str], texts: Sequence[Sequence[str]]) -> Path:
    """Write columns of ``cell_texts`` (of one length) as a UTF-8 CSV with the header; the
    path."""
    if len(texts) == 1:  # a row of one empty cell is an empty quoted cell, not an empty line
        texts = [[text or '""' for text in texts[0]]]
    rows = list(map(",".join, zip(*texts, strict=True)))
    head = [_cell_text(name) for name in header]  # the names as they are: never neutralised
    with path.open("w", newline="", encoding="utf-8") as stream:
        stream.write(",".join(head) if head != [""] else '""')
        stream.write("\r\n")
        stream.writelines(["\r\n".join(rows), "\r\n" if rows else ""])
    return path


_QUOTED: Final = re.compile('[,"\r\n]')
"""Characters that make the csv writer quote a cell."""


def _cell_text(value: object) -> str:
    text = "" if value is None else str(value)
    return _quote(text) if _QUOTED.search(text) else text


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _quoted_where_needed(texts: Sequence[str]) -> Sequence[str]:
    """Text cells, quoted where needed: found in the column's text at once."""
    joined = "".join(texts)
    at = [match.start() for match in _QUOTED.finditer(joined)]
    if not at:
        return texts
    ends = list(accumulate(map(len, texts)))
    quoted = list(texts)
    for i in {bisect_right(ends, position) for position in at}:
        quoted[i] = _quote(texts[i])
    return quoted
