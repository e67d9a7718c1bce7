"""``umbrella analyze`` and ``umbrella scenario`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
import yaml
from typer.testing import CliRunner

from umbrella.coverage.scenario import parse_scenario, scenario_hash
from umbrella.layers import load_layer
from umbrella.service.cli.main import app

runner = CliRunner()


def _small_scenario() -> dict[str, Any]:
    return {
        "name": "Kyiv oblast check",
        "regions": ["UA-32"],
        "tiers": {"short": {"range_km": 30}, "medium": {"range_km": 120, "min_range_km": 3}},
        "phases": [{"day": 0, "label": "start"}, {"day": 90, "label": "later"}],
        "assets": [
            {"id": "m1", "tier": "medium", "location": "Kyiv, UA"},
            {"id": "s1", "tier": "short", "location": [30.3, 50.2], "from_day": 90},
        ],
        "depots": [{"id": "d1", "location": "Rzeszow, PL"}],
        "resupply_radius_km": 500,
        "corridors": [{"id": "c1", "waypoints": ["Zhytomyr, UA", "Kyiv, UA"], "width_km": 10}],
        "targets": [
            {"id": "energy", "layer": "energy", "min_depth": 1},
            {"id": "cities", "layer": "cities", "min_population": 20_000},
        ],
        "grid_cell_km": 20,
    }


def _expected_target_ids() -> list[str]:
    """The small scenario's targets, selected here: Kyiv oblast's plants and its towns of 20,000."""
    regions = load_layer("regions")
    oblast = regions[regions["iso_3166_2"] == "UA-32"].geometry.union_all()
    ids = []
    for layer, column, prefix in (("energy", "id", "energy"), ("cities", "geonameid", "cities")):
        frame = load_layer(layer)
        if layer == "cities":
            frame = frame[frame["population"] >= 20_000]
        inside = shapely.contains_xy(oblast, frame.geometry.x, frame.geometry.y)
        ids += [f"{prefix}:{value}" for value in frame[column][inside]]
    return sorted(ids)


def _write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def test_analyze_writes_a_folder_per_phase_and_prints_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["analyze", str(_write(tmp_path, _small_scenario())), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Kyiv oblast check" in result.stdout and "NOTIONAL" in result.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["umbrella"]["scenario_hash"] == scenario_hash(parse_scenario(_small_scenario()))
    assert [(p["day"], p["assets_in_place"]) for p in summary["phases"]] == [(0, 1), (90, 2)]
    for day, folder in ((0, "day-000"), (90, "day-090")):
        targets = gpd.read_file(out / folder / "targets.geojson")
        assert sorted(targets["id"]) == _expected_target_ids()
        with rasterio.open(out / folder / "depth.tif") as grid:
            assert grid.tags()["phase_day"] == str(day)
            values = set(np.unique(grid.read(1)).tolist()) - {grid.nodata}
        assert values == ({0, 1} if day == 0 else {0, 1, 2})


def test_analyze_one_phase_to_geopackage(tmp_path: Path) -> None:
    out = tmp_path / "result.gpkg"
    scenario = _write(tmp_path, _small_scenario())
    result = runner.invoke(app, ["analyze", str(scenario), "--phase", "90", "-o", str(out)])
    assert result.exit_code == 0, result.output
    targets = gpd.read_file(out, layer="day090_targets")
    assert sorted(targets["id"]) == _expected_target_ids()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["assets"][0].update(range_km="far"), "assets[0].range_km: must be a number"),
        (lambda d: d.pop("tiers"), "tiers: is required"),
        (
            lambda d: d["assets"][0].update(range_km=-5),
            "assets[0].range_km: must be >= 0.001, got -5",
        ),
        (lambda d: d["assets"][1].update(location=[30, 91]), "assets[1].location: lat must be in"),
        (
            lambda d: d.update(
                no_go=[
                    {
                        "id": "z",
                        "polygon": {
                            "type": "Polygon",
                            "coordinates": [[[30, 50], [31, 51], [31, 50], [30, 51], [30, 50]]],
                        },
                    }
                ]
            ),
            "no_go[0].polygon: polygon is invalid: Self-intersection",
        ),
        (
            lambda d: d["assets"][0].update(location="Kyivv"),
            "assets[0].location: is not a known place",
        ),
        (lambda d: d.update(regions=["UA-99"]), "regions[0]: unknown country"),
    ],
)
def test_bad_scenario_exits_2_naming_the_field_and_writes_nothing(
    tmp_path: Path, change: Any, expected: str
) -> None:
    document = _small_scenario()
    change(document)
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(_write(tmp_path, document)), "-o", str(out)])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_unknown_phase_exits_2(tmp_path: Path) -> None:
    scenario = _write(tmp_path, _small_scenario())
    result = runner.invoke(
        app, ["analyze", str(scenario), "--phase", "45", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "phase: must be one of the phase days [0, 90], got 45" in result.output


def test_missing_scenario_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output


def test_scenario_example_and_schema(tmp_path: Path) -> None:
    out = tmp_path / "example.json"
    assert runner.invoke(app, ["scenario", "example", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["regions"] == ["UKR"]
    schema = runner.invoke(app, ["scenario", "schema"])
    assert schema.exit_code == 0
    assert "assets" in json.loads(schema.stdout)["properties"]
