"""The SQLite scenario store: concurrent writers, restarts, cached results with ETags."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from store_bytes import stored_bytes

from umbrella.service.http import store as store_module
from umbrella.service.http.errors import ScenarioQuotaReached, StoreFull
from umbrella.service.http.store import FILE_NAME, MIGRATIONS, ScenarioStore, etag_of

GENERATION = "1.0+data1"


def _document(i: int) -> str:
    return f'{{"name": "scenario {i}"}}'


def test_put_reports_new_then_existing_and_reads_back(tmp_path: Path) -> None:
    store = ScenarioStore(tmp_path, GENERATION)
    assert store.put_scenario("a", _document(1)) is True
    assert store.put_scenario("a", _document(1)) is False
    assert store.get_scenario("a") == _document(1)
    assert store.get_scenario("missing") is None


def test_the_file_is_in_wal_mode(tmp_path: Path) -> None:
    ScenarioStore(tmp_path, GENERATION)
    with sqlite3.connect(tmp_path / FILE_NAME) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_acknowledged_scenarios_survive_a_restart(tmp_path: Path) -> None:
    store = ScenarioStore(tmp_path, GENERATION)
    for i in range(5):
        store.put_scenario(f"id{i}", _document(i))
    del store
    reopened = ScenarioStore(tmp_path, GENERATION)
    assert reopened.scenario_ids() == [f"id{i}" for i in range(5)]
    assert reopened.get_scenario("id3") == _document(3)


def test_threads_writing_the_same_and_different_scenarios(tmp_path: Path) -> None:
    store = ScenarioStore(tmp_path, GENERATION)

    def write(i: int) -> tuple[str, bool]:
        key = f"shared{i % 4}" if i % 2 else f"own{i}"
        return key, store.put_scenario(key, _document(i % 4 if i % 2 else i))

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(write, range(64)))
    created = [key for key, new in outcomes if new]
    acknowledged = {key for key, _ in outcomes}
    assert sorted(created) == sorted(acknowledged)  # each id created exactly once
    reopened = ScenarioStore(tmp_path, GENERATION)
    assert set(reopened.scenario_ids()) == acknowledged
    for key in acknowledged:
        assert reopened.get_scenario(key) is not None


def _writer(folder: str, worker: int, count: int, queue: multiprocessing.Queue) -> None:
    store = ScenarioStore(Path(folder), GENERATION)
    for i in range(count):
        shared = store.put_scenario(f"shared{i}", _document(i))
        store.put_scenario(f"p{worker}-{i}", _document(i))
        queue.put((f"shared{i}", shared))


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    count = 40
    workers = [
        context.Process(target=_writer, args=(str(tmp_path), w, count, queue)) for w in range(2)
    ]
    for process in workers:
        process.start()
    outcomes = [queue.get(timeout=60) for _ in range(2 * count)]
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    created = [key for key, new in outcomes if new]
    assert sorted(created) == sorted(f"shared{i}" for i in range(count))  # each once
    stored = set(ScenarioStore(tmp_path, GENERATION).scenario_ids())
    expected = {f"shared{i}" for i in range(count)} | {
        f"p{w}-{i}" for w in range(2) for i in range(count)
    }
    assert stored == expected


def test_results_are_cached_with_the_sha256_etag_and_first_write_wins(tmp_path: Path) -> None:
    store = ScenarioStore(tmp_path, GENERATION)
    store.put_scenario("a", _document(1))
    body = b'{"type":"FeatureCollection","features":[]}'
    stored = store.put_result("a", "targets/0", "application/geo+json", body)
    assert stored.etag == f'"{hashlib.sha256(body).hexdigest()}"' == etag_of(body)
    again = store.put_result("a", "targets/0", "application/geo+json", b"other")
    assert again == stored
    assert ScenarioStore(tmp_path, GENERATION).get_result("a", "targets/0") == stored
    assert store.get_result("a", "targets/90") is None


def test_results_of_another_generation_are_dropped_scenarios_kept(tmp_path: Path) -> None:
    old = ScenarioStore(tmp_path, "1.0+data1")
    old.put_scenario("a", _document(1))
    kept = old.put_result("a", "targets/0", "application/geo+json", b"old body")
    assert ScenarioStore(tmp_path, "1.0+data1").get_result("a", "targets/0") == kept
    new = ScenarioStore(tmp_path, "1.1+data1")
    assert new.get_result("a", "targets/0") is None
    assert new.get_scenario("a") == _document(1)
    assert new.put_result("a", "targets/0", "application/geo+json", b"new body").body == (
        b"new body"
    )
    assert old.get_result("a", "targets/0") is None  # a store still open never sees them
    with sqlite3.connect(tmp_path / FILE_NAME) as connection:
        assert connection.execute("SELECT count(*) FROM results").fetchone()[0] == 1


def test_a_store_of_an_older_schema_keeps_its_scenarios(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILE_NAME) as connection:
        connection.executescript(
            "CREATE TABLE scenarios (id TEXT PRIMARY KEY, document TEXT NOT NULL,"
            " created_at TEXT NOT NULL DEFAULT 'then');"
            "CREATE TABLE results (scenario_id TEXT NOT NULL, key TEXT NOT NULL,"
            " media_type TEXT NOT NULL, etag TEXT NOT NULL, body BLOB NOT NULL,"
            " PRIMARY KEY (scenario_id, key));"
            "INSERT INTO scenarios (id, document) VALUES ('a', '{}');"
            "INSERT INTO results VALUES ('a', 'targets/0', 'application/geo+json', 'e', x'00');"
        )
    store = ScenarioStore(tmp_path, GENERATION)
    assert store.get_scenario("a") == "{}"
    assert store.get_result("a", "targets/0") is None


def test_scenarios_are_private_until_published(tmp_path: Path) -> None:
    store = ScenarioStore(tmp_path, GENERATION)
    store.put_scenario("private", _document(1))
    store.put_scenario("public", _document(2), published=True)
    record = store.scenario_record("private")
    assert record is not None and not record.published and record.document == _document(1)
    page, count = store.published_page(10, 0)
    assert [r.id for r in page] == ["public"] and count == 1
    assert store.set_published("private", True) is True
    assert store.set_published("missing", True) is False
    page, count = store.published_page(10, 0)
    assert [r.id for r in page] == ["private", "public"] and count == 2  # newest first
    first = page[0].published_at
    assert store.set_published("private", True) is True
    again = store.scenario_record("private")
    assert again is not None and again.published_at == first  # keeps its first time
    store.set_published("public", False)
    assert [r.id for r in store.published_page(10, 0)[0]] == ["private"]
    assert store.put_scenario("public", _document(2), published=True) is False
    assert [r.id for r in store.published_page(1, 0)[0]] == ["public"]
    assert [r.id for r in store.published_page(1, 1)[0]] == ["private"]
    assert store.published_page(1, 2) == ([], 2)


def test_a_store_of_the_first_schema_is_migrated_and_keeps_its_scenarios(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILE_NAME) as connection:
        connection.executescript(
            "CREATE TABLE scenarios (id TEXT PRIMARY KEY, document TEXT NOT NULL,"
            " created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
            "INSERT INTO scenarios (id, document) VALUES ('old', '{\"name\": \"old\"}');"
        )
    store = ScenarioStore(tmp_path, GENERATION)
    record = store.scenario_record("old")
    assert record is not None and record.document == '{"name": "old"}' and not record.published
    with sqlite3.connect(tmp_path / FILE_NAME) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    assert version == len(MIGRATIONS)
    assert store.set_published("old", True)
    reopened = ScenarioStore(tmp_path, GENERATION)  # migrations run once
    assert [r.id for r in reopened.published_page(5, 0)[0]] == ["old"]


class _Clock:
    """A settable stand-in for time.time in the store module."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def time(self) -> float:
        return self.now


