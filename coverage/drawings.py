"""Range rings kept by their drawing inputs: footprints and seen discs drawn once, read after.

Drawing every asset's ring, annulus or fan (``umbrella.geo.range_rings``) is a sizeable share
of an analysis, and analysing a scenario again draws the same rings. ``drawn_rings`` keeps
them with ``cached_geometry``, keyed by every drawing input (each array's values, byte for
byte, and the tolerance) and by the code that draws them (the cache's generation): a hit is
the very polygons that drawing would give.
"""

from __future__ import annotations

import hashlib

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from umbrella.coverage.cache import cached_geometry
from umbrella.geo import range_rings

__all__ = ["drawn_rings"]


def drawn_rings(
    lon: ArrayLike,
    lat: ArrayLike,
    radius_m: ArrayLike,
    *,
    min_radius_m: ArrayLike = 0.0,
    azimuth_deg: ArrayLike,
    width_deg: ArrayLike,
    tolerance_m: float = 10.0,
) -> NDArray[np.object_]:
    """``range_rings`` of these sites (same arguments and result), from the cache when drawn
    before. No sites give an empty array."""
    sites = [
        np.ascontiguousarray(array.ravel())
        for array in np.broadcast_arrays(
            *(
                np.atleast_1d(np.asarray(value, dtype=float))
                for value in (lon, lat, radius_m, min_radius_m, azimuth_deg, width_deg)
            )
        )
    ]
    if sites[0].size == 0:
        return np.empty(0, dtype=object)
    c_lon, c_lat, radius, min_radius, azimuth, width = sites
    inputs = (
        sites[0].size,
        tuple(hashlib.sha256(values.tobytes()).hexdigest() for values in sites),
        float(tolerance_m),
    )
    drawn = cached_geometry(
        "range_rings",
        inputs,
        lambda: shapely.geometrycollections(
            range_rings(
                c_lon,
                c_lat,
                radius,
                min_radius_m=min_radius,
                azimuth_deg=azimuth,
                width_deg=width,
                tolerance_m=tolerance_m,
            )
        ),
    )
    return np.asarray(shapely.get_parts(drawn), dtype=object)
