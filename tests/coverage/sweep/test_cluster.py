"""The same seed gives the same sweep on any cluster: one local worker, two local worker
processes, an external scheduler with its own worker processes, and a worker killed mid-run.

"The same" is compared on everything the sweep writes: the summary document (classes,
percentiles, regions, drivers), every target's share, and the depth-probability GeoTIFF's
bands.
"""

from __future__ import annotations

import os
import signal
import socket
from typing import Any

import numpy as np
import pytest
from dask_cluster import external_cluster, free_port
from rasterio.io import MemoryFile

from umbrella.coverage.scenario import Scenario
from umbrella.coverage.sweep.errors import SweepError
from umbrella.coverage.sweep.result import SweepResult
from umbrella.coverage.sweep.run import sweep
from umbrella.coverage.sweep.writers import sweep_summary

DRAWS = 48
SEED = 20260


def _fingerprint(result: SweepResult) -> dict[str, Any]:
    """What the sweep writes, in comparable form."""
    bands = []
    for phase in result.phases:
        with MemoryFile(phase.probability_cog) as memory, memory.open() as dataset:
            bands.append(dataset.read())
    return {
        "summary": {key: v for key, v in sweep_summary(result).items() if key != "umbrella"},
        "shares": [[t.share_meeting for t in p.targets] for p in result.phases],
        "areas": [
            [(a.depth_at_least, a.robustness, a.area_km2) for a in p.probability_areas]
            for p in result.phases
        ],
        "bands": bands,
    }


def _assert_identical(one: dict[str, Any], other: dict[str, Any]) -> None:
    assert one["summary"] == other["summary"]
    assert one["shares"] == other["shares"]
    assert one["areas"] == other["areas"]
    for mine, theirs in zip(one["bands"], other["bands"], strict=True):
        assert np.array_equal(mine, theirs, equal_nan=True)


@pytest.fixture(scope="module")
def on_one_worker(small_scenario: Scenario) -> dict[str, Any]:
    """The reference: a local cluster of one worker process."""
    return _fingerprint(sweep(small_scenario, draws=DRAWS, seed=SEED, workers=1))


def test_the_reference_is_not_trivial(on_one_worker: dict[str, Any]) -> None:
    phases = on_one_worker["summary"]["phases"]
    assert sum(phase["contested"] for phase in phases) > 0
    assert all(p["robust"] + p["contested"] + p["exposed"] == 24 for p in phases)


def test_two_local_workers_give_the_same_result(
    small_scenario: Scenario, on_one_worker: dict[str, Any]
) -> None:
    result = sweep(small_scenario, draws=DRAWS, seed=SEED, workers=2)
    _assert_identical(_fingerprint(result), on_one_worker)


def test_an_external_scheduler_gives_the_same_result(
    small_scenario: Scenario, on_one_worker: dict[str, Any], dask_scheduler: str
) -> None:
    result = sweep(small_scenario, draws=DRAWS, seed=SEED, scheduler=dask_scheduler)
    _assert_identical(_fingerprint(result), on_one_worker)


def test_a_worker_killed_mid_run_changes_nothing(
    small_scenario: Scenario, on_one_worker: dict[str, Any]
) -> None:
    done: list[int] = []
    with external_cluster(workers=2) as cluster:
        victim = cluster.workers[0]

        def kill_after_the_first_chunk(step: str, draws: int) -> None:
            done.append(draws)
            if step == "drawing" and draws and victim.poll() is None:
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()

        result = sweep(
            small_scenario,
            draws=DRAWS,
            seed=SEED,
            scheduler=cluster.address,
            progress=kill_after_the_first_chunk,
        )
        assert victim.returncode == -signal.SIGKILL
        assert cluster.workers[1].poll() is None
    assert all(worker.poll() is not None for worker in cluster.workers)  # none left running
    assert sum(done) == DRAWS  # killed after the first of several chunks, every draw came back
    _assert_identical(_fingerprint(result), on_one_worker)


def test_an_unreachable_scheduler_is_refused_before_any_work(small_scenario: Scenario) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(SweepError) as caught:
        sweep(small_scenario, draws=10, scheduler=f"tcp://127.0.0.1:{port}")
    assert caught.value.field == "scheduler"
    assert "cannot be reached" in str(caught.value)
    with socket.socket() as probe:  # and it was not left listening by anyone
        assert probe.connect_ex(("127.0.0.1", port)) != 0
