"""Goals and the air picture over HTTP: the scorecard in the summary, the picture as GeoJSON."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pyproj import Geod

from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

GEOD = Geod(ellps="WGS84")
RADAR = (34.0, 45.0)  # lon, lat
SCENARIO: dict[str, Any] = {
    "name": "a radar over Crimea",
    "regions": ["UA-43"],
    "tiers": {"short": {"range_km": 40}},
    "phases": [
        {"day": 0, "label": "start", "goals": ["sensors_in_place == 1", "assets_in_place > 1"]},
        {"day": 30, "label": "after the rotation", "goals": ["sensors_in_place == 1"]},
    ],
    "assets": [
        {"id": "a1", "tier": "short", "location": [34.10, 44.95]},
        {
            "id": "r1",
            "kind": "sensor",
            "location": list(RADAR),
            "range_km": 250,
            "sensor_height_m": 30,
            "until_day": 30,
        },
    ],
    "altitude_bands": {"low": {"altitude_m": 100}, "high": {"altitude_m": 10_000}},
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
    "grid_cell_km": 20,
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"))
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def location(client: TestClient) -> str:
    response = client.post("/scenarios", json=SCENARIO)
    assert response.status_code == 201, response.text
    return str(response.headers["location"])


def test_the_summary_holds_each_phases_scorecard(client: TestClient, location: str) -> None:
    phases = client.get(f"{location}/coverage").json()["phases"]
    first, later = ([(g["goal"], g["met"]) for g in p["scorecard"]] for p in phases)
    assert first == [("sensors_in_place == 1", True), ("assets_in_place > 1", False)]
    assert later == [("sensors_in_place == 1", False)]  # the radar left on day 30
    assert [p["sensors_in_place"] for p in phases] == [1, 0]
    assert [row["band"] for row in phases[0]["air_picture"]] == ["low", "high"]


def test_the_air_picture_as_geojson(client: TestClient, location: str) -> None:
    (sensor,) = client.get(f"{location}/coverage/sensors").json()["features"]
    # the 4/3-earth horizon from a 30 m mast to 100 m: sqrt(2 k R h) for each height
    k_r = 4.0 / 3.0 * 6_371_008.8
    low_km = (math.sqrt(2 * k_r * 30) + math.sqrt(2 * k_r * 100)) / 1000
    assert sensor["properties"]["seen_range_km_by_band"]["low"] == pytest.approx(low_km)
    assert sensor["properties"]["seen_range_km_by_band"]["high"] == 250
    areas = client.get(f"{location}/coverage/air_picture").json()["features"]
    assert [(a["properties"]["band"], a["properties"]["min_sensors"]) for a in areas] == [
        ("low", 1),
        ("low", 2),
        ("high", 1),
        ("high", 2),
    ]
    assert areas[1]["geometry"] is None  # one sensor: nothing is seen twice
    gaps = client.get(f"{location}/coverage/air_picture_gaps").json()["features"]
    assert {g["properties"]["band"] for g in gaps} >= {"low"}
    for gap in gaps:
        lon, lat = gap["geometry"]["coordinates"][0][0]
        distance_km = GEOD.inv(*RADAR, lon, lat)[2] / 1000
        reach = low_km if gap["properties"]["band"] == "low" else 250
        assert distance_km >= reach - 0.05  # gap outlines lie where the radar does not see


def test_a_goal_naming_an_unknown_band_is_refused(client: TestClient) -> None:
    bad = {**SCENARIO, "phases": [{"day": 0, "goals": ["air_picture_share[medium] >= 0.5"]}]}
    response = client.post("/scenarios", json=bad)
    assert response.status_code == 422
    assert "phases[0].goals[0].of" in response.text


def test_the_pages_show_a_scorecard_per_phase(client: TestClient, location: str) -> None:
    client.get(f"{location}/coverage")  # analysed: the scenario's page shows its summary
    for page in (f"{location}/coverage", location):
        html = client.get(page, params={"f": "html"}).text
        assert "Scorecard per phase" in html
        first, later = html.split('id="scorecard-0"')[1].split('id="scorecard-30"')
        assert "1 of 2 goals met" in first and "0 of 1 goals met" in later
        assert "<code>assets_in_place &gt; 1</code>" in first
        assert '<tr class="missed">' in first and '<tr class="met">' in first
        assert '<tr class="met">' not in later.split("</section>")[0]
        assert "goal: sensors_in_place" in html  # the summary table's row of that measure


def test_a_figure_of_a_bands_air_picture_with_the_scorecard(
    client: TestClient, location: str
) -> None:
    figure = client.get(f"{location}/map.svg", params={"band": "low", "scorecard": "true"})
    assert figure.status_code == 200 and figure.headers["content-type"] == "image/svg+xml"
    assert "Scorecard: 1 of 2 goals met." in figure.text
    assert "air picture at 100 m" in figure.text
    plain = client.get(f"{location}/map.svg")
    assert "Scorecard" not in plain.text and "air picture at" not in plain.text
    unknown = client.get(f"{location}/map.png", params={"band": "medium"})
    assert unknown.status_code == 400
    assert (
        unknown.json()["field"] == "band" if "field" in unknown.json() else "band" in unknown.text
    )
