"""The bytes a store holds, read from its SQLite file by the tests (not by the store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from umbrella.service.http.store import FILE_NAME


def stored_bytes(data_dir: Path) -> tuple[int, int]:
    """Bytes of the stored scenario documents (UTF-8) and of the cached bodies."""
    with sqlite3.connect(data_dir / FILE_NAME) as connection:
        documents = sum(
            len(row[0].encode()) for row in connection.execute("SELECT document FROM scenarios")
        )
        bodies = sum(len(row[0]) for row in connection.execute("SELECT body FROM results"))
    return documents, bodies
