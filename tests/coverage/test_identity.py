"""The scenario hash is the one its definition gives, whatever the users' GeoJSON holds.

Definition (coverage/identity.py): the first 16 hex digits of the sha256 of
``json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import yaml

from umbrella.coverage.example import example_document, example_scenario
from umbrella.coverage.scenario import Scenario, parse_scenario, scenario_hash


def _by_definition(scenario: Scenario) -> str:
    canonical = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _point(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def _with_targets(*collections: dict[str, Any]) -> dict[str, Any]:
    document = example_document()
    document["targets"] = [
        *document["targets"],
        *({"id": f"mine-{i}", "geojson": c} for i, c in enumerate(collections)),
    ]
    return document


POLYGON = {
    "type": "Feature",
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[30.0, 50.0], [30.5, 50.0], [30.5, 50.4], [30.0, 50.0]]],
    },
    "properties": {"name": "Kyiv field", "z": None, "a": True},
}
# what JSON parsing gives: sorted keys to reorder, unicode and escapes, big integers,
# -0.0, 1e308, empty and nested members
PLAIN = {
    "type": "FeatureCollection",
    "name": "plain",
    "features": [
        _point(30.52, 50.45, {"name": "Київ", "zz": 1, "aa": -0.0, "m": {"b": [], "a": {}}}),
        _point(36.23, 49.99, {"name": 'quote " and \\ and \n', "big": 2**80, "f": 1e308}),
        POLYGON,
    ],
}


def test_the_example_hash_is_the_defined_one() -> None:
    scenario = example_scenario()
    assert scenario_hash(scenario) == _by_definition(scenario)


def test_user_geojson_targets_hash_as_defined() -> None:
    scenario = parse_scenario(_with_targets(PLAIN), syntax="json")
    assert scenario_hash(scenario) == _by_definition(scenario)


def test_many_target_sets_each_in_its_place() -> None:
    # twelve sets: the tenth's place is not taken for the first's
    collections = [
        {"type": "FeatureCollection", "features": [_point(30 + i / 10, 50, {"name": f"t{i}"})]}
        for i in range(12)
    ]
    scenario = parse_scenario(_with_targets(*collections), syntax="json")
    assert scenario_hash(scenario) == _by_definition(scenario)
    swapped = parse_scenario(_with_targets(*collections[::-1]), syntax="json")
    assert scenario_hash(swapped) == _by_definition(swapped) != scenario_hash(scenario)


@pytest.mark.parametrize(
    "properties",
    [
        "{name: dated, since: 2024-02-24}",  # a YAML date
        "{name: numbered, 7: seven, 10: ten}",  # integer keys
        "{name: far, reach: .inf}",  # an infinite float
        "{name: set, tags: !!set {a, b}}",  # a set
    ],
)
def test_yaml_values_json_does_not_give_hash_as_defined(properties: str) -> None:
    document = _with_targets(PLAIN, {"type": "FeatureCollection", "features": []})
    document["targets"][-1]["geojson"]["features"] = [
        _point(31.0, 49.0, yaml.safe_load(properties))
    ]
    scenario = parse_scenario(yaml.safe_dump(document, allow_unicode=True), syntax="yaml")
    assert scenario_hash(scenario) == _by_definition(scenario)
