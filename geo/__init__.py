"""umbrella.geo: geodesy and geometry on the WGS84 ellipsoid."""

from umbrella.geo.antimeridian import line_from_path, polygonal
from umbrella.geo.buffers import MAX_BUFFER_M, geodesic_buffer
from umbrella.geo.curves import GEOD
from umbrella.geo.errors import GeoInputError, InputError
from umbrella.geo.kernel import CoverMatrix, coverage_counts, covering_assets, nearest
from umbrella.geo.measure import (
    AlongLine,
    densify_drawn,
    densify_geodesic,
    geodesic_area,
    geodesic_length,
    points_along,
)
from umbrella.geo.rings import MAX_RING_RADIUS_M, range_ring, range_rings

__all__ = [
    "GEOD",
    "MAX_BUFFER_M",
    "MAX_RING_RADIUS_M",
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
