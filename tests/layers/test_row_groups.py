"""Rows read from the row groups holding them equal the same rows of the whole file.

The oracle reads each bundled file whole with pyarrow (every row, the worldview tag included)
and keeps a worldview's rows (tagged ``all`` or with its name) itself; the layer files are
written in row groups (``build_io.write_layer``) so that a few rows are read without the rest.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from umbrella.layers.build_io import ROW_GROUP_BYTES, write_layer
from umbrella.layers.catalogue import layer_path
from umbrella.layers.loading import _LayerFile, layer_rows, layer_table, take_rows

TAG = "worldview"
LAYERS_READ = ["regions", "countries", "cities", "energy", "borders", "airports"]


@cache
def _file(name: str) -> pa.Table:
    return pq.ParquetFile(layer_path(name)).read()


@cache
def _view(name: str, worldview: str) -> pa.Table:
    table = _file(name)
    if TAG not in table.column_names:
        return table
    tags = table[TAG].to_pylist()
    keep = pa.array([tag in ("all", worldview) for tag in tags])
    return table.filter(keep).drop_columns([TAG])


def _same(got: pa.Table, expected: pa.Table) -> None:
    assert got.schema.equals(expected.schema, check_metadata=True)
    assert got.equals(expected)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("name", LAYERS_READ)
@pytest.mark.parametrize("worldview", ["un", "de_facto"])
def test_rows_taken_equal_the_view_s_rows(name: str, worldview: str, data: st.DataObject) -> None:
    view = _view(name, worldview)
    rows = data.draw(st.lists(st.integers(0, view.num_rows - 1), max_size=40), label="rows")
    columns = data.draw(
        st.none() | st.lists(st.sampled_from(view.column_names), min_size=1, unique=True),
        label="columns",
    )
    expected = view.take(pa.array(rows, pa.int64()))
    if columns is not None:
        expected = expected.select(columns)
    _same(take_rows(name, rows, worldview, columns), expected)


@settings(max_examples=15, deadline=None)
@given(
    takes=st.lists(
        st.tuples(st.lists(st.integers(0, 4_000), max_size=60), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_a_fresh_file_answers_alike_from_parts_and_whole_columns(
    takes: list[tuple[list[int], bool]],
) -> None:
    """Successive questions to one file: some from parts read before, some after a column was
    read whole; every answer is the file's rows."""
    whole = _file("regions")
    file = _LayerFile(layer_path("regions"))
    for rows, read_whole in takes:
        if read_whole:
            file.columns(["iso_3166_2"])
        at = np.asarray(rows, dtype=np.int64)
        names = ["iso_3166_2", "geometry", "adm0_a3"]
        got = file.take(at, names)
        for name, column in zip(names, got, strict=True):
            assert column.equals(whole[name].take(pa.array(at, pa.int64())))


def test_threads_reading_one_file_at_once_get_the_file_s_rows() -> None:
    whole = _file("cities")
    file = _LayerFile(layer_path("cities"))
    draws = np.random.default_rng(7).integers(0, whole.num_rows, size=(16, 50))

    def read(rows: np.ndarray) -> bool:
        (got,) = file.take(rows, ["geometry"])
        return bool(got.equals(whole["geometry"].take(pa.array(rows))))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(read, draws))


@pytest.mark.parametrize("worldview", ["un", "de_facto"])
def test_whole_tables_and_unfiltered_rows_equal_the_view(worldview: str) -> None:
    for name in ("countries", "cities", "seas"):
        _same(layer_table(name, worldview), _view(name, worldview))
        _same(layer_rows(name, worldview=worldview), _view(name, worldview))


def test_bundled_layers_with_much_data_are_written_in_row_groups() -> None:
    for name in ("regions", "countries", "cities"):
        metadata = pq.read_metadata(layer_path(name))
        assert metadata.num_row_groups > 1
        rows = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
        assert len(set(rows[:-1])) == 1 and rows[-1] <= rows[0]  # the file's order, cut evenly


def test_written_layers_keep_their_rows_in_groups_of_about_the_target_size(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    count = 3_000
    centres = shapely.points(rng.uniform(-170, 170, count), rng.uniform(-80, 80, count))
    frame = gpd.GeoDataFrame(
        {"name": [f"feature {i}" for i in range(count)], "size": rng.integers(0, 9, count)},
        geometry=shapely.buffer(centres, 1.0, quad_segs=rng.integers(1, 40)),
        crs="EPSG:4326",
    )
    path = write_layer(frame, tmp_path / "shapes.parquet")
    read = gpd.read_parquet(path)
    assert read.drop(columns="geometry").equals(frame.drop(columns="geometry"))
    assert shapely.equals_exact(read.geometry.to_numpy(), frame.geometry.to_numpy(), 0).all()
    size = pa.table(frame.to_arrow(index=False, geometry_encoding="WKB")).nbytes
    groups = pq.read_metadata(path).num_row_groups
    assert abs(groups - size / ROW_GROUP_BYTES) <= 1
