"""Scenarios: store one (by content hash), read it back, the example, and analysis jobs.

``POST /scenarios`` answers 201 Created with ``Location`` the first time a scenario is
stored, and 200 OK with the same ``Location`` when the same scenario (same content hash)
is already stored. The scenario is committed to disk before either answer.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from umbrella.coverage.analysis import Progress
from umbrella.coverage.example import example_document
from umbrella.coverage.scenario import Scenario
from umbrella.service.http.dependencies import STRICT_QUERY, ServicesDep
from umbrella.service.http.documents import JSON_MEDIA_TYPES, YAML_MEDIA_TYPES, scenario_from_body
from umbrella.service.http.http_cache import cacheable
from umbrella.service.http.jobs import Job
from umbrella.service.http.links import link, url
from umbrella.service.http.media import encode_json
from umbrella.service.http.results import scenario_document

__all__ = ["SCENARIO_BODY", "ScenarioId", "job_document", "router"]

router = APIRouter(tags=["scenarios"], dependencies=[STRICT_QUERY])

ScenarioId = Annotated[
    str,
    Path(description="A stored scenario's id (its content hash).", examples=["3f2a9c0d1e4b5a67"]),
]

SCENARIO_BODY: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "description": "A scenario document (see GET /scenarios/example).",
        "content": {
            media: {"schema": Scenario.model_json_schema()}
            for media in (*JSON_MEDIA_TYPES, *YAML_MEDIA_TYPES)
        },
    }
}


def _scenario_links(request: Request, scenario_id: str) -> list[dict[str, Any]]:
    base = f"/scenarios/{scenario_id}"
    return [
        link(url(request, base), "self", "application/json", "The stored scenario"),
        link(url(request, f"{base}/coverage"), "coverage", "application/json", "Summary"),
        link(url(request, f"{base}/map"), "map", "text/html", "Interactive map"),
        link(url(request, f"{base}/analysis"), "analysis", "application/json", "Start analysis"),
    ]


@router.post(
    "/scenarios",
    status_code=201,
    summary="Store a scenario",
    openapi_extra=SCENARIO_BODY,
    responses={200: {"description": "Already stored under the same id"}},
)
async def post_scenario(request: Request, services: ServicesDep) -> Response:
    """Validate a scenario (JSON or YAML) and store it under its content hash."""
    body = await request.body()
    scenario = await run_in_threadpool(
        scenario_from_body, body, request.headers.get("content-type")
    )
    scenario_id, created = await run_in_threadpool(services.results.add, scenario)
    location = f"/scenarios/{scenario_id}"
    document = {
        "id": scenario_id,
        "created": created,
        "links": _scenario_links(request, scenario_id),
    }
    return JSONResponse(
        document, status_code=201 if created else 200, headers={"Location": location}
    )


@router.get("/scenarios/example", summary="The example scenario")
def get_example(request: Request, services: ServicesDep) -> Response:
    """The notional example for Ukraine, ready to POST to /scenarios."""
    body = encode_json(example_document())
    return cacheable(request, body, "application/json", services.settings.cache_max_age)


@router.get("/scenarios/{scenario_id}", summary="A stored scenario")
def get_scenario(request: Request, scenario_id: ScenarioId, services: ServicesDep) -> Response:
    """The validated scenario as stored (defaults filled in), as JSON."""
    scenario = services.results.scenario(scenario_id)
    body = scenario_document(scenario).encode()
    return cacheable(request, body, "application/json", services.settings.cache_max_age)


def job_document(request: Request, job: Job) -> dict[str, Any]:
    """The JSON view of a job, with links to itself and its scenario's results."""
    return {
        "id": job.id,
        "scenario_id": job.scenario_id,
        "state": job.state.value,
        "steps": list(job.steps),
        "error": job.error,
        "created": job.created,
        "updated": job.updated,
        "links": [
            link(url(request, f"/jobs/{job.id}"), "self", "application/json"),
            *_scenario_links(request, job.scenario_id)[:3],
        ],
    }


@router.post(
    "/scenarios/{scenario_id}/analysis", status_code=202, summary="Analyse in the background"
)
def post_analysis(request: Request, scenario_id: ScenarioId, services: ServicesDep) -> Response:
    """Start the analysis of a stored scenario; follow ``Location`` (``/jobs/{job_id}``)."""
    results = services.results
    results.scenario(scenario_id)

    def work(progress: Progress) -> None:
        if results.is_analysed(scenario_id):
            progress("already analysed")
        results.analysis(scenario_id, progress)

    job = services.jobs.submit(scenario_id, work)
    return JSONResponse(
        job_document(request, job), status_code=202, headers={"Location": f"/jobs/{job.id}"}
    )


@router.get("/jobs/{job_id}", summary="An analysis job", tags=["jobs"])
def get_job(
    request: Request,
    job_id: Annotated[str, Path(description="The id of a job of this server process.")],
    services: ServicesDep,
) -> Response:
    """The job's state (queued, running, done, failed) and its progress steps."""
    job = services.jobs.get(job_id)
    return JSONResponse(job_document(request, job), headers={"Cache-Control": "no-store"})
