"""The JSON documents that describe a layer: its collection and its queryables (Part 3).

A collection links its items (GeoJSON and HTML), its queryables and its GeoPackage. The
queryables are a JSON Schema of the layer's properties, each with the JSON type of its column,
and of its geometry (``format: geometry-point`` ...); every one can filter the items
(``?name=value``).
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

from umbrella.layers import DEFAULT_WORLDVIEW, LAYERS
from umbrella.service.http.features import Collection
from umbrella.service.http.links import link, url
from umbrella.service.http.media import GEOJSON, GEOPACKAGE, SCHEMA_JSON

__all__ = [
    "CRS84",
    "QUERYABLES_REL",
    "collection_document",
    "property_types",
    "queryables_document",
    "view_param",
]

CRS84: Final = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
QUERYABLES_REL: Final = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
_JSON_SCHEMA: Final = "https://json-schema.org/draft/2020-12/schema"


def view_param(worldview: str) -> str | None:
    """The worldview as a link parameter (left out when it is the default)."""
    return None if worldview == DEFAULT_WORLDVIEW else worldview


def property_types(layer: Collection) -> list[tuple[str, str]]:
    """Each property's name and JSON type (boolean, integer, number or string)."""
    types = []
    for name in layer.properties:
        dtype = layer.frame[name].dtype
        if pd.api.types.is_bool_dtype(dtype):
            kind = "boolean"
        elif pd.api.types.is_integer_dtype(dtype):
            kind = "integer"
        elif pd.api.types.is_numeric_dtype(dtype):
            kind = "number"
        else:
            kind = "string"
        types.append((name, kind))
    return types


def collection_document(request: Any, layer: Collection) -> dict[str, Any]:
    """The OGC API collection of a layer in its worldview, with its links."""
    spec = LAYERS[layer.name]
    view = view_param(layer.worldview)
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
            link(
                url(request, f"{path}/queryables", worldview=view),
                QUERYABLES_REL,
                SCHEMA_JSON,
                "Queryable properties",
            ),
            link(
                url(request, f"{path}/items.gpkg", worldview=view),
                "enclosure",
                GEOPACKAGE,
                "Every feature as GeoPackage",
            ),
        ],
    }


def queryables_document(request: Any, layer: Collection) -> dict[str, Any]:
    """The JSON Schema of the layer's queryable properties and its geometry."""
    geometry = LAYERS[layer.name].geometry_type.lower()
    properties: dict[str, Any] = {
        name: {"title": name, "type": kind} for name, kind in property_types(layer)
    }
    properties["geometry"] = {"title": "geometry", "format": f"geometry-{geometry}"}
    return {
        "$schema": _JSON_SCHEMA,
        "$id": url(request, f"/collections/{layer.name}/queryables"),
        "type": "object",
        "title": layer.name,
        "description": LAYERS[layer.name].description,
        "properties": properties,
        "additionalProperties": False,
    }
