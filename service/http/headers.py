"""Headers that make answers safe to open: a content security policy, no sniffing, no referrer,
and cross-origin reads (CORS) for GET routes only.

Every answer gets ``X-Content-Type-Options: nosniff`` (a browser never takes JSON or GeoJSON
for a page) and ``Referrer-Policy: no-referrer`` (a private scenario's address, which is its
only key, never leaves in a ``Referer``). Every HTML page gets ``PAGE_POLICY``: scripts only
from this service's own files (no inline script, no CDN, no ``eval``), styles from its files
and inline (Leaflet and the maps' legends style elements as they draw), images from itself
and ``data:``/``blob:`` URLs, requests only to itself, forms only to itself, framing only by
itself. A page with inline scripts of its own, the interactive map, names them by hash
(``policy_with_inline_scripts``); a route that sets its own policy keeps it. SVG figures get a
policy that lets them style themselves and run nothing.

GET and HEAD answers carry ``Access-Control-Allow-Origin: *`` (the layers and published
scenarios are public, and no answer depends on cookies), and a preflight for a GET is
answered; writes get no CORS header, so a page of another origin cannot read their answers
or send them a JSON body.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "PAGE_POLICY",
    "SVG_POLICY",
    "SafetyHeaders",
    "content_security_policy",
    "inline_script_hashes",
    "policy_with_inline_scripts",
]


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy of a page whose own inline scripts have these ``sha256-...`` hashes."""
    scripts = " ".join(["'self'", *(f"'{digest}'" for digest in script_hashes)])
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'self'",
        )
    )


PAGE_POLICY: Final = content_security_policy()
SVG_POLICY: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
REFERRER_POLICY: Final = "no-referrer"
CORS_EXPOSED: Final = "ETag, Link, Location, Retry-After"
CORS_ALLOWED_HEADERS: Final = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
CORS_MAX_AGE_S: Final = "600"
_READS: Final = frozenset({"GET", "HEAD"})
_INLINE_SCRIPT: Final = re.compile(
    rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE
)
_POLICIES_KEPT: Final = 64


def inline_script_hashes(html: bytes) -> tuple[str, ...]:
    """The CSP hashes (``sha256-<base64>``) of the inline scripts of a page, in order.

    For pages whose every ``<script>`` element the service wrote itself: the interactive
    map's data are written into its scripts as JSON that cannot close the element
    (``maps.leaflet.script_json``), so no text of a scenario becomes a script of its own.
    """
    return tuple(
        "sha256-" + base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
        for match in _INLINE_SCRIPT.finditer(html)
    )


_policies: OrderedDict[str, str] = OrderedDict()
_policies_lock = threading.Lock()


def policy_with_inline_scripts(html: bytes, etag: str) -> str:
    """``content_security_policy`` allowing the page's inline scripts, kept by ETag (the
    hashes of a page of megabytes are computed once)."""
    with _policies_lock:
        found = _policies.get(etag)
        if found is not None:
            _policies.move_to_end(etag)
            return found
    policy = content_security_policy(inline_script_hashes(html))
    with _policies_lock:
        _policies[etag] = policy
        while len(_policies) > _POLICIES_KEPT:
            _policies.popitem(last=False)
    return policy


def _preflight(scope: Scope) -> bool:
    """Whether a request is a CORS preflight for a read."""
    if scope["method"] != "OPTIONS":
        return False
    headers = dict(scope.get("headers", ()))
    asked = headers.get(b"access-control-request-method", b"").decode().upper()
    return b"origin" in headers and asked in _READS


class SafetyHeaders:
    """ASGI middleware: the headers of the module's docstring on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _preflight(scope):
            await _answer_preflight(send)
            return
        read = scope["method"] in _READS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = REFERRER_POLICY
                media = headers.get("content-type", "").split(";")[0].strip().lower()
                if "content-security-policy" not in headers:
                    if media == "text/html":
                        headers["Content-Security-Policy"] = PAGE_POLICY
                    elif media == "image/svg+xml":
                        headers["Content-Security-Policy"] = SVG_POLICY
                if read:
                    headers["Access-Control-Allow-Origin"] = "*"
                    headers["Access-Control-Expose-Headers"] = CORS_EXPOSED
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _answer_preflight(send: Send) -> None:
    headers = [
        (b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", b"GET, HEAD"),
        (b"access-control-allow-headers", CORS_ALLOWED_HEADERS.encode()),
        (b"access-control-max-age", CORS_MAX_AGE_S.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", REFERRER_POLICY.encode()),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
