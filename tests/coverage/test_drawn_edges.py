"""Edges are read as GeoJSON draws them: straight in longitude and latitude."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import parse_scenario
from umbrella.layers import region_geometry

GEOD = Geod(ellps="WGS84")
ASSET = (30.0, 59.91)  # 10 km south of the 60th parallel


def test_a_line_target_drawn_through_a_blind_zone_is_not_covered() -> None:
    line = {"type": "LineString", "coordinates": [[20.0, 60.0], [40.0, 60.0]]}
    # the line as drawn runs along the parallel: part of it lies in the asset's 30 km blind
    # disc, although the geodesic between its ends passes some 80 km further north
    lon = np.linspace(20.0, 40.0, 20_001)
    n = len(lon)
    distance_km = GEOD.inv(np.full(n, ASSET[0]), np.full(n, ASSET[1]), lon, np.full(n, 60.0))[2]
    distance_km = distance_km / 1000.0
    assert distance_km.min() < 30.0 and distance_km.max() < 600.0
    middle = GEOD.npts(20.0, 60.0, 40.0, 60.0, 1)[0]
    assert GEOD.inv(*ASSET, *middle)[2] / 1000.0 > 30.0
    scenario = parse_scenario(
        {
            "name": "drawn line",
            "regions": ["FIN"],
            "tiers": {"medium": {"range_km": 600, "min_range_km": 30}},
            "assets": [{"id": "m", "tier": "medium", "location": list(ASSET)}],
            "targets": [
                {
                    "id": "line",
                    "geojson": {
                        "type": "FeatureCollection",
                        "features": [
                            {"type": "Feature", "properties": {"name": "l"}, "geometry": line}
                        ],
                    },
                }
            ],
            "grid_cell_km": 100,
        }
    )
    (target,) = analyze(scenario, with_grid=False).phases[0].targets
    assert target.asset_ids == ()
    assert not target.meets_requirement


def _drawn_area_km2(code: str) -> float:
    """The region's area with every edge split into 0.005-degree steps along the drawing."""
    drawn = shapely.orient_polygons(shapely.segmentize(region_geometry(code), 0.005))
    return abs(GEOD.geometry_area_perimeter(drawn)[0]) / 1e6


def test_areas_of_a_region_with_long_straight_edges_add_up_as_drawn() -> None:
    scenario = parse_scenario(
        {
            "name": "long edges",
            "regions": ["EGY"],
            "tiers": {"long": {"range_km": 400}, "short": {"range_km": 150}},
            "assets": [
                {"id": "south", "tier": "long", "location": [31.0, 22.5]},
                {"id": "west", "tier": "short", "location": [25.5, 27.0]},
            ],
            "targets": [{"id": "e", "layer": "energy"}],
            "grid_cell_km": 100,
        }
    )
    (phase,) = analyze(scenario, with_grid=False).phases
    expected = _drawn_area_km2("EGY")
    assert phase.summary.region_area_km2 == pytest.approx(expected, abs=0.5)
    parts = sum(d.area_km2 for d in phase.depth) + phase.gaps.area_km2
    assert parts == pytest.approx(phase.summary.region_area_km2, abs=0.05)
