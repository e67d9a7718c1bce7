"""Settings of the HTTP service, read from ``UMBRELLA_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Where the service keeps its data, where it listens and the limits it enforces.

    Every field can be set from the environment, e.g. ``UMBRELLA_DATA_DIR=/srv/umbrella``.
    ``analysis_workers`` bounds the analyses and map renderings that run at once, whatever
    starts them (a GET, a job, a one-off POST); the others wait for their turn.
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
    log_level: Literal["critical", "error", "warning", "info", "debug"] = "info"
