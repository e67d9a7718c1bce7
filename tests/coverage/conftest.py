"""Independent oracles shared by the coverage tests, and the example analysed once per run.

The oracles compute coverage from the scenario's own numbers with pyproj's ``Geod.inv``:
an asset covers a point when its exact geodesic distance lies within [min range, reach]
and, for a fan, its azimuth lies within the sector. Reach after the radar horizon is
recomputed here from the 4/3-earth formula, never taken from the code under test.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_scenario
from umbrella.coverage.places import resolve_places
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Asset, Scenario

GEOD = Geod(ellps="WGS84")
FOUR_THIRDS_EARTH_M = 4.0 / 3.0 * 6_371_008.8  # effective radius for standard refraction

CoverMatrix = Callable[[Scenario, int, NDArray[np.float64], NDArray[np.float64]], NDArray[np.bool_]]
Document = Callable[..., dict[str, Any]]


def horizon_km(sensor_height_m: float, target_altitude_m: float) -> float:
    """Line of sight over a 4/3 earth: sqrt(2 k R h_sensor) + sqrt(2 k R h_target), with
    k = 4/3 and R = 6371.0088 km (the mean radius)."""
    return (
        math.sqrt(2 * FOUR_THIRDS_EARTH_M * sensor_height_m)
        + math.sqrt(2 * FOUR_THIRDS_EARTH_M * target_altitude_m)
    ) / 1000.0


def nominal_km(value: Any) -> float:
    """A tier's number, or the nominal value of its distribution as the scenario's reference
    defines it: the triangular mode, the uniform midpoint."""
    if isinstance(value, int | float):
        return float(value)
    fields = value.model_dump()
    return fields["nominal"] if "nominal" in fields else (fields["low"] + fields["high"]) / 2


def _ranges_km(scenario: Scenario, asset: Asset) -> tuple[float, float]:
    tier = scenario.tiers[str(asset.tier)]  # covering assets have a tier
    reach = nominal_km(tier.range_km) if asset.range_km is None else asset.range_km
    minimum = nominal_km(tier.min_range_km) if asset.min_range_km is None else asset.min_range_km
    if asset.sensor_height_m is not None:
        reach = min(reach, horizon_km(asset.sensor_height_m, asset.target_altitude_m))
    return reach, minimum


def _covers_on(asset: Asset, day: int) -> bool:
    """Whether a covering asset (not a sensor) stands: from_day <= day < until_day."""
    leaves = math.inf if asset.until_day is None else asset.until_day
    return asset.kind != "sensor" and asset.from_day <= day < leaves


def _cover_matrix(
    scenario: Scenario, day: int, lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """(points, assets of the scenario) booleans: the asset stands on ``day`` and covers."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    columns = []
    for asset in scenario.assets:
        if not _covers_on(asset, day):
            columns.append(np.zeros(lon.size, dtype=bool))
            continue
        a_lon, a_lat = asset.location  # type: ignore[misc]
        azimuth, _, distance = GEOD.inv(
            np.full(lon.size, a_lon), np.full(lon.size, a_lat), lon, lat
        )
        reach, minimum = _ranges_km(scenario, asset)
        inside = (distance >= minimum * 1000.0) & (distance <= reach * 1000.0)
        if asset.sector is not None:
            off = (azimuth - asset.sector.azimuth_deg + 180.0) % 360.0 - 180.0
            inside &= (np.abs(off) <= asset.sector.width_deg / 2) | (distance == 0)
        columns.append(inside)
    return np.column_stack(columns) if columns else np.zeros((lon.size, 0), dtype=bool)


@pytest.fixture(scope="session")
def radar_horizon() -> Callable[[float, float], float]:
    """The 4/3-earth line of sight in km (see ``horizon_km``)."""
    return horizon_km


@pytest.fixture(scope="session")
def cover_matrix() -> CoverMatrix:
    """The brute-force coverage oracle (see the module's docstring)."""
    return _cover_matrix


def _document(**fields: Any) -> dict[str, Any]:
    """A small valid scenario document over Kyiv oblast, with ``fields`` replacing its own."""
    document: dict[str, Any] = {
        "name": "oracle",
        "regions": ["UA-32"],
        "tiers": {"a": {"range_km": 40}, "b": {"range_km": 80}},
        "assets": [{"id": "a1", "tier": "a", "location": [30.5, 50.4]}],
        "targets": [{"id": "t", "geojson": {"type": "Point", "coordinates": [30.5, 50.4]}}],
    }
    document.update(copy.deepcopy(fields))
    return document


@pytest.fixture(scope="session")
def document() -> Document:
    """Build a small scenario document: ``document(assets=[...], depots=[...])``."""
    return _document


@pytest.fixture(scope="session")
def example_resolved() -> Scenario:
    return resolve_places(example_scenario())


@pytest.fixture(scope="session")
def example_result() -> AnalysisResult:
    return analyze(example_scenario(), with_grid=False)
