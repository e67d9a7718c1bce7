"""Sweeps of stored scenarios: ``POST /scenarios/{id}/sweep`` starts a job; its result is
served as GeoJSON like the coverage outputs.

Starting a sweep is a write like starting a siting job: with keys it needs one, and it counts
against the client's analyses rate limit; reading a sweep's outputs counts as rendering.

The request is checked before the answer (draws within ``sweep_max_draws``, the seed, the
phases: a 422 problem naming the field; a configured Dask scheduler that does not answer: a
503 naming ``UMBRELLA_DASK_SCHEDULER``), and no job starts. The job runs the sweep on the
service's cluster and keeps the result in memory (the latest ``sweeps_in_memory``), under an
id made of the scenario, the draws, the seed and the phases: the same request gives the same
id and the same result. ``/scenarios/{id}/sweeps/{sweep_id}`` is its summary,
``.../{output}?phase=`` an output as a FeatureCollection (``targets``,
``depth_probability``), ``.../depth_probability.tif?phase=`` the raster.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from umbrella.coverage.analysis import Progress, chosen_days
from umbrella.coverage.sweep.cluster import check_scheduler
from umbrella.coverage.sweep.errors import SweepError
from umbrella.coverage.sweep.result import SweepResult
from umbrella.coverage.sweep.run import MAX_SEED, check_request
from umbrella.coverage.sweep.writers import SWEEP_OUTPUTS, sweep_collection, sweep_summary
from umbrella.service.http.access import Writer
from umbrella.service.http.answers import BINARY, HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, PhaseParam, Services, ServicesDep
from umbrella.service.http.errors import ResourceNotFound
from umbrella.service.http.links import link
from umbrella.service.http.media import GEOJSON, encode_json
from umbrella.service.http.pages import ASSETS_PREFIX
from umbrella.service.http.rate import RATE_LIMITS
from umbrella.service.http.routes.jobs import job_document, record_job
from umbrella.service.http.routes.scenarios import ScenarioId
from umbrella.service.http.schemas import FeatureCollection, JobAnswer

__all__ = ["SweepNotFound", "SweepParameters", "router"]

router = APIRouter(tags=["sweeps"], dependencies=[STRICT_QUERY])
_REPORTS = 10  # progress steps a job records while it draws


class SweepNotFound(ResourceNotFound):
    """A sweep id this process does not hold (never run here, or dropped from memory)."""

    def __init__(self, value: str) -> None:
        super().__init__(
            "sweep_id", value, "no such sweep here (run it again: same id, same result)"
        )


class SweepParameters(BaseModel):
    """What ``umbrella sweep`` takes, but the cluster: the service's own runs it."""

    model_config = ConfigDict(extra="forbid")

    draws: int = Field(description="How many joint draws of the assumptions.", examples=[500])
    seed: int = Field(0, description="The same seed gives the same result.", ge=0, le=MAX_SEED)
    phase: list[int] | None = Field(None, description="Phase days to sweep (default: every phase).")


def _sweep_id(scenario_id: str, parameters: SweepParameters, days: list[int]) -> str:
    key = json.dumps([scenario_id, parameters.draws, parameters.seed, days])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _links(base: str) -> list[dict[str, str]]:
    found = [link(base, "sweep", "application/json", "The sweep's summary")]
    for output in SWEEP_OUTPUTS:
        found.append(link(f"{base}/{output}", output, GEOJSON, f"{output} (first phase; ?phase=)"))
    found.append(
        link(f"{base}/depth_probability.tif", "depth-probability-raster", "image/tiff", "GeoTIFF")
    )
    found.append(link(f"{base}/map", "map", "text/html", "The sweep on the interactive map"))
    return found


@router.post(
    "/scenarios/{scenario_id}/sweep",
    status_code=202,
    summary="Sweep the scenario's uncertain ranges and availability",
    dependencies=[RATE_LIMITS["analyses"]],
    responses=answers(
        {"application/json": JobAnswer}, 400, 404, 413, 422, 503, status=202, description="Started"
    ),
)
async def post_sweep(
    request: Request,
    scenario_id: ScenarioId,
    parameters: Annotated[SweepParameters, Body()],
    services: ServicesDep,
    writer: Writer,
) -> Response:
    """Check the request, then sweep in a job (``Location``); its result links the outputs."""
    settings, results = services.settings, services.results
    if parameters.draws > settings.sweep_max_draws:
        reason = f"must be between 1 and {settings.sweep_max_draws:,} on this service"
        raise SweepError("draws", parameters.draws, reason)
    scenario = await run_in_threadpool(results.scenario, scenario_id)
    days = chosen_days(scenario, parameters.phase)
    check_request(parameters.draws, parameters.seed)
    if settings.dask_scheduler is not None:
        await run_in_threadpool(check_scheduler, settings.dask_scheduler, "UMBRELLA_DASK_SCHEDULER")
    sweep_id = _sweep_id(scenario_id, parameters, days)
    base = f"/scenarios/{scenario_id}/sweeps/{sweep_id}"

    def work(progress: Progress) -> dict[str, Any]:
        result = services.sweeps.get(sweep_id)
        if result is None:
            from umbrella.coverage.sweep.run import sweep

            with results.slot():
                result = sweep(
                    scenario,
                    draws=parameters.draws,
                    seed=parameters.seed,
                    phases=days,
                    scheduler=settings.dask_scheduler,
                    workers=None if settings.dask_scheduler else settings.sweep_workers,
                    progress=_reporter(progress, parameters.draws),
                )
            services.sweeps.put(sweep_id, result)
        return {"sweep_id": sweep_id, **sweep_summary(result), "links": _links(base)}

    job = services.jobs.submit(
        scenario_id, work, kind="sweep", key=f"{scenario_id}/sweep/{writer.key_id}/{sweep_id}"
    )
    record_job(services, writer, job)
    return JSONResponse(
        job_document(request, job), status_code=202, headers={"Location": f"/jobs/{job.id}"}
    )


