"""The scenario hash is the one its definition gives, whatever the users' GeoJSON holds.

Definition (coverage/identity.py): the first 16 hex digits of the sha256 of
``json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))``.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from umbrella.coverage.example import example_document, example_scenario
from umbrella.coverage.identity import _own_text
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


def _finite_json_types(value: Any) -> bool:
    """The rule a document must meet to be written as itself, walked one value at a time."""
    if isinstance(value, bool) or value is None or type(value) in (str, int):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is list:
        return all(_finite_json_types(item) for item in value)
    if type(value) is dict:
        return all(type(k) is str and _finite_json_types(v) for k, v in value.items())
    return False


HUGE = "huge-number"  # written as 1e400 in the JSON text: a float too large, parsed as inf
KEYS = st.text(alphabet='abcxyz\u0438"\\ \n', max_size=4)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6)
    | st.just(HUGE),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(VALUES)
def test_a_document_parsed_from_json_text_hashes_as_defined(value: Any) -> None:
    collection = {"type": "FeatureCollection", "features": [_point(30.5, 50.4, {"v": value})]}
    text = json.dumps(_with_targets(collection)).replace(json.dumps(HUGE), "1e400")
    scenario = parse_scenario(text, syntax="json")
    geojson = scenario.targets[-1].geojson
    assert geojson is not None and geojson.from_json
    assert scenario_hash(scenario) == _by_definition(scenario)
    # written as itself exactly when the walk finds only JSON's types and finite floats
    assert (_own_text(geojson) is not None) == _finite_json_types(geojson.document)


def test_only_json_text_is_known_to_hold_json_types() -> None:
    document = _with_targets(PLAIN)
    from_text = parse_scenario(json.dumps(document), syntax="json")
    from_yaml = parse_scenario(json.dumps(document), syntax="yaml")
    from_data = parse_scenario(document, syntax="json")
    assert [s.targets[-1].geojson.from_json for s in (from_text, from_yaml, from_data)] == [
        True,
        False,
        False,
    ]
    for scenario in (from_text, from_yaml, from_data):
        assert scenario_hash(scenario) == _by_definition(scenario)
    assert scenario_hash(from_text) == scenario_hash(from_data)
