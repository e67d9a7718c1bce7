"""The public layers as OGC API - Features collections, with their items as GeoJSON or HTML.

``limit`` defaults to the settings' ``items_limit_default`` (100); a larger value than
``items_limit_max`` (10,000) is clamped to it, as OGC API - Features recommends. A query
parameter that is neither a standard one nor a property name of the layer is a 400 problem
naming it; a property parameter keeps the features whose property equals the value.
``datetime`` is accepted and ignored: the layers have no time. ``crs`` and ``bbox-crs`` (Part
2, sent by GDAL) are accepted when they name CRS84, the only CRS served.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from umbrella.layers import DEFAULT_WORLDVIEW, LAYERS
from umbrella.service.http.dependencies import (
    STRICT_QUERY,
    BBoxParam,
    ServicesDep,
    WantsHtml,
    WorldviewParam,
    query_values,
)
from umbrella.service.http.errors import ParameterError
from umbrella.service.http.features import (
    Collection,
    collection,
    feature_json,
    features_json,
    select,
)
from umbrella.service.http.html import document_page, layer_map_page
from umbrella.service.http.http_cache import VaryOnAccept, cacheable
from umbrella.service.http.links import link, url
from umbrella.service.http.media import GEOJSON, encode_json

__all__ = ["router"]

CRS84: Final = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
_STANDARD_PARAMETERS: Final = frozenset(
    {"f", "bbox", "bbox-crs", "crs", "limit", "offset", "worldview", "datetime"}
)

router = APIRouter(prefix="/collections", tags=["collections"], route_class=VaryOnAccept)

CollectionId = Annotated[
    str, Path(description=f"A layer: one of {', '.join(LAYERS)}.", examples=["cities"])
]


def _view(worldview: str) -> str | None:
    """The worldview as a link parameter (left out when it is the default)."""
    return None if worldview == DEFAULT_WORLDVIEW else worldview


def _collection_document(request: Request, layer: Collection) -> dict[str, Any]:
    spec = LAYERS[layer.name]
    view = _view(layer.worldview)
    path = f"/collections/{layer.name}"
    return {
        "id": layer.name,
        "title": layer.name,
        "description": spec.description,
        "attribution": f"{spec.source} ({spec.licence})",
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "extent": {"spatial": {"bbox": [list(layer.bbox)], "crs": CRS84}},
        "links": [
            link(url(request, path, worldview=view), "self", "application/json", "This collection"),
            link(url(request, path, worldview=view, f="html"), "alternate", "text/html"),
            link(url(request, f"{path}/items", worldview=view), "items", GEOJSON, "Features"),
            link(url(request, f"{path}/items", worldview=view, f="html"), "items", "text/html"),
        ],
    }


def _json_answer(request: Request, document: dict[str, Any], max_age: int) -> Response:
    return cacheable(request, encode_json(document), "application/json", max_age)


@router.get("", summary="The public layers", dependencies=[STRICT_QUERY])
def collections(
    request: Request, services: ServicesDep, worldview: WorldviewParam, html: WantsHtml
) -> Response:
    """Every public layer as a collection."""
    documents = [_collection_document(request, collection(n, worldview)) for n in LAYERS]
    document = {
        "links": [
            link(
                url(request, "/collections", worldview=_view(worldview)), "self", "application/json"
            ),
            link(
                url(request, "/collections", worldview=_view(worldview), f="html"),
                "alternate",
                "text/html",
            ),
        ],
        "collections": documents,
    }
    if html:
        more = [(d["links"][3]["href"], f"{d['id']} (map)") for d in documents]
        return HTMLResponse(document_page("Public layers", document, more))
    return _json_answer(request, document, services.settings.cache_max_age)


@router.get("/{collection_id}", summary="One public layer", dependencies=[STRICT_QUERY])
def collection_metadata(
    request: Request,
    collection_id: CollectionId,
    services: ServicesDep,
    worldview: WorldviewParam,
    html: WantsHtml,
) -> Response:
    """A layer's description, extent, CRS and links."""
    document = _collection_document(request, collection(collection_id, worldview))
    if html:
        return HTMLResponse(document_page(collection_id, document))
    return _json_answer(request, document, services.settings.cache_max_age)


def _check_crs(request: Request) -> None:
    """``crs`` and ``bbox-crs`` may only name CRS84."""
    for name in ("crs", "bbox-crs"):
        value = request.query_params.get(name)
        if value is not None and value != CRS84:
            raise ParameterError(name, value, f"must be {CRS84} (the only CRS served)")


def _property_filters(request: Request, layer: Collection) -> dict[str, str]:
    """The property filters of the query; unknown or repeated parameters are errors."""
    properties = set(layer.properties)
    values = query_values(request, _STANDARD_PARAMETERS | properties)
    return {name: value for name, value in values.items() if name in properties}


