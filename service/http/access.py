"""Who may write: keys when the operator configures them, the caller of a request, owners.

Without ``keys_file`` (the default, a laptop) anyone may write and every write is anonymous.
With it, a write (storing a scenario, starting an analysis, siting or sweep job, publishing,
deleting, a one-off analysis) needs a key sent as ``Authorization: Bearer <key>``: without
one it is a 401 problem, with a key that is not in the file or is revoked a 403. Reads never
need a key. The file is read again when it changes, so ``umbrella keys revoke`` takes effect
on the next request.

Routes use two dependencies: ``CallerDep`` says who is asking (the key's id when a valid key
is sent, else the client's address: what rate limits count by) and never refuses; ``Writer``
(or ``KEY_REQUIRED`` when the caller is not needed) refuses a write without a valid key. A
scenario stored with a key belongs to it: only that key may publish, unpublish or delete it
(``check_owner``).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from umbrella.service.http.dependencies import services
from umbrella.service.http.errors import KeyMissing, KeyRefused, NotOwner
from umbrella.service.http.keyfile import KeyFileError, KeyRecord, key_id_of, read_keys
from umbrella.service.http.store import StoredScenario

__all__ = [
    "KEY_REQUIRED",
    "Caller",
    "CallerDep",
    "KeyRing",
    "Writer",
    "caller",
    "check_owner",
    "require_key",
]

WRITES: Final = "store scenarios, start jobs, publish or delete"
_LOG = logging.getLogger("umbrella.service")
_BEARER: Final = HTTPBearer(
    scheme_name="key",
    bearerFormat="umb.<id>.<secret>",
    description="A key from `umbrella keys add`, needed for writes when the service has "
    "keys (`keys_file`); without keys, writes need none.",
    auto_error=False,
)


class KeyRing:
    """The keys of a keys file, read again whenever the file changes.

    Reading it when the service starts fails loudly (KeyFileError); a file that later
    becomes unreadable refuses every key until it is mended (fail closed).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp = self._stat()
        self._keys: dict[str, KeyRecord] | None = {key.id: key for key in read_keys(path)}

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_mtime_ns, found.st_size, found.st_ino

    def _current(self) -> dict[str, KeyRecord] | None:
        stamp = self._stat()
        with self._lock:
            if stamp != self._stamp:
                self._stamp = stamp
                try:
                    self._keys = {key.id: key for key in read_keys(self.path)}
                except KeyFileError as error:
                    _LOG.error("keys refused until the keys file is mended: %s", error)
                    self._keys = None
            return self._keys

    def verify(self, key: str) -> KeyRecord:
        """The active key record of ``key``; KeyRefused if unknown, wrong or revoked."""
        keys = self._current()
        if keys is None:
            raise KeyRefused(None, "the service cannot read its keys file; tell its operator")
        key_id = key_id_of(key)
        record = None if key_id is None else keys.get(key_id)
        if record is None or not record.matches(key):
            raise KeyRefused(key_id, "is not a key of this service")
        if not record.active:
            raise KeyRefused(key_id, f"was revoked at {record.revoked}")
        return record


@dataclass(frozen=True)
class Caller:
    """Who sent a request: the id of a valid key (else None) and the client's address.

    ``refusal`` is why a key that was sent is not valid (None if it is, or none was sent);
    ``quota`` is how many scenarios the key may own (None: no limit, or no key).
    """

    key_id: str | None
    address: str
    refusal: KeyRefused | None = None
    quota: int | None = None

    @property
    def client(self) -> str:
        """What rate limits count by: the key when one is valid, else the address."""
        return f"key:{self.key_id}" if self.key_id else f"address:{self.address}"


def _bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def caller(request: Request) -> Caller:
    """Who is asking (see ``Caller``); never refuses. A coroutine: no thread for a check."""
    found = services(request)
    address = request.client.host if request.client else "unknown"
    token = _bearer_token(request)
    if found.keys is None or token is None:
        return Caller(None, address)
    try:
        record = found.keys.verify(token)
    except KeyRefused as refused:
        return Caller(None, address, refused)
    quota = found.settings.scenarios_per_key
    if record.max_scenarios is not None:
        quota = record.max_scenarios
    return Caller(record.id, address, None, quota)


CallerDep = Annotated[Caller, Depends(caller)]


async def require_key(
    request: Request,
    who: CallerDep,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)],
) -> Caller:
    """The caller of a write: when the service has keys, KeyMissing (401) without a bearer
    key, KeyRefused (403) with one that is unknown or revoked."""
    if services(request).keys is None:
        return who
    if who.refusal is not None:
        raise who.refusal
    if who.key_id is None:
        raise KeyMissing(WRITES)
    return who


Writer = Annotated[Caller, Depends(require_key)]
"""The caller of a write route, refused without a valid key when the service has keys."""
KEY_REQUIRED: Final = Depends(require_key)
"""``require_key`` for a route's ``dependencies`` (when the route does not need the caller)."""


def check_owner(request: Request, who: Caller, record: StoredScenario, action: str) -> None:
    """NotOwner unless the service has no keys or ``who`` stored the scenario."""
    if services(request).keys is not None and (record.owner is None or record.owner != who.key_id):
        raise NotOwner(record.id, action)
