"""Stored scenarios and their analysis, computed once and cached.

Three levels: an in-memory LRU of analysis results (``AnalysisResult`` objects) and of
recently served encoded bodies, and the SQLite store, which keeps encoded bodies across
restarts. A scenario's phases are analysed on demand: a request that needs one phase (a
GeoJSON output, a phase's summary or map) has only that phase computed, and a later request
for more phases has only those computed and added to the scenario's result in memory. A
per-scenario lock makes concurrent requests for the same scenario wait for one analysis
instead of running several, so each phase is computed at most once while it stays in memory.
``workers`` slots bound the heavy work of the whole process: every analysis (stored or
one-off, from a request or a job) and every map rendering waits for a slot, so concurrent
requests queue instead of piling work onto the machine.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Final, Generic, TypeVar

from umbrella.coverage.analysis import Progress
from umbrella.coverage.outputs import summary_document as phases_document
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario, scenario_hash
from umbrella.service.http.errors import PhaseNotFound, ScenarioNotFound
from umbrella.service.http.keyed_locks import KeyedLocks
from umbrella.service.http.media import encode_json
from umbrella.service.http.store import ScenarioStore, StoredResult, StoredScenario, etag_of
from umbrella.service.http.workers import AnalysisWorkers

__all__ = [
    "BODIES_IN_MEMORY",
    "MAX_BODY_IN_MEMORY",
    "SCENARIOS_IN_MEMORY",
    "Lru",
    "Results",
    "phase_of",
    "scenario_document",
    "summary_document",
]

SCENARIOS_IN_MEMORY: Final = 256
BODIES_IN_MEMORY: Final = 64
MAX_BODY_IN_MEMORY: Final = 512 * 1024
"""Encoded bodies up to this size are also kept in memory (at most 32 MiB in all)."""

_K = TypeVar("_K")
_V = TypeVar("_V")


class Lru(Generic[_K, _V]):
    """A small thread-safe least-recently-used mapping."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[_K, _V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: _K) -> _V | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: _K, value: _V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def forget(self, chosen: Callable[[_K], bool]) -> None:
        with self._lock:
            for key in [key for key in self._items if chosen(key)]:
                del self._items[key]


def scenario_document(scenario: Scenario) -> str:
    """The JSON text a scenario is stored as."""
    return encode_json(scenario.model_dump(mode="json")).decode()


def phase_of(scenario: Scenario, phase: int | None) -> int:
    """The day of the requested phase: the first phase when None, PhaseNotFound if unknown."""
    days = scenario.phase_days()
    if phase is None:
        return days[0]
    if phase not in days:
        raise PhaseNotFound(phase, days)
    return phase


def summary_document(result: AnalysisResult, day: int | None) -> dict[str, Any]:
    """Every phase's summary with the timeline and provenance, or one phase's summary."""
    document = phases_document(result.provenance, result.phases)
    if day is None:
        return document
    phase = next(p for p in document["phases"] if p["day"] == day)
    return {"umbrella": document["umbrella"], **phase}


