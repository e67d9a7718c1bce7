"""Analyses in worker processes: the same answer, bounded in time and memory, never stuck."""

from __future__ import annotations

import copy
import multiprocessing
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from umbrella.coverage import cache
from umbrella.coverage.analysis import analyze
from umbrella.coverage.errors import ScenarioError
from umbrella.coverage.outputs import OUTPUTS, summary_document
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import parse_scenario
from umbrella.coverage.writers import feature_collection
from umbrella.service.http.app import create_app
from umbrella.service.http.errors import AnalysisLimitExceeded
from umbrella.service.http.settings import Settings
from umbrella.service.http.workers import AnalysisWorkers

SCENARIO: dict[str, Any] = {
    "name": "two sites over Crimea",
    "regions": ["UA-43"],
    "tiers": {"short": {"range_km": 40}, "long": {"range_km": 150, "min_range_km": 5}},
    "phases": [{"day": 0}, {"day": 30}],
    "assets": [
        {"id": "a1", "tier": "short", "location": "Simferopol"},
        {"id": "a2", "tier": "long", "location": [33.40, 45.20], "from_day": 30},
    ],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
    "grid_cell_km": 20,
}
NO_TIME = 1e-3  # no analysis finishes this fast
NO_MEMORY = 16  # MiB: the least the settings allow; HEAVY needs far more (a record per target)
HEAVY: dict[str, Any] = {
    **SCENARIO,
    "name": "150,000 points over Crimea",
    "targets": [
        {
            "id": "points",
            "geojson": {
                "type": "MultiPoint",
                "coordinates": [
                    [32.5 + (i % 250) / 100, 44.4 + (i // 250) / 1000] for i in range(150_000)
                ],
            },
        }
    ],
}


def _features(result: AnalysisResult) -> list[dict[str, Any]]:
    return [feature_collection(p, o, result.provenance) for p in result.phases for o in OUTPUTS]


def test_a_worker_gives_the_analysis_of_this_process_and_its_steps(tmp_path: Path) -> None:
    scenario = parse_scenario(copy.deepcopy(SCENARIO))
    steps: list[str] = []
    result = AnalysisWorkers(600, 4096, tmp_path).analyze(scenario, steps.append)
    here = analyze(scenario)
    assert summary_document(result.provenance, result.phases) == summary_document(
        here.provenance, here.phases
    )
    assert _features(result) == _features(here)
    assert [p.depth_grid for p in result.phases] == [None, None]  # no answer reads the grid
    assert steps[0] == "resolving places" and steps[-1] == "analysing day 30"


def test_a_worker_analyses_only_the_phases_asked_for(tmp_path: Path) -> None:
    scenario = parse_scenario(copy.deepcopy(SCENARIO))
    steps: list[str] = []
    result = AnalysisWorkers(600, 4096, tmp_path).analyze(scenario, steps.append, days=[30])
    here = analyze(scenario)
    assert [p.summary.day for p in result.phases] == [30]
    assert _features(result) == _features(replace(here, phases=(here.phase(30),)))
    assert [step for step in steps if step.startswith("analysing")] == ["analysing day 30"]


def test_a_worker_caches_within_the_limit_given(tmp_path: Path) -> None:
    scenario = parse_scenario(copy.deepcopy(SCENARIO))
    for limit in (0, 1):  # MiB: nothing kept, then the rings and the area of interest
        AnalysisWorkers(600, 4096, tmp_path / str(limit), limit).analyze(scenario, days=[0])
    assert not list((tmp_path / "0").rglob("*.wkb"))
    assert {path.parent.name for path in (tmp_path / "1").rglob("*.wkb")} == {
        "area_of_interest",
        "range_rings",
    }


def test_bad_input_found_in_the_worker_comes_back_as_it_was_raised(tmp_path: Path) -> None:
    document = copy.deepcopy(SCENARIO)
    document["assets"][0]["location"] = "Nowhereville"
    with pytest.raises(ScenarioError, match=r"assets\[0\].location: is not a known place"):
        AnalysisWorkers(600, 4096, tmp_path).analyze(parse_scenario(document))


@pytest.mark.parametrize(
    ("seconds", "memory_mib", "setting"),
    [(NO_TIME, 4096, "analysis_seconds"), (600, NO_MEMORY, "analysis_memory_mib")],
)
def test_a_limit_ends_the_analysis_and_its_worker(
    tmp_path: Path, seconds: float, memory_mib: int, setting: str
) -> None:
    workers = AnalysisWorkers(seconds, memory_mib, tmp_path)
    with pytest.raises(AnalysisLimitExceeded) as raised:
        workers.analyze(parse_scenario(copy.deepcopy(HEAVY)))
    assert raised.value.field == setting
    assert f"UMBRELLA_{setting.upper()}" in raised.value.reason
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("limits", "setting"),
    [
        ({"analysis_seconds": NO_TIME}, "analysis_seconds"),
        ({"analysis_memory_mib": NO_MEMORY}, "analysis_memory_mib"),
    ],
)
def test_over_http_a_limit_is_a_problem_naming_it_and_the_service_goes_on(
    tmp_path: Path, limits: dict[str, float], setting: str
) -> None:
    settings = Settings(
        data_dir=tmp_path, analysis_workers=1, max_body_bytes=16 * 1024 * 1024, **limits
    )
    with TestClient(create_app(settings)) as client:
        where = client.post("/scenarios", json=HEAVY).headers["location"]
        for _ in range(2):  # the one worker slot is free again after each
            for response in (
                client.get(f"{where}/coverage"),
                client.get(f"{where}/coverage/targets", params={"phase": 30}),
                client.post("/coverage", json=HEAVY),
            ):
                assert response.status_code == 422, response.text
                document = response.json()
                assert document["field"] == setting
                assert document["value"] == limits[setting]
                assert document["type"] == "urn:umbrella:problem:analysis-limit"
        assert client.get("/collections").status_code == 200
        job = client.post(f"{where}/analysis").headers["location"]
        for _ in range(600):
            state = client.get(job).json()
            if state["state"] in ("done", "failed"):
                break
            time.sleep(0.05)
        assert state["state"] == "failed" and state["error"].startswith(f"{setting}: ")


def test_the_service_keeps_its_own_caches_in_its_cache_dir_within_its_limit(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", cache_max_mib=3)
    try:
        create_app(settings)
        assert cache.cache_folder() == tmp_path / "cache"
        assert cache.max_bytes() == 3 * 1024 * 1024
    finally:
        cache.use_folder(None)
