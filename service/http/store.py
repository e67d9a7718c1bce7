"""The scenario store: one embedded SQLite file in the data directory.

Scenarios are kept by content hash and never change, so the same scenario gets the same id
and writes never conflict (``INSERT ... ON CONFLICT DO NOTHING``). Encoded results (summary
JSON, GeoJSON outputs, maps) are cached by scenario id and a key with their media type and
ETag (the SHA-256 of the bytes), under the store's **generation** (the software version and
the bundled data that computed them): a store opened under another generation never reads
them, and drops them when it opens (results are a cache; scenarios are kept).

The file is in WAL mode with ``synchronous=FULL``: a write is on disk when its call returns.
Each operation opens its own connection, so threads and processes can share one store;
``busy_timeout`` lets concurrent writers wait their turn.

A scenario is private when stored (reachable by its id, never listed) unless it is stored as
published or published later; ``published_page`` lists the published ones, newest first. A
scenario stored with a key belongs to that key (``owner``, the key's id), which may hold at
most ``quota`` scenarios (``ScenarioQuotaReached``).

The store holds at most ``max_bytes`` of scenario documents and cached bodies. To make room,
cached results are evicted least recently used first (a read marks a result used, at most
once a minute); a result that cannot fit is served but not kept, and a new scenario that the
stored scenarios alone leave no room for is refused (``StoreFull``).

The schema grows by numbered migrations (``MIGRATIONS``, counted by ``PRAGMA user_version``),
applied once, in order, when a store opens: a store of an older version is brought up to date
and keeps its scenarios.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from umbrella.geo.errors import InputError
from umbrella.service.http.errors import ScenarioQuotaReached, StoreFull

__all__ = [
    "FILE_NAME",
    "MIGRATIONS",
    "DataDirError",
    "ScenarioStore",
    "StoredResult",
    "StoredScenario",
    "etag_of",
]

FILE_NAME: Final = "umbrella.sqlite3"
BUSY_TIMEOUT_S: Final = 30.0

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS scenarios (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE IF NOT EXISTS results (
    generation TEXT NOT NULL,
    scenario_id TEXT NOT NULL REFERENCES scenarios (id),
    key TEXT NOT NULL,
    media_type TEXT NOT NULL,
    etag TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (generation, scenario_id, key)
);
"""

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    # 1: publication. NULL: private (the default); else when it was published (ISO 8601 UTC).
    (
        "ALTER TABLE scenarios ADD COLUMN published_at TEXT",
        "CREATE INDEX scenarios_published ON scenarios (published_at)"
        " WHERE published_at IS NOT NULL",
    ),
    # 2: owners and sizes. owner: the id of the key that stored the scenario (NULL: no key);
    # size: bytes of a document or body; used_at: when a cached result was last read (Unix s).
    (
        "ALTER TABLE scenarios ADD COLUMN owner TEXT",
        "CREATE INDEX scenarios_owner ON scenarios (owner) WHERE owner IS NOT NULL",
        "ALTER TABLE scenarios ADD COLUMN size INTEGER NOT NULL DEFAULT 0",
        "UPDATE scenarios SET size = LENGTH(CAST(document AS BLOB))",
        "ALTER TABLE results ADD COLUMN size INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE results ADD COLUMN used_at REAL NOT NULL DEFAULT 0",
        "UPDATE results SET size = LENGTH(body)",
        "CREATE INDEX results_used ON results (used_at)",
    ),
)
"""The schema changes after the first schema, in order; a store at version n has run n."""

_NOW: Final = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


TOUCH_S: Final = 60.0
"""A cached result read again within this many seconds is not marked used again."""

_SCENARIO_COLUMNS: Final = "id, document, created_at, published_at, owner"


def _stored_scenario(row: tuple[object, ...]) -> StoredScenario:
    identifier, document, created_at, published_at, owner = row
    return StoredScenario(
        str(identifier),
        str(document),
        str(created_at),
        None if published_at is None else str(published_at),
        None if owner is None else str(owner),
    )


class DataDirError(InputError):
    """A data folder in which the store cannot be created or written."""


def _cannot(why: str) -> str:
    return f"cannot hold the scenario store ({why})"


def etag_of(body: bytes) -> str:
    """The strong ETag of a response body: its SHA-256, quoted."""
    return f'"{hashlib.sha256(body).hexdigest()}"'


@dataclass(frozen=True)
class StoredScenario:
    """A stored scenario: its id, JSON document, when it was stored and published (or None),
    and the id of the key that stored it (None: stored without a key)."""

    id: str
    document: str
    created_at: str
    published_at: str | None
    owner: str | None = None

    @property
    def published(self) -> bool:
        """Whether the scenario is listed (``GET /scenarios``)."""
        return self.published_at is not None


