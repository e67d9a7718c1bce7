"""Dependencies that turn the request into domain values: worldview, bbox, format, services.

``STRICT_QUERY`` guards a route's query string: a parameter the route does not declare, or
one given twice, is a 400 problem naming it (a silently ignored typo, or a silently chosen
one of two values, would answer another question than the one asked).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant

from umbrella.layers import DEFAULT_WORLDVIEW, WORLDVIEWS, BBox, parse_bbox
from umbrella.layers.catalogue import check_worldview
from umbrella.service.http.errors import ParameterError
from umbrella.service.http.jobs import Jobs
from umbrella.service.http.negotiation import wants_html
from umbrella.service.http.results import Lru, Results
from umbrella.service.http.settings import Settings

if TYPE_CHECKING:  # these modules depend on this one for ``services``
    from umbrella.coverage.sweep.result import SweepResult
    from umbrella.service.http.access import KeyRing
    from umbrella.service.http.audit import Audit
    from umbrella.service.http.rate import RateLimits

__all__ = [
    "STRICT_QUERY",
    "BBoxParam",
    "PhaseParam",
    "Services",
    "ServicesDep",
    "WantsHtml",
    "WorldviewParam",
    "query_values",
    "services",
    "strict_query",
]


@dataclass(frozen=True)
class Services:
    """What the routes share: the settings, the stored scenarios and results, the jobs, the
    id of the example scenario (stored and published when the app starts), the keys (None:
    the service has none), the rate limits, the record of writes and the latest sweeps'
    results by id."""

    settings: Settings
    results: Results
    jobs: Jobs
    example_id: str
    keys: KeyRing | None
    rates: RateLimits
    audit: Audit
    sweeps: Lru[str, SweepResult]


def services(request: Request) -> Services:
    """The services of the app that serves the request."""
    found: Services = request.app.state.services
    return found


def query_values(request: Request, allowed: Collection[str]) -> dict[str, str]:
    """Each query parameter's value; ParameterError for one given twice or not in allowed."""
    values = {}
    for name in request.query_params:
        given = request.query_params.getlist(name)
        if len(given) > 1:
            raise ParameterError(name, given, "must be given at most once")
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise ParameterError(name, given[0], f"is not a parameter of this route ({known})")
        values[name] = given[0]
    return values


def _declared_query(dependant: Dependant) -> set[str]:
    """The names of the query parameters of a route's dependant and its dependencies."""
    names = {parameter.alias for parameter in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _declared_query(dependency)
    return names


async def strict_query(request: Request) -> None:
    """Only the query parameters the matched route declares, each at most once.

    A coroutine only so that FastAPI runs it in the event loop (no thread for a check).
    """
    query_values(request, _declared_query(request.scope["route"].dependant))


def _worldview(
    worldview: Annotated[
        str,
        Query(description=f"Boundaries' worldview: one of {', '.join(WORLDVIEWS)}."),
    ] = DEFAULT_WORLDVIEW,
) -> str:
    return check_worldview(worldview)


def _bbox(
    bbox: Annotated[
        str | None,
        Query(
            description="minlon,minlat,maxlon,maxlat in degrees (WGS84); minlon > maxlon "
            "crosses the antimeridian.",
            examples=["22,44,40,52.5"],
        ),
    ] = None,
) -> BBox | None:
    return None if bbox is None else parse_bbox(bbox)


def _wants_html(
    request: Request,
    f: Annotated[
        Literal["json", "html"] | None,
        Query(
            description="Response format; without it, a client that prefers text/html "
            "(a browser) gets HTML, any other gets JSON."
        ),
    ] = None,
) -> bool:
    return wants_html(request)


def _phase(
    phase: Annotated[
        int | None,
        Query(description="Phase by its first day; default: the first phase.", ge=0),
    ] = None,
) -> int | None:
    return phase


ServicesDep = Annotated[Services, Depends(services)]
WorldviewParam = Annotated[str, Depends(_worldview)]
BBoxParam = Annotated[BBox | None, Depends(_bbox)]
WantsHtml = Annotated[bool, Depends(_wants_html)]
PhaseParam = Annotated[int | None, Depends(_phase)]
STRICT_QUERY = Depends(strict_query)