def test_cached_results_are_evicted_least_recently_used_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = _Clock()
    monkeypatch.setattr(store_module, "time", clock)
    document = _document(1)
    cap = len(document) + 3 * 1000
    store = ScenarioStore(tmp_path, GENERATION, max_bytes=cap)
    store.put_scenario("a", document)
    used: dict[str, float] = {}
    for key in ("r1", "r2", "r3"):
        clock.now += 100
        store.put_result("a", key, "application/json", bytes(1000))
        used[key] = clock.now
    clock.now += 100
    assert store.get_result("a", "r1") is not None  # r1 is now the most recently used
    used["r1"] = clock.now
    clock.now += 100
    store.put_result("a", "r4", "application/json", bytes(1000))
    least = min(used, key=lambda key: used[key])
    assert least == "r2"
    assert store.get_result("a", least) is None
    assert all(store.get_result("a", key) is not None for key in ("r1", "r3", "r4"))
    assert sum(stored_bytes(tmp_path)) <= cap
    assert store.usage() == stored_bytes(tmp_path)


def test_a_result_that_cannot_fit_is_served_not_kept(tmp_path: Path) -> None:
    document = _document(1)
    store = ScenarioStore(tmp_path, GENERATION, max_bytes=len(document) + 500)
    store.put_scenario("a", document)
    served = store.put_result("a", "big", "application/json", bytes(501))
    assert served.body == bytes(501) and served.etag == etag_of(bytes(501))
    assert store.get_result("a", "big") is None
    assert store.put_result("gone", "x", "application/json", b"1").body == b"1"
    assert stored_bytes(tmp_path) == (len(document), 0)  # nor a result of no stored scenario


