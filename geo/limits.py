"""The distances geo draws, from the smallest to the largest: light, for schemas to share.

Rings, annuli, fans and buffers are drawn within a tolerance that is tightened to a quarter
of a radius smaller than four tolerances. Below ``MIN_DRAWN_M`` that tightened tolerance would
approach the error of the geodesic computations themselves (about 15 nm) and the drawing could
not converge; a minimum radius (the hole of an annulus) is 0 or at least ``MIN_DRAWN_M``.
"""

from __future__ import annotations

import math
from typing import Final

__all__ = ["MAX_BUFFER_M", "MAX_RING_RADIUS_M", "MIN_DRAWN_M", "WGS84_A", "WGS84_F"]

WGS84_A: Final = 6_378_137.0
WGS84_F: Final = 1.0 / 298.257223563

MIN_DRAWN_M: Final = 1.0
"""The smallest ring radius, annulus hole and buffer distance, in metres."""

# Half the equator of the WGS84 polar-radius circle, pi * b: up to this radius every geodesic
# from any centre is still the shortest path, so Geod.fwd traces the true circle of points at
# that distance. Beyond it (at most 34 km more) the circle is a sliver near the antipode.
MAX_RING_RADIUS_M: Final = math.pi * WGS84_A * (1.0 - WGS84_F)

# Beyond a few thousand kilometres the perpendiculars to an edge start to converge and the
# band no longer describes the points nearest to the edge; wider areas are rings' business.
MAX_BUFFER_M: Final = 5_000_000.0
