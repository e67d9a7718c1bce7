"""Assets in place: tier defaults, the radar horizon and first days, seen through the analysis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import parse_scenario

GEOD = Geod(ellps="WGS84")
Document = Callable[..., dict[str, Any]]
SITE = (30.5, 50.4)


def _point_north(distance_km: float) -> dict[str, Any]:
    lon, lat, _ = GEOD.fwd(*SITE, 0.0, distance_km * 1000)
    return {
        "type": "Feature",
        "properties": {"name": f"{distance_km:g} km"},
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
    }


def test_the_horizon_with_both_heights_bounds_what_a_sensor_covers(
    document: Document, radar_horizon: Callable[[float, float], float]
) -> None:
    reach_km = radar_horizon(15, 100)  # 57.2 km; without the target's height 16.0 km
    distances = [10.0, 20.0, reach_km - 0.05, reach_km + 0.05, 100.0]
    scenario = parse_scenario(
        document(
            tiers={"long": {"range_km": 300}},
            assets=[
                {
                    "id": "mast",
                    "tier": "long",
                    "location": list(SITE),
                    "sensor_height_m": 15,
                    "target_altitude_m": 100,
                },
                {"id": "late", "tier": "long", "location": list(SITE), "from_day": 30},
            ],
            targets=[
                {
                    "id": "t",
                    "geojson": {
                        "type": "FeatureCollection",
                        "features": [_point_north(d) for d in distances],
                    },
                }
            ],
            phases=[{"day": 0}, {"day": 30}],
        )
    )
    first, later = analyze(scenario, with_grid=False).phases
    (footprint,) = first.footprints
    assert footprint.range_km == pytest.approx(reach_km, rel=1e-9)
    assert footprint.horizon_limited
    covered = [target.asset_ids for target in first.targets]
    assert covered == [("mast",), ("mast",), ("mast",), (), ()]
    assert first.summary.assets_in_place == 1
    both = ("mast", "late")  # in scenario order
    assert [t.asset_ids for t in later.targets] == [both, both, both, ("late",), ("late",)]
    for target, distance in zip(later.targets, distances, strict=True):
        assert target.asset_distances_km == pytest.approx(
            [distance] * len(target.asset_ids), abs=5e-4
        )
        assert all(round(d, 3) == d for d in target.asset_distances_km)  # to the metre
    late = next(f for f in later.footprints if f.asset_id == "late")
    assert (late.range_km, late.horizon_limited) == (300.0, False)


def test_a_sensor_sees_each_band_to_its_horizon_or_its_range(
    document: Document, radar_horizon: Callable[[float, float], float]
) -> None:
    bands = {"drones": 100.0, "cruise": 1_000.0, "high": 10_000.0}
    scenario = parse_scenario(
        document(
            altitude_bands={name: {"altitude_m": m} for name, m in bands.items()},
            assets=[
                {"id": "a1", "tier": "a", "location": list(SITE)},
                {
                    "id": "radar",
                    "kind": "sensor",
                    "location": list(SITE),
                    "range_km": 250,
                    "sensor_height_m": 30,
                },
            ],
        )
    )
    (sensor,) = analyze(scenario, with_grid=False).phases[0].sensors
    assert (sensor.asset_id, sensor.range_km, sensor.sensor_height_m) == ("radar", 250.0, 30.0)
    expected = {name: min(250.0, radar_horizon(30, m)) for name, m in bands.items()}
    assert expected["drones"] < expected["cruise"] < 250.0 == expected["high"]
    assert dict(sensor.seen_range_km_by_band) == pytest.approx(expected, rel=1e-9)
