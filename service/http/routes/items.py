"""The features of the public layers: pages of GeoJSON or HTML, one feature, a GeoPackage.

``limit`` defaults to the settings' ``items_limit_default`` (100); a larger value than
``items_limit_max`` (10,000) is clamped to it, as OGC API - Features recommends; the OpenAPI
document declares both (``openapi.py``), so that clients page at the server's maximum. A query
parameter that is neither a standard one nor a property name of the layer is a 400 problem
naming it; a property parameter keeps the features whose property equals the value.
``datetime`` is accepted and ignored: the layers have no time. ``crs`` and ``bbox-crs`` (Part
2, sent by GDAL) are accepted when they name CRS84, the only CRS served.

A page of items is cached by a weak ETag: its features, counts and links, not its
``timeStamp``. The HTML page draws the features over the offline basemap and lists their
attributes; ``/items.gpkg`` gives every matching feature (no paging) as a GeoPackage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Final
from urllib.parse import quote, urlencode

import numpy as np
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from umbrella.layers import LAYERS
from umbrella.layers.export import geopackage_bytes
from umbrella.service.http.answers import BINARY, HTML_PAGE, answers
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
    ID_COLUMNS,
    Collection,
    collection,
    feature_json,
    feature_position,
    features_json,
    property_rows,
    select,
)
from umbrella.service.http.http_cache import VaryOnAccept, cacheable
from umbrella.service.http.layer_documents import CRS84, view_param
from umbrella.service.http.links import link, local_url, url
from umbrella.service.http.media import GEOJSON, GEOPACKAGE, HTML, encode_json
from umbrella.service.http.pages import Crumb, render
from umbrella.service.http.paging import Paging
from umbrella.service.http.routes.collections import CollectionId, layer_facts, layers_crumb
from umbrella.service.http.schemas import Feature, FeatureCollection
from umbrella.service.http.store import StoredResult

__all__ = ["router"]

_PAGE_PARAMETERS: Final = frozenset({"f", "limit", "offset", "datetime", "crs"})
_SELECTION_PARAMETERS: Final = frozenset({"bbox", "bbox-crs", "worldview"})

router = APIRouter(
    prefix="/collections",
    tags=["collections"],
    route_class=VaryOnAccept,
    default_response_class=Response,
)


def _check_crs(request: Request) -> None:
    """``crs`` and ``bbox-crs`` may only name CRS84."""
    for name in ("crs", "bbox-crs"):
        value = request.query_params.get(name)
        if value is not None and value != CRS84:
            raise ParameterError(name, value, f"must be {CRS84} (the only CRS served)")


def _property_filters(
    request: Request, layer: Collection, standard: frozenset[str]
) -> dict[str, str]:
    """The property filters of the query; unknown or repeated parameters are errors."""
    properties = set(layer.properties)
    values = query_values(request, standard | properties)
    _check_crs(request)
    return {name: value for name, value in values.items() if name in properties}


def _items_path(layer: Collection) -> str:
    return f"/collections/{layer.name}/items"


def _feature_path(layer: Collection, feature_id: str) -> str:
    return f"{_items_path(layer)}/{quote(feature_id, safe='')}"


def _page_url(
    request: Request,
    layer: Collection,
    offset: int,
    limit: int,
    f: str | None,
    build: Callable[..., str] = url,
) -> str:
    """The page of the same query (filters kept) that starts at offset (absolute by default)."""
    params = {key: value for key, value in request.query_params.items() if key != "f"}
    query = {**params, "offset": offset, "limit": limit, "f": f}
    return build(request, _items_path(layer), **query)


def _json_links(request: Request, layer: Collection, paging: Paging) -> list[dict[str, Any]]:
    def page(rel: str, start: int) -> dict[str, Any]:
        return link(_page_url(request, layer, start, paging.limit, None), rel, GEOJSON)

    view = view_param(layer.worldview)
    links = [
        page("self", paging.offset),
        link(
            _page_url(request, layer, paging.offset, paging.limit, "html"), "alternate", "text/html"
        ),
        link(
            url(request, f"/collections/{layer.name}", worldview=view),
            "collection",
            "application/json",
        ),
    ]
    for rel, start in (("next", paging.next_offset), ("prev", paging.prev_offset)):
        if start is not None:
            links.append(page(rel, start))
    return links


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _attributes(layer: Collection, rows: np.ndarray) -> tuple[list[str], list[list[str]]]:
    """The property names and shown values of the rows, but the id column (shown as the id)."""
    keep = [i for i, name in enumerate(layer.properties) if name != ID_COLUMNS.get(layer.name)]
    values = [[_shown(row[i]) for i in keep] for row in property_rows(layer, rows)]
    return [layer.properties[i] for i in keep], values


def _filters_text(filters: dict[str, str], bbox: Any) -> str:
    parts = [f"{name} = {value}" for name, value in filters.items()]
    if bbox is not None:
        parts.append("bbox " + ",".join(f"{v:g}" for v in bbox))
    return ", ".join(parts)


def _layer_crumb(request: Request, layer: Collection) -> Crumb:
    view = view_param(layer.worldview)
    return Crumb(
        layer.name, local_url(request, f"/collections/{layer.name}", worldview=view, f="html")
    )


def _items_page(
    request: Request,
    layer: Collection,
    paging: Paging,
    rows: np.ndarray,
    filters: str,
) -> str:
    view = view_param(layer.worldview)
    columns, values = _attributes(layer, rows)
    page_rows = [
        {
            "id": identifier,
            "href": local_url(request, _feature_path(layer, identifier), worldview=view, f="html"),
            "cells": cells,
        }
        for identifier, cells in zip((str(layer.ids[row]) for row in rows), values, strict=True)
    ]
    feature_query = urlencode(
        {key: value for key, value in {"worldview": view, "f": "html"}.items() if value}
    )
    selection = {
        key: value
        for key, value in request.query_params.items()
        if key in _SELECTION_PARAMETERS or key in layer.properties
    }
    return render(
        request,
        "items.html",
        title=f"{layer.name}: features {paging.first:,}-{paging.last:,}",
        crumbs=[
            layers_crumb(request, layer.worldview),
            _layer_crumb(request, layer),
            Crumb(f"Features, page {paging.page:,}"),
        ],
        json_href=_page_url(request, layer, paging.offset, paging.limit, "json", local_url),
        layer=layer_facts(request, layer),
        paging=paging,
        filters=filters,
        columns=columns,
        rows=page_rows,
        geojson_href=_page_url(request, layer, paging.offset, paging.limit, "json", local_url),
        gpkg_href=local_url(request, f"{_items_path(layer)}.gpkg", **selection),
        download_name=f"{layer.name}-{paging.first}-{paging.last}",
        basemap_href=local_url(request, "/basemap", worldview=view),
        feature_base=local_url(request, _items_path(layer)) + "/",
        feature_query=f"?{feature_query}",
        others=[
            (name, local_url(request, f"/collections/{name}/items", worldview=view, f="html"))
            for name in LAYERS
            if name != layer.name
        ],
    )


@router.get(
    "/{collection_id}/items",
    summary="Features of a public layer",
    responses=answers({GEOJSON: FeatureCollection, "text/html": HTML_PAGE}, 400, 404),
)
def items(
    request: Request,
    collection_id: CollectionId,
    services: ServicesDep,
    worldview: WorldviewParam,
    bbox: BBoxParam,
    html: WantsHtml,
    limit: Annotated[
        int | None,
        Query(ge=1, description="Features per page; above the maximum, the maximum."),
    ] = None,
    offset: Annotated[int, Query(ge=0, description="Features to skip.")] = 0,
    datetime_: Annotated[
        str | None, Query(alias="datetime", description="Accepted and ignored (no time).")
    ] = None,
) -> Response:
    """Features of a layer by bbox and property equality (``?country_iso3=UKR``), paged."""
    settings = services.settings
    layer = collection(collection_id, worldview)
    filters = _property_filters(request, layer, _PAGE_PARAMETERS | _SELECTION_PARAMETERS)
    chosen = min(limit or settings.items_limit_default, settings.items_limit_max)
    rows = select(layer, bbox, filters)
    start = min(offset, len(rows))
    page = rows[start : start + chosen]
    paging = Paging(
        offset,
        chosen,
        len(rows),
        len(page),
        lambda at: _page_url(request, layer, at, chosen, "html", local_url),
    )
    if html:
        text = _items_page(request, layer, paging, page, _filters_text(filters, bbox))
        return cacheable(request, text.encode(), HTML, settings.cache_max_age)
    members = {
        "numberMatched": len(rows),
        "numberReturned": len(page),
        "links": _json_links(request, layer, paging),
    }
    head = encode_json({"type": "FeatureCollection", **members})[:-1]
    features = b',"features":[' + ",".join(features_json(layer, page)).encode() + b"]"
    etag = f'W/"{hashlib.sha256(head + features).hexdigest()}"'
    stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    body = head + b',"timeStamp":' + encode_json(stamp) + features + b"}"
    return cacheable(request, StoredResult(body, GEOJSON, etag), max_age=settings.cache_max_age)


@router.get(
    "/{collection_id}/items.gpkg",
    summary="Every matching feature of a public layer as GeoPackage",
    responses=answers({GEOPACKAGE: BINARY}, 400, 404),
)
async def items_geopackage(
    request: Request,
    collection_id: CollectionId,
    services: ServicesDep,
    worldview: WorldviewParam,
    bbox: BBoxParam,
) -> Response:
    """The features of a layer by bbox and property equality, all of them, in a GeoPackage."""
    layer = collection(collection_id, worldview)
    filters = _property_filters(request, layer, _SELECTION_PARAMETERS)
    rows = select(layer, bbox, filters)

    def write() -> bytes:
        with services.results.slot():
            return geopackage_bytes(layer.frame.iloc[rows], layer.name)

    body = await run_in_threadpool(write)
    headers = {
        "Content-Disposition": f'attachment; filename="{layer.name}.gpkg"',
        "Cache-Control": f"public, max-age={services.settings.cache_max_age}",
    }
    return Response(body, media_type=GEOPACKAGE, headers=headers)


@router.get(
    "/{collection_id}/items/{feature_id}",
    summary="One feature of a public layer",
    dependencies=[STRICT_QUERY],
    responses=answers({GEOJSON: Feature, "text/html": HTML_PAGE}, 400, 404),
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
    settings = services.settings
    layer = collection(collection_id, worldview)
    position = feature_position(layer, feature_id)
    view = view_param(worldview)
    path = _feature_path(layer, feature_id)
    if html:
        names, values = _attributes(layer, np.array([position]))
        attributes = list(zip(names, values[0], strict=True))
        name = dict(attributes).get("name") or f"{layer.name} {feature_id}"
        offset = position // settings.items_limit_default * settings.items_limit_default
        text = render(
            request,
            "feature.html",
            title=f"{name} ({layer.name})",
            crumbs=[
                layers_crumb(request, worldview),
                _layer_crumb(request, layer),
                Crumb(
                    f"Features, page {offset // settings.items_limit_default + 1:,}",
                    local_url(request, _items_path(layer), worldview=view, offset=offset, f="html"),
                ),
                Crumb(name),
            ],
            json_href=local_url(request, path, worldview=view, f="json"),
            layer=layer_facts(request, layer),
            heading=name,
            feature_id=feature_id,
            attributes=attributes,
            geojson_href=local_url(request, path, worldview=view, f="json"),
            basemap_href=local_url(request, "/basemap", worldview=view),
            page_href=local_url(
                request, _items_path(layer), worldview=view, offset=offset, f="html"
            ),
        )
        return cacheable(request, text.encode(), HTML, settings.cache_max_age)
    links = [
        link(url(request, path, worldview=view), "self", GEOJSON),
        link(url(request, path, worldview=view, f="html"), "alternate", "text/html"),
        link(
            url(request, f"/collections/{layer.name}", worldview=view),
            "collection",
            "application/json",
        ),
    ]
    feature = feature_json(layer, feature_id)
    body = feature.encode()[:-1] + b',"links":' + encode_json(links) + b"}"
    return cacheable(request, body, GEOJSON, settings.cache_max_age)
