"""``umbrella analyze --check``: the scorecard in the table and summary.json, and the exit code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from figure_files import png_of
from typer.testing import CliRunner

from umbrella.coverage.summary_schema import summary_schema
from umbrella.service.cli.main import app

runner = CliRunner()
# Assets standing, counted by hand from the scenario below: day 0 one (m1), day 90 two (m1, s1).
ASSETS_BY_DAY = {0: 1, 90: 2}


def _scenario(goals_day_0: list[Any], goals_day_90: list[Any]) -> dict[str, Any]:
    return {
        "name": "check [goals]",
        "regions": ["UA-32"],
        "tiers": {"short": {"range_km": 30}, "medium": {"range_km": 120, "min_range_km": 3}},
        "phases": [
            {"day": 0, "label": "start", "goals": goals_day_0},
            {"day": 90, "label": "later", "goals": goals_day_90},
        ],
        "assets": [
            {"id": "m1", "tier": "medium", "location": [30.52, 50.45]},
            {"id": "s1", "tier": "short", "location": [30.3, 50.2], "from_day": 90},
            {
                "id": "r1",
                "kind": "sensor",
                "location": [30.9, 50.6],
                "range_km": 200,
                "sensor_height_m": 20,
                "from_day": 90,
            },
        ],
        "altitude_bands": {"low": {"altitude_m": 100}},
        "targets": [{"id": "energy", "layer": "energy", "min_depth": 1}],
        "grid_cell_km": 20,
    }


def _run(tmp_path: Path, document: dict[str, Any], *options: str) -> Any:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document))
    arguments = ["analyze", str(path), "-o", str(tmp_path / "out"), *options]
    return runner.invoke(app, arguments, env={"COLUMNS": "300"})


# Goals exactly at their thresholds: >=, <= and == are met there.
MET_AT_EQUALITY = (
    [f"assets_in_place >= {ASSETS_BY_DAY[0]}", "sensors_in_place == 0", "violations <= 0"],
    [f"assets_in_place == {ASSETS_BY_DAY[90]}", "sensors_in_place >= 1"],
)


def test_check_exits_0_when_every_goal_is_met_even_at_its_threshold(tmp_path: Path) -> None:
    result = _run(tmp_path, _scenario(*MET_AT_EQUALITY), "--check")
    assert result.exit_code == 0, result.output
    assert "check: 5 of 5 goals met" in result.stderr
    assert "goal: sensors_in_place" in result.stdout
    assert "check [goals]" in result.stdout
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    jsonschema.validate(summary, summary_schema())
    cards = [phase["scorecard"] for phase in summary["phases"]]
    assert [[goal["met"] for goal in card] for card in cards] == [[True] * 3, [True] * 2]
    assert all(goal["margin"] == 0 for card in cards for goal in card)
    assert [phase["sensors_in_place"] for phase in summary["phases"]] == [0, 1]


def test_check_exits_1_naming_a_goal_missed_at_a_strict_threshold(tmp_path: Path) -> None:
    day_0, day_90 = MET_AT_EQUALITY
    strict = f"assets_in_place > {ASSETS_BY_DAY[90]}"  # equal, so missed
    result = _run(tmp_path, _scenario(day_0, [*day_90, strict]), "--check")
    assert result.exit_code == 1, result.output
    assert "check: 5 of 6 goals met" in result.stderr
    assert "day 90: assets_in_place: 2 MISSED (> 2, +0)" in result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    last = summary["phases"][1]["scorecard"][-1]
    assert (last["goal"], last["value"], last["met"], last["margin"]) == (strict, 2, False, 0)
    assert "goals met" in result.stdout and "2 of 3" in result.stdout


def test_without_check_a_missed_goal_still_exits_0(tmp_path: Path) -> None:
    result = _run(tmp_path, _scenario([], ["air_picture_share[low] >= 0.99"]))
    assert result.exit_code == 0, result.output
    assert "goal: air_picture_share[low]" in result.stdout  # no console markup eats [low]
    assert "MISSED (>= 99%" in result.stdout
    assert "check:" not in result.stderr


def test_check_without_goals_says_so(tmp_path: Path) -> None:
    result = _run(tmp_path, _scenario([], []), "--check")
    assert result.exit_code == 0, result.output
    assert "no goals" in result.stderr


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("air_picture_share[high] >= 0.5", "phases[0].goals[0].of: must be one of the scenario's"),
        ("area_share_covered[long] >= 0.5", "phases[0].goals[0].of: must be one of the scenario's"),
        ("depth_share >= 0.5", "phases[0].goals[0].measure: must be one of"),
    ],
)
def test_a_bad_goal_exits_2_naming_its_path(tmp_path: Path, goal: str, expected: str) -> None:
    result = _run(tmp_path, _scenario([goal], []), "--check")
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def _map(tmp_path: Path, out: str, *options: str) -> Any:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(_scenario(["sensors_in_place == 0"], [])))
    arguments = ["map", str(path), "-o", str(tmp_path / out), *options]
    return runner.invoke(app, arguments, env={"COLUMNS": "300"})


def test_a_figure_of_a_bands_air_picture_with_its_scorecard(tmp_path: Path) -> None:
    result = _map(tmp_path, "figure.png", "--phase", "90", "--air-picture", "low", "--scorecard")
    assert result.exit_code == 0, result.output
    png = png_of((tmp_path / "figure.png").read_bytes())
    assert (png.width, png.dpi) == (2400, pytest.approx(200, abs=0.02))  # the default size


@pytest.mark.parametrize(
    ("out", "options", "expected"),
    [
        ("figure.svg", ["--air-picture", "high"], "--air-picture: must be one of the scenario's"),
        ("map.html", ["--scorecard"], "--scorecard: applies to figures (.png, .svg, .pdf) only"),
        ("map.html", ["--air-picture", "low"], "--air-picture: applies to figures"),
    ],
)
def test_figure_options_are_checked_before_the_analysis(
    tmp_path: Path, out: str, options: list[str], expected: str
) -> None:
    result = _map(tmp_path, out, *options)
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / out).exists()
