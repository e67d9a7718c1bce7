"""Caching headers: ETag, Cache-Control, 304 for a matching If-None-Match, Vary on Accept."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from umbrella.service.http.store import StoredResult, etag_of

__all__ = ["VaryOnAccept", "cacheable", "etag_matches"]


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names the ETag (weak comparison, ``*`` matches)."""
    if not if_none_match:
        return False
    wanted = {token.strip().removeprefix("W/") for token in if_none_match.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def cacheable(
    request: Request, body: bytes | StoredResult, media_type: str = "", max_age: int = 0
) -> Response:
    """The body with its ETag and ``Cache-Control: public, max-age``; 304 when unchanged.

    ``body`` is raw bytes of ``media_type`` or a stored result that carries both and its ETag.
    """
    stored = (
        body if isinstance(body, StoredResult) else StoredResult(body, media_type, etag_of(body))
    )
    headers = {"ETag": stored.etag, "Cache-Control": f"public, max-age={max_age}"}
    if etag_matches(request.headers.get("if-none-match"), stored.etag):
        return Response(status_code=304, headers=headers)
    return Response(stored.body, media_type=stored.media_type, headers=headers)


class VaryOnAccept(APIRoute):
    """A route whose answer depends on the Accept header (JSON or HTML at one URL).

    Every response it gives carries ``Vary: Accept``, so that a cache keeps the variants
    apart.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler, adding ``Vary: Accept`` to its response."""
        handler = super().get_route_handler()

        async def negotiated(request: Request) -> Response:
            response = await handler(request)
            response.headers["Vary"] = "Accept"
            return response

        return negotiated
