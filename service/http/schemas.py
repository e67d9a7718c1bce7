"""Schemas of the service's JSON answers, for the OpenAPI document (never used to encode).

The routes encode their answers themselves (compact, streamed, cached); these models only
describe them, so that schema-driven clients can check bodies. Each names the members every
answer has, and allows more (an answer may carry members a later version adds).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DOCUMENTED_MODELS",
    "CollectionInfo",
    "Collections",
    "Conformance",
    "CoverageSummary",
    "Feature",
    "FeatureCollection",
    "JobAnswer",
    "LandingPage",
    "Link",
    "Problem",
    "Queryables",
    "ScenarioList",
    "ScenarioListItem",
    "StoredAnswer",
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Link(_Open):
    """A link: where, what relation, which media type."""

    href: str
    rel: str
    type: str | None = None
    title: str | None = None


class LandingPage(_Open):
    """The landing page: what the service is and where its resources are."""

    title: str
    description: str
    links: list[Link]


class Conformance(_Open):
    """The conformance classes this service implements."""

    conformsTo: list[str]


class CollectionInfo(_Open):
    """One public layer as an OGC API - Features collection."""

    id: str
    title: str | None = None
    description: str | None = None
    links: list[Link]
    extent: dict[str, Any] | None = None
    itemType: str | None = None
    crs: list[str] | None = None


class Collections(_Open):
    """Every public layer."""

    links: list[Link]
    collections: list[CollectionInfo]


class Feature(_Open):
    """A GeoJSON Feature (RFC 7946) with its id."""

    type: Literal["Feature"]
    id: str | int | None = None
    geometry: dict[str, Any] | None
    properties: dict[str, Any] | None
    links: list[Link] | None = None


class FeatureCollection(_Open):
    """A GeoJSON FeatureCollection; a page of a layer has its counts and paging links."""

    type: Literal["FeatureCollection"]
    features: list[Feature]
    numberMatched: int | None = Field(default=None, ge=0)
    numberReturned: int | None = Field(default=None, ge=0)
    links: list[Link] | None = None


class Queryables(_Open):
    """A JSON Schema of a layer's queryable properties (OGC API - Features Part 3)."""

    type: Literal["object"]
    properties: dict[str, dict[str, Any]]


class ScenarioListItem(_Open):
    """A published scenario in the list: its name, id, regions, phases and asset count."""

    id: str
    name: str
    regions: list[str]
    phases: list[int]
    assets: int = Field(ge=0)
    published_at: str
    links: list[Link]


class ScenarioList(_Open):
    """A page of the published scenarios, newest first."""

    scenarios: list[ScenarioListItem]
    numberMatched: int = Field(ge=0)
    numberReturned: int = Field(ge=0)
    links: list[Link]


class StoredAnswer(_Open):
    """The answer to storing a scenario: its id, whether it is new, and its links."""

    id: str
    created: bool
    published: bool
    links: list[Link]


class JobAnswer(_Open):
    """A job (an analysis, or siting): its state, progress steps and, once done, its result
    (siting: the figures, with links to the proposed scenario and its map)."""

    id: str
    kind: str = "analysis"
    scenario_id: str
    state: Literal["queued", "running", "done", "failed"]
    steps: list[str]
    error: str | None
    result: dict[str, Any] | None = None
    created: str
    updated: str
    links: list[Link]


class CoverageSummary(_Open):
    """A scenario's coverage summary with its provenance (``umbrella``)."""

    umbrella: dict[str, Any]


class Problem(_Open):
    """An RFC 7807 problem; bad input names the field and its value."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    field: str | None = None
    value: Any = None
    errors: list[dict[str, Any]] | None = None


DOCUMENTED_MODELS: tuple[type[BaseModel], ...] = (
    LandingPage,
    Conformance,
    Collections,
    FeatureCollection,
    Queryables,
    ScenarioList,
    StoredAnswer,
    JobAnswer,
    CoverageSummary,
    Problem,
)
"""The models whose schemas (and those they use) the OpenAPI document's components hold."""
