"""Each target's covering assets, distances, tiers and requirement against a brute-force oracle:
Geod.inv from every asset to every sample of every target, one target at a time."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.regions import AdminRegions
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.target_coverage import _name_sets, round_half_even
from umbrella.coverage.targets import gather_targets

GEOD = Geod(ellps="WGS84")
RANGES_KM = {"s": (30.0, 0.0), "m": (60.0, 6.0), "l": (120.0, 12.0)}  # tier: (reach, minimum)


def _feature(geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": {}, "geometry": geometry}


def _square(lon: float, lat: float, side: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _scenario() -> Scenario:
    rng = np.random.default_rng(7)
    points = np.column_stack([rng.uniform(29.6, 31.4, 39), rng.uniform(49.8, 51.0, 39)])
    points = np.vstack([points, [[32.2, 51.4]]])  # out of every reach
    shapes = [
        _square(30.30, 50.30, 0.15),  # several samples along 40 km of boundary
        _square(30.65, 50.35, 0.5),  # "mm" stands on it, beyond its blind disc of every sample
        {"type": "LineString", "coordinates": [[29.9, 50.0], [30.2, 50.1], [30.4, 49.95]]},
        {"type": "MultiPoint", "coordinates": [[30.6, 50.2], [30.75, 50.35], [30.5, 50.45]]},
    ]
    sites = [
        ("s1", "s", [30.40, 50.40], None),
        ("s2", "s", [30.95, 50.60], None),
        ("s3", "s", [30.20, 50.05], {"azimuth_deg": 90, "width_deg": 120}),
        ("s4", "s", [30.15, 50.02], None),  # with l1, the line has depth 2 but not tier m
        ("m1", "m", [30.60, 50.30], None),
        ("m2", "m", [30.10, 50.70], {"azimuth_deg": 135, "width_deg": 90}),
        ("mm", "m", [30.78, 50.50], None),
        ("ml", "l", [30.88, 50.58], None),
        ("l1", "l", [29.70, 50.20], {"azimuth_deg": 60, "width_deg": 200}),
    ]
    return parse_scenario(
        {
            "name": "target coverage oracle",
            "regions": ["UA-32"],
            "tiers": {
                tier: {"range_km": reach, "min_range_km": least}
                for tier, (reach, least) in RANGES_KM.items()
            },
            "assets": [
                {"id": i, "tier": tier, "location": site, **({"sector": fan} if fan else {})}
                for i, tier, site, fan in sites
            ],
            "targets": [
                {
                    "id": "dots",
                    "geojson": {
                        "type": "FeatureCollection",
                        "features": [
                            _feature({"type": "Point", "coordinates": p}) for p in points.tolist()
                        ],
                    },
                },
                {
                    "id": "shapes",
                    "geojson": {
                        "type": "FeatureCollection",
                        "features": [_feature(shape) for shape in shapes],
                    },
                    "min_depth": 2,
                    "required_tiers": ["m"],
                },
            ],
        }
    )


def _oracle(
    scenario: Scenario, geometry: Any, lon: Any, lat: Any, blind_discs: bool = True
) -> dict[str, float]:
    """The assets covering every sample (and, with ``blind_discs``, not standing on a non-point
    target with a minimum range), each with its least distance to a sample in km."""
    found = {}
    for asset in scenario.assets:
        a_lon, a_lat = asset.location
        reach, least = RANGES_KM[str(asset.tier)]
        azimuth, _, distance = GEOD.inv(
            np.full(lon.size, a_lon), np.full(lon.size, a_lat), lon, lat
        )
        inside = (distance >= least * 1000.0) & (distance <= reach * 1000.0)
        if asset.sector is not None:
            off = (azimuth - asset.sector.azimuth_deg + 180.0) % 360.0 - 180.0
            inside &= (np.abs(off) <= asset.sector.width_deg / 2) | (distance == 0)
        stands_on = (
            least > 0
            and geometry.geom_type != "Point"
            and geometry.intersects(shapely.Point(a_lon, a_lat))
        )
        if inside.all() and not (blind_discs and stands_on):
            found[asset.id] = round(float(distance.min()) / 1000.0, 3)
    return found


def test_target_coverage_matches_the_brute_force_oracle() -> None:
    scenario = _scenario()
    table = gather_targets(scenario, AdminRegions.of(scenario))
    targets = analyze(scenario, with_grid=False).phases[0].targets
    assert [t.id for t in targets] == list(table.ids)
    tier_of = {asset.id: str(asset.tier) for asset in scenario.assets}
    several = 0
    for i, target in enumerate(targets):
        mine = table.sample_owner == i
        several += int(mine.sum() > 1)
        expected = _oracle(
            scenario, target.geometry, table.sample_lon[mine], table.sample_lat[mine]
        )
        order = sorted(expected, key=[a.id for a in scenario.assets].index)
        assert target.asset_ids == tuple(order)
        assert target.asset_distances_km == tuple(expected[a] for a in order)
        tiers = {tier_of[a] for a in expected}
        assert target.tiers == tuple(sorted(tiers))
        assert target.depth == len(tiers)
        wanted = 2 if target.target_set == "shapes" else 1
        required = {"m"} if target.target_set == "shapes" else set()
        assert (target.min_depth, set(target.required_tiers)) == (wanted, required)
        assert target.meets_requirement == (len(tiers) >= wanted and required <= tiers)
    # the test has teeth: shapes of many samples, sectors, blind discs and both verdicts
    assert several == 4
    mine = table.sample_owner == 41
    stood_on = _oracle(
        scenario, targets[41].geometry, table.sample_lon[mine], table.sample_lat[mine], False
    )
    assert "mm" in stood_on and "mm" not in targets[41].asset_ids
    assert any(t.meets_requirement for t in targets[40:])
    assert any(not t.meets_requirement and t.depth >= 2 for t in targets[40:])
    assert any(set(t.asset_ids) & {"s3", "m2", "l1"} for t in targets)
    assert any(t.depth == 0 for t in targets) and any(t.depth == 3 for t in targets)


@pytest.mark.parametrize("digits", [0, 3, 6])
def test_rounding_agrees_with_python_round_at_and_near_ties(digits: int) -> None:
    rng = np.random.default_rng(digits)
    ties = (np.arange(-2000, 2000) + 0.5) / 10.0**digits
    values = np.r_[
        ties,
        np.nextafter(ties, np.inf),
        np.nextafter(ties, -np.inf),
        rng.uniform(0, 5000, 2000),
        np.arange(0, 4000) / 2**11,  # exact binary fractions, many exact ties
        0.0,
    ]
    rounded = round_half_even(values, digits)
    assert rounded.tolist() == [round(v, digits) for v in values.tolist()]


@given(
    st.integers(0, 20).flatmap(
        lambda names: arrays(bool, st.tuples(st.integers(0, 40), st.just(names)))
    )
)
def test_name_sets_name_each_row_by_its_members(member: NDArray[np.bool_]) -> None:
    names = [f"n{k}" for k in range(member.shape[1])]
    named, index = _name_sets(member, names)
    assert len(set(named)) == len(named)  # each set of names once
    assert [named[i] for i in index.tolist()] == [
        tuple(name for name, inside in zip(names, row, strict=True) if inside)
        for row in member.tolist()
    ]
