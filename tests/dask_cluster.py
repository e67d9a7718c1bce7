"""A Dask cluster of its own processes for the tests: ``dask scheduler`` and ``dask worker``
on localhost, on free ports, each worker one process (no nanny: a killed worker stays dead)
with one thread. Every process started here is ended when the block ends."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ExternalCluster", "external_cluster", "free_port"]

_DASK = Path(sys.executable).with_name("dask")
_START_SECONDS = 120.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ExternalCluster:
    """The scheduler's address and the worker processes."""

    address: str
    workers: list[subprocess.Popen[bytes]]


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=_START_SECONDS) as client:
        client.wait_for_workers(count, timeout=_START_SECONDS)


@contextmanager
def external_cluster(workers: int) -> Iterator[ExternalCluster]:
    """A scheduler and ``workers`` worker processes, ready when the block starts."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            [str(_DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
        )
    ]
    try:
        deadline = time.monotonic() + _START_SECONDS
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or processes[0].poll() is not None:
                    raise RuntimeError("the dask scheduler did not start") from None
                time.sleep(0.2)
        started = [
            subprocess.Popen(
                [
                    str(_DASK),
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--name",
                    f"test-worker-{i}",
                ],
                **quiet,
            )
            for i in range(workers)
        ]
        processes += started
        _wait_for_workers(address, workers)
        yield ExternalCluster(address, started)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
