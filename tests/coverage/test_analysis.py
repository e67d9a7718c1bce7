"""The analysis against independent brute-force geodesic computations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import rasterio.io
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from pyproj import Geod

from umbrella.coverage.analysis import analyze, step_count
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.geo import densify_geodesic
from umbrella.layers import load_layer, region_geometry

GEOD = Geod(ellps="WGS84")
CoverMatrix = Callable[..., NDArray[np.bool_]]  # the oracle of conftest.py


def _tiers(
    scenario: Scenario, cover_matrix: CoverMatrix, day: int, lon: Any, lat: Any
) -> list[set[str]]:
    """The tiers covering each point, by the brute-force oracle."""
    covered = cover_matrix(scenario, day, np.atleast_1d(lon), np.atleast_1d(lat))
    return [{scenario.assets[j].tier for j in np.flatnonzero(row)} for row in covered]


def test_example_energy_share_matches_brute_force(
    example_result: AnalysisResult, example_resolved: Scenario, cover_matrix: CoverMatrix
) -> None:
    energy = load_layer("energy", region="UKR")
    total = float(energy["capacity_mw"].sum())
    for phase in example_result.phases:
        tiers = _tiers(
            example_resolved, cover_matrix, phase.summary.day, energy.geometry.x, energy.geometry.y
        )
        meeting = sum(
            mw
            for mw, present in zip(energy["capacity_mw"], tiers, strict=True)
            if len(present) >= 2 and "short" in present
        )
        assert phase.summary.energy_mw_total == pytest.approx(total)
        assert phase.summary.energy_mw_share_meeting == pytest.approx(meeting / total)


def test_example_city_population_matches_brute_force(
    example_result: AnalysisResult, example_resolved: Scenario, cover_matrix: CoverMatrix
) -> None:
    cities = load_layer("cities", region="UKR")
    cities = cities[(cities["population"] >= 100_000) & cities["section_of"].isna()]
    for phase in example_result.phases:
        day = phase.summary.day
        covering = cover_matrix(example_resolved, day, cities.geometry.x, cities.geometry.y)
        covered = cities["population"][covering.any(axis=1)].sum()
        assert phase.summary.population_total == pytest.approx(cities["population"].sum())
        assert phase.summary.population_share_meeting == pytest.approx(
            covered / cities["population"].sum()
        )


def test_example_timeline_only_grows(example_result: AnalysisResult) -> None:
    shares = [p.summary.energy_mw_share_meeting for p in example_result.phases]
    assets = [p.summary.assets_in_place for p in example_result.phases]
    assert assets == sorted(assets) and len(set(assets)) == 3
    assert shares == sorted(shares)


def test_depth_and_gaps_partition_the_region(example_result: AnalysisResult) -> None:
    for phase in example_result.phases:
        total = phase.gaps.area_km2 + sum(d.area_km2 for d in phase.depth)
        assert total == pytest.approx(phase.summary.region_area_km2, rel=1e-3)


def test_depots_are_nearest_by_geodesic_distance(
    example_result: AnalysisResult, example_resolved: Scenario
) -> None:
    phase = example_result.phases[0]
    depots = [d for d in example_resolved.depots if d.from_day <= 0]
    for link in phase.depots:
        lon, lat = link.geometry.x, link.geometry.y
        distances = {
            d.id: GEOD.inv(lon, lat, *d.location)[2] / 1000  # type: ignore[misc]
            for d in depots
        }
        best = min(distances, key=lambda key: distances[key])
        assert link.depot_id == best
        assert link.distance_km == pytest.approx(distances[best], abs=1e-6)


def _point_scenario(assets: list[dict[str, Any]], points: list[tuple[float, float]]) -> Scenario:
    return parse_scenario(
        {
            "name": "property",
            "regions": ["UA-32"],
            "tiers": {"a": {"range_km": 40}, "b": {"range_km": 80}, "c": {"range_km": 15}},
            "assets": assets,
            "targets": [
                {
                    "id": "pts",
                    "geojson": {
                        "type": "FeatureCollection",
                        "features": [
                            {
                                "type": "Feature",
                                "properties": {},
                                "geometry": {"type": "Point", "coordinates": p},
                            }
                            for p in points
                        ],
                    },
                }
            ],
            "grid_cell_km": 20,
        }
    )


_lon = st.floats(29.0, 32.5)
_lat = st.floats(49.5, 51.5)
_asset = st.fixed_dictionaries(
    {
        "tier": st.sampled_from(["a", "b", "c"]),
        "location": st.tuples(_lon, _lat).map(list),
        "range_km": st.floats(5, 150),
    }
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    assets=st.lists(_asset, min_size=1, max_size=5),
    extra=_asset,
    points=st.lists(st.tuples(_lon, _lat), min_size=1, max_size=8),
)
def test_adding_an_asset_never_lowers_depth_and_matches_brute_force(
    cover_matrix: CoverMatrix,
    assets: list[dict[str, Any]],
    extra: dict[str, Any],
    points: list[tuple[float, float]],
) -> None:
    numbered = [dict(a, id=f"x{i}") for i, a in enumerate(assets)]
    before = _point_scenario(numbered, points)
    after = _point_scenario([*numbered, dict(extra, id="extra")], points)
    depth_before = [t.depth for t in analyze(before, with_grid=False).phases[0].targets]
    result_after = analyze(after, with_grid=False).phases[0]
    depth_after = [t.depth for t in result_after.targets]
    assert all(b <= a for b, a in zip(depth_before, depth_after, strict=True))
    lon, lat = np.array(points).T
    covering = cover_matrix(after, 0, lon, lat)
    for target, row in zip(result_after.targets, covering, strict=True):
        assert set(target.asset_ids) == {after.assets[j].id for j in np.flatnonzero(row)}
        assert set(target.tiers) == {after.assets[j].tier for j in np.flatnonzero(row)}
    covered = sum(d.area_km2 for d in result_after.depth)
    assert covered + result_after.gaps.area_km2 == pytest.approx(
        result_after.summary.region_area_km2, rel=1e-3
    )
    assert np.isfinite(result_after.summary.gap_area_share)


def test_a_polygon_target_is_covered_only_when_all_of_it_is() -> None:
    square = {
        "type": "Polygon",
        "coordinates": [[[30, 50], [30.1, 50], [30.1, 50.1], [30, 50.1], [30, 50]]],
    }
    corners = [(30, 50), (30.1, 50), (30.1, 50.1), (30, 50.1)]
    centre_lon, centre_lat = 30.05, 50.05
    farthest_km = max(GEOD.inv(centre_lon, centre_lat, lon, lat)[2] for lon, lat in corners) / 1000
    scenario = parse_scenario(
        {
            "name": "polygon target",
            "regions": ["UA-32"],
            "tiers": {"a": {"range_km": 40}},
            "assets": [
                {
                    "id": "wide",
                    "tier": "a",
                    "location": [centre_lon, centre_lat],
                    "range_km": farthest_km + 0.01,
                },
                {
                    "id": "short",
                    "tier": "a",
                    "location": [centre_lon, centre_lat],
                    "range_km": farthest_km - 0.5,
                },
            ],
            "targets": [{"id": "field", "geojson": square, "min_depth": 1}],
        }
    )
    (target,) = analyze(scenario, with_grid=False).phases[0].targets
    assert target.asset_ids == ("wide",)
    assert target.meets_requirement


def test_border_belt_holds_the_points_near_the_border_outside_the_country(
    example_result: AnalysisResult,
) -> None:
    (belt,) = [z.geometry for z in example_result.phases[0].no_go if z.id == "border-belt"]
    belarus = region_geometry("BLR")
    border = densify_geodesic(belarus.boundary, 500.0)
    border_xy = shapely.get_coordinates(border)
    border_xy = border_xy[(border_xy[:, 1] < 52.6) & (border_xy[:, 0] > 23)]
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(24.0, 30.5, 400), rng.uniform(51.0, 52.4, 400)  # Ukraine-Belarus
    outside = ~shapely.contains_xy(belarus, lon, lat) & shapely.contains_xy(
        region_geometry("UKR"), lon, lat
    )
    checked = 0
    for x, y in zip(lon[outside], lat[outside], strict=True):
        n = len(border_xy)
        distance_km = (
            GEOD.inv(np.full(n, x), np.full(n, y), border_xy[:, 0], border_xy[:, 1])[2].min() / 1000
        )
        if abs(distance_km - 20) < 0.5:
            continue  # sampling of the border line: only clear cases are judged
        assert shapely.intersects_xy(belt, x, y) == (distance_km < 20), (x, y, distance_km)
        checked += 1
    assert checked > 100
    inside_lon, inside_lat = rng.uniform(22.0, 42.0, 4000), rng.uniform(50.0, 57.0, 4000)
    countries = shapely.union_all([belarus, region_geometry("RUS")])
    within = shapely.contains_xy(countries, inside_lon, inside_lat)
    assert within.sum() > 1000
    assert not shapely.intersects_xy(belt, inside_lon[within], inside_lat[within]).any()


def test_regions_sharing_a_code_keep_their_targets_and_features_count_once() -> None:
    scenario = parse_scenario(
        {
            "name": "Bosnia and Herzegovina",
            "regions": ["BIH"],
            "tiers": {"a": {"range_km": 60}},
            "assets": [{"id": "a1", "tier": "a", "location": [18.41, 43.86]}],
            "targets": [
                {"id": "big", "layer": "cities", "min_population": 50_000, "min_depth": 2},
                {"id": "all", "layer": "cities", "min_population": 10_000, "min_depth": 1},
            ],
        }
    )
    phase = analyze(scenario, with_grid=False).phases[0]
    regions = load_layer("regions", region="BIH")
    assert regions["iso_3166_2"].duplicated().any()  # the case under test: shared codes
    for target in phase.targets:
        point = target.geometry
        holding = regions[regions.contains(point)]["iso_3166_2"].tolist()
        assert target.region == (holding[0] if holding else "")
    cities = load_layer("cities", region="BIH")
    cities = cities[cities["population"] >= 10_000]
    assert phase.summary.population_total == pytest.approx(cities["population"].sum())
    big = {t.id.split(":")[1] for t in phase.targets if t.target_set == "big"}
    meeting = sum(
        t.weight
        for t in phase.targets
        if t.target_set == "all" and t.meets_requirement and t.id.split(":")[1] not in big
    )
    assert phase.summary.population_share_meeting == pytest.approx(
        meeting / cities["population"].sum()
    )
    rows = {row.region: row for row in phase.summary.regions}
    assert len(rows) == regions["iso_3166_2"].nunique()
    assert sum(row.population for row in rows.values()) == pytest.approx(
        sum(t.weight for t in phase.targets if t.target_set == "all" and t.region)
    )


def test_an_asset_standing_on_a_polygon_target_leaves_its_blind_disc_uncovered(
    cover_matrix: CoverMatrix,
) -> None:
    square = {
        "type": "Polygon",
        "coordinates": [[[30, 50], [30.6, 50], [30.6, 50.4], [30, 50.4], [30, 50]]],
    }
    scenario = parse_scenario(
        {
            "name": "blind disc",
            "regions": ["UA-32"],
            "tiers": {"l": {"range_km": 200, "min_range_km": 8}},
            "assets": [
                {"id": "inside", "tier": "l", "location": [30.15, 50.1]},
                {"id": "outside", "tier": "l", "location": [31.5, 50.2]},
            ],
            "targets": [
                {"id": "field", "geojson": square},
                {
                    "id": "dots",
                    "geojson": {"type": "MultiPoint", "coordinates": [[30.1, 50.1], [30.5, 50.3]]},
                },
            ],
        }
    )
    field, dots = analyze(scenario, with_grid=False).phases[0].targets
    assert field.asset_ids == ("outside",)
    # MultiPoint: covered by an asset only when every point is (independent check)
    every_dot = cover_matrix(scenario, 0, np.array([30.1, 30.5]), np.array([50.1, 50.3])).all(0)
    assert set(dots.asset_ids) == {scenario.assets[j].id for j in np.flatnonzero(every_dot)}


def test_covered_area_agrees_with_the_exact_depth_grid() -> None:
    scenario = parse_scenario(
        {
            "name": "grid check",
            "regions": ["UA-32"],
            "tiers": {"a": {"range_km": 40}, "b": {"range_km": 70, "min_range_km": 10}},
            "assets": [
                {"id": "a1", "tier": "a", "location": [30.5, 50.4]},
                {
                    "id": "b1",
                    "tier": "b",
                    "location": [31.2, 49.8],
                    "sector": {"azimuth_deg": 300, "width_deg": 150},
                },
            ],
            "targets": [{"id": "e", "layer": "energy"}],
            "grid_cell_km": 2,
        }
    )
    phase = analyze(scenario).phases[0]
    assert phase.depth_grid is not None
    assert phase.depth_grid.cell_size_m == 2_000.0  # grid_cell_km, in metres
    with rasterio.io.MemoryFile(phase.depth_grid.cog_bytes) as memory, memory.open() as grid:
        assert grid.res == (2_000.0, 2_000.0)
        assert (grid.width, grid.height) == (phase.depth_grid.width, phase.depth_grid.height)
        cells = grid.read(1)
        valid = cells != grid.nodata
        by_depth = {k: float((cells[valid] == k).mean()) for k in (1, 2)}
    region = phase.summary.region_area_km2
    for area in phase.depth:
        # cell centres decided by the exact kernel against polygons drawn to 10 m
        assert area.area_km2 / region == pytest.approx(by_depth[area.depth], abs=0.01)
    assert phase.gaps.share_of_region == pytest.approx(float((cells[valid] == 0).mean()), abs=0.01)


def test_step_count_is_the_number_of_steps_reported() -> None:
    scenario = _point_scenario([{"id": "a", "tier": "a", "location": [30.5, 50.4]}], [(30.6, 50.5)])
    steps: list[str] = []
    analyze(scenario, with_grid=False, progress=steps.append)
    assert len(steps) == step_count(scenario) == len(set(steps))
