"""Analyses in worker processes, each bounded in time and in memory.

Every analysis runs in a process of its own, forked from a warm template: multiprocessing's
fork server, which imports the analysis stack and reads the layers once, when the service
starts (``umbrella.service.http.warm``). A fork starts in milliseconds with all of that in
place, and gives every byte back when it ends, so a long-running service does not grow.
An analysis covers the phases asked for (all by default) and never draws the depth grid: no
answer of the service reads it.

The worker caps its own data segment (``RLIMIT_DATA``, Linux) at what the template holds plus
``memory_mib``; the service waits at most ``seconds`` for the answer, then kills the worker.
Either limit ends the analysis with AnalysisLimitExceeded naming the setting, and whoever
waited is free at once. Running out of memory shows as a MemoryError, as a C++
``std::bad_alloc`` passed on by GEOS, or as a worker aborted by one that nothing caught. Bad
input found by the analysis comes back as the same InputError.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Final

from umbrella.coverage.analysis import Progress, analyze
from umbrella.coverage.cache import DEFAULT_MAX_MIB, use_folder
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario
from umbrella.geo.errors import InputError
from umbrella.service.http.errors import AnalysisLimitExceeded

__all__ = ["WARM_MODULE", "AnalysisWorkers"]

WARM_MODULE: Final = "umbrella.service.http.warm"
_MIB: Final = 1024 * 1024
_STATUS: Final = Path("/proc/self/status")
_LOG = logging.getLogger("umbrella.service")
_CONTEXT: Final = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([WARM_MODULE])


class AnalysisWorkers:
    """Runs each analysis in a fresh worker process, within ``seconds`` and ``memory_mib``;
    slow geometries are cached in ``cache_folder``, at most ``cache_max_mib`` MiB
    (``umbrella.coverage.cache``)."""

    def __init__(
        self,
        seconds: float,
        memory_mib: int,
        cache_folder: Path,
        cache_max_mib: int = DEFAULT_MAX_MIB,
    ) -> None:
        self.seconds = seconds
        self.memory_mib = memory_mib
        self.cache_folder = cache_folder
        self.cache_max_mib = cache_max_mib

    def start(self) -> None:
        """Start the warm template now (it also starts with the first analysis)."""
        from multiprocessing import forkserver

        forkserver.ensure_running()

    def analyze(
        self,
        scenario: Scenario,
        progress: Progress | None = None,
        *,
        days: Sequence[int] | None = None,
    ) -> AnalysisResult:
        """The analysis of the phases ``days`` of ``scenario`` (every phase for None), without
        the depth grid, computed in a worker process.

        Raises AnalysisLimitExceeded when it takes more time or memory than allowed, the
        InputError the analysis raised for bad input, and RuntimeError if the worker failed.
        """
        report = progress or (lambda _step: None)
        reader, writer = _CONTEXT.Pipe(duplex=False)
        worker = _CONTEXT.Process(
            target=_work,
            args=(
                writer,
                scenario,
                days,
                self.memory_mib * _MIB,
                (self.cache_folder, self.cache_max_mib),
            ),
            daemon=True,
        )
        worker.start()
        writer.close()
        try:
            return self._answer(reader, report, worker)
        finally:
            if worker.is_alive():
                worker.kill()
            worker.join()
            reader.close()

    def _answer(
        self, reader: Connection, report: Callable[[str], None], worker: BaseProcess
    ) -> AnalysisResult:
        deadline = time.monotonic() + self.seconds
        while reader.poll(max(deadline - time.monotonic(), 0.0)):
            try:
                kind, payload = reader.recv()
            except EOFError:
                kind, payload = self._ended(worker), None
            if kind == "step":
                report(payload)
            elif kind == "done":
                return payload
            elif kind == "memory":
                raise self._out_of_memory()
            elif kind == "input":
                raise payload
            else:
                _LOG.error("analysis worker failed: %s\n%s", kind, payload or "")
                raise RuntimeError("the analysis worker failed")
        raise AnalysisLimitExceeded(
            "analysis_seconds", self.seconds, "the analysis did not finish in this time"
        )

    def _out_of_memory(self) -> AnalysisLimitExceeded:
        return AnalysisLimitExceeded(
            "analysis_memory_mib", self.memory_mib, "the analysis needed more memory"
        )

    def _ended(self, worker: BaseProcess) -> str:
        """Why a worker ended without an answer: aborted or killed is out of memory (a C++
        ``std::bad_alloc`` that no one catches aborts; the kernel's OOM killer kills), any
        other end is a failure."""
        worker.join()
        if worker.exitcode in (-signal.SIGABRT, -signal.SIGKILL):
            return "memory"
        return f"the worker ended with exit code {worker.exitcode} and no answer"


def _work(
    connection: Connection,
    scenario: Scenario,
    days: Sequence[int] | None,
    memory_bytes: int,
    cache: tuple[Path, int],
) -> None:
    """In the worker: cap the memory, analyse, send the steps and the answer."""
    _cap_memory(memory_bytes)
    use_folder(*cache)
    try:
        result = analyze(
            scenario,
            phases=days,
            with_grid=False,
            progress=lambda step: connection.send(("step", step)),
        )
        connection.send(("done", result))
    except InputError as error:
        connection.send(("input", error))
    except Exception as error:
        out_of_memory = isinstance(error, MemoryError) or "bad_alloc" in str(error)
        connection.send(("memory", None) if out_of_memory else ("bug", traceback.format_exc()))
    finally:
        connection.close()


def _cap_memory(extra_bytes: int) -> None:
    """Let this process's data segment grow by at most ``extra_bytes`` (Linux)."""
    lines = _STATUS.read_text().splitlines() if _STATUS.exists() else []
    data_kib = next((int(line.split()[1]) for line in lines if line.startswith("VmData:")), None)
    if data_kib is not None:
        limit = data_kib * 1024 + extra_bytes
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
