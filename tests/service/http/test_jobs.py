"""Analysis jobs: one queued or running job per scenario, a bounded history of finished ones."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from umbrella.coverage.analysis import Progress
from umbrella.service.http.errors import JobNotFound
from umbrella.service.http.jobs import Job, Jobs, JobState


@pytest.fixture
def jobs() -> Iterator[Jobs]:
    pool = Jobs(workers=1, max_finished=3)
    yield pool
    pool.shutdown()


def _finished(jobs: Jobs, job: Job) -> Job:
    for _ in range(600):
        current = jobs.get(job.id)
        if current.state in (JobState.DONE, JobState.FAILED):
            return current
        time.sleep(0.01)
    raise AssertionError(f"job did not finish: {jobs.get(job.id)}")


def test_a_scenario_with_a_queued_or_running_job_gets_that_job(jobs: Jobs) -> None:
    release = threading.Event()

    def held(progress: Progress) -> None:
        release.wait(30)

    running = jobs.submit("a", held)
    queued = jobs.submit("b", held)
    assert jobs.submit("a", held).id == running.id
    assert jobs.submit("b", held).id == queued.id
    release.set()
    assert _finished(jobs, running).state is JobState.DONE
    assert _finished(jobs, queued).state is JobState.DONE
    again = jobs.submit("a", held)
    assert again.id != running.id
    _finished(jobs, again)


def test_only_the_latest_finished_jobs_are_kept(jobs: Jobs) -> None:
    def fails(progress: Progress) -> None:
        raise RuntimeError("boom")

    done = [_finished(jobs, jobs.submit(f"s{i}", lambda progress: None)) for i in range(4)]
    done.append(_finished(jobs, jobs.submit("s4", fails)))
    assert done[-1].state is JobState.FAILED
    for old in done[:2]:
        with pytest.raises(JobNotFound):
            jobs.get(old.id)
    assert [jobs.get(job.id).state for job in done[2:]] == [
        JobState.DONE,
        JobState.DONE,
        JobState.FAILED,
    ]