@dataclass(frozen=True)
class StoredResult:
    """An encoded result: its bytes, media type and ETag."""

    body: bytes
    media_type: str
    etag: str


class ScenarioStore:
    """Scenarios and cached results in ``<data_dir>/umbrella.sqlite3`` (created if missing).

    ``generation`` names what computed the results (e.g. ``"0.3.0+<data hash>"``); cached
    results of any other generation are deleted when the store opens. ``max_bytes`` caps the
    bytes of documents and cached bodies (None: no cap). A folder that cannot be created, or
    a file that cannot be opened and written there, is a DataDirError naming ``data_dir``.
    """

    def __init__(self, data_dir: Path, generation: str, max_bytes: int | None = None) -> None:
        self.path = data_dir / FILE_NAME
        self.generation = generation
        self.max_bytes = max_bytes
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            self._open()
        except OSError as error:
            raise DataDirError(
                "data_dir", str(data_dir), _cannot(error.strerror or str(error))
            ) from None
        except sqlite3.Error as error:
            raise DataDirError("data_dir", str(data_dir), _cannot(str(error))) from None

    def _open(self) -> None:
        """WAL mode, the schema and its migrations, and no cached result of another generation."""
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
        with self._connection(write=True) as connection:
            columns = connection.execute("PRAGMA table_info(results)").fetchall()
            if columns and "generation" not in {str(column[1]) for column in columns}:
                connection.execute("DROP TABLE results")  # a cache of the first schema
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version={number}")
            connection.execute("DELETE FROM results WHERE generation != ?", (self.generation,))

    @contextmanager
    def _connection(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A fresh connection, closed after use.

        With ``write``, the block is one transaction that takes the write lock at once
        (waiting up to ``busy_timeout``), is committed on success and rolled back on error.
        Without it, each statement reads a consistent snapshot and never blocks writers.
        """
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        with closing(connection):
            connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            connection.execute("PRAGMA synchronous=FULL")
            if not write:
                yield connection
                return
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def put_scenario(
        self,
        scenario_id: str,
        document: str,
        *,
        published: bool = False,
        owner: str | None = None,
        quota: int | None = None,
    ) -> bool:
        """Store a scenario's JSON document; True if new, False if it was already stored.

        A new scenario belongs to ``owner``, which may own at most ``quota`` (None: any
        number; else ScenarioQuotaReached); one the stored scenarios leave no room for is
        StoreFull. With ``published``, the scenario is listed from now on (a stored private
        one too). When this returns, the scenario is committed to disk.
        """
        size = len(document.encode())
        with self._connection(write=True) as connection:
            stored = connection.execute(
                "SELECT 1 FROM scenarios WHERE id = ?", (scenario_id,)
            ).fetchone()
            if stored is None:
                if owner is not None and quota is not None:
                    (count,) = connection.execute(
                        "SELECT COUNT(*) FROM scenarios WHERE owner = ?", (owner,)
                    ).fetchone()
                    if count >= quota:
                        raise ScenarioQuotaReached(owner, int(count), quota)
                self._make_room(connection, size, scenario=True)
                connection.execute(
                    "INSERT INTO scenarios (id, document, owner, size) VALUES (?, ?, ?, ?)",
                    (scenario_id, document, owner, size),
                )
            if published:
                self._publish(connection, scenario_id, True)
            return stored is None

    def _make_room(self, connection: sqlite3.Connection, size: int, *, scenario: bool) -> bool:
        """Evict cached results, least recently used first, until ``size`` more bytes fit.

        False (nothing evicted) if even without cached results they would not fit; for a
        scenario that is StoreFull instead.
        """
        if self.max_bytes is None:
            return True
        (scenarios,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM scenarios").fetchone()
        if scenarios + size > self.max_bytes:
            if scenario:
                raise StoreFull(size, int(scenarios), self.max_bytes)
            return False
        (cached,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()
        excess = scenarios + cached + size - self.max_bytes
        if excess <= 0:
            return True
        evicted = []
        for rowid, result_size in connection.execute(
            "SELECT rowid, size FROM results ORDER BY used_at, rowid"
        ):
            evicted.append((rowid,))
            excess -= result_size
            if excess <= 0:
                break
        connection.executemany("DELETE FROM results WHERE rowid = ?", evicted)
        return True

    def usage(self) -> tuple[int, int]:
        """The bytes of stored scenario documents and of cached bodies."""
        with self._connection() as connection:
            connection.execute("BEGIN")
            (scenarios,) = connection.execute(
                "SELECT COALESCE(SUM(size), 0) FROM scenarios"
            ).fetchone()
            (cached,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()
            connection.execute("COMMIT")
        return int(scenarios), int(cached)

    def delete_scenario(self, scenario_id: str) -> bool:
        """Delete a scenario and its cached results; False if no scenario has this id."""
        with self._connection(write=True) as connection:
            connection.execute("DELETE FROM results WHERE scenario_id = ?", (scenario_id,))
            cursor = connection.execute("DELETE FROM scenarios WHERE id = ?", (scenario_id,))
            return cursor.rowcount == 1

    def set_published(self, scenario_id: str, published: bool) -> bool:
        """List (or stop listing) a stored scenario; False if no scenario has this id.

        Publishing a published scenario keeps the time it was first published.
        """
        with self._connection(write=True) as connection:
            return self._publish(connection, scenario_id, published)

    @staticmethod
    def _publish(connection: sqlite3.Connection, scenario_id: str, published: bool) -> bool:
        value = f"COALESCE(published_at, {_NOW})" if published else "NULL"
        cursor = connection.execute(
            f"UPDATE scenarios SET published_at = {value} WHERE id = ?", (scenario_id,)
        )
        return cursor.rowcount == 1

    def get_scenario(self, scenario_id: str) -> str | None:
        """The JSON document of a stored scenario, or None."""
        found = self.scenario_record(scenario_id)
        return None if found is None else found.document

    def scenario_record(self, scenario_id: str) -> StoredScenario | None:
        """A stored scenario with its times, or None."""
        with self._connection() as connection:
            row = connection.execute(
                f"SELECT {_SCENARIO_COLUMNS} FROM scenarios WHERE id = ?", (scenario_id,)
            ).fetchone()
        return None if row is None else _stored_scenario(row)

    def scenario_ids(self) -> list[str]:
        """Every stored scenario id, oldest first."""
        with self._connection() as connection:
            rows = connection.execute("SELECT id FROM scenarios ORDER BY created_at, id").fetchall()
        return [str(row[0]) for row in rows]

    def published_page(self, limit: int, offset: int) -> tuple[list[StoredScenario], int]:
        """A page of the published scenarios, most recently published first, and their count.

        Both are read from one snapshot (a read transaction), so they agree.
        """
        with self._connection() as connection:
            connection.execute("BEGIN")
            rows = connection.execute(
                f"SELECT {_SCENARIO_COLUMNS} FROM scenarios WHERE published_at IS NOT NULL"
                " ORDER BY published_at DESC, rowid DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
            (count,) = connection.execute(
                "SELECT COUNT(*) FROM scenarios WHERE published_at IS NOT NULL"
            ).fetchone()
            connection.execute("COMMIT")
        return [_stored_scenario(row) for row in rows], int(count)

    def put_result(self, scenario_id: str, key: str, media_type: str, body: bytes) -> StoredResult:
        """Cache an encoded result of a stored scenario (the first one stored wins).

        Cached results are evicted, least recently used first, to make room; a body that does
        not fit beside the stored scenarios (or whose scenario was deleted meanwhile) is
        returned without being kept.
        """
        with self._connection(write=True) as connection:
            found = self._result(connection, scenario_id, key)
            if found is not None:
                return found
            stored = connection.execute(
                "SELECT 1 FROM scenarios WHERE id = ?", (scenario_id,)
            ).fetchone()
            if stored is None or not self._make_room(connection, len(body), scenario=False):
                return StoredResult(body, media_type, etag_of(body))
            connection.execute(
                "INSERT INTO results"
                " (generation, scenario_id, key, media_type, etag, body, size, used_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.generation,
                    scenario_id,
                    key,
                    media_type,
                    etag_of(body),
                    body,
                    len(body),
                    time.time(),
                ),
            )
        return StoredResult(body, media_type, etag_of(body))

    def get_result(self, scenario_id: str, key: str) -> StoredResult | None:
        """A cached encoded result of this store's generation, or None; marks it used."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT body, media_type, etag, used_at, rowid FROM results"
                " WHERE generation = ? AND scenario_id = ? AND key = ?",
                (self.generation, scenario_id, key),
            ).fetchone()
        if row is None:
            return None
        now = time.time()
        if now - float(row[3]) > TOUCH_S:
            with self._connection(write=True) as connection:
                connection.execute("UPDATE results SET used_at = ? WHERE rowid = ?", (now, row[4]))
        return StoredResult(bytes(row[0]), str(row[1]), str(row[2]))

    def _result(
        self, connection: sqlite3.Connection, scenario_id: str, key: str
    ) -> StoredResult | None:
        row = connection.execute(
            "SELECT body, media_type, etag FROM results"
            " WHERE generation = ? AND scenario_id = ? AND key = ?",
            (self.generation, scenario_id, key),
        ).fetchone()
        return None if row is None else StoredResult(bytes(row[0]), str(row[1]), str(row[2]))
