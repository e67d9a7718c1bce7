"""Phases analysed on demand: a request computes only the phases it needs, each at most once."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jobs_helper import wait_for_job
from test_app_coverage import SCENARIO

from umbrella.coverage.analysis import analyze, step_count
from umbrella.coverage.outputs import OUTPUTS
from umbrella.coverage.scenario import parse_scenario
from umbrella.coverage.writers import feature_collection
from umbrella.service.http.app import create_app
from umbrella.service.http.media import encode_json
from umbrella.service.http.settings import Settings
from umbrella.service.http.workers import AnalysisWorkers

Calls = list[Sequence[int] | None]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """The phase days of each analysis the service runs in a worker (None: every phase)."""
    asked: Calls = []
    real = AnalysisWorkers.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs.get("days"))
        return real(*args, **kwargs)

    monkeypatch.setattr(AnalysisWorkers, "analyze", counted)
    return asked


def _service(data_dir: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=data_dir)))


def _outputs(client: TestClient, where: str, day: int) -> dict[str, bytes]:
    answers = {o: client.get(f"{where}/coverage/{o}", params={"phase": day}) for o in OUTPUTS}
    assert {o: a.status_code for o, a in answers.items()} == dict.fromkeys(OUTPUTS, 200)
    return {output: answer.content for output, answer in answers.items()}


def test_a_phase_asked_for_first_is_that_phase_of_the_whole_analysis(
    tmp_path: Path, calls: Calls
) -> None:
    here = analyze(parse_scenario(SCENARIO))  # in this process, every phase, with the grid
    expected = {
        output: encode_json(feature_collection(here.phase(30), output, here.provenance))
        for output in OUTPUTS
    }
    with _service(tmp_path / "first") as first:
        where = first.post("/scenarios", json=SCENARIO).headers["location"]
        phase_first = _outputs(first, where, 30)
        summary_first = first.get(f"{where}/coverage", params={"phase": 30}).content
        assert calls == [[30]]  # the phase asked for, and no other
    with _service(tmp_path / "whole") as whole:
        where = whole.post("/scenarios", json=SCENARIO).headers["location"]
        every = whole.get(f"{where}/coverage").json()
        assert [phase["day"] for phase in every["phases"]] == [0, 30]
        assert _outputs(whole, where, 30) == phase_first == expected
        assert whole.get(f"{where}/coverage", params={"phase": 30}).content == summary_first
    assert calls == [[30], [0, 30]]


def test_other_phases_are_computed_later_and_only_once(tmp_path: Path, calls: Calls) -> None:
    with _service(tmp_path) as client:
        where = client.post("/scenarios", json=SCENARIO).headers["location"]
        assert client.get(f"{where}/coverage/targets", params={"phase": 30}).status_code == 200
        page = client.get(where, headers={"accept": "text/html"})
        assert page.status_code == 200 and "has not run in this server yet" in page.text
        assert calls == [[30]]
        assert client.get(f"{where}/coverage/targets").status_code == 200  # the first phase
        assert calls == [[30], [0]]
        summary = client.get(f"{where}/coverage").json()  # every phase, both in memory now
        assert [phase["day"] for phase in summary["phases"]] == [0, 30]
        assert client.get(f"{where}/map", params={"phase": 30}).status_code == 200
        assert calls == [[30], [0]]


def test_a_job_after_a_phase_computes_the_rest_and_counts_every_step(
    tmp_path: Path, calls: Calls
) -> None:
    with _service(tmp_path) as client:
        where = client.post("/scenarios", json=SCENARIO).headers["location"]
        assert client.get(f"{where}/coverage/footprints").status_code == 200  # day 0
        job = wait_for_job(client, client.post(f"{where}/analysis").headers["location"])
        assert job["state"] == "done"
        assert job["steps"][0] == "day 0 already analysed"
        assert "analysing day 30" in job["steps"] and "analysing day 0" not in job["steps"]
        assert len(job["steps"]) == step_count(parse_scenario(SCENARIO))
        assert calls == [[0], [30]]
        again = wait_for_job(client, client.post(f"{where}/analysis").headers["location"])
        assert again["steps"] == ["already analysed"]
    assert calls == [[0], [30]]


def test_concurrent_requests_for_several_phases_compute_each_once(
    tmp_path: Path, calls: Calls
) -> None:
    with _service(tmp_path) as client:
        where = client.post("/scenarios", json=SCENARIO).headers["location"]
        requests = [
            (f"{where}/coverage/{output}", {"phase": day})
            for output in OUTPUTS[:3]
            for day in (0, 30)
        ]
        requests.append((f"{where}/coverage", {}))  # every phase
        statuses: list[int] = []

        def fetch(path: str, params: dict[str, int]) -> None:
            statuses.append(client.get(path, params=params).status_code)

        threads = [threading.Thread(target=fetch, args=request) for request in requests]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * len(requests)
    computed = [day for days in calls for day in (days or [0, 30])]
    assert sorted(computed) == [0, 30]
