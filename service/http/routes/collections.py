"""The public layers as OGC API - Features collections, and their queryables (Part 3).

Each answer is JSON for programs and an HTML page for browsers (``f``, else ``Accept``), both
cached like the other static answers (ETag, ``Cache-Control``). The features themselves are in
``routes/items.py``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from umbrella.layers import LAYERS, WORLDVIEWS
from umbrella.service.http.answers import HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, ServicesDep, WantsHtml, WorldviewParam
from umbrella.service.http.features import Collection, collection
from umbrella.service.http.http_cache import VaryOnAccept, cacheable
from umbrella.service.http.layer_documents import (
    collection_document,
    property_types,
    queryables_document,
    view_param,
)
from umbrella.service.http.links import link, local_url, url
from umbrella.service.http.media import HTML, SCHEMA_JSON, encode_json
from umbrella.service.http.pages import Crumb, render
from umbrella.service.http.schemas import CollectionInfo, Collections, Queryables

__all__ = ["CollectionId", "layer_facts", "layers_crumb", "router"]

router = APIRouter(
    prefix="/collections",
    tags=["collections"],
    route_class=VaryOnAccept,
    dependencies=[STRICT_QUERY],
    default_response_class=Response,
)

CollectionId = Annotated[
    str, Path(description=f"A layer: one of {', '.join(LAYERS)}.", examples=["cities"])
]


def layers_crumb(request: Request, worldview: str) -> Crumb:
    """The breadcrumb of the list of layers."""
    return Crumb(
        "Layers", local_url(request, "/collections", worldview=view_param(worldview), f="html")
    )


def layer_facts(request: Request, layer: Collection) -> dict[str, Any]:
    """What the HTML pages of a layer show about it, and their links."""
    spec = LAYERS[layer.name]
    view = view_param(layer.worldview)
    path = f"/collections/{layer.name}"
    return {
        "id": layer.name,
        "description": spec.description,
        "source": spec.source,
        "licence": spec.licence,
        "attribution": f"{spec.source} ({spec.licence})",
        "geometry": spec.geometry_type,
        "count": len(layer.frame),
        "bbox": [round(value, 4) for value in layer.bbox],
        "worldview": layer.worldview,
        "items_href": local_url(request, f"{path}/items", worldview=view, f="html"),
        "about_href": local_url(request, path, worldview=view, f="html"),
        "geojson_href": local_url(request, f"{path}/items", worldview=view, f="json"),
        "gpkg_href": local_url(request, f"{path}/items.gpkg", worldview=view),
        "queryables_href": local_url(request, f"{path}/queryables", worldview=view, f="html"),
    }


def _answer(
    request: Request,
    services: ServicesDep,
    document: dict[str, Any],
    html: str | None,
    media_type: str = "application/json",
) -> Response:
    max_age = services.settings.cache_max_age
    if html is not None:
        return cacheable(request, html.encode(), HTML, max_age)
    return cacheable(request, encode_json(document), media_type, max_age)


@router.get(
    "",
    summary="The public layers",
    responses=answers({"application/json": Collections, "text/html": HTML_PAGE}, 400),
)
def collections(
    request: Request, services: ServicesDep, worldview: WorldviewParam, html: WantsHtml
) -> Response:
    """Every public layer as a collection."""
    view = view_param(worldview)
    layers = [collection(name, worldview) for name in LAYERS]
    document = {
        "links": [
            link(url(request, "/collections", worldview=view), "self", "application/json"),
            link(url(request, "/collections", worldview=view, f="html"), "alternate", "text/html"),
        ],
        "collections": [collection_document(request, layer) for layer in layers],
    }
    page = None
    if html:
        page = render(
            request,
            "collections.html",
            title="Public layers",
            crumbs=[Crumb("Layers")],
            json_href=local_url(request, "/collections", worldview=view, f="json"),
            layers=[layer_facts(request, layer) for layer in layers],
            worldview=worldview,
            worldviews=[
                {"name": name, "href": local_url(request, "/collections", worldview=name, f="html")}
                for name in WORLDVIEWS
            ],
        )
    return _answer(request, services, document, page)


@router.get(
    "/{collection_id}",
    summary="One public layer",
    responses=answers({"application/json": CollectionInfo, "text/html": HTML_PAGE}, 400, 404),
)
def collection_metadata(
    request: Request,
    collection_id: CollectionId,
    services: ServicesDep,
    worldview: WorldviewParam,
    html: WantsHtml,
) -> Response:
    """A layer's description, extent, CRS and links."""
    layer = collection(collection_id, worldview)
    document = collection_document(request, layer)
    page = None
    if html:
        properties = property_types(layer)
        name, _ = properties[0]
        first = layer.frame[name].dropna()
        example = f"{name}={first.iloc[0] if len(first) else ''}"
        page = render(
            request,
            "collection.html",
            title=layer.name,
            crumbs=[layers_crumb(request, worldview), Crumb(layer.name)],
            json_href=local_url(
                request, f"/collections/{layer.name}", worldview=view_param(worldview), f="json"
            ),
            layer=layer_facts(request, layer),
            properties=properties,
            example_filter=example,
        )
    return _answer(request, services, document, page)


@router.get(
    "/{collection_id}/queryables",
    summary="Queryable properties of a public layer",
    responses=answers({SCHEMA_JSON: Queryables, "text/html": HTML_PAGE}, 400, 404),
)
def queryables(
    request: Request,
    collection_id: CollectionId,
    services: ServicesDep,
    worldview: WorldviewParam,
    html: WantsHtml,
) -> Response:
    """The layer's properties and their types, as a JSON Schema; each can filter its items."""
    layer = collection(collection_id, worldview)
    document = queryables_document(request, layer)
    page = None
    if html:
        view = view_param(worldview)
        page = render(
            request,
            "queryables.html",
            title=f"{layer.name}: queryables",
            crumbs=[
                layers_crumb(request, worldview),
                Crumb(
                    layer.name,
                    local_url(request, f"/collections/{layer.name}", worldview=view, f="html"),
                ),
                Crumb("Queryables"),
            ],
            json_href=local_url(
                request, f"/collections/{layer.name}/queryables", worldview=view, f="json"
            ),
            layer=layer_facts(request, layer),
            properties=property_types(layer),
        )
    return _answer(request, services, document, page, SCHEMA_JSON)
