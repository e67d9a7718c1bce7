"""The one table from exceptions to HTTP statuses, and RFC 7807 problem responses.

Every error response is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and ``instance``; bad input adds the field's path (``field``) and the value
(``value``), and a scenario error lists every problem in ``errors`` (``field``, ``value``,
``reason``). Query-string problems are 400, problems in a request body 422, unknown ids and
path segments that fit no resource 404, a body over the limit 413; a write without a key
401 (with ``WWW-Authenticate``), with a wrong or revoked key, by a key that does not own the
scenario or over its quota 403, over a rate limit 429 (with ``Retry-After``), into a full
store 507. Anything else is a bug: it is logged with its traceback and the client gets a
generic 500 without details.

A client that asks for HTML (a browser: ``f=html`` or ``Accept``, see ``negotiation``) gets the
same problem as a page that explains it and links back, with the same status.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError
from umbrella.coverage.outputs import UnknownOutput
from umbrella.coverage.sweep.errors import SchedulerUnreachable
from umbrella.geo.errors import InputError
from umbrella.layers import BBoxError, LayerNotFound, UnknownWorldview
from umbrella.maps import MapInputError
from umbrella.service.http.errors import (
    AnalysisLimitExceeded,
    BodyTooLarge,
    KeyMissing,
    KeyRefused,
    NotOwner,
    ParameterError,
    RateLimited,
    ResourceNotFound,
    ScenarioQuotaReached,
    StoreFull,
    UnsupportedMediaType,
)
from umbrella.service.http.media import PROBLEM_JSON
from umbrella.service.http.negotiation import wants_html
from umbrella.service.http.pages import Crumb, page

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "STATUS_TABLE",
    "ProblemKind",
    "install_problem_handlers",
    "problem_for",
    "problem_response",
]

PROBLEM_MEDIA_TYPE: Final = PROBLEM_JSON
_MAX_TEXT = 200
_MAX_ITEMS = 20
_LOG = logging.getLogger("umbrella.service")


@dataclass(frozen=True)
class ProblemKind:
    """The status of a family of errors, and the ``type`` and ``title`` of its problems."""

    status: int
    slug: str
    title: str

    @property
    def type(self) -> str:
        """The problem type URI (a URN: nothing to fetch)."""
        return f"urn:umbrella:problem:{self.slug}"


STATUS_TABLE: Final[tuple[tuple[type[Exception], ProblemKind], ...]] = (
    (KeyMissing, ProblemKind(401, "key-missing", "Key needed")),
    (KeyRefused, ProblemKind(403, "key-refused", "Key refused")),
    (NotOwner, ProblemKind(403, "not-owner", "Not the scenario's owner")),
    (ScenarioQuotaReached, ProblemKind(403, "quota-reached", "Quota of scenarios reached")),
    (RateLimited, ProblemKind(429, "rate-limited", "Too many requests")),
    (StoreFull, ProblemKind(507, "store-full", "Store full")),
    (BodyTooLarge, ProblemKind(413, "body-too-large", "Request body too large")),
    (UnsupportedMediaType, ProblemKind(415, "unsupported-media-type", "Unsupported media type")),
    (ResourceNotFound, ProblemKind(404, "not-found", "Not found")),
    (LayerNotFound, ProblemKind(404, "not-found", "Not found")),
    (UnknownOutput, ProblemKind(404, "not-found", "Not found")),
    (ScenarioError, ProblemKind(422, "invalid-scenario", "Invalid scenario")),
    (AnalysisLimitExceeded, ProblemKind(422, "analysis-limit", "Analysis over the limits")),
    (ParameterError, ProblemKind(400, "invalid-parameter", "Invalid query parameter")),
    (BBoxError, ProblemKind(400, "invalid-parameter", "Invalid query parameter")),
    (UnknownWorldview, ProblemKind(400, "invalid-parameter", "Invalid query parameter")),
    (MapInputError, ProblemKind(400, "invalid-parameter", "Invalid query parameter")),
    (SchedulerUnreachable, ProblemKind(503, "cluster-unavailable", "Cluster unavailable")),
    (InputError, ProblemKind(422, "invalid-input", "Invalid input")),
)
"""Exception class -> problem kind; the first class the error is an instance of wins."""

_INTERNAL = ProblemKind(500, "internal-error", "Internal server error")
_BAD_PARAMETER = ProblemKind(400, "invalid-parameter", "Invalid query parameter")
_BAD_BODY = ProblemKind(422, "invalid-input", "Invalid input")
_NOT_FOUND = ProblemKind(404, "not-found", "Not found")
_HTTP_TITLES: Final = {404: "Not found", 405: "Method not allowed"}
_EXPLANATIONS: Final = {
    400: "The address asks for something this page cannot give: a parameter is unknown, "
    "repeated or out of its range.",
    401: "This service asks for a key to store scenarios, start analyses or publish. Programs "
    "send it as 'Authorization: Bearer <key>'; its operator gives keys out.",
    403: "The key sent does not allow this: it is unknown or revoked, the scenario belongs to "
    "another key, or the key holds as many scenarios as it may.",
    404: "Nothing is here: the address names a layer, feature, scenario or job that this "
    "service does not hold (or no longer holds).",
    405: "This address exists, but not for this kind of request.",
    413: "The request sent more data than this service accepts.",
    415: "The request sent data in a format this address does not read.",
    422: "The scenario or input sent is not valid; every field at fault is listed.",
    429: "Too many requests of this kind from you in the last minute; wait a little (the "
    "Retry-After header says how long) and try again.",
    503: "The Dask cluster this service is set to use does not answer; try again later.",
    500: "The service failed. This is a bug; the error is in the server's log.",
    507: "The service's store is full of scenarios; its operator can make room.",
}
_SECTIONS: Final = (
    ("/collections", "the layers"),
    ("/scenarios", "the scenarios"),
    ("/jobs", "the scenarios"),
)


def _kind(error: InputError) -> ProblemKind:
    return next(kind for cls, kind in STATUS_TABLE if isinstance(error, cls))


def _shown(value: object) -> Any:
    """A JSON-safe, bounded rendering of an offending value (a list stays a list)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple):
        return [_shown(item) for item in value[:_MAX_ITEMS]]
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."


