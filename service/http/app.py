"""The FastAPI application factory of the umbrella HTTP service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from umbrella.coverage.cache import use_folder
from umbrella.coverage.example import example_document
from umbrella.coverage.scenario import parse_scenario
from umbrella.service.http.access import KeyRing
from umbrella.service.http.audit import Audit
from umbrella.service.http.dependencies import Services
from umbrella.service.http.generation import cache_generation
from umbrella.service.http.head import HeadAsGet
from umbrella.service.http.headers import SafetyHeaders
from umbrella.service.http.jobs import Jobs
from umbrella.service.http.limits import BodySizeLimit
from umbrella.service.http.openapi import install_openapi
from umbrella.service.http.problems import install_problem_handlers
from umbrella.service.http.rate import RateLimits
from umbrella.service.http.results import Lru, Results
from umbrella.service.http.routes import (
    assets,
    basemap,
    collections,
    coverage,
    docs,
    items,
    jobs,
    landing,
    maps,
    scenarios,
    siting,
    sweeps,
)
from umbrella.service.http.settings import MIB, Settings
from umbrella.service.http.store import ScenarioStore
from umbrella.service.http.workers import AnalysisWorkers

__all__ = ["create_app"]

DESCRIPTION = """
Geodesic coverage analysis of **notional** air-defence scenarios over public layers.

* The public layers are OGC API - Features collections (`/collections`), with queryables.
* `POST /scenarios` stores a scenario (JSON or YAML) under its content hash, private unless
  `published=true`; `GET /scenarios` lists the published ones.
  `/scenarios/{id}/coverage`, `/coverage/{output}` and `/map` give its results.
* Every resource a browser opens is also an HTML page (`f=html`, or `Accept: text/html`).
* Errors are RFC 7807 `application/problem+json` documents naming the field at fault.
* This document is OpenAPI 3.1; its OpenAPI 3.0 rendering is at `/openapi-3.0.json`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service over ``settings.data_dir`` (settings from the environment by default).

    The example scenario is stored and published in the store as the app is made. A keys
    file or audit log that cannot be used stops it here (an InputError naming the setting).
    """
    settings = settings or Settings()
    logging.getLogger("umbrella.service").setLevel(settings.log_level.upper())
    cache_dir = settings.cache_dir or settings.data_dir / "cache"
    use_folder(cache_dir, settings.cache_max_mib)  # this process's caches: maps, place names
    keys = None if settings.keys_file is None else KeyRing(settings.keys_file)
    audit = Audit(settings.audit_log)
    results = Results(
        ScenarioStore(settings.data_dir, cache_generation(), int(settings.store_max_mib * MIB)),
        settings.results_in_memory,
        settings.analysis_workers,
        AnalysisWorkers(
            settings.analysis_seconds,
            settings.analysis_memory_mib,
            cache_dir,
            settings.cache_max_mib,
        ),
    )
    example = example_document()
    example_id, _ = results.add(parse_scenario(example), published=True)
    services = Services(
        settings=settings,
        results=results,
        jobs=Jobs(settings.analysis_workers),
        example_id=example_id,
        keys=keys,
        rates=RateLimits(
            {
                "writes": settings.rate_writes_per_minute,
                "analyses": settings.rate_analyses_per_minute,
                "renders": settings.rate_renders_per_minute,
            }
        ),
        audit=audit,
        sweeps=Lru(settings.sweeps_in_memory),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        services.results.workers.start()  # warm before the first request
        yield
        services.jobs.shutdown()

    app = FastAPIOffline(
        docs_url=None,  # routes.docs serves it, with no inline script
        static_url=docs.DOCS_STATIC,
        title="umbrella",
        version=version("umbrella"),
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.services = services
    install_openapi(app, settings, example)
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SafetyHeaders)
    for module in (
        landing,
        collections,
        items,
        basemap,
        scenarios,
        jobs,
        coverage,
        maps,
        siting,
        sweeps,
        assets,
        docs,
    ):
        app.include_router(module.router)
    return app
