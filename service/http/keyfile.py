"""The keys that may write: a file of hashed keys, read by the service, kept by ``umbrella keys``.

A key is ``umb.<id>.<secret>``: ``id`` (``k`` and 8 hex digits) names it in lists and logs;
``secret`` is 32 random bytes (URL-safe base64). The file keeps only the SHA-256 of the
whole key. A key of 256 random bits needs no slow password hash: it cannot be guessed, and
its hash cannot be turned back into it. The key itself is shown once, when it is added.

The file is UTF-8 JSON, written whole to a temporary file and renamed into place (readers
never see half a file), with mode 0600::

    {"umbrella_keys": 1,
     "keys": [{"id": "k3f9a1c20", "name": "alice", "sha256": "9c1e...",
               "created": "2025-01-31T09:00:00.000Z", "revoked": null,
               "max_scenarios": null}]}

``revoked`` is when the key was revoked (it then opens nothing); ``max_scenarios`` overrides
the service's ``scenarios_per_key`` for this key. Changes by two commands at once are
serialised by a lock on ``<file>.lock``.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from umbrella.geo.errors import InputError

__all__ = [
    "FORMAT_VERSION",
    "KeyFileError",
    "KeyNotFound",
    "KeyRecord",
    "add_key",
    "hash_key",
    "key_id_of",
    "read_keys",
    "revoke_key",
    "utc_now",
]

FORMAT_VERSION: Final = 1
_PREFIX: Final = "umb"
_SECRET_BYTES: Final = 32


class KeyFileError(InputError):
    """A keys file that cannot be read, parsed or written."""


class KeyNotFound(InputError):
    """A key id that the keys file does not hold."""

    def __init__(self, key_id: str) -> None:
        super().__init__("key_id", key_id, "no key of the keys file has this id")


@dataclass(frozen=True)
class KeyRecord:
    """One key as the file keeps it: id, holder's name, hash, times, own scenario quota."""

    id: str
    name: str
    sha256: str
    created: str
    revoked: str | None = None
    max_scenarios: int | None = None

    @property
    def active(self) -> bool:
        """Whether the key opens anything (it is not revoked)."""
        return self.revoked is None

    def matches(self, key: str) -> bool:
        """Whether ``key`` is this key (compared in constant time)."""
        return hmac.compare_digest(hash_key(key), self.sha256)


def utc_now() -> str:
    """The time now, ISO 8601 in UTC with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def hash_key(key: str) -> str:
    """The SHA-256 (hex) of a key's text."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_id_of(key: str) -> str | None:
    """The id a key names (``umb.<id>.<secret>``), or None if it has not that form."""
    parts = key.split(".")
    if len(parts) != 3 or parts[0] != _PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


def _record(item: Any, path: Path) -> KeyRecord:
    try:
        record = KeyRecord(**item)
    except TypeError as error:
        reason = f"has a key entry it cannot read ({error})"
        raise KeyFileError("keys_file", str(path), reason) from None
    if not (isinstance(record.id, str) and isinstance(record.sha256, str)):
        raise KeyFileError("keys_file", str(path), "has a key without a text id and sha256")
    return record


def read_keys(path: Path) -> tuple[KeyRecord, ...]:
    """Every key of the file (revoked ones too); KeyFileError naming the file if unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(
            "keys_file", str(path), "does not exist (create it with: umbrella keys add NAME)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KeyFileError("keys_file", str(path), f"cannot be read ({error})") from None
    if not isinstance(document, dict) or document.get("umbrella_keys") != FORMAT_VERSION:
        raise KeyFileError(
            "keys_file", str(path), f"is not an umbrella keys file (version {FORMAT_VERSION})"
        )
    items = document.get("keys")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise KeyFileError("keys_file", str(path), "must hold a list of keys under 'keys'")
    return tuple(_record(item, path) for item in items)


def _write(path: Path, keys: tuple[KeyRecord, ...]) -> None:
    document = {"umbrella_keys": FORMAT_VERSION, "keys": [asdict(key) for key in keys]}
    text = json.dumps(document, indent=2) + "\n"
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _changing(path: Path, *, create: bool) -> Iterator[list[KeyRecord]]:
    """The keys of the file, under its lock, written back when the block ends."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.parent / f"{path.name}.lock"
        with lock.open("a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            keys = list(read_keys(path)) if path.exists() or not create else []
            yield keys
            _write(path, tuple(keys))
    except OSError as error:
        raise KeyFileError("keys_file", str(path), f"cannot be written ({error})") from None


def add_key(path: Path, name: str, max_scenarios: int | None = None) -> tuple[KeyRecord, str]:
    """Add a new key (the file is created if missing); its record and the key itself, which
    is shown only now. The holder's name is one line of printable text."""
    if not name.strip() or not name.isprintable():
        raise KeyFileError("name", name, "must be a non-empty line of printable text")
    with _changing(path, create=True) as keys:
        taken = {key.id for key in keys}
        key_id = "k" + secrets.token_hex(4)
        while key_id in taken:
            key_id = "k" + secrets.token_hex(4)
        key = f"{_PREFIX}.{key_id}.{secrets.token_urlsafe(_SECRET_BYTES)}"
        record = KeyRecord(key_id, name, hash_key(key), utc_now(), None, max_scenarios)
        keys.append(record)
    return record, key


def revoke_key(path: Path, key_id: str) -> KeyRecord:
    """Revoke a key by its id (a revoked key stays revoked, with its first revocation time);
    KeyNotFound for an unknown id."""
    with _changing(path, create=False) as keys:
        for index, key in enumerate(keys):
            if key.id == key_id:
                if key.active:
                    keys[index] = replace(key, revoked=utc_now())
                return keys[index]
        raise KeyNotFound(key_id)
