"""Sensors and the air picture against independent formulas and brute-force geodesic sampling."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pyproj
import pytest
import shapely
from shapely.geometry import box

from umbrella.coverage.air_picture import SensorDiscs
from umbrella.coverage.analysis import analyze
from umbrella.coverage.assets import SensorTable
from umbrella.coverage.result import AirPicture, AnalysisResult, PhaseSummary
from umbrella.coverage.scenario import parse_scenario, radar_horizon_km
from umbrella.geo import geodesic_area

GEOD = pyproj.Geod(ellps="WGS84")
EFFECTIVE_RADIUS_M = 4.0 / 3.0 * 6_371_008.8  # 4/3 of the mean Earth radius
BANDS = {"low": 100.0, "medium": 3_000.0, "high": 10_000.0}
# (lon, lat, detection range km, mast height m, sector or None)
SENSORS = [
    (30.4, 50.3, 300.0, 30.0, None),
    (31.3, 50.6, 80.0, 10.0, {"azimuth_deg": 200.0, "width_deg": 140.0}),
    (30.9, 49.9, 40.0, 50.0, None),
]
AREA = box(29.6, 49.4, 32.0, 51.2)


def _textbook_horizon_km(mast_m: float, altitude_m: float) -> float:
    """The usual rule of thumb for a 4/3 earth: 4.12 km per square root of metres, each side."""
    return 4.12 * (math.sqrt(mast_m) + math.sqrt(altitude_m))


def _tangent_horizon_km(mast_m: float, altitude_m: float) -> float:
    """Exact straight-line tangents to a sphere of 4/3 the Earth's radius, from both heights."""
    r = EFFECTIVE_RADIUS_M
    return (math.sqrt((r + mast_m) ** 2 - r**2) + math.sqrt((r + altitude_m) ** 2 - r**2)) / 1e3


def _reach_m(range_km: float, mast_m: float, altitude_m: float) -> float:
    """A sensor's reach at an altitude: its range, or the 4/3-earth horizon if that is nearer."""
    horizon_m = math.sqrt(2 * EFFECTIVE_RADIUS_M * mast_m) + math.sqrt(
        2 * EFFECTIVE_RADIUS_M * altitude_m
    )
    return min(range_km * 1000.0, horizon_m)


@pytest.mark.parametrize("mast_m", [10.0, 20.0, 30.0])
@pytest.mark.parametrize("band", list(BANDS))
def test_horizon_by_band_against_independent_formulas(mast_m: float, band: str) -> None:
    altitude = BANDS[band]
    horizon = radar_horizon_km(mast_m, altitude)
    assert horizon == pytest.approx(_textbook_horizon_km(mast_m, altitude), rel=1e-3)
    assert horizon == pytest.approx(_tangent_horizon_km(mast_m, altitude), rel=5e-4)


def test_a_30_m_mast_sees_a_low_drone_at_about_64_km() -> None:
    # By hand: 4.12 * (sqrt(30) + sqrt(100)) = 4.12 * 15.48 = 63.8 km.
    assert radar_horizon_km(30.0, 100.0) == pytest.approx(4.12 * 15.477, abs=0.1)


def _sensor_documents() -> list[dict[str, Any]]:
    documents = []
    for i, (lon, lat, range_km, mast, sector) in enumerate(SENSORS):
        document = {
            "id": f"s{i}",
            "kind": "sensor",
            "location": [lon, lat],
            "range_km": range_km,
            "sensor_height_m": mast,
        }
        documents.append(document if sector is None else {**document, "sector": sector})
    return documents


def _scenario_document(**changes: Any) -> dict[str, Any]:
    return {
        "name": "air picture",
        "regions": ["UA-32"],
        "tiers": {"short": {"range_km": 30}},
        "assets": [{"id": "a1", "tier": "short", "location": [30.5, 50.4]}, *_sensor_documents()],
        "altitude_bands": {name: {"altitude_m": value} for name, value in BANDS.items()},
        "targets": [{"id": "energy", "layer": "energy"}, {"id": "cities", "layer": "cities"}],
        **changes,
    }


