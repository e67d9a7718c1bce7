"""Goals per phase: both written forms, bad goals named by their path, scoring at thresholds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from umbrella.coverage.errors import ScenarioError
from umbrella.coverage.goals import Goal
from umbrella.coverage.measures import MEASURES
from umbrella.coverage.report import goal_text
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.scorecard import score, scorecard


def _document(*goals: object) -> dict[str, Any]:
    return {
        "name": "goals",
        "regions": ["UA-32"],
        "tiers": {"short": {"range_km": 30}, "long": {"range_km": 300}},
        "assets": [
            {"id": "a1", "tier": "short", "location": [30.5, 50.4]},
            {"id": "s1", "kind": "sensor", "location": [30.5, 50.4], "range_km": 200,
             "sensor_height_m": 25},
        ],
        "altitude_bands": {"low": {"altitude_m": 100}, "high": {"altitude_m": 10_000}},
        "corridors": [
            {"id": "north", "waypoints": [[30.0, 50.0], [30.5, 50.8]], "width_km": 10},
        ],
        "phases": [{"day": 0, "label": "first", "goals": list(goals)}],
        "targets": [{"id": "energy", "layer": "energy"}],
    }  # fmt: skip


def _error(*goals: object) -> str:
    return _error_of(_document(*goals))


def _error_of(document: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(document)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "mapping"),
    [
        (
            "energy_mw_share_meeting >= 0.8",
            {"measure": "energy_mw_share_meeting", "op": ">=", "value": 0.8},
        ),
        (
            " corridor_share_covered[ north ]>=0.95 ",
            {"measure": "corridor_share_covered", "of": "north", "op": ">=", "value": 0.95},
        ),
        ("violations == 0", {"measure": "violations", "op": "==", "value": 0}),
        ("air_picture_share[low] > 7e-1", {"measure": "air_picture_share", "of": "low",
                                           "op": ">", "value": 0.7}),
        ("area_share_covered[long] < 1", {"measure": "area_share_covered", "of": "long",
                                          "op": "<", "value": 1}),
        ("energy_mw_share_by_depth[3+] <= 0.25", {"measure": "energy_mw_share_by_depth",
                                                  "of": "3+", "op": "<=", "value": 0.25}),
    ],
)  # fmt: skip
def test_a_goal_reads_the_same_as_text_and_as_mapping(text: str, mapping: dict[str, Any]) -> None:
    from_text = parse_scenario(_document(text)).phases[0].goals[0]
    from_mapping = parse_scenario(_document(mapping)).phases[0].goals[0]
    assert from_text == from_mapping
    assert (
        from_text.text
        == f"{mapping['measure']}"
        + (f"[{mapping['of']}]" if "of" in mapping else "")
        + f" {mapping['op']} {float(mapping['value']):g}"
    )


def test_goals_survive_a_json_round_trip_with_the_same_hash() -> None:
    scenario = parse_scenario(_document("air_picture_share[low] >= 0.7", "violations == 0"))
    again = parse_scenario(json.dumps(scenario.model_dump(mode="json")))
    assert again == scenario


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("energy_share >= 0.8", "phases[0].goals[0].measure: must be one of"),
        ("corridor_share_covered[south] >= 0.9", "phases[0].goals[0].of: must be one of the "
         "scenario's corridor names ['north'], got 'south'"),
        ("area_share_covered[medium] >= 0.5", "phases[0].goals[0].of: must be one of the "
         "scenario's tier names ['long', 'short'], got 'medium'"),
        ("air_picture_share[medium] >= 0.5", "phases[0].goals[0].of: must be one of the "
         "scenario's band names ['high', 'low'], got 'medium'"),
        ("energy_mw_share_by_depth[4] >= 0.5", "phases[0].goals[0].of: must be one of the "
         "depth classes ['1', '2', '3+'], got '4'"),
        ("air_picture_share >= 0.5", "phases[0].goals[0].of: air_picture_share needs a band"),
        ("violations[north] == 0", "phases[0].goals[0].of: violations takes no key, got 'north'"),
        ("violations = 0", "phases[0].goals[0]: must read 'measure op number'"),
        ("violations == zero", "phases[0].goals[0]: threshold 'zero' is not a number"),
        ("violations <= inf", "phases[0].goals[0]: threshold 'inf' is not a finite number"),
        ({"measure": "violations", "op": "!=", "value": 0}, "phases[0].goals[0].op:"),
        ({"measure": "violations", "op": "==", "value": 0, "weight": 2},
         "phases[0].goals[0].weight: is not a field"),
        ({"measure": "violations", "op": "=="}, "phases[0].goals[0].value: is required"),
    ],
)  # fmt: skip
def test_a_bad_goal_is_refused_naming_its_path(goal: object, expected: str) -> None:
    assert expected in _error(goal)


def test_every_bad_goal_of_every_phase_is_named() -> None:
    document = _document("nonsense >= 1")
    document["phases"].append(
        {"day": 90, "goals": ["violations == 0", "area_share_covered[x] > 0"]}
    )
    message = _error_of(document)
    assert "phases[0].goals[0].measure" in message
    assert "phases[1].goals[1].of" in message
    assert "phases[1].goals[0]" not in message


# Expected (met, margin) written out by hand for a threshold of 0.8.
@pytest.mark.parametrize(
    ("op", "value", "met", "margin"),
    [
        (">=", 0.8, True, 0.0),
        (">=", 0.75, False, -0.05),
        (">=", 0.9, True, 0.1),
        (">", 0.8, False, 0.0),
        (">", 0.81, True, 0.01),
        ("<=", 0.8, True, 0.0),
        ("<=", 0.85, False, -0.05),
        ("<", 0.8, False, 0.0),
        ("<", 0.5, True, 0.3),
        ("==", 0.8, True, 0.0),
        ("==", 0.7, False, -0.1),
        ("==", 0.9, False, -0.1),
    ],
)
def test_a_goal_at_below_and_above_its_threshold(
    op: str, value: float, met: bool, margin: float
) -> None:
    goal = Goal(measure="energy_mw_share_meeting", op=op, value=0.8)  # type: ignore[arg-type]
    result = score(goal, value)
    assert result.met is met
    assert result.margin == pytest.approx(margin, abs=1e-12)
    assert (result.value, result.threshold, result.unit) == (value, 0.8, "share")
    assert result.goal == f"energy_mw_share_meeting {op} 0.8"


def test_a_count_goal_at_zero_has_a_plain_zero_margin() -> None:
    result = score(Goal(measure="violations", op="==", value=0), 0)
    assert result.met and str(result.margin) == "0.0"


def test_a_share_just_short_of_its_threshold_is_missed_not_rounded() -> None:
    result = score(Goal(measure="population_share_meeting", op=">=", value=0.8), 0.79996)
    assert not result.met
    assert result.margin == pytest.approx(-0.00004)


def test_scorecard_keeps_the_phase_order_and_reads_keyed_values() -> None:
    goals = (
        parse_scenario(
            _document(
                "air_picture_share[low] >= 0.5", "violations == 0", "air_picture_share[high] >= 0.5"
            )
        )
        .phases[0]
        .goals
    )
    values = {
        ("air_picture_share", "low"): 0.4,
        ("air_picture_share", "high"): 0.6,
        ("violations", None): 0,
    }
    card = scorecard(goals, values)
    assert [(g.of, g.met) for g in card] == [("low", False), (None, True), ("high", True)]


def test_the_schema_lists_every_measure_with_its_unit() -> None:
    schema = Scenario.model_json_schema()
    listed = schema["$defs"]["Goal"]["properties"]["measure"]["oneOf"]
    assert [entry["const"] for entry in listed] == list(MEASURES)
    units = {"share": "share from 0 to 1", "count": "count", "km2": "km²"}
    for entry in listed:
        measure = MEASURES[entry["const"]]
        assert f"Unit: {units[measure.unit]}" in entry["description"]
        if measure.key is not None:
            assert f"{measure.name}[{measure.key}]" in entry["description"]
    goal_items = schema["$defs"]["Phase"]["properties"]["goals"]["items"]["anyOf"]
    assert {"$ref": "#/$defs/Goal"} in goal_items
    assert any(item.get("type") == "string" for item in goal_items)


@pytest.mark.parametrize(
    ("measure", "op", "threshold", "value", "expected"),
    [
        ("energy_mw_share_meeting", ">=", 0.5, 0.408, "40.8% MISSED (>= 50%, -9.2 pts)"),
        ("population_share_meeting", ">=", 0.9, 0.92, "92.0% met (>= 90%, +2.0 pts)"),
        ("violations", "==", 0, 0, "0 met (== 0, +0)"),
        ("assets_beyond_resupply", "<=", 1, 7, "7 MISSED (<= 1, -6)"),
        ("air_picture_largest_gap_km2", "<", 20_000, 12_345.6,
         "12,346 km² met (< 20,000 km², +7,654 km²)"),
    ],
)  # fmt: skip
def test_a_scored_goal_reads_as_value_verdict_threshold_and_margin(
    measure: str, op: str, threshold: float, value: float, expected: str
) -> None:
    key = "low" if MEASURES[measure].key == "band" else None
    goal = Goal(measure=measure, of=key, op=op, value=threshold)  # type: ignore[arg-type]
    assert goal_text(score(goal, value)) == expected
