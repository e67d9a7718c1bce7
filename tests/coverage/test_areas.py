"""No negative or sliver areas: zero-width slivers left by overlays are dropped."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod

from umbrella.coverage.depth import depth_areas

GEOD = Geod(ellps="WGS84")
AREA = shapely.box(170.0, 60.0, 179.9, 66.0)
# A sliver 1 mm wide as drawn along the 65th parallel: one 4-degree edge out, four 1-degree
# edges back. Read as geodesics, the long edge bulges north of the short ones and the ring
# encloses some 176 km² with a negative sign.
SLIVER = shapely.Polygon(
    [(175, 65), (179, 65), (179, 65.00000001), (178, 65), (177, 65), (176, 65)]
)
PIECE = shapely.box(171.0, 61.0, 172.0, 62.0)


def _km2(polygon: shapely.Polygon) -> float:
    """Geodesic area, edges read as geodesics (as the analysis reads its dense rings)."""
    return abs(GEOD.geometry_area_perimeter(polygon)[0]) / 1e6


@pytest.mark.parametrize(
    ("tier", "expected_km2"),
    [(SLIVER, 0.0), (shapely.MultiPolygon([PIECE, SLIVER]), _km2(PIECE))],
)
def test_a_sliver_adds_no_area_and_no_area_is_negative(
    tier: shapely.Geometry, expected_km2: float
) -> None:
    areas, _ = depth_areas([tier], AREA)
    ((depth, geometry, km2),) = areas
    assert depth == 1
    assert km2 >= 0.0
    assert km2 == pytest.approx(expected_km2, abs=0.01)
    parts = [part for part in shapely.get_parts(geometry) if not part.is_empty]
    assert all(part.area > 1e-6 for part in parts)  # no sliver is kept
