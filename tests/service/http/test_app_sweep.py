"""Sweeps over HTTP: a job on the service's cluster whose result links GeoJSON outputs like the
coverage outputs; bad requests answered at once, naming the field, and no job."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_cluster import free_port
from fastapi.testclient import TestClient
from jobs_helper import wait_for_job
from rasterio.io import MemoryFile
from sweep_scenario import sweep_document

from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

DRAWS = 16


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, dask_scheduler: str) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("data")
    settings = Settings(data_dir=Path(data), dask_scheduler=dask_scheduler, sweep_max_draws=100)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def scenario_url(client: TestClient) -> str:
    return str(client.post("/scenarios", json=sweep_document()).headers["location"])


@pytest.fixture(scope="module")
def finished(client: TestClient, scenario_url: str) -> dict[str, Any]:
    started = client.post(f"{scenario_url}/sweep", json={"draws": DRAWS, "seed": 4})
    assert started.status_code == 202, started.text
    assert started.json()["kind"] == "sweep"
    return wait_for_job(client, started.headers["location"])


def test_the_job_reports_the_draws_and_links_the_outputs(finished: dict[str, Any]) -> None:
    assert finished["state"] == "done", finished["error"]
    assert "planning" in finished["steps"]
    assert f"drawing: {DRAWS} of {DRAWS} draws" in finished["steps"]
    result = finished["result"]
    assert result["umbrella"]["sweep"]["draws"] == DRAWS
    assert [phase["day"] for phase in result["phases"]] == [0, 30]
    assert {link["rel"] for link in result["links"]} >= {"sweep", "targets", "depth_probability"}


def test_outputs_are_served_as_geojson(client: TestClient, finished: dict[str, Any]) -> None:
    links = {link["rel"]: link["href"] for link in finished["result"]["links"]}
    for day, phase in zip((0, 30), finished["result"]["phases"], strict=True):
        answer = client.get(links["targets"], params={"phase": day})
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/geo+json")
        collection = answer.json()
        assert collection["umbrella"]["phase_day"] == day
        classes = [f["properties"]["robustness"] for f in collection["features"]]
        assert classes.count("robust") == phase["robust"]
        assert classes.count("contested") == phase["contested"]
        assert classes.count("exposed") == phase["exposed"]
        areas = client.get(links["depth_probability"], params={"phase": day}).json()
        assert {f["properties"]["robustness"] for f in areas["features"]} <= {
            "robust",
            "contested",
            "exposed",
        }
    raster = client.get(links["depth-probability-raster"], params={"phase": 30})
    with MemoryFile(raster.content) as memory, memory.open() as dataset:
        assert dataset.count == 3
    assert client.get(links["sweep"]).json()["phases"] == finished["result"]["phases"]
    page = client.get(links["map"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for text in (
        "Targets by robustness (sweep)",
        "Sweep of 16 draws (seed 4)",
        "short: range 12 to 26 km, nominal 20 (triangular)",
    ):
        assert text in page.text


def test_the_same_request_gives_the_same_sweep(
    client: TestClient, scenario_url: str, finished: dict[str, Any]
) -> None:
    again = client.post(f"{scenario_url}/sweep", json={"draws": DRAWS, "seed": 4})
    repeated = wait_for_job(client, again.headers["location"])
    assert repeated["result"]["sweep_id"] == finished["result"]["sweep_id"]
    assert repeated["result"]["phases"] == finished["result"]["phases"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"draws": 0}, "draws"),
        ({"draws": 101}, "draws"),
        ({"draws": 10, "seed": -1}, "seed"),
        ({"draws": 10, "phase": [45]}, "phase"),
        ({"draws": 10, "workers": 3}, "workers"),
    ],
)
def test_bad_requests_name_the_field(
    client: TestClient, scenario_url: str, body: dict[str, Any], field: str
) -> None:
    answer = client.post(f"{scenario_url}/sweep", json=body)
    assert answer.status_code == 422, answer.text
    assert field in answer.text
    assert "location" not in answer.headers  # no job


@pytest.mark.parametrize(
    ("tier", "change", "field"),
    [
        ("short", {"range_km": {"min": 30, "nominal": 20, "max": 40}}, "tiers.short.range_km.min"),
        ("medium", {"range_km": {"low": 80, "high": 45}}, "tiers.medium.range_km.high"),
        ("long", {"availability": 1.5}, "tiers.long.availability"),
        ("long", {"availability": -0.1}, "tiers.long.availability"),
    ],
)
def test_bad_assumptions_are_refused_naming_the_field_and_nothing_is_stored(
    client: TestClient, tier: str, change: dict[str, Any], field: str
) -> None:
    document = sweep_document()
    document["tiers"][tier].update(change)
    answer = client.post("/scenarios", json=document)
    assert answer.status_code == 422, answer.text
    assert field in {problem["field"] for problem in answer.json()["errors"]}
    assert "location" not in answer.headers


def test_unknown_sweeps_and_outputs_are_404(client: TestClient, scenario_url: str) -> None:
    assert client.get(f"{scenario_url}/sweeps/0123456789abcdef").status_code == 404
    assert client.get(f"{scenario_url}/sweeps/0123456789abcdef/targets").status_code == 404


def test_an_unreachable_scheduler_is_a_503_naming_the_setting(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, dask_scheduler=f"tcp://127.0.0.1:{free_port()}")
    with TestClient(create_app(settings)) as client:
        url = client.post("/scenarios", json=sweep_document()).headers["location"]
        answer = client.post(f"{url}/sweep", json={"draws": 10})
        assert answer.status_code == 503
        assert "UMBRELLA_DASK_SCHEDULER" in answer.text


def test_a_sweep_is_served_under_its_own_scenario_while_it_is_stored(
    client: TestClient, scenario_url: str
) -> None:
    document = {**sweep_document(), "name": "Sweep test, deleted later (notional)"}
    url = str(client.post("/scenarios", json=document).headers["location"])
    started = client.post(f"{url}/sweep", json={"draws": 2})
    result = wait_for_job(client, started.headers["location"])["result"]
    path = f"sweeps/{result['sweep_id']}"
    assert client.get(f"{url}/{path}/targets").status_code == 200
    assert client.get(f"{scenario_url}/{path}/targets").status_code == 404  # another scenario
    assert client.delete(url).status_code == 204
    for suffix in ("", "/targets", "/depth_probability.tif", "/map"):
        assert client.get(f"{url}/{path}{suffix}").status_code == 404, suffix
