"""The interactive API documentation (``/docs``): Swagger UI, served offline, with no inline
script (its start is ``static/docs.js``), so that the pages' content security policy holds.

Swagger UI's files come from fastapi-offline's folder, mounted at ``DOCS_STATIC``.
"""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from umbrella.service.http.dependencies import STRICT_QUERY
from umbrella.service.http.links import local_url
from umbrella.service.http.pages import page

__all__ = ["DOCS_STATIC", "router"]

DOCS_STATIC: Final = "/static-offline-docs"

router = APIRouter(dependencies=[STRICT_QUERY], include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI over ``/openapi.json``."""
    return page(
        request,
        "docs.html",
        title=f"{request.app.title} - API",
        crumbs=[],
        openapi=local_url(request, request.app.openapi_url),
        swagger_css=local_url(request, f"{DOCS_STATIC}/swagger-ui.css"),
        swagger_js=local_url(request, f"{DOCS_STATIC}/swagger-ui-bundle.js"),
        favicon=local_url(request, f"{DOCS_STATIC}/favicon.png"),
    )