def _field_member(field: str, value: object, reason: str | None = None) -> dict[str, Any]:
    member: dict[str, Any] = {"field": field}
    if value is not NO_VALUE:
        member["value"] = _shown(value)
    if reason is not None:
        member["reason"] = reason
    return member


def _detail(problems: Sequence[FieldProblem]) -> str:
    return "; ".join(str(problem) for problem in problems)


def problem_for(error: InputError, instance: str) -> tuple[int, dict[str, Any]]:
    """The status and problem document of a bad-input error."""
    kind = _kind(error)
    problems = (
        error.problems
        if isinstance(error, ScenarioError)
        else [FieldProblem(error.field, error.value, error.reason)]
    )
    document = _document(kind, _detail(problems), instance)
    document.update(_field_member(problems[0].field, problems[0].value))
    if isinstance(error, ScenarioError):
        document["errors"] = [_field_member(p.field, p.value, p.reason) for p in problems]
    return kind.status, document


def _document(kind: ProblemKind, detail: str, instance: str) -> dict[str, Any]:
    return {
        "type": kind.type,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "instance": instance,
    }


def _json(
    status: int, document: dict[str, Any], headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        document, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _back(request: Request, status: int) -> Crumb:
    """Where a person who met the problem can go on: the page without its parameters, or
    the list of what the address was looking for."""
    path = request.url.path
    if status == 400:
        return Crumb("this page without its parameters", str(request.url.replace(query="")))
    for prefix, text in _SECTIONS:
        if path.startswith(prefix):
            listing = "/scenarios" if prefix == "/jobs" else prefix
            return Crumb(text, str(request.url.replace(path=listing, query="f=html")))
    return Crumb("the landing page", str(request.url.replace(path="/", query="")))


def _answer(
    request: Request,
    status: int,
    document: dict[str, Any],
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The problem as problem+json, or as a page for a client that asks for HTML."""
    if not wants_html(request):
        return _json(status, document, headers)
    return page(
        request,
        "error.html",
        title=f"{status} {document['title']}",
        crumbs=[Crumb(document["title"])],
        status_code=status,
        headers={**(headers or {}), "Cache-Control": "no-store"},
        status=status,
        problem=document,
        explanation=_EXPLANATIONS.get(status, "The request could not be answered."),
        back=_back(request, status),
    )


def problem_response(error: InputError, instance: str) -> JSONResponse:
    """The problem+json response of a bad-input error (status from ``STATUS_TABLE``)."""
    status, document = problem_for(error, instance)
    return _json(status, document)


def _validation_problems(error: RequestValidationError) -> tuple[ProblemKind, list[FieldProblem]]:
    """The kind (a bad path segment wins, then the body) and the problems, path ones first."""
    problems: dict[str, list[FieldProblem]] = {"path": [], "body": [], "query": []}
    for item in error.errors():
        where, *path = item.get("loc", ("request",))
        field = ".".join(str(part) for part in path) or str(where)
        value = NO_VALUE if item.get("type") == "missing" else item.get("input", NO_VALUE)
        found = FieldProblem(field, value, str(item.get("msg", "is invalid")))
        problems.get(str(where), problems["query"]).append(found)
    kind = _NOT_FOUND if problems["path"] else _BAD_BODY if problems["body"] else _BAD_PARAMETER
    return kind, [problem for group in problems.values() for problem in group]


def _headers_of(error: InputError) -> dict[str, str]:
    """The headers a problem needs: how to authenticate, when to retry."""
    if isinstance(error, KeyMissing):
        return {"WWW-Authenticate": 'Bearer realm="umbrella"'}
    if isinstance(error, KeyRefused):
        return {"WWW-Authenticate": 'Bearer realm="umbrella", error="invalid_token"'}
    if isinstance(error, RateLimited):
        return {"Retry-After": str(error.retry_after_s)}
    return {}


async def _on_input_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, InputError)
    status, document = problem_for(error, request.url.path)
    return _answer(request, status, document, _headers_of(error))


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    kind, problems = _validation_problems(error)
    document = _document(kind, _detail(problems), request.url.path)
    document.update(_field_member(problems[0].field, problems[0].value))
    document["errors"] = [_field_member(p.field, p.value, p.reason) for p in problems]
    return _answer(request, kind.status, document)


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    title = _HTTP_TITLES.get(error.status_code, "HTTP error")
    kind = ProblemKind(error.status_code, title.lower().replace(" ", "-"), title)
    document = _document(kind, str(error.detail), request.url.path)
    return _answer(request, error.status_code, document, error.headers)


async def _on_bug(request: Request, error: Exception) -> Response:
    _LOG.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    document = _document(_INTERNAL, "the server failed; the error is in its log", request.url.path)
    try:
        return _answer(request, 500, document)
    except Exception:  # the page itself failed: the document, at least
        return _json(500, document)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of the app with problem+json (see the module's docstring)."""
    app.add_exception_handler(InputError, _on_input_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_bug)
