"""Responses with validators: ETag, Cache-Control, and 304 for a matching If-None-Match."""

from __future__ import annotations

from fastapi import Request, Response

from umbrella.service.store import StoredResult, etag_of

__all__ = ["cacheable", "etag_matches"]


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names the ETag (weak comparison, ``*`` matches)."""
    if not if_none_match:
        return False
    wanted = {token.strip().removeprefix("W/") for token in if_none_match.split(",")}
    return "*" in wanted or etag in wanted


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
