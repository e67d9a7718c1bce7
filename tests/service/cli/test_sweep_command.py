"""``umbrella sweep`` through the command line: what it writes, and bad input refused at once
(exit 2, one line naming the field, nothing written)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from dask_cluster import free_port
from rasterio.io import MemoryFile
from sweep_scenario import sweep_document
from typer.testing import CliRunner

from umbrella.service.cli.main import app

runner = CliRunner()
DRAWS = 24


def _write(tmp_path: Path, document: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document or sweep_document()))
    return path


def _class(share: float) -> str:
    return "robust" if share >= 0.95 else "exposed" if share <= 0.05 else "contested"


def test_sweep_writes_each_phase_and_prints_the_table(tmp_path: Path, dask_scheduler: str) -> None:
    out = tmp_path / "out"
    arguments = ["sweep", str(_write(tmp_path)), "--draws", str(DRAWS), "--seed", "3"]
    result = runner.invoke(app, [*arguments, "--scheduler", dask_scheduler, "-o", str(out)])
    assert result.exit_code == 0, result.output
    for text in ("targets robust", "targets contested", "MW meeting % P5 / P50 / P95"):
        assert text in result.stdout
    summary = json.loads((out / "summary.json").read_text())
    sweep = summary["umbrella"]["sweep"]
    assert (sweep["draws"], sweep["seed"]) == (DRAWS, 3)
    assert {a["name"] for a in sweep["assumptions"]} == {
        "tiers.short.range_km",
        "tiers.medium.range_km",
        "tiers.medium.min_range_km",
        "tiers.short.availability",
        "tiers.medium.availability",
        "tiers.long.availability",
    }
    for phase in summary["phases"]:
        folder = out / f"day-{phase['day']:03d}"
        targets = json.loads((folder / "targets.geojson").read_text())["features"]
        shares = [f["properties"]["share_meeting"] for f in targets]
        assert all(round(share * DRAWS) == share * DRAWS for share in shares)
        assert [f["properties"]["robustness"] for f in targets] == [_class(s) for s in shares]
        counted = [phase[name] for name in ("robust", "contested", "exposed")]
        assert counted == [
            sum(_class(s) == name for s in shares) for name in ("robust", "contested", "exposed")
        ]
        mw = phase["energy_mw_meeting"]
        assert 0 <= mw["p5"] <= mw["p50"] <= mw["p95"] <= mw["total"]
        with (folder / "regions.csv").open() as stream:
            regions = list(csv.DictReader(stream))
        assert {row["region"] for row in regions} == {"UA-30", "UA-32"}
        tif = (folder / "depth_probability.tif").read_bytes()
        with MemoryFile(tif) as memory, memory.open() as dataset:
            bands = dataset.read()
        inside = bands[~np.isnan(bands)]
        assert bands.shape[0] == 3 and inside.min() >= 0 and inside.max() <= 1
        assert (bands[0][~np.isnan(bands[0])] >= bands[1][~np.isnan(bands[1])]).all()
        areas = json.loads((folder / "depth_probability.geojson").read_text())["features"]
        assert {f["properties"]["depth_at_least"] for f in areas} <= {1, 2, 3}
    again = runner.invoke(app, [*arguments, "--scheduler", dask_scheduler, "-o", str(out)])
    assert again.exit_code == 2 and "already exists" in again.output


def _bad_tier(document: dict[str, Any]) -> None:
    document["tiers"]["short"]["range_km"] = {"min": 30, "nominal": 20, "max": 40}


def _bad_availability(document: dict[str, Any]) -> None:
    document["tiers"]["long"]["availability"] = 1.5


@pytest.mark.parametrize(
    ("change", "options", "expected"),
    [
        (_bad_tier, [], "tiers.short.range_km.min: must be <= nominal (20), got 30"),
        (_bad_availability, [], "tiers.long.availability: must be <= 1, got 1.5"),
        (None, ["--draws", "0"], "draws: must be between 1 and 1,000,000, got 0"),
        (None, ["--draws", "1000001"], "draws: must be between 1 and 1,000,000"),
        (None, ["--seed", "-1"], "seed: must be between 0"),
        (None, ["--scheduler", "tcp://127.0.0.1:{port}"], "scheduler: cannot be reached"),
        (None, ["--scheduler", "nowhere"], "scheduler: must be tcp://HOST:PORT"),
        (None, ["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "workers: give either"),
        (None, ["--workers", "0"], "workers: must be between 1 and"),
        (None, ["--phase", "45"], "phase: must be one of the phase days [0, 30], got 45"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None] | None,
    options: list[str],
    expected: str,
) -> None:
    document = sweep_document()
    if change is not None:
        change(document)
    out = tmp_path / "out"
    options = [option.format(port=free_port()) for option in options]
    arguments = ["sweep", str(_write(tmp_path, document)), "--draws", "5", *options]
    result = runner.invoke(app, [*arguments, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scenario.yaml"]


def test_a_sweep_is_a_folder(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["sweep", str(_write(tmp_path)), "--draws", "5", "-o", str(tmp_path / "x.gpkg")]
    )
    assert result.exit_code == 2
    assert "out: a sweep is a folder" in result.output
