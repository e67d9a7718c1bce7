"""Draws spread over a ``dask.distributed`` cluster.

A local cluster of worker processes by default (one per core, or ``workers``), or the
scheduler at ``scheduler`` (``tcp://HOST:PORT``): the same code runs on a laptop or on a
cluster. The plan is sent to every worker once; each task decides a chunk of draws
(``umbrella.coverage.sweep.chunk``). A worker lost mid-run has its tasks run again
elsewhere (dask reschedules them; a plan lost with its last holder is sent again), and as
a chunk's numbers depend only on the plan, the seed and the draws' indices, the result is
the same. Dask is imported here only, when a sweep runs.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from umbrella.coverage.sweep.chunk import chunks, run_chunk
from umbrella.coverage.sweep.errors import SchedulerUnreachable
from umbrella.coverage.sweep.plan import SweepPlan
from umbrella.coverage.sweep.tally import SweepTally

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["CONNECT_SECONDS", "check_scheduler", "default_workers", "run_draws"]

CONNECT_SECONDS = 5.0
_MAX_ROUNDS = 5  # a plan lost with its last holder is sent again at most this many times


def default_workers() -> int:
    """One worker process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_scheduler(address: str, field: str = "scheduler") -> None:
    """SchedulerUnreachable naming ``field`` unless a TCP connection to the scheduler opens within
    ``CONNECT_SECONDS`` (a quick check before any work; dask itself is not imported)."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if parts.scheme != "tcp" or not host or port is None:
        raise SchedulerUnreachable(field, address, "must be tcp://HOST:PORT")
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SchedulerUnreachable(field, address, f"cannot be reached ({reason})") from None


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler, timeout=CONNECT_SECONDS) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_draws(
    plan: SweepPlan,
    seed: int,
    n_draws: int,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> SweepTally:
    """Decide ``n_draws`` draws of ``seed`` on the cluster; ``progress(k)`` is called as each
    chunk of ``k`` draws comes back."""
    from distributed import as_completed

    tally = SweepTally(plan, n_draws)
    todo = chunks(n_draws)
    name = uuid.uuid4().hex
    with _client(scheduler, workers) as client:
        for round_ in range(_MAX_ROUNDS):
            shared = client.scatter(plan, broadcast=True, hash=False)
            futures = {
                client.submit(
                    run_chunk,
                    shared,
                    seed,
                    first,
                    count,
                    key=f"umbrella-sweep-{name}-{round_}-{first}",
                ): (first, count)
                for first, count in todo
            }
            todo = []
            for future in as_completed(futures):
                if future.cancelled():  # its plan was lost with the last worker holding it
                    todo.append(futures[future])
                    continue
                chunk = future.result()
                tally.add(chunk)
                if progress is not None:
                    progress(chunk.count)
            if not todo:
                return tally
    raise RuntimeError(f"the cluster lost the sweep's plan {_MAX_ROUNDS} times")
