"""No-go violations by assets and by depots, against containment tests written here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import shapely
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_document
from umbrella.coverage.places import resolve_places
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import parse_scenario
from umbrella.layers import load_layer

GEOD = Geod(ellps="WGS84")
Document = Callable[..., dict[str, Any]]

# A lon/lat rectangle in Kyiv oblast: inside is a comparison of coordinates.
WEST, SOUTH, EAST, NORTH = 30.0, 50.0, 30.4, 50.3


def _in_rectangle(lon: float, lat: float) -> bool:
    return WEST < lon < EAST and SOUTH < lat < NORTH


def test_assets_and_depots_inside_a_zone_are_violations_once_per_zone(
    document: Document,
) -> None:
    rectangle = {
        "type": "Polygon",
        "coordinates": [
            [[WEST, SOUTH], [EAST, SOUTH], [EAST, NORTH], [WEST, NORTH], [WEST, SOUTH]]
        ],
    }
    kyiv_city = load_layer("regions").query("iso_3166_2 == 'UA-30'").geometry.union_all()
    assets = {"in-a": (30.2, 50.1), "out-a": (30.6, 50.1), "late-a": (30.3, 50.2)}
    depots = {"in-d": (30.1, 50.2), "out-d": (29.5, 50.2), "city-d": (30.52, 50.45)}
    scenario = parse_scenario(
        document(
            phases=[{"day": 0}, {"day": 90}],
            assets=[
                {"id": key, "tier": "a", "location": list(xy), "from_day": 90 * (key == "late-a")}
                for key, xy in assets.items()
            ],
            depots=[{"id": key, "location": list(xy)} for key, xy in depots.items()],
            no_go=[
                {"id": "box", "polygon": rectangle},
                {"id": "capital", "region": "UA-30", "label": "Kyiv city"},
            ],
        )
    )
    for phase in analyze(scenario, with_grid=False).phases:
        # a zone is named by its label, or else by its id
        assert {z.id: z.label for z in phase.no_go} == {"box": "box", "capital": "Kyiv city"}
        day = phase.summary.day
        standing = [(k, "asset", xy) for k, xy in assets.items() if k != "late-a" or day >= 90]
        standing += [(k, "depot", xy) for k, xy in depots.items()]
        expected = {(k, kind, "box") for k, kind, xy in standing if _in_rectangle(*xy)}
        expected |= {
            (k, kind, "capital")
            for k, kind, xy in standing
            if kyiv_city.contains(shapely.Point(xy))
        }
        found = {(v.item_id, v.item_kind, v.zone_id) for v in phase.violations}
        assert found == expected
        assert len(phase.violations) == phase.summary.violations == len(expected)
        assert ("in-d", "depot", "box") in found and ("city-d", "depot", "capital") in found
    assert ("late-a", "asset", "box") in found  # in place on day 90 only
    for violation in phase.violations:
        item = {**assets, **depots}[violation.item_id]
        assert (violation.geometry.x, violation.geometry.y) == item


def _belt_site(border: np.ndarray, near: tuple[float, float], inland_km: float) -> list[float]:
    """A point ``inland_km`` due south of the border vertex nearest to ``near``."""
    vertex = border[np.argmin(np.hypot(*(border - near).T))]
    lon, lat, _ = GEOD.fwd(vertex[0], vertex[1], 180.0, inland_km * 1000.0)
    return [round(float(lon), 4), round(float(lat), 4)]


@pytest.mark.parametrize("moved", [False, True], ids=["as-bundled", "moved-into-zones"])
def test_example_violations_by_assets_and_depots(
    moved: bool, example_result: AnalysisResult
) -> None:
    regions = load_layer("regions")
    crimea = regions.query("iso_3166_2 == 'UA-43'").geometry.union_all()
    sevastopol = regions.query("iso_3166_2 == 'UA-40'").geometry.union_all()
    countries = load_layer("countries").query("adm0_a3 in ('RUS', 'BLR')").geometry.union_all()
    # the borders as drawn (straight lon/lat edges), every 0.005° near Ukraine
    near = shapely.clip_by_rect(countries.boundary, 20.0, 43.0, 42.0, 54.0)
    border = shapely.get_coordinates(shapely.segmentize(near, 0.005))

    document = example_document()
    if moved:
        for depot in document["depots"]:
            if depot["id"] == "depot-kosice":
                depot["location"] = [34.10, 44.95]  # Simferopol, in Crimea
        belt_site = _belt_site(border, (28.0, 51.6), 10.0)
        document["assets"].append(
            {"id": "short-belt", "tier": "short", "location": belt_site, "from_day": 90}
        )
    scenario = resolve_places(parse_scenario(document))
    result = analyze(scenario, with_grid=False) if moved else example_result

    def zones_holding(lon: float, lat: float) -> set[str]:
        point = shapely.Point(lon, lat)
        held = {
            z
            for z, shape in (("contested-crimea", crimea), ("contested-sevastopol", sevastopol))
            if shape.contains(point)
        }
        n = len(border)
        to_border_km = GEOD.inv(np.full(n, lon), np.full(n, lat), *border.T)[2].min() / 1000
        if to_border_km < 20.0 and not countries.contains(point):
            held.add("border-belt")
        return held

    zone_ids = {"contested-crimea", "contested-sevastopol", "border-belt"}
    counts = []
    for phase in result.phases:
        assert {zone.id for zone in phase.no_go} == zone_ids
        day = phase.summary.day
        # every asset standing (sensors too): from its first day up to, not including, its last
        standing = [
            (a.id, "asset", a.location)
            for a in scenario.assets
            if a.from_day <= day and (a.until_day is None or day < a.until_day)
        ]
        standing += [(d.id, "depot", d.location) for d in scenario.depots if d.from_day <= day]
        expected = {
            (item, kind, zone) for item, kind, xy in standing for zone in zones_holding(*xy)
        }
        found = {(v.item_id, v.item_kind, v.zone_id) for v in phase.violations}
        assert found == expected
        assert phase.summary.violations == len(expected)
        counts.append(len(expected))
    # moved: the depot from day 0, the asset in the belt from day 90
    assert counts == ([1, 2, 2] if moved else [0, 0, 0])
