"""``umbrella analyze`` and ``umbrella scenario`` through the command line."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
import yaml
from typer.testing import CliRunner

from umbrella.coverage import analysis
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
        # Too small to draw: ring drawing used to halve segments until memory ran out.
        (lambda d: d["assets"][0].update(range_km=1e-12), "assets[0].range_km: must be >= 0.001"),
        (lambda d: d["assets"][0].update(range_km=5e-324), "assets[0].range_km: must be >= 0.001"),
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


@pytest.mark.parametrize(
    ("name", "make", "overwrite", "expected"),
    [
        ("out.xyz", None, False, "--out: must end in .gpkg or .parquet, or be a folder name"),
        ("absent/out", None, False, "--out: its folder does not exist"),
        ("out", "folder", False, "--out: already exists (give --overwrite to replace it)"),
        ("out.gpkg", "file", False, "--out: already exists (give --overwrite to replace it)"),
        ("out", "folder", True, "--out: is a folder that umbrella did not write"),
    ],
)
def test_a_bad_output_exits_2_before_any_work(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    make: str | None,
    overwrite: bool,
    expected: str,
) -> None:
    def no_analysis(*args: object, **kwargs: object) -> None:
        pytest.fail("a bad output must be reported before the analysis")

    monkeypatch.setattr(analysis, "analyze", no_analysis)  # the command imports it when run
    out = tmp_path / name
    if make == "folder":
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    elif make == "file":
        out.write_text("mine")
    args = ["analyze", str(_write(tmp_path, _small_scenario())), "-o", str(out)]
    result = runner.invoke(app, [*args, "--overwrite"] if overwrite else args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()  # one line, no progress bar above it
    assert line.startswith(f"error: {expected}") and line.endswith(f"got {str(out)!r}")
    assert result.stdout == ""
    assert not (tmp_path / "out.xyz").exists()


def _screen(written: bytes) -> list[str]:
    """The lines a terminal shows after ``written``: text, CR, LF, erase-line and cursor-up."""
    lines, row, column = [""], 0, 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+", written.decode()):
        if token == "\n":
            row, column = row + 1, 0
            lines += [""] * (row + 1 - len(lines))
        elif token == "\r":
            column = 0
        elif token == "\x1b[2K":
            lines[row] = ""
        elif token.startswith("\x1b[") and token.endswith("A"):
            row = max(row - int(token[2:-1] or 1), 0)
        elif not token.startswith("\x1b"):
            line = lines[row].ljust(column)
            lines[row] = line[:column] + token + line[column + len(token) :]
            column += len(token)
    return [line.rstrip() for line in lines if line.strip()]


def test_an_error_in_the_analysis_leaves_one_line_on_the_terminal(tmp_path: Path) -> None:
    document = _small_scenario()
    document["assets"][0]["location"] = "Kyivv"  # found unknown once the analysis has started
    main, terminal = pty.openpty()
    command = [str(Path(sys.executable).parent / "umbrella"), "analyze"]
    with subprocess.Popen(
        [*command, str(_write(tmp_path, document)), "-o", str(tmp_path / "out")],
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
    ) as child:
        os.close(terminal)
        written = b""
        while chunk := _read(main):
            written += chunk
        assert child.wait() == 2
    os.close(main)
    screen = _screen(written)
    assert len(screen) == 1, screen
    assert screen[0].startswith("error: assets[0].location: is not a known place")


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the terminal's other end has closed
        return b""


@pytest.mark.parametrize(
    ("name", "text"), [("deep.yaml", "[" * 100_000), ("deep.json", "[" * 100_000)]
)
def test_a_deeply_nested_scenario_file_exits_2_at_once(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = runner.invoke(app, ["analyze", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: is nested too deeply (more than 64 levels")
