"""A record of writes: one JSON line for each store, publication, job and key change.

Each line holds ``time`` (UTC), ``action`` (``store``, ``publish``, ``unpublish``, ``delete``,
``job``, ``key-add``, ``key-revoke``), ``key`` (the key's id, never the key; null when the
service has no keys), ``address`` (the client's, for requests) and ``resource`` (the path of
what changed, or ``key:<id>``). Lines go to the ``audit_log`` file when one is set (appended,
so that the service and ``umbrella keys`` can share it), else to standard error.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

from umbrella.geo.errors import InputError
from umbrella.service.http.keyfile import utc_now

__all__ = ["Audit", "AuditLogError"]


class AuditLogError(InputError):
    """An audit log file that cannot be created or appended to."""


class Audit:
    """Writes audit lines to a file (appended) or, without one, to standard error."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.open("a", encoding="utf-8").close()
            except OSError as error:
                reason = f"cannot be appended to ({error.strerror or error})"
                raise AuditLogError("audit_log", str(path), reason) from None

    def record(
        self,
        action: str,
        resource: str,
        key_id: str | None,
        address: str | None = None,
        **details: object,
    ) -> dict[str, Any]:
        """Write one line (see the module; ``details`` are added to it) and return it."""
        entry = {
            "time": utc_now(),
            "action": action,
            "key": key_id,
            "address": address,
            "resource": resource,
            **details,
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            if self.path is None:
                sys.stderr.write(line)
                sys.stderr.flush()
            else:
                with self.path.open("a", encoding="utf-8") as stream:
                    stream.write(line)
        return entry
