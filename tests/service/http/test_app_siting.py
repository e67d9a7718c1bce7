"""Siting over HTTP: a job whose result links the stored proposed scenario and its map."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jobs_helper import wait_for_job

from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

SCENARIO: dict[str, Any] = {
    "name": "Kyiv oblast siting",
    "regions": ["UA-32"],
    "tiers": {"short": {"range_km": 30}, "medium": {"range_km": 120, "min_range_km": 3}},
    "assets": [{"id": "m1", "tier": "medium", "location": "Kyiv, UA"}],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20_000, "min_depth": 2}],
}
PARAMETERS = {"tier": "short", "add": 2, "candidates": "grid:20"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("data")
    with TestClient(create_app(Settings(data_dir=Path(data)))) as c:
        yield c


@pytest.fixture(scope="module")
def scenario_url(client: TestClient) -> str:
    return str(client.post("/scenarios", json=SCENARIO).headers["location"])


@pytest.fixture(scope="module")
def finished(client: TestClient, scenario_url: str) -> dict[str, Any]:
    started = client.post(f"{scenario_url}/siting", json=PARAMETERS)
    assert started.status_code == 202
    assert started.json()["kind"] == "siting"
    return wait_for_job(client, started.headers["location"])


def test_the_job_reports_progress_and_links_the_proposal(finished: dict[str, Any]) -> None:
    assert finished["state"] == "done", finished["error"]
    assert "integer programme (HiGHS)" in finished["steps"]
    result = finished["result"]
    assert result["objective"]["status"] == "optimal"
    assert result["objective"]["confirmed_by_analysis"] == result["objective"]["after"]
    assert [site["rank"] for site in result["sites"]] == [1, 2]
    rels = {link["rel"]: link["href"] for link in result["links"]}
    assert rels["proposed-scenario"].endswith(f"/scenarios/{result['proposed_scenario_id']}")
    assert rels["proposed-map"].startswith("http")


def test_the_proposed_scenario_is_stored_and_its_map_draws_the_sites(
    client: TestClient, finished: dict[str, Any]
) -> None:
    result = finished["result"]
    proposed = client.get(f"/scenarios/{result['proposed_scenario_id']}").json()
    marked = [asset for asset in proposed["assets"] if asset["proposed"] is not None]
    assert [asset["id"] for asset in marked] == [site["id"] for site in result["sites"]]
    page = client.get(f"/scenarios/{result['proposed_scenario_id']}/map").text
    assert "Proposed sites" in page
    assert re.search(r'"symbol":\s*"diamond"', page)
    for site in result["sites"]:
        assert f"proposed: {site['id']}" in page
    assert "rank 1 (siting)" in page


def test_asking_again_while_it_runs_or_after_reuses_the_answer(
    client: TestClient, scenario_url: str, finished: dict[str, Any]
) -> None:
    again = wait_for_job(
        client, client.post(f"{scenario_url}/siting", json=PARAMETERS).headers["location"]
    )
    assert again["result"]["proposed_scenario_id"] == finished["result"]["proposed_scenario_id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**PARAMETERS, "tier": "huge"}, "tier"),
        ({**PARAMETERS, "add": 0}, "add"),
        ({**PARAMETERS, "candidates": "grid:0.5"}, "candidates"),
        ({**PARAMETERS, "candidates": "/etc/sites.geojson"}, "candidates"),
        (
            {**PARAMETERS, "candidates": {"type": "Point", "coordinates": [24.0, 49.8]}},
            "candidates.features[0]",
        ),
        ({**PARAMETERS, "weights": {"cities": "mw"}}, "weights.cities"),
        ({**PARAMETERS, "colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_422_naming_the_field_and_start_no_job(
    client: TestClient, scenario_url: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(f"{scenario_url}/siting", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


def test_an_unknown_scenario_is_404(client: TestClient) -> None:
    response = client.post("/scenarios/0000000000000000/siting", json=PARAMETERS)
    assert response.status_code == 404
    assert response.json()["field"] == "scenario_id"
