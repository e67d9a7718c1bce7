"""The landing page and the conformance declaration (OGC API - Features Part 1, Core).

The OpenAPI conformance class (``oas30``) is not declared: the API definition is OpenAPI
3.1, which Part 1 has no class for; the landing page's ``service-desc`` link names it.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from umbrella.service.http.dependencies import STRICT_QUERY, WantsHtml
from umbrella.service.http.html import document_page
from umbrella.service.http.http_cache import VaryOnAccept
from umbrella.service.http.links import link, url

__all__ = ["CONFORMANCE_CLASSES", "router"]

CONFORMANCE_CLASSES: Final = tuple(
    f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}"
    for name in ("core", "geojson", "html")
)
TITLE: Final = "umbrella"

router = APIRouter(tags=["landing"], route_class=VaryOnAccept, dependencies=[STRICT_QUERY])


def _major_minor(app: FastAPI) -> str:
    """The OpenAPI version of the app's definition as major.minor (e.g. 3.1)."""
    return ".".join(app.openapi_version.split(".")[:2])


def _answer(document: dict[str, Any], html: bool, title: str) -> Response:
    if html:
        return HTMLResponse(document_page(title, document))
    return JSONResponse(document)


@router.get("/", summary="Landing page")
def landing(request: Request, html: WantsHtml) -> Response:
    """Links to the API definition, its documentation, the conformance and the collections."""
    json_type, html_type = "application/json", "text/html"
    openapi_type = f"application/vnd.oai.openapi+json;version={_major_minor(request.app)}"
    document = {
        "title": TITLE,
        "description": "Geodesic coverage analysis of notional scenarios over public layers. "
        "Every scenario is notional: sites, ranges and phases are illustrative.",
        "links": [
            link(url(request, "/"), "self", json_type, "This document"),
            link(url(request, "/", f="html"), "alternate", html_type, "This document as HTML"),
            link(
                url(request, "/openapi.json"),
                "service-desc",
                openapi_type,
                "The API definition",
            ),
            link(url(request, "/docs"), "service-doc", html_type, "The API documentation"),
            link(url(request, "/conformance"), "conformance", json_type, "Conformance classes"),
            link(url(request, "/collections"), "data", json_type, "The public layers"),
            link(url(request, "/scenarios/example"), "describedby", json_type, "Example scenario"),
        ],
    }
    return _answer(document, html, TITLE)


@router.get("/conformance", summary="Conformance classes")
def conformance(html: WantsHtml) -> Response:
    """The OGC API - Features conformance classes this service implements."""
    return _answer({"conformsTo": list(CONFORMANCE_CLASSES)}, html, "Conformance")


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon: an empty answer, so that browsers do not log a missing file."""
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})
