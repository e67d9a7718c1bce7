"""``umbrella layers``: list, export to each format and read back, bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from typer.testing import CliRunner

from umbrella.layers import LAYERS, load_layer, loading
from umbrella.service.cli.main import app

runner = CliRunner()


def test_list_prints_every_layer_with_its_count() -> None:
    result = runner.invoke(app, ["layers", "list"])
    assert result.exit_code == 0, result.output
    for name in LAYERS:
        assert name in result.output
    assert f"{len(load_layer('countries')):,}" in result.output
    assert "CC BY 4.0" in result.output


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".parquet"])
def test_export_writes_the_filtered_layer_in_the_suffix_format(tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"crimea{suffix}"
    args = ["layers", "export", "cities", "--region", "UA-43", "-o", str(output)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    back = gpd.read_parquet(output) if suffix == ".parquet" else gpd.read_file(output)
    expected = load_layer("cities", region="UA-43")
    assert len(back) == len(expected) > 0
    assert sorted(back["geonameid"]) == sorted(expected["geonameid"])
    assert back.crs is not None and back.crs.to_epsg() == 4326


def test_geojson_export_is_rfc7946(tmp_path: Path) -> None:
    output = tmp_path / "ua43.geojson"
    args = ["layers", "export", "regions", "--region", "UA-43", "-o", str(output)]
    args += ["--worldview", "de_facto", "--bbox", "32,44,37,46.5"]
    assert runner.invoke(app, args).exit_code == 0
    document = json.loads(output.read_text())
    assert "crs" not in document  # RFC 7946: always lon/lat WGS84
    (feature,) = document["features"]
    assert feature["properties"]["adm0_a3"] == "RUS"
    for polygon in feature["geometry"]["coordinates"]:
        exterior = polygon[0]
        assert shapely.is_ccw(shapely.LinearRing(exterior))
        lon, lat = exterior[0]
        assert 32 < lon < 37 and 44 < lat < 46.5


@pytest.mark.parametrize(
    ("args", "value"),
    [
        (["layers", "export", "towns", "-o", "x.geojson"], "towns"),
        (["layers", "export", "cities", "--region", "ZZZ", "-o", "x.geojson"], "ZZZ"),
        (["layers", "export", "cities", "--worldview", "moon", "-o", "x.geojson"], "moon"),
        (["layers", "export", "cities", "--bbox", "1,2,x,4", "-o", "x.geojson"], "1,2,x,4"),
        (["layers", "export", "cities", "-o", "x.shp"], "x.shp"),
        (["layers", "export", "cities", "-o", "no-such-folder/x.geojson"], "--output"),
        (["layers", "list", "--worldview", "moon"], "moon"),
        (["layers", "build", "--from", "no-such-folder", "--out", "out"], "no-such-folder"),
    ],
)
def test_bad_input_exits_2_naming_the_value(
    args: list[str], value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert value in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.geojson").exists()


@pytest.mark.parametrize("output", ["no-such-folder/x.geojson", "folder.geojson"])
def test_an_unwritable_output_exits_2_before_loading(
    output: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_loading(*args: object, **kwargs: object) -> None:
        pytest.fail("bad output must be reported before the layer is loaded")

    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.geojson").mkdir()
    monkeypatch.setattr(loading, "load_layer", no_loading)  # the command imports it when run
    result = runner.invoke(app, ["layers", "export", "cities", "-o", output])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --output: ")
    assert output in result.stderr
    assert "Traceback" not in result.output
    assert list((tmp_path / "folder.geojson").iterdir()) == []
