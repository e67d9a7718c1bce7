"""The browser assets of the maps and pages (Leaflet, jQuery, the pages' stylesheet and script)
served from this service's own origin."""

from __future__ import annotations

import mimetypes
from typing import Annotated, Final

from fastapi import APIRouter, Path, Request, Response

from umbrella.service.http.answers import BINARY, answers
from umbrella.service.http.dependencies import STRICT_QUERY, ServicesDep
from umbrella.service.http.errors import ResourceNotFound
from umbrella.service.http.http_cache import cacheable
from umbrella.service.http.pages import ASSET_FILES, ASSETS_PREFIX

__all__ = ["router"]

router = APIRouter(prefix=ASSETS_PREFIX, tags=["assets"], dependencies=[STRICT_QUERY])
TEXT: Final = {"type": "string"}


@router.get(
    "/{path:path}",
    summary="A map asset",
    responses=answers({"text/css": TEXT, "text/javascript": TEXT, "image/png": BINARY}, 400, 404),
)
def asset(
    request: Request,
    path: Annotated[str, Path(description="The asset's sub-path, e.g. leaflet/leaflet.js.")],
    services: ServicesDep,
) -> Response:
    """One file of ``pages.ASSET_FILES`` (only those: no path leads elsewhere)."""
    if path not in ASSET_FILES:
        raise ResourceNotFound("path", path, f"must be one of {', '.join(sorted(ASSET_FILES))}")
    media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    body = ASSET_FILES[path].read_bytes()
    return cacheable(request, body, media_type, services.settings.cache_max_age)
