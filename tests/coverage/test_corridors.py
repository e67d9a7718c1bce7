"""Corridors: drawn geometry (RFC 7946 at the antimeridian) and covered length, against pyproj."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import parse_scenario
from umbrella.geo import geodesic_length

GEOD = Geod(ellps="WGS84")
START, END = (178.0, 65.0), (-178.0, 65.0)
ASSET, RANGE_KM = (179.5, 65.0), 10.0


def _check_drawn(geometry: BaseGeometry) -> list[np.ndarray]:
    """The parts of a line, each checked to stay in [-180, 180] and never jump round the world."""
    parts = [np.asarray(part.coords) for part in shapely.get_parts(geometry)]
    for xy in parts:
        assert np.all(np.abs(xy[:, 0]) <= 180.0)
        assert np.abs(np.diff(xy[:, 0])).max() <= 10.0
    return parts


def _covered_km_independently() -> float:
    """Length of the START-END geodesic within RANGE_KM of ASSET, by 10 m steps along it."""
    azimuth, _, length = GEOD.inv(*START, *END)
    along = np.arange(0.0, length, 10.0)
    lon, lat, _ = GEOD.fwd(
        np.full(along.size, START[0]),
        np.full(along.size, START[1]),
        np.full(along.size, azimuth),
        along,
    )
    _, _, to_asset = GEOD.inv(
        np.full(along.size, ASSET[0]), np.full(along.size, ASSET[1]), lon, lat
    )
    return float(np.count_nonzero(to_asset <= RANGE_KM * 1000.0) * 10.0 / 1000.0)


def test_a_corridor_across_the_antimeridian_is_drawn_cut_there() -> None:
    scenario = parse_scenario(
        {
            "name": "across the antimeridian",
            "regions": ["RUS"],
            "tiers": {"short": {"range_km": RANGE_KM}},
            "assets": [{"id": "a", "tier": "short", "location": list(ASSET)}],
            "targets": [{"id": "t", "geojson": {"type": "Point", "coordinates": list(ASSET)}}],
            "corridors": [{"id": "c", "waypoints": [list(START), list(END)], "width_km": 5}],
        }
    )
    (corridor,) = analyze(scenario, with_grid=False).phases[0].corridors
    route_m = GEOD.inv(*START, *END)[2]

    first, second = _check_drawn(corridor.geometry)
    assert (first[-1, 0], second[0, 0]) == (180.0, -180.0) and first[-1, 1] == second[0, 1]
    assert geodesic_length(corridor.geometry) == pytest.approx(route_m, rel=1e-3)
    assert corridor.length_km == pytest.approx(route_m / 1000.0, rel=1e-3)

    before, after = corridor.uncovered
    assert len(_check_drawn(before.geometry)) == 1
    assert len(_check_drawn(after.geometry)) == 2
    uncovered_m = sum(geodesic_length(s.geometry) for s in corridor.uncovered)
    assert uncovered_m / 1000.0 == pytest.approx(
        route_m / 1000.0 - _covered_km_independently(), abs=0.6
    )
    for stretch in corridor.uncovered:
        assert geodesic_length(stretch.geometry) / 1000.0 == pytest.approx(
            stretch.end_km - stretch.start_km, rel=1e-3
        )
