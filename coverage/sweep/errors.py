"""Exceptions of a sweep request: the number of draws, the seed, the cluster to run on."""

from __future__ import annotations

from umbrella.geo.errors import InputError

__all__ = ["SchedulerUnreachable", "SweepError"]


class SweepError(InputError):
    """A sweep that cannot run as asked: ``field`` names the option (draws, scheduler, ...)."""


class SchedulerUnreachable(SweepError):
    """A Dask scheduler that does not answer (or an address that cannot name one)."""
