"""Records built column by column are the records their constructor makes, one row at a time:
equal, frozen, hashable, replaceable and picklable like them."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from umbrella.coverage.result import TargetCoverage, records_by_column

NAMES = st.text(max_size=6)
NAME_TUPLES = st.lists(NAMES, max_size=3).map(tuple)
ROWS = st.fixed_dictionaries(
    {
        "id": NAMES,
        "target_set": NAMES,
        "name": NAMES,
        "kind": st.sampled_from(["energy", "city", "user"]),
        "weight": st.floats(allow_nan=False),
        "region": NAMES,
        "geometry": st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(
            lambda xy: shapely.Point(*xy)
        ),
        "asset_ids": NAME_TUPLES,
        "asset_distances_km": st.lists(st.floats(0, 1e4), max_size=3).map(tuple),
        "tiers": NAME_TUPLES,
        "depth": st.integers(0, 5),
        "min_depth": st.integers(0, 5),
        "required_tiers": NAME_TUPLES,
        "meets_requirement": st.booleans(),
        "seen_in_bands": NAME_TUPLES,
        "fuel": NAMES,
    }
)


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    names = [field.name for field in dataclasses.fields(TargetCoverage)]
    return {name: [row[name] for row in rows] for name in names}


@settings(max_examples=50, deadline=None)
@given(st.lists(ROWS, max_size=12))
def test_records_by_column_are_the_constructed_records(rows: list[dict[str, Any]]) -> None:
    built = records_by_column(TargetCoverage, _columns(rows))
    expected = tuple(TargetCoverage(**row) for row in rows)
    assert built == expected
    for record, row in zip(built, rows, strict=True):
        assert type(record) is TargetCoverage
        assert all(getattr(record, name) is value for name, value in row.items())
        assert hash(record) == hash(TargetCoverage(**row))
        assert pickle.loads(pickle.dumps(record)) == record
        assert dataclasses.replace(record, depth=7) == TargetCoverage(**{**row, "depth": 7})
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.depth = 7  # type: ignore[misc]


def test_columns_must_be_the_fields_of_one_length() -> None:
    row = {
        "id": "a",
        "target_set": "s",
        "name": "A",
        "kind": "user",
        "weight": 1.0,
        "region": "",
        "geometry": shapely.Point(30, 50),
        "asset_ids": (),
        "asset_distances_km": (),
        "tiers": (),
        "depth": 0,
        "min_depth": 1,
        "required_tiers": (),
        "meets_requirement": False,
        "seen_in_bands": (),
        "fuel": "",
    }
    columns = _columns([row])
    assert records_by_column(TargetCoverage, columns) == (TargetCoverage(**row),)
    with pytest.raises(ValueError, match="are not the fields"):
        records_by_column(TargetCoverage, {k: v for k, v in columns.items() if k != "fuel"})
    with pytest.raises(ValueError, match="different lengths"):
        records_by_column(TargetCoverage, {**columns, "fuel": ["", ""]})
