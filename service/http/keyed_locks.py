"""One lock per key, kept only while someone holds or waits for it."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager

__all__ = ["KeyedLocks"]


class KeyedLocks:
    """Mutual exclusion per key (e.g. one analysis at a time per scenario).

    A key's lock exists while a thread holds it or waits for it, and is dropped when the
    last one leaves: the number of keys ever used does not grow memory.
    """

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[threading.Lock, int]] = {}
        self._guard = threading.Lock()

    def __len__(self) -> int:
        """How many keys have a lock now (held or waited for)."""
        with self._guard:
            return len(self._locks)

    @contextmanager
    def hold(self, key: Hashable) -> Iterator[None]:
        """Hold the key's lock for the ``with`` block (waiting while another thread holds it)."""
        with self._guard:
            lock, users = self._locks.get(key, (threading.Lock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                users = self._locks[key][1] - 1
                if users:
                    self._locks[key] = (lock, users)
                else:
                    del self._locks[key]