def _page_links(
    request: Request, layer: Collection, offset: int, limit: int, matched: int
) -> list[dict[str, Any]]:
    path = f"/collections/{layer.name}/items"
    params = {key: value for key, value in request.query_params.items() if key != "f"}

    def page(
        rel: str, start: int, media_type: str = GEOJSON, f: str | None = None
    ) -> dict[str, Any]:
        query = {**params, "offset": start, "limit": limit}
        return link(url(request, path, **query, f=f), rel, media_type)

    links = [
        page("self", offset),
        page("alternate", offset, "text/html", "html"),
        link(
            url(request, f"/collections/{layer.name}", worldview=_view(layer.worldview)),
            "collection",
            "application/json",
        ),
    ]
    if offset + limit < matched:
        links.append(page("next", offset + limit))
    if offset > 0:
        links.append(page("prev", max(0, min(offset, matched) - limit)))
    return links


def _navigation(
    request: Request, layer: Collection, links: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    titles = {"self": "GeoJSON", "next": "next page", "prev": "previous page"}
    found = [(lk["href"], titles[lk["rel"]]) for lk in links if lk["rel"] in titles]
    everything = url(request, "/collections", worldview=_view(layer.worldview), f="html")
    return [(everything, "all layers"), *found]


def _other_layers(request: Request, layer: Collection) -> list[tuple[str, str]]:
    view = _view(layer.worldview)
    return [
        (url(request, f"/collections/{name}/items", worldview=view, f="html"), name)
        for name in LAYERS
        if name != layer.name
    ]


@router.get("/{collection_id}/items", summary="Features of a public layer")
def items(
    request: Request,
    collection_id: CollectionId,
    services: ServicesDep,
    worldview: WorldviewParam,
    bbox: BBoxParam,
    html: WantsHtml,
    limit: Annotated[
        int | None,
        Query(ge=1, description="Features per page (default 100); above 10,000 it is clamped."),
    ] = None,
    offset: Annotated[int, Query(ge=0, description="Features to skip.")] = 0,
    datetime_: Annotated[
        str | None, Query(alias="datetime", description="Accepted and ignored (no time).")
    ] = None,
) -> Response:
    """Features of a layer by bbox and property equality (``?country_iso3=UKR``), paged."""
    settings = services.settings
    layer = collection(collection_id, worldview)
    filters = _property_filters(request, layer)
    _check_crs(request)
    chosen = min(limit or settings.items_limit_default, settings.items_limit_max)
    rows = select(layer, bbox, filters)
    start = min(offset, len(rows))
    page = rows[start : start + chosen]
    links = _page_links(request, layer, offset, chosen, len(rows))
    if html:
        geojson = next(lk["href"] for lk in links if lk["rel"] == "self")
        description = f"{LAYERS[layer.name].description} Worldview: {layer.worldview}."
        page_html = layer_map_page(
            layer.name,
            description,
            geojson,
            _navigation(request, layer, links),
            _other_layers(request, layer),
        )
        return HTMLResponse(page_html)
    members = {
        "numberMatched": len(rows),
        "numberReturned": len(page),
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "links": links,
    }
    head = encode_json({"type": "FeatureCollection", **members})[:-1]
    body = head + b',"features":[' + ",".join(features_json(layer, page)).encode() + b"]}"
    return Response(body, media_type=GEOJSON)


@router.get(
    "/{collection_id}/items/{feature_id}",
    summary="One feature of a public layer",
    dependencies=[STRICT_QUERY],
)
def item(
    request: Request,
    collection_id: CollectionId,
    feature_id: Annotated[str, Path(description="The feature's id (see the layer's items).")],
    services: ServicesDep,
    worldview: WorldviewParam,
    html: WantsHtml,
) -> Response:
    """One feature by id, with links to its collection."""
    layer = collection(collection_id, worldview)
    feature = feature_json(layer, feature_id)
    path = f"/collections/{layer.name}/items/{feature_id}"
    view = _view(worldview)
    links = [
        link(url(request, path, worldview=view), "self", GEOJSON),
        link(url(request, path, worldview=view, f="html"), "alternate", "text/html"),
        link(
            url(request, f"/collections/{layer.name}", worldview=view),
            "collection",
            "application/json",
        ),
    ]
    if html:
        navigation = [
            (
                url(request, f"/collections/{layer.name}/items", worldview=view, f="html"),
                "all features",
            )
        ]
        page_html = layer_map_page(
            f"{layer.name} {feature_id}",
            LAYERS[layer.name].description,
            links[0]["href"],
            navigation,
            _other_layers(request, layer),
        )
        return HTMLResponse(page_html)
    body = feature.encode()[:-1] + b',"links":' + encode_json(links) + b"}"
    return cacheable(request, body, GEOJSON, services.settings.cache_max_age)
