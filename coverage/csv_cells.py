"""CSV files that a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets run a cell whose text begins with ``=``, ``+``, ``-`` or
``@`` as a formula (and a leading tab or carriage return can hide such a start), so a target
named ``=HYPERLINK("http://...")`` would become a live link, or worse, in the analyst's
spreadsheet. ``safe_cell`` prefixes such text with an apostrophe, which spreadsheets read as
"this is text" and do not show. Numbers are numbers and stay as they are (``-3.5`` is data);
only text is changed. Every CSV the project writes goes through ``write_csv`` (rows) or
``write_csv_columns`` (columns).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, Final

__all__ = ["FORMULA_STARTS", "safe_cell", "safe_column", "write_csv", "write_csv_columns"]

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
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(zip(*map(safe_column, columns), strict=True))
    return path
