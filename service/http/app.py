"""The FastAPI application factory of the umbrella HTTP service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from umbrella.service.http.dependencies import Services
from umbrella.service.http.generation import cache_generation
from umbrella.service.http.head import HeadAsGet
from umbrella.service.http.jobs import Jobs
from umbrella.service.http.limits import BodySizeLimit
from umbrella.service.http.problems import install_problem_handlers
from umbrella.service.http.results import Results
from umbrella.service.http.routes import (
    assets,
    collections,
    coverage,
    landing,
    maps,
    scenarios,
)
from umbrella.service.http.settings import Settings
from umbrella.service.http.store import ScenarioStore

__all__ = ["create_app"]

DESCRIPTION = """
Geodesic coverage analysis of **notional** air-defence scenarios over public layers.

* The public layers are OGC API - Features collections (`/collections`).
* `POST /scenarios` stores a scenario (JSON or YAML) under its content hash;
  `/scenarios/{id}/coverage`, `/coverage/{output}` and `/map` give its results.
* Errors are RFC 7807 `application/problem+json` documents naming the field at fault.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service over ``settings.data_dir`` (settings from the environment by default)."""
    settings = settings or Settings()
    logging.getLogger("umbrella.service").setLevel(settings.log_level.upper())
    services = Services(
        settings=settings,
        results=Results(
            ScenarioStore(settings.data_dir, cache_generation()),
            settings.results_in_memory,
            settings.analysis_workers,
        ),
        jobs=Jobs(settings.analysis_workers),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.jobs.shutdown()

    app = FastAPIOffline(
        title="umbrella",
        version=version("umbrella"),
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.services = services
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadAsGet)
    for module in (
        landing,
        collections,
        scenarios,
        coverage,
        maps,
        assets,
    ):
        app.include_router(module.router)
    return app
