"""Corridors: drawn geometry (RFC 7946 at the antimeridian) and covered length, against pyproj."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import shapely
from numpy.typing import NDArray
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult, CorridorCoverage
from umbrella.coverage.scenario import Corridor, Scenario, parse_scenario
from umbrella.geo import geodesic_length

GEOD = Geod(ellps="WGS84")
CoverMatrix = Callable[..., NDArray[np.bool_]]  # the oracles of conftest.py
Document = Callable[..., dict[str, Any]]
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


# One straight leg along the meridian 31°E. Along a meridian (a geodesic), the point at
# distance s from an asset on it lies exactly s from the asset, so an asset of radius r on
# the leg covers 2r of it. Steps are at most 500 m and judged at their middles: each end of
# a stretch is placed to within 250 m.
MERIDIAN, SOUTH, NORTH = 31.0, 48.0, 50.0
END_KM = 0.25


def _along_km(lat: float) -> float:
    return float(GEOD.inv(MERIDIAN, SOUTH, MERIDIAN, lat)[2]) / 1000.0


def _meridian_corridor(document: Document, assets: list[dict[str, Any]]) -> CorridorCoverage:
    scenario = parse_scenario(
        document(
            tiers={"low": {"range_km": 20}, "high": {"range_km": 25}},
            assets=assets,
            corridors=[
                {"id": "leg", "waypoints": [[MERIDIAN, SOUTH], [MERIDIAN, NORTH]], "width_km": 5}
            ],
        )
    )
    (corridor,) = analyze(scenario, with_grid=False).phases[0].corridors
    return corridor


def test_an_asset_in_the_middle_of_a_straight_leg_covers_2r_of_it(document: Document) -> None:
    radius_km = 30.0
    middle = (SOUTH + NORTH) / 2
    corridor = _meridian_corridor(
        document,
        [{"id": "m", "tier": "low", "location": [MERIDIAN, middle], "range_km": radius_km}],
    )
    length_km = _along_km(NORTH)
    assert corridor.length_km == pytest.approx(length_km, abs=1e-6)
    assert corridor.covered_share == pytest.approx(2 * radius_km / length_km, abs=2 * END_KM / 222)
    assert dict(corridor.covered_share_by_tier) == {
        "low": pytest.approx(corridor.covered_share, abs=1e-12),
        "high": 0.0,
    }
    before, after = corridor.uncovered
    centre_km = _along_km(middle)
    assert before.start_km == 0.0
    assert before.end_km == pytest.approx(centre_km - radius_km, abs=END_KM)
    assert after.start_km == pytest.approx(centre_km + radius_km, abs=END_KM)
    assert after.end_km == pytest.approx(length_km, abs=1e-6)


def test_two_tiers_covering_separate_stretches_add_up(document: Document) -> None:
    corridor = _meridian_corridor(
        document,
        [
            {"id": "south", "tier": "low", "location": [MERIDIAN, 48.5]},
            {"id": "north", "tier": "high", "location": [MERIDIAN, 49.5]},
        ],
    )
    length_km = _along_km(NORTH)
    low, high = 20.0, 25.0
    share_by_tier = dict(corridor.covered_share_by_tier)
    assert share_by_tier["low"] == pytest.approx(2 * low / length_km, abs=2 * END_KM / length_km)
    assert share_by_tier["high"] == pytest.approx(2 * high / length_km, abs=2 * END_KM / length_km)
    assert corridor.covered_share == pytest.approx(
        2 * (low + high) / length_km, abs=4 * END_KM / length_km
    )
    south_km, north_km = _along_km(48.5), _along_km(49.5)
    expected = [
        (0.0, south_km - low),
        (south_km + low, north_km - high),
        (north_km + high, length_km),
    ]
    assert len(corridor.uncovered) == len(expected)
    for stretch, (start, end) in zip(corridor.uncovered, expected, strict=True):
        assert stretch.start_km == pytest.approx(start, abs=END_KM)
        assert stretch.end_km == pytest.approx(end, abs=END_KM)


def _brute_force_covered(
    scenario: Scenario, cover_matrix: CoverMatrix, day: int, corridor: Corridor, step_m: float
) -> tuple[float, dict[str, float], NDArray[np.bool_], NDArray[np.float64]]:
    """Covered km, by any tier and by each, sampling every leg's geodesic each ``step_m``."""
    tiers = np.array([asset.tier for asset in scenario.assets])
    flags, along_km = [], []
    start_km = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(corridor.waypoints):
        azimuth, _, length = GEOD.inv(lon1, lat1, lon2, lat2)
        along = np.arange(step_m / 2, length, step_m)
        lon, lat, _ = GEOD.fwd(
            np.full(along.size, lon1),
            np.full(along.size, lat1),
            np.full(along.size, azimuth),
            along,
        )
        flags.append(cover_matrix(scenario, day, lon, lat))
        along_km.append(start_km + along / 1000.0)
        start_km += length / 1000.0
    covering = np.vstack(flags)
    step_km = step_m / 1000.0
    by_tier = {
        tier: step_km * covering[:, tiers == tier].any(axis=1).sum() for tier in scenario.tiers
    }
    covered = covering.any(axis=1)
    return step_km * covered.sum(), by_tier, covered, np.concatenate(along_km)


def test_example_corridors_match_a_brute_force_walk(
    example_result: AnalysisResult, example_resolved: Scenario, cover_matrix: CoverMatrix
) -> None:
    for phase in example_result.phases:
        day = phase.summary.day
        for corridor, computed in zip(example_resolved.corridors, phase.corridors, strict=True):
            covered_km, by_tier_km, flags, along_km = _brute_force_covered(
                example_resolved, cover_matrix, day, corridor, 100.0
            )
            length = computed.length_km
            # each end of a covered stretch is placed to within half a 500 m step
            ends = 2 * (np.count_nonzero(np.diff(flags.astype(int))) + 1)
            tolerance = ends * 0.3 / length
            assert computed.covered_share == pytest.approx(covered_km / length, abs=tolerance)
            for tier, share in computed.covered_share_by_tier:
                assert share == pytest.approx(by_tier_km[tier] / length, abs=tolerance)
            uncovered_km = sum(s.end_km - s.start_km for s in computed.uncovered)
            assert uncovered_km == pytest.approx(length - covered_km, abs=tolerance * length)
            for stretch in computed.uncovered:
                inside = (along_km > stretch.start_km + 0.3) & (along_km < stretch.end_km - 0.3)
                assert not flags[inside].any(), (corridor.id, day, stretch)


@pytest.mark.parametrize(
    ("end_lat", "covered"), [(50.4, False), (50.4045, True)], ids=["no-length", "half-km"]
)
def test_a_corridor_without_length_has_no_share_and_a_short_one_its_whole_share(
    document: Document, end_lat: float, covered: bool
) -> None:
    scenario = parse_scenario(
        document(
            corridors=[{"id": "c", "waypoints": [[30.5, 50.4], [30.5, end_lat]], "width_km": 1}]
        )
    )
    (corridor,) = analyze(scenario, with_grid=False).phases[0].corridors
    length_km = GEOD.inv(30.5, 50.4, 30.5, end_lat)[2] / 1000
    assert corridor.length_km == pytest.approx(length_km, abs=1e-9)
    share = 1.0 if covered else 0.0  # the 40 km site at the start covers all of a short route
    assert corridor.covered_share == share
    assert dict(corridor.covered_share_by_tier) == {"a": share, "b": 0.0}
