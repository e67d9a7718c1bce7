"""Background jobs (analyses, siting): queued, run in a thread pool, their progress recorded.

Jobs live in memory; what they compute is kept by the result cache or the store, so a job
lost in a restart costs only its own re-run. A key (by default the scenario's id) has at most
one queued or running job: asking again returns that job. A job's work may return a JSON
mapping, kept as its ``result``. Of the finished jobs, only the latest ``max_finished`` are
kept.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from umbrella.coverage.analysis import Progress
from umbrella.geo.errors import InputError
from umbrella.service.http.errors import JobNotFound

__all__ = ["MAX_FINISHED_JOBS", "Job", "JobState", "Jobs"]

MAX_FINISHED_JOBS: Final = 1000

_LOG = logging.getLogger("umbrella.service")


class JobState(StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Job:
    """A snapshot of one job: its scenario, kind, state, progress steps, error and result."""

    id: str
    scenario_id: str
    state: JobState
    steps: tuple[str, ...] = ()
    error: str | None = None
    kind: str = "analysis"
    result: Mapping[str, Any] | None = None
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)


class Jobs:
    """The jobs of this process and the pool that runs them."""

    def __init__(self, workers: int, max_finished: int = MAX_FINISHED_JOBS) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="analysis")
        self._jobs: dict[str, Job] = {}
        self._active: dict[str, str] = {}  # key -> id of its queued or running job
        self._keys: dict[str, str] = {}  # job id -> its key, while queued or running
        self._latest: dict[str, str] = {}  # scenario id -> id of its latest analysis still kept
        self._finished: deque[str] = deque()  # ids of finished jobs, oldest first
        self._max_finished = max_finished
        self._lock = threading.Lock()

    def _update(
        self,
        job_id: str,
        state: JobState,
        error: str | None = None,
        result: Mapping[str, Any] | None = None,
    ) -> None:
        with self._lock:
            job = replace(
                self._jobs[job_id], state=state, error=error, result=result, updated=_now()
            )
            self._jobs[job_id] = job
            if state in (JobState.DONE, JobState.FAILED):
                del self._active[self._keys.pop(job_id)]
                self._finished.append(job_id)
                while len(self._finished) > self._max_finished:
                    dropped = self._jobs.pop(self._finished.popleft())
                    if self._latest.get(dropped.scenario_id) == dropped.id:
                        del self._latest[dropped.scenario_id]

    def _step(self, job_id: str, step: str) -> None:
        with self._lock:
            job = self._jobs[job_id]
            self._jobs[job_id] = replace(job, steps=(*job.steps, step), updated=_now())

    def submit(
        self,
        scenario_id: str,
        work: Callable[[Progress], object],
        *,
        kind: str = "analysis",
        key: str | None = None,
    ) -> Job:
        """Queue ``work(progress)`` for a scenario and return the job.

        If ``key`` (default: the scenario's id) already has a queued or running job, that job
        is returned and ``work`` is not queued again. A mapping returned by ``work`` becomes
        the job's ``result``.
        """
        key = scenario_id if key is None else key
        with self._lock:
            active = self._active.get(key)
            if active is not None:
                return self._jobs[active]
            job = Job(
                id=uuid.uuid4().hex, scenario_id=scenario_id, state=JobState.QUEUED, kind=kind
            )
            self._jobs[job.id] = job
            self._active[key] = job.id
            self._keys[job.id] = key
            if key == scenario_id:  # the scenario's own analysis, not another kind of job
                self._latest[scenario_id] = job.id
        self._executor.submit(self._run, job.id, work)
        return job

    def _run(self, job_id: str, work: Callable[[Progress], object]) -> None:
        self._update(job_id, state=JobState.RUNNING)
        try:
            result = work(lambda step: self._step(job_id, step))
        except InputError as error:
            self._update(job_id, state=JobState.FAILED, error=str(error))
        except Exception:
            _LOG.exception("job %s failed", job_id)
            self._update(job_id, state=JobState.FAILED, error="the job failed; see the log")
        else:
            done = result if isinstance(result, Mapping) else None
            self._update(job_id, state=JobState.DONE, result=done)

    def get(self, job_id: str) -> Job:
        """The current snapshot of a job, or JobNotFound."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise JobNotFound(job_id)
        return job

    def latest(self, scenario_id: str) -> Job | None:
        """The scenario's queued or running analysis job, else its latest finished one kept."""
        with self._lock:
            job_id = self._latest.get(scenario_id)
            return None if job_id is None else self._jobs[job_id]

    def shutdown(self) -> None:
        """Stop taking jobs; wait for the running one, drop the queued ones."""
        self._executor.shutdown(wait=True, cancel_futures=True)
