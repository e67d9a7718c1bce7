"""Nearest depot and resupply radius, against distances from pyproj written in the test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import PhaseResult
from umbrella.coverage.scenario import parse_scenario

GEOD = Geod(ellps="WGS84")
Document = Callable[..., dict[str, Any]]

# At 60°N a degree of longitude is half a degree of latitude: EAST is 2° of longitude away
# (about 112 km), NORTH 1.5° of latitude (about 167 km). A nearest depot chosen in degrees
# would be NORTH; the geodesically nearest is EAST.
SITE = (30.0, 60.0)
EAST, NORTH, LATER = (32.0, 60.0), (30.0, 61.5), (30.2, 60.1)
RADIUS_KM = 150.0
MARGIN_M = 10.0


def _away_from_east(distance_m: float) -> list[float]:
    lon, lat, _ = GEOD.fwd(*EAST, 90.0, distance_m)
    return [float(lon), float(lat)]


def _phases(document: Document, **fields: Any) -> dict[int, PhaseResult]:
    scenario = parse_scenario(
        document(
            phases=[{"day": 0}, {"day": 90}],
            depots=[
                {"id": "north", "location": list(NORTH)},
                {"id": "east", "location": list(EAST)},
                {"id": "later", "location": list(LATER), "from_day": 90},
            ],
            **fields,
        )
    )
    result = analyze(scenario, with_grid=False)
    return {phase.summary.day: phase for phase in result.phases}


def _assets() -> list[dict[str, Any]]:
    return [
        {"id": "site", "tier": "a", "location": list(SITE)},
        {"id": "inside", "tier": "a", "location": _away_from_east(RADIUS_KM * 1000 - MARGIN_M)},
        {"id": "outside", "tier": "a", "location": _away_from_east(RADIUS_KM * 1000 + MARGIN_M)},
    ]


def test_the_nearest_depot_is_the_geodesically_nearest_one_in_place(document: Document) -> None:
    phases = _phases(document, assets=_assets())
    first = {link.asset_id: link for link in phases[0].depots}
    to_east, to_north = (GEOD.inv(*SITE, *depot)[2] / 1000 for depot in (EAST, NORTH))
    assert to_east < to_north  # nearer on the ellipsoid, though farther in degrees
    assert first["site"].depot_id == "east"
    assert first["site"].distance_km == pytest.approx(to_east, abs=1e-6)
    for asset in ("inside", "outside"):
        lon, lat = first[asset].geometry.x, first[asset].geometry.y
        expected = min(GEOD.inv(lon, lat, *d)[2] for d in (EAST, NORTH)) / 1000
        assert first[asset].depot_id == "east"
        assert first[asset].distance_km == pytest.approx(expected, abs=1e-6)
    later = {link.asset_id: link for link in phases[90].depots}
    assert later["site"].depot_id == "later"  # a depot counts from its day on
    assert later["site"].distance_km == pytest.approx(GEOD.inv(*SITE, *LATER)[2] / 1000, abs=1e-6)


def test_beyond_resupply_just_inside_and_just_outside_the_radius(document: Document) -> None:
    phases = _phases(document, assets=_assets(), resupply_radius_km=RADIUS_KM)
    links = {link.asset_id: link for link in phases[0].depots}
    assert links["inside"].distance_km == pytest.approx(RADIUS_KM - MARGIN_M / 1000, abs=1e-6)
    assert links["outside"].distance_km == pytest.approx(RADIUS_KM + MARGIN_M / 1000, abs=1e-6)
    assert (links["site"].beyond_resupply, links["inside"].beyond_resupply) == (False, False)
    assert links["outside"].beyond_resupply is True
    assert phases[0].summary.assets_beyond_resupply == 1
    without = _phases(document, assets=_assets())
    assert not any(link.beyond_resupply for link in without[0].depots)
    assert without[0].summary.assets_beyond_resupply == 0


def test_with_no_depot_standing_every_asset_is_beyond_a_given_radius(document: Document) -> None:
    def links(**fields: Any) -> list[tuple[str, float, bool]]:
        scenario = parse_scenario(
            document(assets=_assets(), depots=[{"id": "d", "location": list(EAST), "from_day": 5}])
            | fields
        )
        (phase,) = analyze(scenario, with_grid=False).phases
        beyond = sum(link.beyond_resupply for link in phase.depots)
        assert phase.summary.assets_beyond_resupply == beyond
        return [(link.depot_id, link.distance_km, link.beyond_resupply) for link in phase.depots]

    assert links(resupply_radius_km=RADIUS_KM) == [("", np.inf, True)] * 3
    assert links() == [("", np.inf, False)] * 3
