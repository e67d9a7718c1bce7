"""``umbrella result schema`` and the summary table that ``umbrella analyze`` prints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from typer.testing import CliRunner

from umbrella.service.cli.main import app

runner = CliRunner()


def test_result_schema_prints_a_valid_json_schema() -> None:
    result = runner.invoke(app, ["result", "schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    share = schema["properties"]["phases"]["items"]["properties"]["population_share_meeting"]
    assert share["unit"] == "fraction (0-1)"


_SCENARIO = {
    "name": "table check",
    "regions": ["UA-32"],
    "tiers": {"short": {"range_km": 30}},
    "assets": [{"id": "s1", "tier": "short", "location": [30.3, 50.2]}],
    "targets": [{"id": "towns", "layer": "cities", "min_population": 30_000}],
    "grid_cell_km": 20,
}


def test_analyze_prints_what_each_row_counts_and_writes_a_summary_of_that_schema(
    tmp_path: Path,
) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(_SCENARIO))
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(path), "-o", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "what it counts" in result.stdout
    assert "each settlement once" in result.stdout
    assert "target set towns" in result.stdout
    schema = json.loads(runner.invoke(app, ["result", "schema"]).stdout)
    jsonschema.validate(json.loads((out / "summary.json").read_text()), schema)


def test_on_a_narrow_terminal_the_table_keeps_the_figures_and_points_to_the_schema(
    tmp_path: Path,
) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(_SCENARIO))
    result = runner.invoke(
        app, ["analyze", str(path), "-o", str(tmp_path / "out")], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    assert "what it counts" not in result.stdout
    assert "each settlement once" not in result.stdout
    assert "umbrella result schema" in result.stdout
    # every figure row still on one line: label first, the phase's value last
    row = next(line for line in result.stdout.splitlines() if "population counted" in line)
    assert row.rstrip().rstrip("│").strip().endswith("people")
