"""Border belts measured from the land border, complete wherever the scenario stands."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.ops import nearest_points

from umbrella.coverage.analysis import analyze
from umbrella.coverage.nogo import border_belt
from umbrella.coverage.scenario import parse_scenario
from umbrella.geo import geodesic_area, polygonal
from umbrella.layers import load_layer, region_geometry

GEOD = Geod(ellps="WGS84")
POLAND_NEAR_BELARUS = (23.3631, 53.6439)
KERCH_PENINSULA = (36.5, 45.3)  # Crimea, across the Kerch strait from Russia's Taman coast
UKRAINE_AND_POLAND = (22.0, 44.0, 40.5, 53.7)


def _km_to_lines(lon: float, lat: float, lines: shapely.Geometry) -> float:
    """Distance from a point to lines, brute force over their vertices densified to 100 m."""
    xy = shapely.get_coordinates(shapely.segmentize(lines, 0.001))
    n = len(xy)
    return float(GEOD.inv(np.full(n, lon), np.full(n, lat), xy[:, 0], xy[:, 1])[2].min()) / 1000


def _land_borders(*countries: str) -> shapely.Geometry:
    borders = load_layer("borders", worldview="un")
    on = borders["adm0_left"].isin(countries) | borders["adm0_right"].isin(countries)
    return shapely.union_all(borders.loc[on].geometry)


def test_a_depot_in_poland_14_km_from_belarus_is_in_the_belt() -> None:
    assert 13.5 < _km_to_lines(*POLAND_NEAR_BELARUS, _land_borders("BLR")) < 14.5
    scenario = parse_scenario(
        {
            "name": "belt check",
            "regions": ["UKR"],
            "tiers": {"short": {"range_km": 30}},
            "assets": [{"id": "a", "tier": "short", "location": [30.5, 50.4]}],
            "depots": [{"id": "far-north", "location": list(POLAND_NEAR_BELARUS)}],
            "no_go": [
                {"id": "belt", "border_belt": {"countries": ["RUS", "BLR"], "within_km": 20}}
            ],
            "targets": [{"id": "t", "layer": "energy"}],
            "grid_cell_km": 50,
        }
    )
    (phase,) = analyze(scenario, with_grid=False).phases
    assert [(v.item_id, v.zone_id) for v in phase.violations] == [("far-north", "belt")]


def test_the_belt_follows_land_borders_not_coasts_nor_straits() -> None:
    russia = region_geometry("RUS")
    near_coast = nearest_points(russia, shapely.Point(KERCH_PENINSULA))[0]
    coast_km = GEOD.inv(*KERCH_PENINSULA, near_coast.x, near_coast.y)[2] / 1000
    assert coast_km < 20 < _km_to_lines(*KERCH_PENINSULA, _land_borders("RUS", "BLR"))
    land = border_belt(("RUS", "BLR"), "un", 20.0, 10.0, UKRAINE_AND_POLAND)
    territory = border_belt(("RUS", "BLR"), "un", 20.0, 10.0, UKRAINE_AND_POLAND, "territory")
    assert not shapely.intersects_xy(land, *KERCH_PENINSULA)
    assert shapely.intersects_xy(territory, *KERCH_PENINSULA)
    countries = shapely.union_all(load_layer("countries", worldview="un").geometry.to_numpy())
    at_sea = geodesic_area(polygonal(shapely.difference(land, countries)))
    assert at_sea / geodesic_area(polygonal(land)) < 0.03  # only where a border meets the sea


@pytest.mark.parametrize("measure_from", ["land_border", "territory"])
def test_a_wider_extent_draws_the_same_belt_where_both_are_drawn(measure_from: str) -> None:
    small = border_belt(("BLR",), "un", 20.0, 10.0, (23.0, 51.0, 27.0, 52.5), measure_from)
    wide = border_belt(("BLR",), "un", 20.0, 10.0, (20.0, 48.0, 33.0, 56.0), measure_from)
    common = shapely.intersection(wide, shapely.envelope(small))
    difference = shapely.symmetric_difference(small, common)
    assert geodesic_area(polygonal(difference)) / geodesic_area(polygonal(small)) < 1e-4


NEAR_ROMANIA = (25.5, 47.95)  # in Chernivtsi oblast, near its southern edge


def test_a_depot_in_the_south_of_the_area_near_romania_is_in_the_belt() -> None:
    """The southern edge of what the scenario spans is drawn too (as the north one above)."""
    assert 3 < _km_to_lines(*NEAR_ROMANIA, _land_borders("ROU")) < 5
    assert region_geometry("UA-77").contains(shapely.Point(NEAR_ROMANIA))
    scenario = parse_scenario(
        {
            "name": "belt check south",
            "regions": ["UA-77"],
            "tiers": {"short": {"range_km": 30}},
            "assets": [{"id": "a", "tier": "short", "location": [25.94, 48.29]}],
            "depots": [{"id": "far-south", "location": list(NEAR_ROMANIA)}],
            "no_go": [{"id": "belt", "border_belt": {"countries": ["ROU"], "within_km": 20}}],
            "targets": [{"id": "t", "layer": "energy"}],
            "grid_cell_km": 50,
        }
    )
    (phase,) = analyze(scenario, with_grid=False).phases
    assert [(v.item_id, v.zone_id) for v in phase.violations] == [("far-south", "belt")]