def test_each_sensor_reaches_its_range_or_horizon_whichever_is_nearer() -> None:
    sensors = SensorTable.of(parse_scenario(_scenario_document()).sensors())
    for altitude in BANDS.values():
        expected = [_reach_m(r, mast, altitude) for _, _, r, mast, _ in SENSORS]
        np.testing.assert_allclose(sensors.seen_range_m(altitude), expected, rtol=1e-12)


def _laea_samples(area: shapely.Polygon, cell_m: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Cell centres of an equal-area grid over the area (lon, lat) and the area of one cell."""
    centre = area.centroid
    laea = pyproj.CRS.from_proj4(
        f"+proj=laea +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m"
    )
    to_laea = pyproj.Transformer.from_crs(4326, laea, always_xy=True)
    edge = shapely.get_coordinates(shapely.segmentize(area, 0.01))
    x, y = to_laea.transform(edge[:, 0], edge[:, 1])
    xs = np.arange(np.min(x), np.max(x), cell_m) + cell_m / 2
    ys = np.arange(np.min(y), np.max(y), cell_m) + cell_m / 2
    grid_x, grid_y = np.meshgrid(xs, ys)
    lon, lat = pyproj.Transformer.from_crs(laea, 4326, always_xy=True).transform(
        grid_x.ravel(), grid_y.ravel()
    )
    inside = shapely.intersects_xy(area, lon, lat)
    return lon[inside], lat[inside], cell_m**2


def _brute_force_seen(
    lon: np.ndarray, lat: np.ndarray, altitude_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """(sensors seeing each point, distance of each point to the nearest seen edge, metres)."""
    count = np.zeros(lon.size, dtype=int)
    to_edge = np.full(lon.size, np.inf)
    for s_lon, s_lat, range_km, mast, sector in SENSORS:
        reach = _reach_m(range_km, mast, altitude_m)
        azimuth, _, distance = GEOD.inv(
            np.full(lon.size, s_lon), np.full(lon.size, s_lat), lon, lat
        )
        seen = distance <= reach
        to_edge = np.minimum(to_edge, np.abs(distance - reach))
        if sector is not None:
            off = np.abs((azimuth - sector["azimuth_deg"] + 180.0) % 360.0 - 180.0)
            seen &= off <= sector["width_deg"] / 2
            # points near a sector's straight sides are also near an edge
            side = np.radians(np.abs(off - sector["width_deg"] / 2))
            to_edge = np.minimum(
                to_edge, np.where(seen | (distance <= reach), distance * side, np.inf)
            )
        count += seen
    return count, to_edge


@pytest.fixture(scope="module")
def pictures() -> tuple[AirPicture, ...]:
    discs = SensorDiscs.draw(parse_scenario(_scenario_document()))
    area_km2 = geodesic_area(AREA) / 1e6
    return discs.pictures(0, AREA, area_km2)


def test_seen_areas_against_brute_force_geodesic_sampling(
    pictures: tuple[AirPicture, ...],
) -> None:
    lon, lat, cell_m2 = _laea_samples(AREA, 1_000.0)
    for picture in pictures:
        count, to_edge = _brute_force_seen(lon, lat, BANDS[picture.band])
        once = shapely.intersects_xy(picture.seen.geometry, lon, lat)
        twice = shapely.intersects_xy(picture.redundant.geometry, lon, lat)
        clear = to_edge > 100.0  # drawn edges lie within 10 m of the true ones
        np.testing.assert_array_equal(once[clear], count[clear] >= 1)
        np.testing.assert_array_equal(twice[clear], count[clear] >= 2)
        assert picture.seen.area_km2 == pytest.approx((count >= 1).sum() * cell_m2 / 1e6, rel=5e-3)
        assert picture.redundant.area_km2 == pytest.approx(
            (count >= 2).sum() * cell_m2 / 1e6, rel=1e-2, abs=5.0
        )
    low, medium, high = pictures
    assert 0 < low.seen.share_of_region < medium.seen.share_of_region <= high.seen.share_of_region
    assert low.redundant.area_km2 > 0  # the test has teeth: both levels occur in every band


def test_gaps_and_seen_area_partition_the_area(pictures: tuple[AirPicture, ...]) -> None:
    area_km2 = geodesic_area(AREA) / 1e6
    lon, lat, _ = _laea_samples(AREA, 2_000.0)
    for picture in pictures:
        assert picture.seen.area_km2 + sum(g.area_km2 for g in picture.gaps) == pytest.approx(
            area_km2, rel=1e-6
        )
        areas = [gap.area_km2 for gap in picture.gaps]
        assert areas == sorted(areas, reverse=True)
        assert all(isinstance(gap.geometry, shapely.Polygon) for gap in picture.gaps)
        count, to_edge = _brute_force_seen(lon, lat, BANDS[picture.band])
        in_gap = shapely.intersects_xy(
            shapely.union_all([g.geometry for g in picture.gaps]), lon, lat
        )
        clear = to_edge > 100.0
        np.testing.assert_array_equal(in_gap[clear], count[clear] == 0)


@pytest.fixture(scope="module")
def analysed() -> AnalysisResult:
    return analyze(parse_scenario(_scenario_document()), with_grid=False)


def test_targets_seen_against_brute_force(analysed: AnalysisResult) -> None:
    phase = analysed.phases[0]
    for target in phase.targets:
        point = target.geometry
        assert isinstance(point, shapely.Point)
        expected = tuple(
            band
            for band, altitude in BANDS.items()
            if _brute_force_seen(np.array([point.x]), np.array([point.y]), altitude)[0][0] > 0
        )
        assert target.seen_in_bands == expected
    seen_low = [t for t in phase.targets if "low" in t.seen_in_bands]
    assert 0 < len(seen_low) < len(phase.targets)  # the test has teeth


def test_the_summary_counts_what_each_band_sees(analysed: AnalysisResult) -> None:
    phase = analysed.phases[0]
    assert phase.summary.sensors_in_place == len(SENSORS)
    for row, picture in zip(phase.summary.air_picture, phase.air_picture, strict=True):
        assert (row.band, row.altitude_m, row.label) == (picture.band, BANDS[row.band], row.band)
        assert (row.seen_km2, row.redundant_km2) == (
            picture.seen.area_km2,
            picture.redundant.area_km2,
        )
        assert row.gaps == len(picture.gaps)
        assert row.largest_gap_km2 == max((gap.area_km2 for gap in picture.gaps), default=0.0)
        # every target of this scenario is a point of one set: features are the targets
        seen = [t for t in phase.targets if row.band in t.seen_in_bands]
        assert row.targets_seen == len(seen)
        for kind, share in (
            ("energy", row.energy_mw_share_seen),
            ("city", row.population_share_seen),
        ):
            total = sum(t.weight for t in phase.targets if t.kind == kind)
            assert share == pytest.approx(sum(t.weight for t in seen if t.kind == kind) / total)


def test_sensors_add_nothing_to_depth() -> None:
    without = parse_scenario(
        _scenario_document(assets=[{"id": "a1", "tier": "short", "location": [30.5, 50.4]}])
    )
    plain = analyze(without, with_grid=False).phases[0]
    with_sensors = analyze(parse_scenario(_scenario_document()), with_grid=False).phases[0]
    assert [(t.id, t.depth, t.asset_ids) for t in plain.targets] == [
        (t.id, t.depth, t.asset_ids) for t in with_sensors.targets
    ]

    def coverage_figures(summary: PhaseSummary) -> PhaseSummary:
        return dataclasses.replace(summary, sensors_in_place=0, air_picture=())

    assert coverage_figures(plain.summary) == coverage_figures(with_sensors.summary)
    assert plain.summary.air_picture[0].seen_km2 == 0 < with_sensors.summary.air_picture[0].seen_km2
    assert [f.asset_id for f in with_sensors.footprints] == ["a1"]
    assert [s.asset_id for s in with_sensors.sensors] == ["s0", "s1", "s2"]
