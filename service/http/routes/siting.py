"""Siting of stored scenarios: ``POST /scenarios/{id}/siting`` starts a job.

The parameters are checked and the candidates placed before the answer (a bad tier, count,
phase, weight, candidate set, or no candidate left: a 422 problem naming the field, and no
job); the job then solves, stores the proposed scenario and keeps, as its result, the
figures with links to the proposed scenario and its map. Progress is on ``/jobs/{job_id}``.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from umbrella.coverage.analysis import Progress
from umbrella.coverage.siting import SitingError, SitingRequest, prepare, solve
from umbrella.coverage.siting.report import outcome_document
from umbrella.coverage.siting.request import (
    DEFAULT_CANDIDATES,
    DEFAULT_TIME_LIMIT_S,
    candidate_kind,
)
from umbrella.service.http.access import Writer
from umbrella.service.http.answers import answers
from umbrella.service.http.dependencies import STRICT_QUERY, ServicesDep
from umbrella.service.http.links import link
from umbrella.service.http.rate import RATE_LIMITS
from umbrella.service.http.routes.jobs import job_document, record_job
from umbrella.service.http.routes.scenarios import ScenarioId
from umbrella.service.http.schemas import JobAnswer

__all__ = ["MAX_TIME_LIMIT_S", "SitingParameters", "router"]

MAX_TIME_LIMIT_S = 300.0

router = APIRouter(tags=["siting"], dependencies=[STRICT_QUERY])


class SitingParameters(BaseModel):
    """The parameters of ``umbrella site``; candidates as grid:KM, cities or GeoJSON points."""

    model_config = ConfigDict(extra="forbid")

    tier: str = Field(description="Tier of the assets to add.", examples=["medium"])
    add: int = Field(description="How many assets to add.", ge=1, le=1000, examples=[10])
    phase: int | None = Field(None, description="Phase day (default: the first).", ge=0)
    candidates: str | dict[str, Any] = Field(
        DEFAULT_CANDIDATES,
        description="grid:KM, cities, or a GeoJSON object of points inside the regions.",
    )
    weights: dict[str, str] = Field(
        default_factory=dict,
        description="Target set id -> mw, population, count, a number or K*mw.",
        examples=[{"energy": "1000*mw", "cities": "population"}],
    )
    min_spacing_km: float = Field(0.0, ge=0, description="Least distance between sites.")
    time_limit_s: float = Field(DEFAULT_TIME_LIMIT_S, gt=0, le=MAX_TIME_LIMIT_S)
    gap: float = Field(0.0, ge=0, lt=1, description="Relative gap at which to stop.")

    def request(self) -> SitingRequest:
        """The domain request; a file name as candidates is refused (no file is read)."""
        if isinstance(self.candidates, str) and candidate_kind(self.candidates)[0] == "file":
            reason = "send the GeoJSON object itself: the service reads no file"
            raise SitingError("candidates", self.candidates, reason)
        return SitingRequest(
            tier=self.tier,
            add=self.add,
            phase=self.phase,
            candidates=self.candidates,
            weights=self.weights,
            min_spacing_km=self.min_spacing_km,
            time_limit_s=self.time_limit_s,
            gap=self.gap,
        )


@router.post(
    "/scenarios/{scenario_id}/siting",
    status_code=202,
    summary="Propose sites for N more assets of a tier",
    dependencies=[RATE_LIMITS["analyses"]],
    responses=answers(
        {"application/json": JobAnswer}, 400, 404, 413, 422, status=202, description="Started"
    ),
)
async def post_siting(
    request: Request,
    scenario_id: ScenarioId,
    parameters: Annotated[SitingParameters, Body()],
    services: ServicesDep,
    writer: Writer,
) -> Response:
    """Check the parameters and place the candidates, then solve in a job (``Location``)."""
    results = services.results
    scenario = await run_in_threadpool(results.scenario, scenario_id)
    siting = parameters.request()

    def checked() -> Any:
        with results.slot():
            return prepare(scenario, siting)

    prepared = await run_in_threadpool(checked)

    def work(progress: Progress) -> dict[str, Any]:
        with results.slot():
            outcome = solve(prepared, progress)
        proposed_id, created = results.add(
            outcome.proposed, owner=writer.key_id, quota=writer.quota
        )
        services.audit.record(
            "store", f"/scenarios/{proposed_id}", writer.key_id, writer.address, created=created
        )
        base = f"/scenarios/{proposed_id}"
        return {
            "proposed_scenario_id": proposed_id,
            **outcome_document(outcome),
            "links": [
                link(base, "proposed-scenario", "application/json", "The proposed scenario"),
                link(f"{base}/map", "proposed-map", "text/html", "Its interactive map"),
                link(f"{base}/coverage", "proposed-coverage", "application/json", "Its summary"),
            ],
        }

    key = hashlib.sha256(parameters.model_dump_json().encode()).hexdigest()[:16]
    job = services.jobs.submit(
        scenario_id, work, kind="siting", key=f"{scenario_id}/siting/{writer.key_id}/{key}"
    )
    record_job(services, writer, job)
    return JSONResponse(
        job_document(request, job), status_code=202, headers={"Location": f"/jobs/{job.id}"}
    )
