"""Scenarios: store one (by content hash), read it back, list the published ones, the example.

``POST /scenarios`` answers 201 Created with ``Location`` the first time a scenario is
stored, and 200 OK with the same ``Location`` when the same scenario (same content hash)
is already stored. The scenario is committed to disk before either answer. A stored scenario
is private (reachable by its link, never listed) unless it is posted with ``published=true``
or published later (``PUT /scenarios/{id}/published``); ``GET /scenarios`` lists the
published ones, newest first. The example is stored and published when the service starts.

Writes need a key when the service has keys (``access``) and count against the client's rate
of writes (``rate``); a scenario stored with a key belongs to it, and only that key may
publish, unpublish or delete it. Each write is recorded (``audit``).

A scenario is JSON, YAML (``f=yaml``) or, for a browser, its page: summary per phase, maps,
figures, outputs and documents (``scenario_pages``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Final, Literal

import yaml
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from umbrella.coverage.example import example_document
from umbrella.coverage.scenario import Scenario
from umbrella.service.http.access import Writer, check_owner
from umbrella.service.http.answers import HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, ServicesDep
from umbrella.service.http.documents import JSON_MEDIA_TYPES, YAML_MEDIA_TYPES, scenario_from_body
from umbrella.service.http.errors import NotOwner
from umbrella.service.http.http_cache import VaryOnAccept, cacheable
from umbrella.service.http.links import link, local_url, url
from umbrella.service.http.media import YAML, encode_json
from umbrella.service.http.negotiation import accepts_html
from umbrella.service.http.openapi import SCENARIO_REF
from umbrella.service.http.paging import Paging
from umbrella.service.http.rate import RATE_LIMITS
from umbrella.service.http.results import scenario_document
from umbrella.service.http.scenario_pages import scenario_links, scenario_list_page, scenario_page
from umbrella.service.http.schemas import ScenarioList, StoredAnswer
from umbrella.service.http.store import StoredScenario

__all__ = ["SCENARIO_BODY", "ScenarioId", "router"]

LIST_LIMIT_DEFAULT: Final = 20
LIST_LIMIT_MAX: Final = 100

router = APIRouter(
    tags=["scenarios"],
    dependencies=[STRICT_QUERY],
    route_class=VaryOnAccept,
    default_response_class=Response,
)

ScenarioId = Annotated[
    str,
    Path(description="A stored scenario's id (its content hash).", examples=["3f2a9c0d1e4b5a67"]),
]
Format = Annotated[
    Literal["json", "yaml", "html"] | None,
    Query(
        description="json, yaml or html; without it, a client that prefers text/html "
        "(a browser) gets the page, any other JSON."
    ),
]

SCENARIO_BODY: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "description": "A scenario document (see GET /scenarios/example).",
        "content": {
            media: {"schema": SCENARIO_REF} for media in (*JSON_MEDIA_TYPES, *YAML_MEDIA_TYPES)
        },
    }
}


def _chosen(request: Request, f: str | None) -> str:
    if f is not None:
        return f
    return "html" if accepts_html(request.headers.get("accept", "")) else "json"


def _document_answer(
    request: Request, services: ServicesDep, document: dict[str, Any], f: str
) -> Response:
    max_age = services.settings.cache_max_age
    if f == "yaml":
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        return cacheable(request, text.encode(), YAML, max_age)
    return cacheable(request, encode_json(document), "application/json", max_age)


@router.post(
    "/scenarios",
    status_code=201,
    summary="Store a scenario",
    openapi_extra=SCENARIO_BODY,
    dependencies=[RATE_LIMITS["writes"]],
    responses={
        **answers(
            {"application/json": StoredAnswer},
            400,
            413,
            415,
            422,
            507,
            status=201,
            description="Stored",
        ),
        200: {
            "description": "Already stored under the same id",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/StoredAnswer"}}
            },
        },
    },
)
async def post_scenario(
    request: Request,
    services: ServicesDep,
    writer: Writer,
    published: Annotated[
        bool, Query(description="List the scenario in GET /scenarios (default: private).")
    ] = False,
) -> Response:
    """Validate a scenario (JSON or YAML) and store it under its content hash; it belongs to
    the key that stored it first."""
    body = await request.body()
    scenario = await run_in_threadpool(
        scenario_from_body, body, request.headers.get("content-type")
    )
    results = services.results
    scenario_id, created = await run_in_threadpool(
        results.add, scenario, owner=writer.key_id, quota=writer.quota
    )
    record = await run_in_threadpool(results.record, scenario_id)
    services.audit.record(
        "store", f"/scenarios/{scenario_id}", writer.key_id, writer.address, created=created
    )
    if published and not record.published:
        check_owner(request, writer, record, "publish")
        await run_in_threadpool(results.set_published, scenario_id, True)
        record = await run_in_threadpool(results.record, scenario_id)
        services.audit.record("publish", f"/scenarios/{scenario_id}", writer.key_id, writer.address)
    document = {
        "id": scenario_id,
        "created": created,
        "published": record.published,
        "links": scenario_links(request, scenario_id),
    }
    return JSONResponse(
        document,
        status_code=201 if created else 200,
        headers={"Location": f"/scenarios/{scenario_id}"},
    )


def _list_item(request: Request, record: StoredScenario, scenario: Scenario) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": scenario.name,
        "regions": list(scenario.regions),
        "phases": scenario.phase_days(),
        "assets": len(scenario.assets),
        "published_at": record.published_at,
        "links": scenario_links(request, record.id)[:3],
    }


@router.get(
    "/scenarios",
    summary="The published scenarios",
    responses=answers({"application/json": ScenarioList, "text/html": HTML_PAGE}, 400),
)
def list_scenarios(
    request: Request,
    services: ServicesDep,
    f: Annotated[Literal["json", "html"] | None, Query(description="json or html.")] = None,
    limit: Annotated[
        int, Query(ge=1, le=LIST_LIMIT_MAX, description="Scenarios per page.")
    ] = LIST_LIMIT_DEFAULT,
    offset: Annotated[int, Query(ge=0, description="Scenarios to skip.")] = 0,
) -> Response:
    """The published scenarios, most recently published first, with name, id, regions,
    phases and asset count; stored private scenarios are never listed."""
    found, matched = services.results.published(limit, offset)
    paging = Paging(
        offset,
        limit,
        matched,
        len(found),
        lambda at: local_url(request, "/scenarios", offset=at, limit=limit, f=f),
    )
    items = [_list_item(request, record, scenario) for record, scenario in found]
    if _chosen(request, f) == "html":
        return scenario_list_page(request, items, paging)

    def page(rel: str, at: int, f: str | None = None) -> dict[str, Any]:
        media = "text/html" if f == "html" else "application/json"
        return link(url(request, "/scenarios", offset=at, limit=limit, f=f), rel, media)

    links = [page("self", offset), page("alternate", offset, "html")]
    for rel, start in (("next", paging.next_offset), ("prev", paging.prev_offset)):
        if start is not None:
            links.append(page(rel, start))
    document = {
        "scenarios": items,
        "numberMatched": matched,
        "numberReturned": len(items),
        "links": links,
    }
    return JSONResponse(document, headers={"Cache-Control": "no-cache"})


@router.get(
    "/scenarios/example",
    summary="The example scenario",
    responses=answers(
        {"application/json": SCENARIO_REF, YAML: SCENARIO_REF, "text/html": HTML_PAGE}, 400
    ),
)
def get_example(request: Request, services: ServicesDep, f: Format = None) -> Response:
    """The notional example for Ukraine, ready to POST to /scenarios; its page for a browser."""
    chosen = _chosen(request, f)
    if chosen == "html":
        return scenario_page(request, services, services.example_id, example=True)
    return _document_answer(request, services, example_document(), chosen)


@router.get(
    "/scenarios/{scenario_id}",
    summary="A stored scenario",
    responses=answers(
        {"application/json": SCENARIO_REF, YAML: SCENARIO_REF, "text/html": HTML_PAGE},
        400,
        404,
    ),
)
def get_scenario(
    request: Request, scenario_id: ScenarioId, services: ServicesDep, f: Format = None
) -> Response:
    """The validated scenario as stored (defaults filled in), as JSON or YAML; or its page."""
    scenario = services.results.scenario(scenario_id)
    chosen = _chosen(request, f)
    if chosen == "html":
        return scenario_page(request, services, scenario_id)
    if chosen == "yaml":
        return _document_answer(request, services, scenario.model_dump(mode="json"), chosen)
    body = scenario_document(scenario).encode()
    return cacheable(request, body, "application/json", services.settings.cache_max_age)


def _publication(published: bool, action: str) -> Callable[..., Response]:
    """The route that lists (or stops listing) a stored scenario."""

    def route(
        request: Request, scenario_id: ScenarioId, services: ServicesDep, writer: Writer
    ) -> Response:
        check_owner(request, writer, services.results.record(scenario_id), action)
        services.results.set_published(scenario_id, published)
        services.audit.record(action, f"/scenarios/{scenario_id}", writer.key_id, writer.address)
        return Response(status_code=204)

    return route


for _method, _published, _action, _summary, _description in (
    (
        "PUT",
        True,
        "publish",
        "Publish a scenario",
        "List a stored scenario in GET /scenarios (it keeps its first publication time).",
    ),
    (
        "DELETE",
        False,
        "unpublish",
        "Unpublish a scenario",
        "Stop listing a stored scenario; it stays reachable by its link.",
    ),
):
    router.add_api_route(
        "/scenarios/{scenario_id}/published",
        _publication(_published, _action),
        methods=[_method],
        status_code=204,
        summary=_summary,
        description=_description,
        name=_summary.lower().replace(" ", "_"),
        dependencies=[RATE_LIMITS["writes"]],
        responses=answers({}, 400, 404, status=204, description="Done"),
    )


@router.delete(
    "/scenarios/{scenario_id}",
    status_code=204,
    summary="Delete a scenario",
    dependencies=[RATE_LIMITS["writes"]],
    responses=answers({}, 400, 404, status=204, description="Deleted"),
)
def delete_scenario(
    request: Request, scenario_id: ScenarioId, services: ServicesDep, writer: Writer
) -> Response:
    """Delete a stored scenario and its cached results (its link stops working); with keys,
    only the key that stored it may. The example cannot be deleted."""
    record = services.results.record(scenario_id)
    if scenario_id == services.example_id:
        raise NotOwner(scenario_id, "delete (the example is part of the service)")
    check_owner(request, writer, record, "delete")
    services.results.delete(scenario_id)
    services.audit.record("delete", f"/scenarios/{scenario_id}", writer.key_id, writer.address)
    return Response(status_code=204)
