"""``umbrella site`` through the command line: the proposal, the tables, and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from umbrella.coverage.scenario import load_scenario
from umbrella.service.cli.main import app

runner = CliRunner()


def _scenario() -> dict[str, Any]:
    return {
        "name": "Kyiv oblast siting",
        "regions": ["UA-32"],
        "tiers": {"short": {"range_km": 30}, "medium": {"range_km": 120, "min_range_km": 3}},
        "phases": [{"day": 0}, {"day": 90}],
        "assets": [{"id": "m1", "tier": "medium", "location": "Kyiv, UA"}],
        "depots": [{"id": "d1", "location": "Zhytomyr, UA"}],
        "resupply_radius_km": 300,
        "targets": [
            {"id": "energy", "layer": "energy", "min_depth": 2},
            {"id": "cities", "layer": "cities", "min_population": 20_000, "min_depth": 2},
        ],
    }


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(_scenario()))
    return path


def test_site_writes_the_proposal_and_prints_the_tables(tmp_path: Path) -> None:
    out = tmp_path / "proposed.yaml"
    arguments = ["site", str(_write(tmp_path)), "--tier", "short", "--add", "2"]
    result = runner.invoke(app, [*arguments, "--candidates", "grid:20", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for text in ("population meeting requirement", "Proposed sites", "optimal", "(equal)"):
        assert text in result.stdout
    proposed = load_scenario(out)
    added = [asset for asset in proposed.assets if asset.proposed is not None]
    assert [asset.proposed.rank for asset in added if asset.proposed] == [1, 2]
    assert all(asset.id.startswith("proposed-short-") for asset in added)


def test_site_writes_json_for_a_json_file(tmp_path: Path) -> None:
    out = tmp_path / "proposed.json"
    arguments = ["site", str(_write(tmp_path)), "--tier", "medium", "--add", "1"]
    result = runner.invoke(app, [*arguments, "--candidates", "cities", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["assets"][-1]["proposed"]["rank"] == 1


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["--tier", "huge", "--add", "2"], "tier"),
        (["--tier", "short", "--add", "0"], "add"),
        (["--tier", "short", "--add", "2", "--candidates", "grid:0.5"], "candidates"),
        (["--tier", "short", "--add", "2", "--phase", "7"], "phase"),
        (["--tier", "short", "--add", "2", "--weights", "energy"], "weights"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    tmp_path: Path, options: list[str], field: str
) -> None:
    out = tmp_path / "proposed.yaml"
    result = runner.invoke(app, ["site", str(_write(tmp_path)), *options, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"error: {field}:" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_candidate_file_outside_the_region_exits_2(tmp_path: Path) -> None:
    sites = tmp_path / "sites.geojson"
    sites.write_text(json.dumps({"type": "Point", "coordinates": [24.0, 49.8]}))
    out = tmp_path / "proposed.yaml"
    options = ["--tier", "short", "--add", "1", "--candidates", str(sites)]
    result = runner.invoke(app, ["site", str(_write(tmp_path)), *options, "-o", str(out)])
    assert result.exit_code == 2
    assert "error: candidates.features[0]: lies outside the scenario's regions" in result.stderr
    assert not out.exists()


def test_an_output_folder_that_does_not_exist_exits_2_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "proposed.yaml"
    options = ["--tier", "short", "--add", "1"]
    result = runner.invoke(app, ["site", str(_write(tmp_path)), *options, "-o", str(out)])
    assert result.exit_code == 2
    assert "error: --out:" in result.stderr
