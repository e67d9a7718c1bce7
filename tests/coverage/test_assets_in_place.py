"""Assets that arrive and leave (from_day, until_day), and sensors as assets: the rules."""

from __future__ import annotations

from typing import Any

import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.assets import AssetTable, SensorTable
from umbrella.coverage.errors import ScenarioError
from umbrella.coverage.scenario import parse_scenario

# Phases on both sides of each boundary of an asset in place from day 10 up to day 20.
DAYS = [0, 9, 10, 19, 20, 30]


def _document(**changes: Any) -> dict[str, Any]:
    return {
        "name": "days",
        "regions": ["UA-32"],
        "tiers": {"short": {"range_km": 30}},
        "phases": [{"day": day} for day in DAYS],
        "assets": [
            {"id": "always", "tier": "short", "location": [30.5, 50.4]},
            {
                "id": "rotating",
                "tier": "short",
                "location": [30.9, 50.1],
                "from_day": 10,
                "until_day": 20,
            },
            {
                "id": "radar",
                "kind": "sensor",
                "location": [30.7, 50.3],
                "range_km": 150,
                "sensor_height_m": 20,
                "from_day": 10,
                "until_day": 20,
            },
        ],
        "altitude_bands": {"low": {"altitude_m": 100}},
        "targets": [{"id": "energy", "layer": "energy"}],
        **changes,
    }


def _in_place_by_hand(day: int) -> bool:
    return 10 <= day < 20


@pytest.mark.parametrize("day", DAYS)
def test_until_day_at_its_boundaries_in_the_tables(day: int) -> None:
    scenario = parse_scenario(_document())
    expected = ("always", "rotating") if _in_place_by_hand(day) else ("always",)
    assert AssetTable.in_place(scenario, day).ids == expected
    assert SensorTable.in_place(scenario, day).ids == (("radar",) if _in_place_by_hand(day) else ())


def test_until_day_at_its_boundaries_in_the_analysis() -> None:
    result = analyze(parse_scenario(_document()), with_grid=False)
    for phase in result.phases:
        day = phase.summary.day
        standing = _in_place_by_hand(day)
        assert phase.summary.assets_in_place == (2 if standing else 1)
        assert ("rotating" in [f.asset_id for f in phase.footprints]) is standing
        assert [s.asset_id for s in phase.sensors] == (["radar"] if standing else [])
        assert (phase.air_picture[0].seen.area_km2 > 0) is standing
        rotating_covers = any("rotating" in t.asset_ids for t in phase.targets)
        assert not rotating_covers or standing


@pytest.mark.parametrize(
    ("asset", "expected"),
    [
        ({"from_day": 10, "until_day": 10}, "assets[0].until_day: must be > from_day (10), got 10"),
        ({"from_day": 10, "until_day": 5}, "assets[0].until_day: must be > from_day (10), got 5"),
        ({"until_day": -1}, "assets[0].until_day: must be >= 0, got -1"),
    ],
)
def test_an_until_day_not_after_from_day_is_refused(asset: dict[str, Any], expected: str) -> None:
    document = _document()
    document["assets"][0].update(asset)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(document)
    assert expected in str(caught.value)


def _sensor_error(**fields: Any) -> str:
    document = _document()
    document["assets"][2].update(fields)
    document["assets"][2] = {k: v for k, v in document["assets"][2].items() if v is not None}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(document)
    return str(caught.value)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"tier": "short"}, "assets[2].tier: a sensor has no tier (it adds no depth), got 'short'"),
        ({"range_km": None}, "assets[2].range_km: is required for a sensor"),
        ({"sensor_height_m": None}, "assets[2].sensor_height_m: is required for a sensor"),
        ({"sensor_height_m": 0}, "assets[2].sensor_height_m: must be > 0, got 0"),
        ({"min_range_km": 2}, "assets[2].min_range_km: a sensor has none, got 2"),
        ({"target_altitude_m": 100}, "assets[2].target_altitude_m: a sensor has none"),
        ({"kind": "radar"}, "assets[2].kind:"),
    ],
)
def test_a_bad_sensor_names_its_field(fields: dict[str, Any], expected: str) -> None:
    assert expected in _sensor_error(**fields)


def test_a_covering_asset_still_needs_a_tier() -> None:
    document = _document()
    del document["assets"][0]["tier"]
    with pytest.raises(
        ScenarioError, match=r"assets\[0\].tier: must be one of \['short'\], got None"
    ):
        parse_scenario(document)


def test_sensors_need_an_altitude_band() -> None:
    with pytest.raises(
        ScenarioError, match="altitude_bands: sensors need at least one altitude band"
    ):
        parse_scenario(_document(altitude_bands={}))


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        ({"low": {"altitude_m": -5}}, "altitude_bands.low.altitude_m: must be >= 0, got -5"),
        ({"low": {}}, "altitude_bands.low.altitude_m: is required"),
        ({"a b": {"altitude_m": 100}}, "altitude_bands.a b.[key]"),
    ],
)
def test_a_bad_altitude_band_names_its_field(bands: dict[str, Any], expected: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_document(altitude_bands=bands))
    assert expected in str(caught.value)