class Results:
    """Scenarios of a store and their analysis results, cached in memory and in the store."""

    def __init__(
        self,
        store: ScenarioStore,
        results_in_memory: int,
        slots: int,
        workers: AnalysisWorkers,
    ) -> None:
        self.store = store
        self.workers = workers
        self._slots = threading.BoundedSemaphore(slots)
        self._analyses: Lru[str, AnalysisResult] = Lru(results_in_memory)
        self._scenarios: Lru[str, Scenario] = Lru(SCENARIOS_IN_MEMORY)
        self._bodies: Lru[tuple[str, str], StoredResult] = Lru(BODIES_IN_MEMORY)
        self._locks = KeyedLocks()

    def add(
        self,
        scenario: Scenario,
        *,
        published: bool = False,
        owner: str | None = None,
        quota: int | None = None,
    ) -> tuple[str, bool]:
        """Store a validated scenario; its id, and True if it was not stored before.

        A new scenario belongs to ``owner`` (a key's id), which may own at most ``quota``.
        With ``published``, it is listed from now on (even if it was stored private before).
        """
        scenario_id = scenario_hash(scenario)
        document = scenario_document(scenario)
        created = self.store.put_scenario(
            scenario_id, document, published=published, owner=owner, quota=quota
        )
        self._scenarios.put(scenario_id, scenario)
        return scenario_id, created

    def record(self, scenario_id: str) -> StoredScenario:
        """The stored scenario of an id with its times, or ScenarioNotFound."""
        found = self.store.scenario_record(scenario_id)
        if found is None:
            raise ScenarioNotFound(scenario_id)
        return found

    def set_published(self, scenario_id: str, published: bool) -> None:
        """List (or stop listing) a stored scenario; ScenarioNotFound for an unknown id."""
        if not self.store.set_published(scenario_id, published):
            raise ScenarioNotFound(scenario_id)

    def delete(self, scenario_id: str) -> None:
        """Delete a stored scenario and every result of it; ScenarioNotFound if unknown."""
        if not self.store.delete_scenario(scenario_id):
            raise ScenarioNotFound(scenario_id)
        self._scenarios.forget(lambda key: key == scenario_id)
        self._analyses.forget(lambda key: key == scenario_id)
        self._bodies.forget(lambda key: key[0] == scenario_id)

    def published(
        self, limit: int, offset: int
    ) -> tuple[list[tuple[StoredScenario, Scenario]], int]:
        """A page of the published scenarios (newest first) with their models, and the count."""
        records, count = self.store.published_page(limit, offset)
        return [(record, self._parsed(record.id, record.document)) for record in records], count

    def scenario(self, scenario_id: str) -> Scenario:
        """The stored scenario of an id, or ScenarioNotFound."""
        cached = self._scenarios.get(scenario_id)
        if cached is not None:
            return cached
        document = self.store.get_scenario(scenario_id)
        if document is None:
            raise ScenarioNotFound(scenario_id)
        return self._parsed(scenario_id, document)

    def _parsed(self, scenario_id: str, document: str) -> Scenario:
        """The scenario of a stored document, parsed once and kept in memory."""
        cached = self._scenarios.get(scenario_id)
        if cached is None:
            cached = parse_scenario(json.loads(document))
            self._scenarios.put(scenario_id, cached)
        return cached

    def slot(self) -> threading.BoundedSemaphore:
        """One of the ``workers`` slots, to hold (``with``) while rendering a map.

        Not re-entrant: do not ask for an analysis while holding it.
        """
        return self._slots

    def is_analysed(self, scenario_id: str) -> bool:
        """Whether the analysis of every phase of a scenario is in memory."""
        cached = self._analyses.get(scenario_id)
        days = self.scenario(scenario_id).phase_days()
        return cached is not None and len(cached.phases) == len(days)

    def analysis(
        self,
        scenario_id: str,
        progress: Progress | None = None,
        *,
        days: Sequence[int] | None = None,
    ) -> AnalysisResult:
        """The analysis of the phases ``days`` of a stored scenario (every phase for None).

        Only the phases not in memory are computed, at most once at a time per scenario; the
        phases found in memory are reported to ``progress`` as already analysed.
        """
        scenario = self.scenario(scenario_id)
        wanted = [day for day in scenario.phase_days() if days is None or day in days]
        with self._locks.hold(scenario_id):
            cached = self._analyses.get(scenario_id)
            known = {} if cached is None else {phase.summary.day: phase for phase in cached.phases}
            missing = [day for day in wanted if day not in known]
            if cached is None or missing:
                for day in wanted:
                    if day in known and progress is not None:
                        progress(f"day {day} already analysed")
                with self._slots:
                    computed = self.workers.analyze(scenario, progress, days=missing)
                known.update((phase.summary.day, phase) for phase in computed.phases)
                cached = replace(computed, phases=tuple(known[day] for day in sorted(known)))
                self._analyses.put(scenario_id, cached)
            if len(wanted) == len(known):
                return cached
            return replace(cached, phases=tuple(known[day] for day in wanted))

    def one_off(self, scenario: Scenario) -> AnalysisResult:
        """The analysis of a scenario that is not stored (nothing is cached), in a slot."""
        with self._slots:
            return self.workers.analyze(scenario)

    def body(
        self,
        scenario_id: str,
        key: str,
        produce: Callable[[], tuple[bytes, str]],
        *,
        persist: bool = True,
    ) -> StoredResult:
        """The encoded result under key: from memory, the store, or ``produce()`` then stored.

        ``produce`` returns (body, media type); it runs only when the body is cached nowhere.
        Without ``persist``, the body is kept in memory only (when small enough), never in
        the store.
        """
        cached = self._bodies.get((scenario_id, key))
        if cached is None and persist:
            cached = self.store.get_result(scenario_id, key)
        if cached is None:
            body, media_type = produce()
            cached = (
                self.store.put_result(scenario_id, key, media_type, body)
                if persist
                else StoredResult(body, media_type, etag_of(body))
            )
        if len(cached.body) <= MAX_BODY_IN_MEMORY:
            self._bodies.put((scenario_id, key), cached)
        return cached

    def cached_body(self, scenario_id: str, key: str) -> StoredResult | None:
        """The encoded result under key if it is in memory (no disk, no computation)."""
        return self._bodies.get((scenario_id, key))
