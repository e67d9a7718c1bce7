"""Settings of the HTTP service, read from ``UMBRELLA_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from umbrella.coverage.cache import DEFAULT_MAX_MIB
from umbrella.geo.errors import InputError

__all__ = ["SettingError", "Settings"]

MIB = 1024 * 1024

PerMinute = Annotated[int, Field(ge=0)]
"""Requests of one kind a client may send a minute (0: no limit)."""


class Settings(BaseSettings):
    """Where the service keeps its data, where it listens and the limits it enforces.

    Every field can be set from the environment, e.g. ``UMBRELLA_DATA_DIR=/srv/umbrella``.
    ``analysis_workers`` bounds the analyses and map renderings that run at once, whatever
    starts them (a GET, a job, a one-off POST); the others wait for their turn. Each analysis
    runs in a worker process and may take at most ``analysis_seconds`` and
    ``analysis_memory_mib`` of memory beyond the warm worker's own; the defaults (one worker,
    8 GiB) leave room for a second worker on a machine of 2 cores and 24 GB. Geometries that
    are slow to draw (border belts, rings) are cached in ``cache_dir``, by default ``cache`` in
    ``data_dir``, which holds at most ``cache_max_mib`` (least recently used files go first).

    Sweeps run on the Dask scheduler ``dask_scheduler`` (``UMBRELLA_DASK_SCHEDULER``,
    ``tcp://HOST:PORT``) or, without one, on a local cluster of ``sweep_workers`` processes
    (one per core by default); at most ``sweep_max_draws`` draws each, and the latest
    ``sweeps_in_memory`` results are kept.

    Who may do what (``access``, ``rate``): ``keys_file`` (a file of hashed keys, kept by
    ``umbrella keys``; unset: no keys, anyone may write) makes writes need a key;
    ``scenarios_per_key`` is how many scenarios one key may store (a key's own
    ``max_scenarios`` overrides it); ``rate_*_per_minute`` are each client's writes, analyses
    and renders a minute (0: no limit); ``store_max_mib`` caps the store (scenarios and
    cached results; results are evicted first); ``audit_log`` is the file the record of
    writes is appended to (unset: standard error). Keys never appear in settings: the file
    holds only their hashes.
    """

    model_config = SettingsConfigDict(env_prefix="UMBRELLA_", frozen=True, extra="ignore")

    data_dir: Path = Path("umbrella-data")
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8000
    max_body_bytes: Annotated[int, Field(ge=1024)] = MIB
    items_limit_default: Annotated[int, Field(ge=1)] = 100
    items_limit_max: Annotated[int, Field(ge=1)] = 10_000
    cache_max_age: Annotated[int, Field(ge=0)] = 3600
    results_in_memory: Annotated[int, Field(ge=1)] = 8
    analysis_workers: Annotated[int, Field(ge=1)] = 1
    analysis_seconds: Annotated[float, Field(gt=0)] = 300.0
    analysis_memory_mib: Annotated[int, Field(ge=16)] = 8192
    cache_dir: Path | None = None
    cache_max_mib: Annotated[int, Field(ge=0)] = DEFAULT_MAX_MIB
    keys_file: Path | None = None
    scenarios_per_key: Annotated[int, Field(ge=1)] = 500
    rate_writes_per_minute: PerMinute = 60
    rate_analyses_per_minute: PerMinute = 20
    rate_renders_per_minute: PerMinute = 120
    store_max_mib: Annotated[float, Field(gt=0)] = 4096
    audit_log: Path | None = None
    log_level: Literal["critical", "error", "warning", "info", "debug"] = "info"
    dask_scheduler: str | None = None
    sweep_workers: Annotated[int, Field(ge=1)] | None = None
    sweep_max_draws: Annotated[int, Field(ge=1, le=1_000_000)] = 100_000
    sweeps_in_memory: Annotated[int, Field(ge=1)] = 8


class SettingError(InputError):
    """A setting out of its domain, named as it was given (an option or a variable)."""
