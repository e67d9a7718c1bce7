"""Columns converted at once give, value by value, what converting each value alone gives.

The oracles: the standard library's ``json.dumps`` of the value made JSON-ready one at a time
(``plain_value``, the rule the writers document: tuples as lists, numpy scalars as Python ones,
non-finite numbers as null), the csv module, and values written out here by hand.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from umbrella.coverage.columns import (
    ConvertedBefore,
    csv_column,
    csv_value,
    json_cells,
    plain_column,
    plain_value,
    table_column,
    table_value,
)
from umbrella.coverage.csv_cells import safe_cell, safe_column, write_csv_columns
from umbrella.coverage.geojson_text import collection_text

FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, 30.523457, -179.999999]
)
TEXTS = st.text() | st.sampled_from(["=1+1", "-2", "Kyiv — Київ", 'say "hi"\n', "\\", "a], [b"])
SCALARS = [
    TEXTS,
    st.integers(),
    st.booleans(),
    FLOATS,
    st.none(),
    st.tuples(TEXTS, TEXTS),
    st.lists(TEXTS, max_size=3).map(tuple),
    st.lists(FLOATS, max_size=3).map(tuple),
    st.lists(st.integers(), max_size=3).map(tuple),
    st.builds(np.float64, FLOATS),
    st.builds(np.int64, st.integers(-(2**62), 2**62)),
    st.builds(np.bool_, st.booleans()),
    st.dictionaries(TEXTS, FLOATS, max_size=2),
]
# a column of one kind (what outputs hold) or of any mix (every other path)
COLUMNS = st.one_of(*(st.lists(kind, max_size=8) for kind in SCALARS)) | st.lists(
    st.one_of(*SCALARS), max_size=8
)


def _json(value: object) -> str:
    return json.dumps(plain_value(value), ensure_ascii=False, allow_nan=False)


def _same(got: list[Any], expected: list[Any]) -> None:
    """Equal values of equal types (so 0.0 is not -0.0, and 1 is not True or 1.0)."""
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert type(a) is type(b) and repr(a) == repr(b)


@given(COLUMNS)
def test_json_cells_are_what_json_writes_of_each_value(values: list[Any]) -> None:
    assert json_cells(values) == [_json(value) for value in values]


@given(COLUMNS)
def test_plain_csv_and_table_columns_are_their_values_one_by_one(values: list[Any]) -> None:
    _same(plain_column(values), [plain_value(value) for value in values])
    _same(list(csv_column(values)), [csv_value(value) for value in values])
    _same(list(csv_column(values, json_cells(values))), [csv_value(value) for value in values])
    _same(list(table_column(values)), [table_value(value) for value in values])


def test_values_written_by_hand() -> None:
    floats = [1.5, math.inf, -math.inf, math.nan, -0.0, 1e16, 1e-7]
    assert json_cells(floats) == ["1.5", "null", "null", "null", "-0.0", "1e+16", "1e-07"]
    assert list(csv_column(floats)) == [1.5, "", "", "", -0.0, 1e16, 1e-7]
    assert plain_column(floats)[1:4] == [None, None, None]
    distances = [(12.5, math.inf), (), (3.0,)]
    assert json_cells(distances) == ["[12.5, null]", "[]", "[3.0]"]
    assert plain_column(distances) == [[12.5, None], [], [3.0]]
    assets = [("a1", "a2"), (), ('say "hi"', "Київ")]
    assert json_cells(assets) == ['["a1", "a2"]', "[]", '["say \\"hi\\"", "Київ"]']
    assert list(csv_column(assets)) == ["a1;a2", "", 'say "hi";Київ']
    assert list(table_column(assets)) == ['["a1", "a2"]', "[]", '["say \\"hi\\"", "Київ"]']
    assert json_cells([np.float64(2.5), np.int64(3), np.bool_(True)]) == ["2.5", "3", "true"]
    assert json_cells([True, False]) == ["true", "false"]
    # equal, yet written otherwise: never converted as one
    assert json_cells([(0.0,), (-0.0,)]) == ["[0.0]", "[-0.0]"]
    assert json_cells([(1,), (True,), (1.0,)]) == ["[1]", "[true]", "[1.0]"]
    assert list(csv_column([(1,), (True,)])) == ["1", "True"]


@given(st.lists(TEXTS | st.integers() | FLOATS | st.none(), max_size=8))
def test_safe_column_is_safe_cell_of_each_value(values: list[Any]) -> None:
    _same(list(safe_column(values)), [safe_cell(value) for value in values])


def test_formula_text_in_a_column_is_neutralised_and_numbers_are_not(tmp_path: Path) -> None:
    class Name(str):
        """Text of a type of its own: still text to a spreadsheet."""

    path = write_csv_columns(
        tmp_path / "t.csv",
        ["name", "weight", "assets"],
        [["=HYPERLINK(1)", "Kyiv", Name("@SUM(1)")], [-3.5, 2, math.nan], ["a1;a2", "", "+a"]],
    )
    with path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows == [
        ["name", "weight", "assets"],
        ["'=HYPERLINK(1)", "-3.5", "a1;a2"],
        ["Kyiv", "2", ""],
        ["'@SUM(1)", "nan", "'+a"],
    ]


def test_columns_of_different_lengths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_csv_columns(tmp_path / "t.csv", ["a", "b"], [[1, 2], [1]])


CSV_CELLS = [TEXTS, st.integers(), st.booleans(), FLOATS, st.none(), st.builds(np.float64, FLOATS)]
CSV_COLUMN = st.one_of(*CSV_CELLS, st.one_of(*CSV_CELLS))  # one kind, or any mix


@settings(deadline=None)  # a file per example: a busy machine's pauses are not tested
@given(st.lists(TEXTS, max_size=4), st.integers(0, 5), st.data())
def test_csv_columns_are_what_the_csv_writer_writes_of_their_rows(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: int, data: st.DataObject
) -> None:
    columns = [
        data.draw(
            st.lists(
                data.draw(st.sampled_from(CSV_CELLS) | st.just(CSV_COLUMN)),
                min_size=rows,
                max_size=rows,
            )
        )
        for _ in header
    ]
    path = write_csv_columns(tmp_path_factory.mktemp("csv") / "t.csv", header, columns)
    expected = io.StringIO(newline="")
    writer = csv.writer(expected)
    writer.writerow(header)
    writer.writerows(zip(*map(safe_column, columns), strict=True))
    assert path.read_bytes() == expected.getvalue().encode("utf-8")


def test_a_column_of_the_same_objects_is_converted_once() -> None:
    calls: list[list[object]] = []

    def convert(values: list[object]) -> list[str]:
        calls.append(values)
        return json_cells(values)

    before = ConvertedBefore()
    names = ["Kyiv", "Lviv"]
    first = before.column("name", names, convert)
    assert before.column("name", list(names), convert) is first  # the same objects, anew
    assert len(calls) == 1
    # equal values that are other objects convert anew: 0.0 == -0.0, yet they read otherwise
    assert before.column("x", [0.0], convert) == ["0.0"]
    assert before.column("x", [-0.0], convert) == ["-0.0"]
    assert before.column("name", names[:1], convert) == ['"Kyiv"']
    assert len(calls) == 4


@given(
    st.lists(
        st.tuples(
            st.none()
            | st.builds(
                lambda x, y: {"type": "Point", "coordinates": [x, y]},
                FLOATS.filter(math.isfinite),
                FLOATS.filter(math.isfinite),
            ),
            st.lists(st.integers() | TEXTS | FLOATS.filter(math.isfinite), min_size=3, max_size=3),
        ),
        max_size=5,
    )
)
def test_collection_text_is_what_json_writes_of_the_collection(
    features: list[tuple[dict[str, Any] | None, list[Any]]],
) -> None:
    names = ["id", 'odd "name" {0} %s', "Київ"]
    head = {"type": "FeatureCollection", "name": "targets", "umbrella": {"notional": True}}
    collection = {
        **head,
        "features": [
            {"type": "Feature", "geometry": shape, "properties": dict(zip(names, row, strict=True))}
            for shape, row in features
        ],
    }
    geometries = [json.dumps(shape) for shape, _ in features]
    cells = {
        name: [json.dumps(row[i], ensure_ascii=False) for _, row in features]
        for i, name in enumerate(names)
    }
    expected = json.dumps(collection, ensure_ascii=False, allow_nan=False)
    assert collection_text(head, geometries, cells) == expected
    no_properties = {**head, "features": [{**f, "properties": {}} for f in collection["features"]]}
    assert collection_text(head, geometries, {}) == json.dumps(no_properties, ensure_ascii=False)
