"""What each route answers, declared for the OpenAPI document: media types, schemas, problems.

``answers(...)`` builds a route's ``responses``: the success status with each media type it
can have (a pydantic model from ``schemas``, or a schema), and each problem status as
``application/problem+json`` (and an HTML page for browsers). Routes declare
``response_class=Response`` so that FastAPI adds no media type of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import BaseModel

from umbrella.service.http.media import PROBLEM_JSON
from umbrella.service.http.schemas import Problem

__all__ = [
    "BINARY",
    "HTML_PAGE",
    "PROBLEM_DESCRIPTIONS",
    "PROBLEM_HEADERS",
    "answers",
    "problem_answer",
    "schema_ref",
]

HTML_PAGE: Final[dict[str, Any]] = {"type": "string", "description": "An HTML page."}
BINARY: Final[dict[str, Any]] = {"type": "string", "format": "binary"}
PROBLEM_DESCRIPTIONS: Final = {
    400: "Invalid query parameter (the problem names it)",
    401: "A key is needed (the service has keys): send 'Authorization: Bearer <key>'",
    403: "Key refused (unknown or revoked), not the scenario's owner, or over the key's quota",
    404: "Not found (the problem names the unknown id or path segment)",
    413: "Request body too large",
    415: "Unsupported media type of the request body",
    422: "Invalid scenario or input (the problem lists every field at fault), or an analysis"
    " over the service's limits (the problem names the setting)",
    429: "Too many requests of this kind from this client (Retry-After says when to retry)",
    503: "A cluster the service relies on does not answer (the problem names its setting)",
    507: "The store is full of scenarios",
}
PROBLEM_HEADERS: Final[Mapping[int, dict[str, Any]]] = {
    401: {
        "WWW-Authenticate": {
            "description": "How to authenticate: a bearer key.",
            "required": True,
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "Seconds until the next request of this kind passes.",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}


def schema_ref(model: type[BaseModel]) -> dict[str, str]:
    """A reference to a model's schema among the document's components."""
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _schema(schema: type[BaseModel] | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(schema, type):
        return schema_ref(schema)
    return dict(schema)


def answers(
    content: Mapping[str, type[BaseModel] | Mapping[str, Any]],
    *problems: int,
    status: int = 200,
    description: str = "Success",
    headers: Mapping[str, Any] | None = None,
) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route: ``status`` with ``content`` (media type -> schema), and
    each of ``problems`` as a problem document or an HTML page."""
    success: dict[str, Any] = {"description": description}
    if content:
        success["content"] = {
            media: {"schema": _schema(schema)} for media, schema in content.items()
        }
    if headers:
        success["headers"] = dict(headers)
    declared: dict[int | str, dict[str, Any]] = {status: success}
    for problem in problems:
        declared[problem] = problem_answer(problem)
    return declared


def problem_answer(status: int) -> dict[str, Any]:
    """The declared answer of a problem status: a problem document or an HTML page, with the
    headers that status always carries."""
    answer: dict[str, Any] = {
        "description": PROBLEM_DESCRIPTIONS[status],
        "content": {
            PROBLEM_JSON: {"schema": schema_ref(Problem)},
            "text/html": {"schema": HTML_PAGE},
        },
    }
    if status in PROBLEM_HEADERS:
        answer["headers"] = PROBLEM_HEADERS[status]
    return answer
