"""Ranges as distributions and availability in the scenario: validation, nominal values, draws.

The inverse CDFs are checked against the closed-form CDFs of the triangular and uniform
distributions written here, and against the empirical CDF of many draws.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from umbrella.coverage.analysis import analyze
from umbrella.coverage.errors import ScenarioError
from umbrella.coverage.scenario import RangeTriangular, RangeUniform, parse_scenario
from umbrella.coverage.sweep.draws import quantile


def _document(**tier: Any) -> dict[str, Any]:
    return {
        "name": "assumptions",
        "regions": ["UKR"],
        "tiers": {"short": {"range_km": 30, **tier}},
        "assets": [{"id": "a1", "tier": "short", "location": [30.5, 50.4]}],
        "targets": [{"id": "cities", "layer": "cities", "min_population": 500_000}],
    }


def _error(document: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(document)
    return str(caught.value)


def _triangular_cdf(x: float, low: float, mode: float, high: float) -> float:
    if x <= low:
        return 0.0
    if x >= high:
        return 1.0
    if x <= mode:
        return (x - low) ** 2 / ((high - low) * (mode - low))
    return 1.0 - (high - x) ** 2 / ((high - low) * (high - mode))


@pytest.mark.parametrize(
    ("tier", "expected"),
    [
        (
            {"range_km": {"min": 40, "nominal": 30, "max": 50}},
            "tiers.short.range_km.min: must be <= nominal (30), got 40.0",
        ),
        (
            {"range_km": {"min": 20, "nominal": 30, "max": 25}},
            "tiers.short.range_km.max: must be >= nominal (30), got 25.0",
        ),
        (
            {"range_km": {"low": 40, "high": 20}},
            "tiers.short.range_km.high: must be >= low (40), got 20.0",
        ),
        (
            {"range_km": {"min": -1, "nominal": 30, "max": 50}},
            "tiers.short.range_km.min: must be >= 0.001, got -1",
        ),
        (
            {"min_range_km": {"low": 0.0005, "high": 5}},
            "tiers.short.min_range_km.low: must be 0 or >= 0.001",
        ),
        ({"range_km": {"low": 10}}, "tiers.short.range_km.high: is required"),
        ({"range_km": {"min": 10, "max": 20}}, "tiers.short.range_km.nominal: is required"),
        ({"range_km": "far"}, "tiers.short.range_km: must be a number, got 'far'"),
        (
            {"range_km": {"min": 10, "nominal": 30, "max": 40}, "min_range_km": 12},
            "tiers.short.min_range_km: must be < its smallest draw (10 km) in every draw, got 12",
        ),
        (
            {"min_range_km": {"low": 5, "high": 31}},
            "tiers.short.min_range_km: must be < range_km (30 km) in every draw, got 31.0",
        ),
        ({"availability": 1.5}, "tiers.short.availability: must be <= 1, got 1.5"),
        ({"availability": -0.1}, "tiers.short.availability: must be >= 0, got -0.1"),
    ],
)
def test_bad_assumptions_name_the_field_and_value(tier: dict[str, Any], expected: str) -> None:
    assert expected in _error(_document(**tier))


def test_availability_of_an_asset_is_checked_and_a_sensor_has_none() -> None:
    document = _document()
    document["assets"][0]["availability"] = 2
    assert "assets[0].availability: must be <= 1, got 2" in _error(document)
    document = _document()
    document["altitude_bands"] = {"low": {"altitude_m": 100}}
    document["assets"].append(
        {
            "id": "radar",
            "kind": "sensor",
            "location": [30, 50],
            "range_km": 100,
            "sensor_height_m": 30,
            "availability": 0.5,
        }
    )
    assert "assets[1].availability: a sensor has none" in _error(document)


def test_a_horizon_below_the_largest_minimum_range_is_refused() -> None:
    document = _document(min_range_km={"min": 1, "nominal": 2, "max": 20})
    document["tiers"]["short"]["range_km"] = 40
    document["assets"][0].update(sensor_height_m=1, target_altitude_m=0)  # horizon ~4 km
    assert "assets[0].min_range_km: must be < the asset's reach" in _error(document)


def test_nominal_values_are_what_the_analysis_uses() -> None:
    fixed = parse_scenario(_document(range_km=24))
    spread = parse_scenario(_document(range_km={"low": 8, "high": 40}, availability=0.3))
    asset = spread.assets[0]
    assert spread.reach_km(asset) == (24.0, 0.0, False)
    assert spread.availability(asset) == 0.3
    assert spread.availability(asset.model_copy(update={"availability": 0.7})) == 0.7
    ours, theirs = analyze(spread, with_grid=False), analyze(fixed, with_grid=False)
    assert [t.meets_requirement for t in ours.phases[0].targets] == [
        t.meets_requirement for t in theirs.phases[0].targets
    ]


def test_distributions_round_trip_through_json() -> None:
    document = _document(range_km={"min": 20, "nominal": 30, "max": 35}, availability=0.9)
    scenario = parse_scenario(document)
    assert isinstance(scenario.tiers["short"].range_km, RangeTriangular)
    dumped = scenario.model_dump(mode="json")
    assert dumped["tiers"]["short"]["range_km"] == {"min": 20.0, "nominal": 30.0, "max": 35.0}
    assert parse_scenario(dumped) == scenario
    uniform = parse_scenario(_document(range_km={"low": 20, "high": 30}))
    assert isinstance(uniform.tiers["short"].range_km, RangeUniform)


@given(
    low=st.floats(1, 100),
    rise=st.floats(0, 100),
    fall=st.floats(0, 100),
    u=st.floats(0, 1, exclude_max=True),
)
def test_the_triangular_quantile_inverts_its_cdf(
    low: float, rise: float, fall: float, u: float
) -> None:
    mode, high = low + rise, low + rise + fall
    value = float(quantile(RangeTriangular(min=low, nominal=mode, max=high), u))
    assert low <= value <= high
    if high > low:
        assert _triangular_cdf(value, low, mode, high) == pytest.approx(u, abs=1e-9)
    else:
        assert value == low


def test_draws_follow_the_distribution() -> None:
    u = np.random.default_rng(5).random(200_000)
    triangular = quantile(RangeTriangular(min=10, nominal=14, max=30), u)
    for x in (11.0, 14.0, 20.0, 29.0):
        assert np.mean(triangular <= x) == pytest.approx(_triangular_cdf(x, 10, 14, 30), abs=5e-3)
    uniform = quantile(RangeUniform(low=10, high=30), u)
    assert np.mean(uniform <= 15.0) == pytest.approx(0.25, abs=5e-3)
    assert math.isclose(float(np.mean(uniform)), 20.0, abs_tol=0.05)
