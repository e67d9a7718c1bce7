"""Waiting for a job of the service under test to finish."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

POLLS = 1200
POLL_S = 0.05


def wait_for_job(client: TestClient, job_url: str) -> dict[str, Any]:
    """The job's document once it is done or failed (AssertionError after a minute)."""
    for _ in range(POLLS):
        job: dict[str, Any] = client.get(job_url).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(POLL_S)
    raise AssertionError(f"job did not finish: {job}")
