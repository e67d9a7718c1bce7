"""The landing page and the conformance declaration (OGC API - Features Parts 1 and 3).

The API definition is served twice: OpenAPI 3.1 at ``/openapi.json`` (FastAPI's own) and its
OpenAPI 3.0 rendering at ``/openapi-3.0.json`` (``openapi.py``), which OGC API clients such as
OWSLib and GDAL look for; the landing page links both as ``service-desc``, each with its media
type, so the ``oas30`` conformance class is declared.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from umbrella.layers import LAYERS
from umbrella.service.http.answers import HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, ServicesDep, WantsHtml
from umbrella.service.http.http_cache import VaryOnAccept
from umbrella.service.http.links import link, url
from umbrella.service.http.openapi import OPENAPI_30_PATH, openapi_30
from umbrella.service.http.pages import Crumb, page
from umbrella.service.http.schemas import Conformance, LandingPage

__all__ = ["CONFORMANCE_CLASSES", "OPENAPI_JSON", "router"]

CONFORMANCE_CLASSES: Final = (
    *(
        f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}"
        for name in ("core", "geojson", "html", "oas30")
    ),
    *(
        f"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/{name}"
        for name in ("queryables", "queryables-query-parameters")
    ),
)
OPENAPI_JSON: Final = "application/vnd.oai.openapi+json;version={version}"
TITLE: Final = "umbrella"
DESCRIPTION: Final = (
    "Geodesic coverage analysis of notional scenarios over public layers. "
    "Every scenario is notional: sites, ranges and phases are illustrative."
)

router = APIRouter(
    tags=["landing"],
    route_class=VaryOnAccept,
    dependencies=[STRICT_QUERY],
    default_response_class=Response,
)


def _landing_document(request: Request, example_id: str) -> dict[str, Any]:
    json_type, html_type = "application/json", "text/html"
    major_minor = ".".join(request.app.openapi_version.split(".")[:2])
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "links": [
            link(url(request, "/"), "self", json_type, "This document"),
            link(url(request, "/", f="html"), "alternate", html_type, "This document as HTML"),
            link(
                url(request, OPENAPI_30_PATH),
                "service-desc",
                OPENAPI_JSON.format(version="3.0"),
                "The API definition (OpenAPI 3.0)",
            ),
            link(
                url(request, "/openapi.json"),
                "service-desc",
                OPENAPI_JSON.format(version=major_minor),
                f"The API definition (OpenAPI {major_minor})",
            ),
            link(url(request, "/docs"), "service-doc", html_type, "The API documentation"),
            link(url(request, "/conformance"), "conformance", json_type, "Conformance classes"),
            link(url(request, "/collections"), "data", json_type, "The public layers"),
            link(url(request, "/scenarios"), "scenarios", json_type, "The published scenarios"),
            link(url(request, "/scenarios/example"), "describedby", json_type, "Example scenario"),
            link(
                url(request, f"/scenarios/{example_id}/map"),
                "example-map",
                html_type,
                "The example scenario's interactive map",
            ),
        ],
    }


@router.get(
    "/",
    summary="Landing page",
    responses=answers({"application/json": LandingPage, "text/html": HTML_PAGE}, 400),
)
def landing(request: Request, services: ServicesDep, html: WantsHtml) -> Response:
    """What the service does, and links to its definition, documentation and resources."""
    if html:
        return page(
            request,
            "landing.html",
            title="A front door to umbrella",
            crumbs=[],
            json_href=url(request, "/", f="json"),
            layer_count=len(LAYERS),
        )
    return JSONResponse(_landing_document(request, services.example_id))


@router.get(
    "/conformance",
    summary="Conformance classes",
    responses=answers({"application/json": Conformance, "text/html": HTML_PAGE}, 400),
)
def conformance(request: Request, html: WantsHtml) -> Response:
    """The OGC API - Features conformance classes this service implements."""
    if html:
        return page(
            request,
            "conformance.html",
            title="Conformance",
            crumbs=[Crumb("Conformance")],
            json_href=url(request, "/conformance", f="json"),
            classes=CONFORMANCE_CLASSES,
        )
    return JSONResponse({"conformsTo": list(CONFORMANCE_CLASSES)})


@router.get(
    OPENAPI_30_PATH,
    summary="The API definition as OpenAPI 3.0",
    responses=answers({OPENAPI_JSON.format(version="3.0"): {"type": "object"}}, 400),
)
def openapi_30_document(request: Request) -> Response:
    """The OpenAPI 3.1 document at /openapi.json rendered as OpenAPI 3.0, for older clients."""
    return JSONResponse(
        openapi_30(request.app.openapi()), media_type=OPENAPI_JSON.format(version="3.0")
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon: an empty answer, so that browsers do not log a missing file."""
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})
