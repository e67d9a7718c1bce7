"""The offline world basemap of the layer pages, as GeoJSON (``umbrella.maps.world``).

It is built once per worldview and process, and sent gzip-compressed to clients that accept it
(about a third of its 2 MB), with an ETag and ``Cache-Control`` like the other static answers.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from typing import Final

from fastapi import APIRouter, Request, Response

from umbrella.layers import WORLDVIEWS
from umbrella.maps.world import world_basemap
from umbrella.service.http.answers import answers
from umbrella.service.http.dependencies import STRICT_QUERY, ServicesDep, WorldviewParam
from umbrella.service.http.http_cache import etag_matches
from umbrella.service.http.media import GEOJSON, encode_json
from umbrella.service.http.schemas import FeatureCollection
from umbrella.service.http.store import etag_of

__all__ = ["router"]

_GZIP_LEVEL: Final = 6

router = APIRouter(tags=["assets"], dependencies=[STRICT_QUERY], default_response_class=Response)


@lru_cache(maxsize=len(WORLDVIEWS))
def _encoded(worldview: str) -> tuple[bytes, bytes, str]:
    """The basemap's JSON, its gzip compression, and its ETag."""
    body = encode_json(world_basemap(worldview))
    return body, gzip.compress(body, _GZIP_LEVEL, mtime=0), etag_of(body)


def _accepts_gzip(request: Request) -> bool:
    for item in request.headers.get("accept-encoding", "").split(","):
        coding, _, quality = item.strip().partition(";q=")
        if coding.strip().lower() == "gzip":
            return quality.strip() not in ("0", "0.0", "0.00", "0.000")
    return False


@router.get(
    "/basemap",
    summary="The offline world basemap",
    responses=answers({GEOJSON: FeatureCollection}, 400),
)
def basemap(request: Request, services: ServicesDep, worldview: WorldviewParam) -> Response:
    """Land (countries, whose outlines are the borders), then country and sea name labels,
    each with the zoom from which it is shown (``minzoom``)."""
    body, compressed, etag = _encoded(worldview)
    headers = {
        "Cache-Control": f"public, max-age={services.settings.cache_max_age}",
        "Vary": "Accept-Encoding",
    }
    if _accepts_gzip(request):  # another representation: another ETag (RFC 9110, 8.8.3)
        body, etag = compressed, etag[:-1] + '-gzip"'
        headers["Content-Encoding"] = "gzip"
    headers["ETag"] = etag
    if etag_matches(request.headers.get("if-none-match"), etag):
        unchanged = {k: v for k, v in headers.items() if k != "Content-Encoding"}
        return Response(status_code=304, headers=unchanged)
    return Response(body, media_type=GEOJSON, headers=headers)
