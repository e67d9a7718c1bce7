"""The summary's rows, its requirement per target set, and its JSON Schema."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.report import summary_rows
from umbrella.coverage.result import (
    AirPictureRow,
    AnalysisResult,
    GoalResult,
    PhaseSummary,
    RegionRow,
    TargetSetRow,
)
from umbrella.coverage.scenario import parse_scenario
from umbrella.coverage.summary_schema import summary_schema
from umbrella.coverage.writers import write_result


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    scenario = parse_scenario(
        {
            "name": "report check",
            "regions": ["UA-32"],
            "tiers": {"short": {"range_km": 30}, "long": {"range_km": 150, "min_range_km": 5}},
            "phases": [{"day": 0, "label": "start"}, {"day": 30, "label": "later"}],
            "assets": [
                {"id": "l1", "tier": "long", "location": [30.3, 50.0]},
                {"id": "s1", "tier": "short", "location": [30.9, 50.3], "from_day": 30},
            ],
            "targets": [
                {"id": "plants", "layer": "energy", "min_depth": 2, "required_tiers": ["short"]},
                {"id": "towns", "layer": "cities", "min_population": 20_000},
                {"id": "big", "layer": "cities", "min_population": 40_000, "min_depth": 2},
            ],
            "grid_cell_km": 20,
        }
    )
    return analyze(scenario, with_grid=False)


def test_rows_give_every_phase_a_value_and_say_what_they_count(result: AnalysisResult) -> None:
    rows = summary_rows(result)
    labels = [row.label for row in rows]
    assert len(labels) == len(set(labels))
    for row in rows:
        assert row.counts and len(row.values) == len(row.texts) == len(result.phases)
    by_label = {row.label: row for row in rows}
    for i, phase in enumerate(result.phases):
        # recomputed from the targets: each city once, meeting only if it does in every set
        cities: dict[str, list[bool]] = {}
        people: dict[str, float] = {}
        for target in phase.targets:
            if target.kind == "city":
                key = target.id.split(":", 1)[1]
                cities.setdefault(key, []).append(target.meets_requirement)
                people[key] = target.weight
        total = sum(people.values())
        meeting = sum(people[key] for key, met in cities.items() if all(met))
        assert by_label["population counted"].values[i] == pytest.approx(total)
        assert by_label["population meeting requirement"].values[i] == pytest.approx(
            meeting / total
        )
        assert by_label["population meeting requirement"].texts[i].endswith("%")


def test_each_target_set_states_its_requirement_and_what_meets_it(
    result: AnalysisResult,
) -> None:
    for phase in result.phases:
        rows = {row.target_set: row for row in phase.summary.target_sets}
        assert set(rows) == {"plants", "towns", "big"}
        assert rows["plants"].requirement == "2 or more distinct tiers, including short"
        assert rows["towns"].requirement == "1 or more distinct tiers"
        assert rows["big"].weight_unit == "people" and rows["plants"].weight_unit == "MW"
        for set_id, row in rows.items():
            members = [t for t in phase.targets if t.target_set == set_id]
            assert row.targets == len(members)
            assert row.targets_meeting == sum(
                t.depth >= row.min_depth and set(row.required_tiers) <= set(t.tiers)
                for t in members
            )
            assert row.weight == pytest.approx(sum(t.weight for t in members))


def _properties(schema: dict[str, Any], *path: str) -> dict[str, Any]:
    node = schema
    for step in path:
        node = node["properties"][step]
        node = node.get("items", node)
    return dict(node["properties"])


def test_the_schema_describes_every_field_with_a_unit() -> None:
    schema = summary_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    records = {
        ("phases",): PhaseSummary,
        ("phases", "regions"): RegionRow,
        ("phases", "target_sets"): TargetSetRow,
        ("phases", "air_picture"): AirPictureRow,
        ("phases", "scorecard"): GoalResult,
    }
    for path, record in records.items():
        assert set(_properties(schema, *path)) == {f.name for f in fields(record)}
    stack = [schema]
    while stack:
        node = stack.pop()
        for name, field in node.get("properties", {}).items():
            assert field.get("description"), name
            if "properties" not in field:
                assert field.get("unit"), name
            stack.append(field.get("items", field))


def test_the_written_summary_follows_the_schema(result: AnalysisResult, tmp_path: Path) -> None:
    write_result(result, tmp_path / "out")
    document = json.loads((tmp_path / "out" / "summary.json").read_text())
    jsonschema.validate(document, summary_schema())
    assert document["phases"][0]["target_sets"][0]["requirement"]


def test_goal_rows_take_each_phase_s_own_goal_on_each_measure() -> None:
    """Phases set the same goals in another order: each row reads its own measure's goal."""
    scenario = parse_scenario(
        {
            "name": "goal rows",
            "regions": ["UA-32"],
            "tiers": {"short": {"range_km": 30}},
            "phases": [
                {"day": 0, "goals": ["violations == 0", "assets_in_place >= 2"]},
                {"day": 30, "goals": ["assets_in_place >= 2", "violations == 0"]},
            ],
            "assets": [
                {"id": "a1", "tier": "short", "location": [30.3, 50.0]},
                {"id": "a2", "tier": "short", "location": [30.9, 50.3], "from_day": 30},
            ],
            "targets": [{"id": "towns", "layer": "cities", "min_population": 20_000}],
        }
    )
    rows = {row.label: row for row in summary_rows(analyze(scenario, with_grid=False))}
    # assets standing: one on day 0, two on day 30 (written here from the scenario)
    assert rows["goal: assets_in_place"].values == (1.0, 2.0)
    assert rows["goal: violations"].values == (0.0, 0.0)
    assert rows["goals met"].values == (1.0, 2.0)
