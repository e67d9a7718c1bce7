"""Which representation a client asked for: a page for people, a document for programs.

``f`` in the query string decides when given (``f=html`` a page, any other value not). Without
it, the ``Accept`` header does: a page when it names ``text/html`` (or XHTML) with a quality at
least that of every JSON type it names. ``*/*`` alone is a program's header and gets JSON, so
GDAL, OWSLib and ``curl`` keep the documents they had; a browser's header names HTML first.
"""

from __future__ import annotations

from typing import Final

from fastapi import Request

__all__ = ["accepts_html", "wants_html"]

_HTML: Final = frozenset({"text/html", "application/xhtml+xml"})
_JSON: Final = frozenset(
    {
        "application/json",
        "application/geo+json",
        "application/schema+json",
        "application/problem+json",
        "application/vnd.oai.openapi+json",
    }
)


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def accepts_html(accept: str) -> bool:
    """Whether an Accept header prefers HTML to JSON (see the module's docstring)."""
    html = json = 0.0
    for item in accept.split(","):
        media, *parameters = item.split(";")
        media = media.strip().lower()
        if media in _HTML:
            html = max(html, _quality(parameters))
        elif media in _JSON:
            json = max(json, _quality(parameters))
    return html > 0 and html >= json


def wants_html(request: Request) -> bool:
    """Whether the request asks for an HTML page (``f``, else ``Accept``)."""
    given = request.query_params.get("f")
    if given is not None:
        return given == "html"
    return accepts_html(request.headers.get("accept", ""))
