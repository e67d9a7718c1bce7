"""The scenario model: valid documents parse, bad ones name the field and the value."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from shapely.geometry import shape

from umbrella.coverage.errors import FieldProblem, ScenarioError
from umbrella.coverage.example import example_document
from umbrella.coverage.scenario import Scenario, parse_scenario, radar_horizon_km, scenario_hash


def _minimal() -> dict[str, Any]:
    return {
        "name": "test",
        "regions": ["UKR"],
        "tiers": {"short": {"range_km": 30}, "long": {"range_km": 300, "min_range_km": 5}},
        "assets": [{"id": "a1", "tier": "short", "location": [30.5, 50.4]}],
        "targets": [{"id": "energy", "layer": "energy", "min_depth": 1}],
    }


def _error(document: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(document)
    return str(caught.value)


def test_minimal_scenario_takes_defaults() -> None:
    scenario = parse_scenario(_minimal())
    assert scenario.worldview == "un"
    assert scenario.phase_days() == [0]
    assert scenario.assets[0].location == (30.5, 50.4)
    assert scenario.reach_km(scenario.assets[0]) == (30.0, 0.0, False)


def test_example_is_a_valid_scenario_in_yaml_and_json() -> None:
    document = example_document()
    from_json = parse_scenario(json.dumps(document))
    assert from_json == parse_scenario(document)
    assert [p.day for p in from_json.phases] == [0, 90, 180]
    assert {"short", "medium", "long"} <= set(from_json.tiers)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["assets"][0].update(range_km=-5),
            "assets[0].range_km: must be >= 0.001, got -5",
        ),
        (lambda d: d["assets"][0].update(location=[30, 91]), "assets[0].location: lat must be in"),
        (lambda d: d["assets"][0].update(tier="huge"), "assets[0].tier: must be one of"),
        (lambda d: d["assets"][0].update(range_km="far"), "assets[0].range_km: must be a number"),
        (lambda d: d.pop("name"), "name: is required"),
        (lambda d: d.update(colour="red"), "colour: is not a field"),
        (
            lambda d: d["tiers"]["long"].update(min_range_km=400),
            "tiers.long.min_range_km: must be < range_km (300 km) in every draw, got 400",
        ),
        (
            lambda d: d["assets"][0].update(sector={"azimuth_deg": 10, "width_deg": 0}),
            "assets[0].sector.width_deg: must be > 0, got 0",
        ),
        (
            lambda d: d["assets"].append(dict(d["assets"][0])),
            "assets[1].id: already used by assets[0]",
        ),
        (
            lambda d: d.update(
                no_go=[
                    {
                        "id": "bow-tie",
                        "polygon": {
                            "type": "Polygon",
                            "coordinates": [[[30, 50], [31, 51], [31, 50], [30, 51], [30, 50]]],
                        },
                    }
                ]
            ),
            "no_go[0].polygon: polygon is invalid: Self-intersection",
        ),
        (
            lambda d: d["assets"][0].update(min_range_km=1, sensor_height_m=0.01),
            "assets[0].min_range_km: must be < the asset's reach",
        ),
    ],
)
def test_bad_scenarios_name_the_field_and_value(change: Any, expected: str) -> None:
    document = _minimal()
    change(document)
    assert expected in _error(document)


def test_every_problem_is_reported() -> None:
    document = _minimal()
    document["assets"][0]["range_km"] = -5
    document["assets"].append({"id": "a2", "tier": "short", "location": [200, 0]})
    message = _error(document)
    assert "assets[0].range_km" in message and "assets[1].location" in message


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(
        ScenarioError, match=r"s.yaml: is not valid YAML or JSON at line 3, column 1"
    ):
        parse_scenario("name: x\nregions: [UKR\n", source="s.yaml")


def test_hash_is_stable_and_content_based() -> None:
    first = parse_scenario(_minimal())
    reordered = dict(reversed(list(_minimal().items())))
    assert scenario_hash(first) == scenario_hash(parse_scenario(reordered))
    changed = copy.deepcopy(_minimal())
    changed["assets"][0]["range_km"] = 31
    assert scenario_hash(first) != scenario_hash(parse_scenario(changed))


Horizon = Callable[[float, float], float]  # the 4/3-earth formula of conftest.py


@pytest.mark.parametrize(
    ("sensor_m", "target_m", "expected_km"),
    [(100, 0, 41.2), (0.0, 100, 41.2), (15, 100, 57.2), (15, 0, 16.0), (30, 500, 114.7)],
)
def test_radar_horizon_adds_both_heights(
    radar_horizon: Horizon, sensor_m: float, target_m: float, expected_km: float
) -> None:
    assert radar_horizon(sensor_m, target_m) == pytest.approx(expected_km, abs=0.05)
    assert radar_horizon_km(sensor_m, target_m) == pytest.approx(
        radar_horizon(sensor_m, target_m), rel=1e-12
    )


def test_radar_horizon_caps_the_reach_only_below_the_nominal_range(radar_horizon: Horizon) -> None:
    document = _minimal()
    heights = {"location": [30.5, 50.4], "sensor_height_m": 15}
    document["assets"] = [
        {"id": "low", "tier": "long", **heights, "target_altitude_m": 100},
        {"id": "high", "tier": "short", **heights, "target_altitude_m": 100},
        {"id": "ground", "tier": "long", **heights},
    ]
    scenario = parse_scenario(document)
    low, high, ground = (scenario.reach_km(asset) for asset in scenario.assets)
    assert low == (pytest.approx(radar_horizon(15, 100), rel=1e-12), 5.0, True)
    assert high == (30.0, 0.0, False)  # the 57 km horizon lies beyond the 30 km range
    assert ground == (pytest.approx(radar_horizon(15, 0), rel=1e-12), 5.0, True)


def test_schema_is_json_schema() -> None:
    schema = Scenario.model_json_schema()
    assert schema["type"] == "object"
    assert {"name", "regions", "tiers", "assets", "targets"} <= set(schema["required"])


def test_yaml_aliases_cannot_blow_a_scenario_up() -> None:
    levels = ["a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    for level in range(1, 8):  # 70 aliases standing for 10**8 values
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    bomb = "\n".join(
        [
            "name: bomb",
            "regions: [UKR]",
            "tiers: {short: {range_km: 30}}",
            "assets: []",
            "anchors:",
            *("  " + line for line in levels),
            "targets: [{id: t, geojson: {type: Point, coordinates: *a7}}]",
        ]
    )
    with pytest.raises(ScenarioError, match="expands to more than 1000000 values"):
        parse_scenario(bomb, source="bomb.yaml")
    many = "name: x\nlist: &x [1]\n" + "\n".join(f"k{i}: *x" for i in range(101))
    with pytest.raises(ScenarioError, match="at most 100 YAML aliases"):
        parse_scenario(many)


@pytest.mark.parametrize(
    ("geojson", "expected"),
    [
        ({"type": "Nope"}, "targets[0].geojson: features[0].geometry.type: must be one of"),
        ({"type": "FeatureCollection", "features": 5}, "targets[0].geojson: features: must be"),
        *(
            ({"type": "Point", "coordinates": xy}, "features[0].geometry: leaves lon/lat bounds")
            for xy in ([200, 50], [180.5, 50], [-180.5, 50], [30, 90.5], [30, -90.5])
        ),
        (
            {
                "type": "Feature",
                "properties": [1],
                "geometry": {"type": "Point", "coordinates": [30, 50]},
            },
            "targets[0].geojson: features[0].properties: must be an object or null",
        ),
        (
            {"type": "GeometryCollection", "geometries": []},
            "features[0].geometry.type: must be one of",
        ),
    ],
)
def test_bad_user_geojson_targets_are_refused_with_their_path(
    geojson: dict[str, Any], expected: str
) -> None:
    document = _minimal()
    document["targets"] = [{"id": "mine", "geojson": geojson}]
    assert expected in _error(document)


def test_paths_keep_every_key_and_limits_match_what_geo_draws() -> None:
    document = _minimal()
    document["tiers"]["strike"] = {"range_km": -5}
    assert "tiers.strike.range_km: must be >= 0.001" in _error(document)
    document = _minimal()
    document["assets"][0]["range_km"] = 19_990
    assert "assets[0].range_km: must be < 19970.3" in _error(document)
    document = _minimal()
    document["no_go"] = [{"id": "b", "border_belt": {"countries": ["RUS"], "within_km": 5000}}]
    assert "no_go[0].border_belt.within_km: must be < 5000, got 5000" in _error(document)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # Ranges too small to draw: ring drawing halved segments without end for these.
        (lambda d: d["assets"][0].update(range_km=1e-12), "assets[0].range_km: must be >= 0.001"),
        (lambda d: d["assets"][0].update(range_km=5e-324), "assets[0].range_km: must be >= 0.001"),
        (
            lambda d: d["tiers"]["long"].update(min_range_km=1e-9),
            "tiers.long.min_range_km: must be 0 or >= 0.001, got 1e-09",
        ),
        (
            lambda d: d["assets"][0].update(sensor_height_m=1e-300),
            "assets[0].sensor_height_m: gives a radar horizon of",
        ),
        (
            lambda d: d.update(
                corridors=[{"id": "c", "waypoints": [[30, 50], [31, 50]], "width_km": 1e-12}]
            ),
            "corridors[0].width_km: must be >= 0.002",
        ),
        (
            lambda d: d.update(
                no_go=[{"id": "b", "border_belt": {"countries": ["RUS"], "within_km": 1e-9}}]
            ),
            "no_go[0].border_belt.within_km: must be >= 0.001",
        ),
    ],
)
def test_distances_too_small_to_draw_are_refused(change: Any, expected: str) -> None:
    document = _minimal()
    change(document)
    assert expected in _error(document)


def test_the_schema_states_the_drawable_limits() -> None:
    schema = Scenario.model_json_schema()["$defs"]
    number, *_ = schema["Tier"]["properties"]["range_km"]["oneOf"]  # or a distribution
    drawn = schema["RangeTriangular"]["properties"] | schema["RangeUniform"]["properties"]
    assert {value["minimum"] for value in (number, *drawn.values())} == {0.001}
    hole, *_ = schema["Tier"]["properties"]["min_range_km"]["oneOf"]
    drawn = schema["MinRangeTriangular"]["properties"] | schema["MinRangeUniform"]["properties"]
    for value in (hole, *drawn.values()):
        assert value["minimum"] == 0 and value["not"] == {
            "exclusiveMinimum": 0,
            "exclusiveMaximum": 0.001,
        }
    assert schema["BorderBelt"]["properties"]["within_km"]["exclusiveMaximum"] == 5000


def test_region_codes_are_normalised_before_hashing() -> None:
    lower = _minimal()
    lower["regions"] = ["ukr"]
    assert scenario_hash(parse_scenario(lower)) == scenario_hash(parse_scenario(_minimal()))


def test_user_geojson_on_the_edges_of_lon_lat_is_accepted() -> None:
    document = _minimal()
    corners = {"type": "MultiPoint", "coordinates": [[-180, -90], [180, 90]]}
    document["targets"] = [{"id": "edges", "geojson": corners}]
    parsed = parse_scenario(document).targets[0].geojson
    assert parsed is not None and parsed.document == corners


def _points_and_a_polygon(bad_lat: float = 50.0) -> dict[str, Any]:
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "properties": {"name": f"p{i}"} if i % 2 else None,
            "geometry": {"type": "Point", "coordinates": [30 + i / 10, 50 + i / 20]},
        }
        for i in range(5)
    ]
    features[2]["geometry"]["coordinates"][1] = bad_lat
    square = [[[31, 49], [32, 49], [32, 50], [31, 50], [31, 49]]]
    features.insert(3, {"type": "Feature", "properties": {"name": "sq"},
                        "geometry": {"type": "Polygon", "coordinates": square}})  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def test_user_geojson_is_parsed_once_into_its_features_and_dumped_as_given() -> None:
    document = _minimal()
    document["targets"] = [{"id": "mine", "geojson": _points_and_a_polygon()}]
    scenario = parse_scenario(copy.deepcopy(document))
    parsed = scenario.targets[0].geojson
    assert parsed is not None
    given = document["targets"][0]["geojson"]["features"]
    assert [name for name, _ in parsed.features] == [
        (f["properties"] or {}).get("name", f"feature {i}") for i, f in enumerate(given)
    ]
    for (_, geometry), feature in zip(parsed.features, given, strict=True):
        assert geometry.equals(shape(feature["geometry"]))  # shapely's own reading
    assert (
        scenario.model_dump(mode="json")["targets"][0]["geojson"]
        == document["targets"][0]["geojson"]
    )
    assert parse_scenario(scenario.model_dump(mode="json")) == scenario


def test_a_bad_point_among_many_is_named() -> None:
    document = _minimal()
    document["targets"] = [{"id": "mine", "geojson": _points_and_a_polygon(bad_lat=91.0)}]
    assert "targets[0].geojson: features[2].geometry: leaves lon/lat bounds" in _error(document)


def test_a_long_value_is_cut_to_120_characters_in_a_message() -> None:
    long = "x" * 500
    message = str(FieldProblem("regions[0]", long, "must be a known code"))
    shown = message.removeprefix("regions[0]: must be a known code, got ")
    assert len(shown) == 120 and shown.endswith("...") and shown.startswith("'xxx")
    assert str(FieldProblem("f", "x" * 118, "r")).endswith("got '" + "x" * 118 + "'")  # 120


@pytest.mark.parametrize("location", [[True, 50.0], [30.0, False]])
def test_a_boolean_is_no_coordinate(document: Any, location: list[object]) -> None:
    with pytest.raises(ScenarioError) as raised:
        parse_scenario(document(assets=[{"id": "a", "tier": "a", "location": location}]))
    assert "assets[0].location" in str(raised.value)


def test_days_run_from_0_to_100000(document: Any) -> None:
    assert parse_scenario(document(phases=[{"day": 100_000}])).phases[0].day == 100_000
    for day in (100_001, -1):
        with pytest.raises(ScenarioError) as raised:
            parse_scenario(document(phases=[{"day": day}]))
        assert "phases[0].day" in str(raised.value)


@pytest.mark.parametrize(("altitude_m", "accepted"), [(100_000, True), (100_000.5, False)])
def test_altitudes_reach_100_km(document: Any, altitude_m: float, accepted: bool) -> None:
    bands = {"altitude_bands": {"top": {"altitude_m": altitude_m}}}
    if accepted:
        assert parse_scenario(document(**bands)).altitude_bands["top"].altitude_m == altitude_m
    else:
        with pytest.raises(ScenarioError, match=r"altitude_bands\.top\.altitude_m"):
            parse_scenario(document(**bands))
