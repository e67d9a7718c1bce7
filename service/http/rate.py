"""Fair shares: per-client rate limits on writes, analyses and renders.

Each client (its key when it sends a valid one, else its address) has a bucket per kind of
request that holds up to ``per_minute`` requests and refills at ``per_minute`` a minute: a
burst of ``per_minute`` passes at once, then one every ``60 / per_minute`` seconds. A request
that finds its bucket empty is a 429 problem with ``Retry-After`` (whole seconds until the
next one passes). A limit of 0 turns that kind's limit off.

The kinds (``KINDS``): ``writes`` (storing, publishing, deleting scenarios), ``analyses``
(starting an analysis, siting or sweep job, a one-off analysis) and ``renders`` (reading a
stored scenario's coverage, outputs, map or figures, which may compute them). A route opts
in with ``dependencies=[RATE_LIMITS[kind]]``. The buckets live in this process's memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from typing import Final

from fastapi import Depends, Request
from fastapi.params import Depends as DependsParam

from umbrella.service.http.access import CallerDep
from umbrella.service.http.dependencies import services
from umbrella.service.http.errors import RateLimited

__all__ = ["KINDS", "RATE_LIMITS", "RateLimit", "RateLimits"]

KINDS: Final = ("writes", "analyses", "renders")
MAX_BUCKETS: Final = 100_000
"""Past this many buckets, the full ones (clients quiet for a minute) are forgotten."""


class RateLimits:
    """Token buckets per (kind, client); ``per_minute`` maps each kind to its limit."""

    def __init__(
        self, per_minute: Mapping[str, int], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = dict(per_minute)
        self._clock = clock
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}  # tokens, at
        self._lock = threading.Lock()

    def take(self, kind: str, client: str) -> None:
        """Count one request of ``kind`` by ``client``; RateLimited if it has none left."""
        rate = self.per_minute[kind]
        if rate <= 0:
            return
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get((kind, client), (float(rate), now))
            tokens = min(float(rate), tokens + (now - at) * rate / 60.0)
            if tokens < 1.0:
                self._buckets[(kind, client)] = (tokens, now)
                wait = math.ceil((1.0 - tokens) * 60.0 / rate)
                raise RateLimited(kind, rate, max(1, wait))
            self._buckets[(kind, client)] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_BUCKETS:
                self._forget_full(now)

    def _forget_full(self, now: float) -> None:
        for (kind, client), (tokens, at) in list(self._buckets.items()):
            rate = self.per_minute[kind]
            if tokens + (now - at) * rate / 60.0 >= rate:
                del self._buckets[(kind, client)]


class RateLimit:
    """The dependency of one kind: the caller spends one request of it (or gets a 429)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    async def __call__(self, request: Request, who: CallerDep) -> None:
        services(request).rates.take(self.kind, who.client)


RATE_LIMITS: Final[Mapping[str, DependsParam]] = {kind: Depends(RateLimit(kind)) for kind in KINDS}
"""kind -> the dependency to list in a route's ``dependencies``."""
