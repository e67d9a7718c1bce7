"""Absolute links of OGC API documents, built from the request's base URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request

__all__ = ["link", "local_url", "url"]


def url(request: Request, path: str, **params: object) -> str:
    """The absolute URL of path on this service, with the non-None params as a query."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    base = str(request.base_url).rstrip("/")
    return f"{base}{path}" + (f"?{query}" if query else "")


def local_url(request: Request, path: str, **params: object) -> str:
    """The root-relative URL of path on this service (for pages), with the non-None params."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return request.scope.get("root_path", "").rstrip("/") + path + (f"?{query}" if query else "")


def link(href: str, rel: str, media_type: str, title: str | None = None) -> dict[str, Any]:
    """An OGC API link object."""
    found: dict[str, Any] = {"href": href, "rel": rel, "type": media_type}
    if title is not None:
        found["title"] = title
    return found
