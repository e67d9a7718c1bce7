"""Analysis jobs: start one for a stored scenario, follow its progress (JSON or a page).

``POST /scenarios/{id}/analysis`` answers 202 Accepted with ``Location: /jobs/{job_id}``; a
browser's form gets 303 See Other to the job's page, which refreshes itself until the job is
done and then links the scenario's results.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from umbrella.coverage.analysis import Progress
from umbrella.service.http.access import Caller, Writer
from umbrella.service.http.answers import HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, Services, ServicesDep, WantsHtml
from umbrella.service.http.http_cache import VaryOnAccept
from umbrella.service.http.jobs import Job
from umbrella.service.http.links import link, url
from umbrella.service.http.negotiation import accepts_html
from umbrella.service.http.rate import RATE_LIMITS
from umbrella.service.http.routes.scenarios import ScenarioId
from umbrella.service.http.scenario_pages import job_page, scenario_links
from umbrella.service.http.schemas import JobAnswer

__all__ = ["job_document", "record_job", "router"]

router = APIRouter(
    dependencies=[STRICT_QUERY], route_class=VaryOnAccept, default_response_class=Response
)


def job_document(request: Request, job: Job) -> dict[str, Any]:
    """The JSON view of a job, with links to itself and its scenario's results; a result's
    own links (paths on this service) are made absolute."""
    result = None
    if job.result is not None:
        links = [
            {**item, "href": url(request, item["href"])} for item in job.result.get("links", [])
        ]
        result = {**job.result, "links": links}
    return {
        "id": job.id,
        "kind": job.kind,
        "scenario_id": job.scenario_id,
        "state": job.state.value,
        "steps": list(job.steps),
        "error": job.error,
        "result": result,
        "created": job.created,
        "updated": job.updated,
        "links": [
            link(url(request, f"/jobs/{job.id}"), "self", "application/json"),
            link(url(request, f"/jobs/{job.id}", f="html"), "alternate", "text/html"),
            *scenario_links(request, job.scenario_id)[:3],
        ],
    }


def record_job(services: Services, writer: Caller, job: Job) -> None:
    """The audit line of a job started (or joined) by a writer."""
    services.audit.record(
        "job",
        f"/jobs/{job.id}",
        writer.key_id,
        writer.address,
        kind=job.kind,
        scenario=f"/scenarios/{job.scenario_id}",
    )


@router.post(
    "/scenarios/{scenario_id}/analysis",
    status_code=202,
    summary="Analyse in the background",
    tags=["scenarios"],
    dependencies=[RATE_LIMITS["analyses"]],
    responses={
        **answers({"application/json": JobAnswer}, 404, status=202, description="Started"),
        303: {"description": "A browser's form: see the job's page (Location)"},
    },
)
def post_analysis(
    request: Request, scenario_id: ScenarioId, services: ServicesDep, writer: Writer
) -> Response:
    """Start the analysis of a stored scenario; follow ``Location`` (``/jobs/{job_id}``)."""
    results = services.results
    results.scenario(scenario_id)

    def work(progress: Progress) -> None:
        if results.is_analysed(scenario_id):
            progress("already analysed")
        results.analysis(scenario_id, progress)

    job = services.jobs.submit(scenario_id, work)
    record_job(services, writer, job)
    if accepts_html(request.headers.get("accept", "")):
        return RedirectResponse(url(request, f"/jobs/{job.id}", f="html"), status_code=303)
    return JSONResponse(
        job_document(request, job), status_code=202, headers={"Location": f"/jobs/{job.id}"}
    )


@router.get(
    "/jobs/{job_id}",
    summary="An analysis job",
    tags=["jobs"],
    responses=answers({"application/json": JobAnswer, "text/html": HTML_PAGE}, 400, 404),
)
def get_job(
    request: Request,
    job_id: Annotated[str, Path(description="The id of a job of this server process.")],
    services: ServicesDep,
    html: WantsHtml,
) -> Response:
    """The job's state (queued, running, done, failed) and its progress steps."""
    job = services.jobs.get(job_id)
    if html:
        return job_page(request, services, job)
    return JSONResponse(job_document(request, job), headers={"Cache-Control": "no-store"})
