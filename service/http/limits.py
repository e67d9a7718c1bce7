"""A limit on the size of request bodies: by the Content-Length header and as they stream."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from umbrella.service.http.errors import BodyTooLarge
from umbrella.service.http.problems import problem_response

__all__ = ["BodySizeLimit"]


class BodySizeLimit:
    """ASGI middleware: a body over ``max_bytes`` is answered with a 413 problem.

    A declared Content-Length over the limit is refused before the body is read; a body
    without one (chunked) is counted as it arrives and refused once it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            response = problem_response(BodyTooLarge(declared, self.max_bytes), scope["path"])
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(received, self.max_bytes)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
