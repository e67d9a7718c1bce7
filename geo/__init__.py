"""umbrella.geo: geodesy and geometry on the WGS84 ellipsoid.

Members load on first use (``umbrella.geo.lazy``): ``umbrella.geo.errors`` and
``umbrella.geo.limits`` are light, the rest brings in numpy, shapely and pyproj.
"""

from typing import TYPE_CHECKING

from umbrella.geo.lazy import lazy_members

if TYPE_CHECKING:
    from umbrella.geo.antimeridian import line_from_path, polygonal
    from umbrella.geo.buffers import geodesic_buffer
    from umbrella.geo.curves import GEOD
    from umbrella.geo.errors import GeoInputError, InputError
    from umbrella.geo.kernel import CoverMatrix, coverage_counts, covering_assets, nearest
    from umbrella.geo.limits import MAX_BUFFER_M, MAX_RING_RADIUS_M, MIN_DRAWN_M
    from umbrella.geo.measure import (
        AlongLine,
        densify_drawn,
        densify_geodesic,
        geodesic_area,
        geodesic_length,
        points_along,
    )
    from umbrella.geo.rings import range_ring, range_rings

__all__ = [
    "GEOD",
    "MAX_BUFFER_M",
    "MAX_RING_RADIUS_M",
    "MIN_DRAWN_M",
    "AlongLine",
    "CoverMatrix",
    "GeoInputError",
    "InputError",
    "coverage_counts",
    "covering_assets",
    "densify_drawn",
    "densify_geodesic",
    "geodesic_area",
    "geodesic_buffer",
    "geodesic_length",
    "line_from_path",
    "nearest",
    "points_along",
    "polygonal",
    "range_ring",
    "range_rings",
]

__getattr__, __dir__ = lazy_members(
    __name__,
    {
        "GEOD": "curves",
        "MAX_BUFFER_M": "limits",
        "MAX_RING_RADIUS_M": "limits",
        "MIN_DRAWN_M": "limits",
        "AlongLine": "measure",
        "CoverMatrix": "kernel",
        "GeoInputError": "errors",
        "InputError": "errors",
        "coverage_counts": "kernel",
        "covering_assets": "kernel",
        "densify_drawn": "measure",
        "densify_geodesic": "measure",
        "geodesic_area": "measure",
        "geodesic_buffer": "buffers",
        "geodesic_length": "measure",
        "line_from_path": "antimeridian",
        "nearest": "kernel",
        "points_along": "measure",
        "polygonal": "antimeridian",
        "range_ring": "rings",
        "range_rings": "rings",
    },
)
