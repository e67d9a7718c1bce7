"""CSV files that a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets run a cell whose text begins with ``=``, ``+``, ``-`` or
``@`` as a formula (and a leading tab or carriage return can hide such a start), so a target
named ``=HYPERLINK("http://...")`` would become a live link, or worse, in the analyst's
spreadsheet. ``safe_cell`` prefixes such text with an apostrophe, which spreadsheets read as
"this is text" and do not show. Numbers are numbers and stay as they are (``-3.5`` is data);
only text is changed. Every CSV the project writes goes through ``write_csv``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

__all__ = ["FORMULA_STARTS", "safe_cell", "write_csv"]

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a text cell as a formula."""


def safe_cell(value: object) -> object:
    """The value, with text that a spreadsheet would run as a formula prefixed by ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> Path:
    """Write rows (column -> value) as a UTF-8 CSV with a header, every cell through
    ``safe_cell``; the path."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows([safe_cell(row.get(column, "")) for column in columns] for row in rows)
    return path
