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
published or published later; ``published_page`` lists the published ones, newest first.
The schema grows by numbered migrations (``MIGRATIONS``, counted by ``PRAGMA user_version``),
applied once, in order, when a store opens: a store of an older version is brought up to date
and keeps its scenarios. A new column (an owner, say) is one more migration.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from umbrella.geo.errors import InputError

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
)
"""The schema changes after the first schema, in order; a store at version n has run n."""

_NOW: Final = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


_SCENARIO_COLUMNS: Final = "id, document, created_at, published_at"


def _stored_scenario(row: tuple[object, ...]) -> StoredScenario:
    identifier, document, created_at, published_at = row
    return StoredScenario(
        str(identifier),
        str(document),
        str(created_at),
        None if published_at is None else str(published_at),
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
    """A stored scenario: its id, JSON document, when it was stored and published (or None)."""

    id: str
    document: str
    created_at: str
    published_at: str | None

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
    results of any other generation are deleted when the store opens. A folder that cannot
    be created, or a file that cannot be opened and written there, is a DataDirError
    naming ``data_dir``.
    """

    def __init__(self, data_dir: Path, generation: str) -> None:
        self.path = data_dir / FILE_NAME
        self.generation = generation
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

    def put_scenario(self, scenario_id: str, document: str, *, published: bool = False) -> bool:
        """Store a scenario's JSON document; True if new, False if it was already stored.

        With ``published``, the scenario is listed from now on (a stored private one too).
        When this returns, the scenario is committed to disk.
        """
        with self._connection(write=True) as connection:
            cursor = connection.execute(
                "INSERT INTO scenarios (id, document) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                (scenario_id, document),
            )
            created = cursor.rowcount == 1
            if published:
                self._publish(connection, scenario_id, True)
            return created

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
        """Cache an encoded result of a stored scenario (the first one stored wins)."""
        with self._connection(write=True) as connection:
            connection.execute(
                "INSERT INTO results (generation, scenario_id, key, media_type, etag, body)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (generation, scenario_id, key) DO NOTHING",
                (self.generation, scenario_id, key, media_type, etag_of(body), body),
            )
            found = self._result(connection, scenario_id, key)
        assert found is not None  # inserted or already there, in this transaction
        return found

    def get_result(self, scenario_id: str, key: str) -> StoredResult | None:
        """A cached encoded result of this store's generation, or None."""
        with self._connection() as connection:
            return self._result(connection, scenario_id, key)

    def _result(
        self, connection: sqlite3.Connection, scenario_id: str, key: str
    ) -> StoredResult | None:
        row = connection.execute(
            "SELECT body, media_type, etag FROM results"
            " WHERE generation = ? AND scenario_id = ? AND key = ?",
            (self.generation, scenario_id, key),
        ).fetchone()
        return None if row is None else StoredResult(bytes(row[0]), str(row[1]), str(row[2]))
