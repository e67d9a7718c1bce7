"""umbrella.layers: the bundled public layers, their catalogue, loading and build."""

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
