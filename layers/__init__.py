"""umbrella.layers: the bundled public layers, their catalogue, loading and build.

Members load on first use (``umbrella.geo.lazy``): the catalogue and errors are light, loading
brings in geopandas.
"""

from typing import TYPE_CHECKING

from umbrella.geo.lazy import lazy_members

if TYPE_CHECKING:
    from umbrella.layers.bbox import BBox, parse_bbox
    from umbrella.layers.catalogue import DEFAULT_WORLDVIEW, LAYERS, WORLDVIEWS, LayerSpec
    from umbrella.layers.errors import (
        BBoxError,
        LayerError,
        LayerNotFound,
        RegionNotFound,
        UnknownWorldview,
    )
    from umbrella.layers.loading import (
        LayerInfo,
        list_layers,
        load_layer,
        region_geometry,
        resolve_region,
    )

__all__ = [
    "DEFAULT_WORLDVIEW",
    "LAYERS",
    "WORLDVIEWS",
    "BBox",
    "BBoxError",
    "LayerError",
    "LayerInfo",
    "LayerNotFound",
    "LayerSpec",
    "RegionNotFound",
    "UnknownWorldview",
    "list_layers",
    "load_layer",
    "parse_bbox",
    "region_geometry",
    "resolve_region",
]

__getattr__, __dir__ = lazy_members(
    __name__,
    {
        "DEFAULT_WORLDVIEW": "catalogue",
        "LAYERS": "catalogue",
        "WORLDVIEWS": "catalogue",
        "BBox": "bbox",
        "BBoxError": "errors",
        "LayerError": "errors",
        "LayerInfo": "loading",
        "LayerNotFound": "errors",
        "LayerSpec": "catalogue",
        "RegionNotFound": "errors",
        "UnknownWorldview": "errors",
        "list_layers": "loading",
        "load_layer": "loading",
        "parse_bbox": "bbox",
        "region_geometry": "loading",
        "resolve_region": "loading",
    },
)
