"""Coverage of stored scenarios (summaries, GeoJSON outputs) and one-off analyses.

Results are computed on the first request (or by an analysis job), then served from the
cache with an ETag and ``Cache-Control: public, max-age``: a scenario id is a content hash,
and cached results are keyed by the software version and the bundled data that computed
them (``generation.cache_generation``), so a cached result is never served by another
version or after a rebuild of the layers. ``phase`` is a phase's first
day; without it, an output is the first phase's. An unknown phase is a 404 problem naming
``phase``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from umbrella.coverage.outputs import check_output
from umbrella.coverage.writers import feature_collection
from umbrella.service.http.access import KEY_REQUIRED
from umbrella.service.http.answers import HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, PhaseParam, ServicesDep, WantsHtml
from umbrella.service.http.documents import scenario_from_body
from umbrella.service.http.http_cache import VaryOnAccept, cacheable
from umbrella.service.http.media import GEOJSON, encode_json
from umbrella.service.http.rate import RATE_LIMITS
from umbrella.service.http.results import phase_of, summary_document
from umbrella.service.http.routes.scenarios import SCENARIO_BODY, ScenarioId
from umbrella.service.http.scenario_pages import coverage_page
from umbrella.service.http.schemas import CoverageSummary, FeatureCollection

__all__ = ["router"]


def _output(
    output: Annotated[
        str, Path(description="One of the outputs of ``umbrella.coverage.outputs.OUTPUTS``.")
    ],
) -> str:
    return check_output(output)


OutputName = Annotated[str, Depends(_output)]
"""An output's name; any other is a 404 problem naming ``output`` (before any analysis)."""

router = APIRouter(
    tags=["coverage"],
    dependencies=[STRICT_QUERY],
    route_class=VaryOnAccept,
    default_response_class=Response,
)


@router.get(
    "/scenarios/{scenario_id}/coverage",
    summary="Coverage summary",
    dependencies=[RATE_LIMITS["renders"]],
    responses=answers({"application/json": CoverageSummary, "text/html": HTML_PAGE}, 400, 404, 422),
)
def coverage_summary(
    request: Request,
    scenario_id: ScenarioId,
    services: ServicesDep,
    phase: PhaseParam,
    html: WantsHtml,
) -> Response:
    """One phase's summary figures, or without ``phase`` every phase's and the provenance;
    for a browser, the summary table and each output's GeoJSON."""
    results = services.results
    scenario = results.scenario(scenario_id)
    day = None if phase is None else phase_of(scenario, phase)
    if html:
        return coverage_page(request, scenario_id, scenario, results.analysis(scenario_id), day)
    key = "summary" if day is None else f"summary/{day}"
    days = None if day is None else [day]  # one phase's summary needs that phase only
    stored = results.body(
        scenario_id,
        key,
        lambda: (
            encode_json(summary_document(results.analysis(scenario_id, days=days), day)),
            "application/json",
        ),
    )
    return cacheable(request, stored, max_age=services.settings.cache_max_age)


@router.get(
    "/scenarios/{scenario_id}/coverage/{output}",
    summary="One output as GeoJSON",
    dependencies=[RATE_LIMITS["renders"]],
    responses=answers({GEOJSON: FeatureCollection}, 400, 404, 422),
)
def coverage_output(
    request: Request,
    scenario_id: ScenarioId,
    output: OutputName,
    services: ServicesDep,
    phase: PhaseParam,
) -> Response:
    """A FeatureCollection of one output of a phase, with the ``umbrella`` provenance member."""
    results = services.results
    key = f"{output}/{phase}"
    stored = results.cached_body(scenario_id, key) if phase is not None else None
    if stored is None:
        day = phase_of(results.scenario(scenario_id), phase)

        def produce() -> tuple[bytes, str]:
            result = results.analysis(scenario_id, days=[day])
            return encode_json(
                feature_collection(result.phase(day), output, result.provenance)
            ), GEOJSON

        stored = results.body(scenario_id, f"{output}/{day}", produce)
    return cacheable(request, stored, max_age=services.settings.cache_max_age)


@router.post(
    "/coverage",
    summary="One-off analysis",
    dependencies=[KEY_REQUIRED, RATE_LIMITS["analyses"]],
    openapi_extra=SCENARIO_BODY,
    responses=answers({"application/json": CoverageSummary}, 400, 413, 415, 422),
)
async def post_coverage(request: Request, services: ServicesDep) -> Response:
    """Analyse a scenario without storing it: every phase's summary and the provenance."""
    body = await request.body()
    scenario = await run_in_threadpool(
        scenario_from_body, body, request.headers.get("content-type")
    )
    result = await run_in_threadpool(services.results.one_off, scenario)
    return JSONResponse(summary_document(result, None))
