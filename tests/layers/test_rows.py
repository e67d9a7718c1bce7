"""Layer rows without pandas agree with the GeoDataFrames pandas makes of the same rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import shapely

from umbrella.layers import load_layer
from umbrella.layers.rows import LayerRows, load_rows

BBOX = (20.0, 42.0, 42.0, 57.0)


def _rows(key: list[float | None]) -> LayerRows:
    points = shapely.points(np.arange(len(key)), np.zeros(len(key)))
    table = pa.table({"key": pa.array(key, pa.float64()), "geometry": shapely.to_wkb(points)})
    return LayerRows.of(table)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("seed", range(5))
def test_sorted_rows_are_in_pandas_stable_order_missing_last(seed: int, descending: bool) -> None:
    rng = np.random.default_rng(seed)
    key = [None if rng.random() < 0.2 else float(rng.integers(0, 5)) for _ in range(40)]
    rows = _rows(key)
    expected = pd.Series(key, dtype=float).sort_values(
        ascending=not descending, kind="stable", na_position="last"
    )
    ordered = rows.sorted_by("key", descending=descending)
    assert shapely.get_x(ordered.geometry).astype(int).tolist() == expected.index.tolist()
    assert ordered.table["geometry"].to_pylist() == [
        rows.table["geometry"][i].as_py() for i in expected.index
    ]


def test_rows_kept_by_a_mask_keep_their_geometries() -> None:
    rows = _rows([3.0, None, 1.0, 2.0])
    kept = rows.where(np.array([True, False, False, True]))
    assert len(kept) == 2
    assert shapely.get_x(kept.geometry).tolist() == [0.0, 3.0]
    assert kept["key"].tolist() == [3.0, 2.0]


@pytest.mark.parametrize("name", ["countries", "energy", "seas"])
def test_loaded_rows_equal_the_loaded_frame(name: str) -> None:
    rows = load_rows(name, bbox=BBOX)
    frame = load_layer(name, bbox=BBOX)
    assert len(rows) == len(frame) > 0
    assert shapely.equals_exact(rows.geometry, frame.geometry.to_numpy(), tolerance=0).all()
    for column in frame.columns.drop("geometry"):
        mine, theirs = rows[column], frame[column].to_numpy()
        if theirs.dtype.kind == "O":
            assert [None if pd.isna(v) else v for v in theirs] == mine.tolist(), column
        else:
            np.testing.assert_array_equal(mine, theirs, err_msg=column)
