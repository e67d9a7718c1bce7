"""Exports in the format their suffix names, read back with geopandas and the standard library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from umbrella.layers.errors import ExportFormatError
from umbrella.layers.export import write_export

FRAME = gpd.GeoDataFrame(
    {"name": ["a", "b"], "n": [1, 2]},
    geometry=[shapely.Point(30.5, 50.4), shapely.box(20, 40, 21, 41)],
    crs=4326,
)


def _same(back: gpd.GeoDataFrame) -> None:
    assert list(back["name"]) == ["a", "b"] and list(back["n"]) == [1, 2]
    assert all(shapely.equals(back.geometry.to_numpy(), FRAME.geometry.to_numpy()))


@pytest.mark.parametrize("suffix", [".geojson", ".JSON"])
def test_geojson_by_suffix(tmp_path: Path, suffix: str) -> None:
    path = write_export(FRAME, tmp_path / f"out{suffix}", "cities")
    document = json.loads(path.read_text())
    assert document["type"] == "FeatureCollection" and len(document["features"]) == 2
    _same(gpd.read_file(path))


def test_geoparquet_by_suffix(tmp_path: Path) -> None:
    path = write_export(FRAME, tmp_path / "out.parquet", "cities")
    assert path.read_bytes()[:4] == b"PAR1"
    _same(gpd.read_parquet(path))


def test_geopackage_has_one_table_named_after_the_layer(tmp_path: Path) -> None:
    path = write_export(FRAME, tmp_path / "out.gpkg", "cities")
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT table_name FROM gpkg_contents")]
    assert tables == ["cities"]
    _same(gpd.read_file(path, layer="cities"))


def test_an_unknown_suffix_is_refused_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(ExportFormatError) as raised:
        write_export(FRAME, tmp_path / "out.shp", "cities")
    assert raised.value.value == str(tmp_path / "out.shp")
    assert list(tmp_path.iterdir()) == []