def _reporter(progress: Progress, draws: int) -> Any:
    """A sweep's progress as job steps: each step once, the draws at every tenth."""
    done = 0
    shown = 0

    def report(what: str, more: int) -> None:
        nonlocal done, shown
        if not more:
            progress(what)
            return
        done += more
        if done * _REPORTS // draws > shown or done == draws:
            shown = done * _REPORTS // draws
            progress(f"{what}: {done:,} of {draws:,} draws")

    return report


def _result(services: Services, scenario_id: str, sweep_id: str) -> SweepResult:
    """The sweep of a scenario still stored (ScenarioNotFound once it is deleted)."""
    services.results.record(scenario_id)
    result = services.sweeps.get(sweep_id)
    if result is None or result.provenance.scenario_hash != scenario_id:
        raise SweepNotFound(sweep_id)
    return result


SweepId = Annotated[
    str, Path(description="A sweep's id, from its job's result.", pattern="^[0-9a-f]{16}$")
]


@router.get(
    "/scenarios/{scenario_id}/sweeps/{sweep_id}",
    summary="A sweep's summary",
    dependencies=[RATE_LIMITS["renders"]],
    responses=answers({"application/json": {"type": "object"}}, 404),
)
def get_sweep(scenario_id: ScenarioId, sweep_id: SweepId, services: ServicesDep) -> Response:
    """How the sweep drew and each phase's figures."""
    result = _result(services, scenario_id, sweep_id)
    return JSONResponse({"sweep_id": sweep_id, **sweep_summary(result)})


@router.get(
    "/scenarios/{scenario_id}/sweeps/{sweep_id}/map",
    summary="The sweep on the interactive map",
    dependencies=[RATE_LIMITS["renders"]],
    responses=answers({"text/html": HTML_PAGE}, 404),
)
def get_sweep_map(scenario_id: ScenarioId, sweep_id: SweepId, services: ServicesDep) -> Response:
    """The scenario's map with the sweep's layers over it and its assumptions in the legend."""
    from umbrella.maps import render_html

    sweep = _result(services, scenario_id, sweep_id)
    results = services.results
    scenario = results.scenario(scenario_id)
    analysis = results.analysis(scenario_id)
    days = [phase.day for phase in sweep.phases]
    analysis = replace(analysis, phases=tuple(analysis.phase(day) for day in days))
    with results.slot():
        page = render_html(scenario, analysis, asset_base_url=ASSETS_PREFIX, sweep=sweep)
    return Response(page, media_type="text/html; charset=utf-8")


@router.get(
    "/scenarios/{scenario_id}/sweeps/{sweep_id}/depth_probability.tif",
    summary="A phase's depth-probability raster",
    dependencies=[RATE_LIMITS["renders"]],
    responses=answers({"image/tiff": BINARY}, 400, 404),
)
def get_sweep_raster(
    scenario_id: ScenarioId, sweep_id: SweepId, services: ServicesDep, phase: PhaseParam
) -> Response:
    """The GeoTIFF of a phase: the share of draws with depth >= 1, 2, 3 per cell."""
    result = _result(services, scenario_id, sweep_id)
    return Response(result.phase(_day(result, phase)).probability_cog, media_type="image/tiff")


@router.get(
    "/scenarios/{scenario_id}/sweeps/{sweep_id}/{output}",
    summary="One output of a sweep as GeoJSON",
    dependencies=[RATE_LIMITS["renders"]],
    responses=answers({GEOJSON: FeatureCollection}, 400, 404),
)
def get_sweep_output(
    scenario_id: ScenarioId,
    sweep_id: SweepId,
    output: Annotated[str, Path(description=f"One of {', '.join(SWEEP_OUTPUTS)}.")],
    services: ServicesDep,
    phase: PhaseParam,
) -> Response:
    """A FeatureCollection of one output of a phase (the first without ``phase``)."""
    if output not in SWEEP_OUTPUTS:
        raise ResourceNotFound("output", output, f"must be one of {', '.join(SWEEP_OUTPUTS)}")
    result = _result(services, scenario_id, sweep_id)
    collection = sweep_collection(result, result.phase(_day(result, phase)), output)
    return Response(encode_json(collection), media_type=GEOJSON)


def _day(result: SweepResult, phase: int | None) -> int:
    days = [p.day for p in result.phases]
    if phase is None:
        return days[0]
    if phase not in days:
        raise ResourceNotFound("phase", phase, f"must be one of the swept phase days {days}")
    return phase