def test_a_new_scenario_evicts_results_then_the_full_store_refuses(tmp_path: Path) -> None:
    first, second, third = _document(1), _document(2), _document(3)
    cap = len(first) + len(second) + 10
    store = ScenarioStore(tmp_path, GENERATION, max_bytes=cap)
    store.put_scenario("a", first)
    store.put_result("a", "r", "application/json", bytes(len(second)))
    assert store.put_scenario("b", second) is True
    assert stored_bytes(tmp_path) == (len(first) + len(second), 0)  # the result made room
    with pytest.raises(StoreFull) as refused:
        store.put_scenario("c", third)
    assert refused.value.value == len(third)
    assert store.get_scenario("c") is None
    assert store.put_scenario("b", second) is False  # stored already: needs no room


def test_a_key_owns_at_most_its_quota(tmp_path: Path) -> None:
    store = ScenarioStore(tmp_path, GENERATION)
    store.put_scenario("a", _document(1), owner="k1", quota=2)
    store.put_scenario("b", _document(2), owner="k1", quota=2)
    with pytest.raises(ScenarioQuotaReached):
        store.put_scenario("c", _document(3), owner="k1", quota=2)
    assert store.put_scenario("c", _document(3), owner="k2", quota=2) is True
    record = store.scenario_record("a")
    assert record is not None and record.owner == "k1"
    assert store.delete_scenario("a") is True and store.delete_scenario("a") is False
    assert store.put_scenario("d", _document(4), owner="k1", quota=2) is True


def test_a_store_of_version_one_gets_owners_and_sizes(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILE_NAME) as connection:  # as version 1 made it
        connection.executescript(store_module._SCHEMA)
        for statement in MIGRATIONS[0]:
            connection.execute(statement)
        connection.executescript(
            "INSERT INTO scenarios (id, document) VALUES ('old', '{\"name\": \"ö\"}');"
            f"INSERT INTO results VALUES ('{GENERATION}', 'old', 'k', 'a/b', 'e', x'0001');"
            "PRAGMA user_version=1;"
        )
    store = ScenarioStore(tmp_path, GENERATION)
    assert store.usage() == stored_bytes(tmp_path) == (len('{"name": "ö"}'.encode()), 2)
    record = store.scenario_record("old")
    assert record is not None and record.owner is None
