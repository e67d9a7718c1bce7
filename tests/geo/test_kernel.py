"""The "within range" kernel against an independent all-pairs pyproj Geod.inv computation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from pyproj import Geod

from umbrella.geo import kernel
from umbrella.geo.errors import GeoInputError
from umbrella.geo.kernel import CoverMatrix, coverage_counts, covering_assets, nearest
from umbrella.geo.validate import MAX_RADIUS_M

GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Scene:
    points_lon: NDArray[np.float64]
    points_lat: NDArray[np.float64]
    asset_lon: NDArray[np.float64]
    asset_lat: NDArray[np.float64]
    max_range_m: NDArray[np.float64]
    min_range_m: NDArray[np.float64]
    azimuth_deg: NDArray[np.float64]
    width_deg: NDArray[np.float64]

    def kwargs(self) -> dict[str, NDArray[np.float64]]:
        return {
            "min_range_m": self.min_range_m,
            "azimuth_deg": self.azimuth_deg,
            "width_deg": self.width_deg,
        }

    def args(self) -> tuple[NDArray[np.float64], ...]:
        return (
            self.points_lon,
            self.points_lat,
            self.asset_lon,
            self.asset_lat,
            self.max_range_m,
        )


def brute_force(scene: Scene) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """(N, M) coverage and distance by Geod.inv from every asset to every point."""
    n, m = scene.points_lon.size, scene.asset_lon.size
    covered = np.zeros((n, m), dtype=bool)
    distance = np.zeros((n, m))
    for j in range(m):
        az, _, d = GEOD.inv(
            np.full(n, scene.asset_lon[j]),
            np.full(n, scene.asset_lat[j]),
            scene.points_lon,
            scene.points_lat,
        )
        half = scene.width_deg[j] / 2.0
        turn = np.mod(np.asarray(az) - scene.azimuth_deg[j], 360.0)
        in_sector = (scene.width_deg[j] >= 360.0) | (turn <= half) | (turn >= 360.0 - half)
        in_range = (d >= scene.min_range_m[j]) & (d <= scene.max_range_m[j])
        covered[:, j] = in_range & (in_sector | (d == 0.0))
        distance[:, j] = d
    return covered, distance


def edge_points(
    lon: float, lat: float, azimuths: NDArray[np.float64], distances: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    out_lon, out_lat, _ = GEOD.fwd(
        np.full(azimuths.size, lon), np.full(azimuths.size, lat), azimuths, distances
    )
    return np.asarray(out_lon), np.asarray(out_lat)


def make_scene(seed: int) -> Scene:
    """~50 assets (poles, antimeridian, 5,000 km and near-antipodal ranges, min ranges, sectors,
    one crossing north) and a few thousand points, many placed on or within 1 m of an edge."""
    rng = np.random.default_rng(seed)
    special = np.array(
        [
            # lon, lat, max, min, azimuth, width
            [31.0, 49.0, 200e3, 0.0, 350.0, 40.0],
            [179.9, 10.0, 300e3, 50e3, 360.0, 360.0],
            [-180.0, -30.0, 150e3, 0.0, 90.0, 120.0],
            [0.0, 89.9, 400e3, 0.0, 360.0, 360.0],
            [45.0, 90.0, 250e3, 10e3, 360.0, 360.0],
            [-60.0, -89.5, 600e3, 0.0, 10.0, 300.0],
            [30.0, 50.0, 5_000e3, 0.0, 360.0, 360.0],
            [-100.0, 40.0, 5_000e3, 4_000e3, 200.0, 60.0],
            [10.0, 0.0, 19_900e3, 19_000e3, 360.0, 360.0],
            [120.0, -45.0, 1.0, 0.0, 360.0, 360.0],
        ]
    )
    m_random = 40
    random_assets = np.column_stack(
        [
            rng.uniform(-180, 180, m_random),
            rng.uniform(-85, 85, m_random),
            rng.uniform(10e3, 400e3, m_random),
            np.zeros(m_random),
            rng.uniform(0, 360, m_random),
            np.full(m_random, 360.0),
        ]
    )
    random_assets[::4, 3] = random_assets[::4, 2] * rng.uniform(0.1, 0.8, m_random)[::4]
    random_assets[1::5, 5] = rng.uniform(5, 180, m_random)[1::5]
    assets = np.vstack([special, random_assets])
    lons, lats = [rng.uniform(-180, 180, 800)], [np.degrees(np.arcsin(rng.uniform(-1, 1, 800)))]
    lons += [np.array([180.0, -180.0, 179.999999, -179.999999, 0.0, 0.0])]
    lats += [np.array([10.5, 10.5, 9.8, 9.8, 90.0, -90.0])]
    for lon, lat, r_max, r_min, az, width in assets:
        lons.append(np.array([lon]))
        lats.append(np.array([lat]))
        radial = [r_max, r_max - 1.0, r_max + 1.0, r_max - 1e-3, r_max + 1e-3]
        if r_min > 0:
            radial += [r_min, r_min - 1.0, r_min + 1.0, r_min + 1e-3]
        distances = np.repeat(radial, 4)
        azimuths = np.tile(az + np.array([-0.45 * width, 0.45 * width, 0.0, 180.0]), len(radial))
        inside = rng.uniform(r_min, r_max, 30)
        scatter = rng.uniform(0.0, 1.2 * r_max, 30)
        sector_edges = az + np.array([-1, 1]) * width / 2 + np.array([[-1e-7], [1e-7]])
        edge_az = np.tile(sector_edges.ravel(), 3)
        edge_d = np.repeat([(r_min + r_max) / 2, r_max - 1.0, r_min + 1.0], 4)
        for a, d in [
            (azimuths, distances),
            (rng.uniform(0, 360, 30), inside),
            (rng.uniform(0, 360, 30), scatter),
            (edge_az, edge_d),
        ]:
            p_lon, p_lat = edge_points(lon, lat, np.asarray(a, dtype=float), d)
            lons.append(p_lon)
            lats.append(p_lat)
    return Scene(np.concatenate(lons), np.concatenate(lats), *assets.T)


@pytest.fixture(scope="module")
def scene() -> Scene:
    return make_scene(7)


@pytest.fixture(scope="module")
def truth(scene: Scene) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    return brute_force(scene)


def test_counts_equal_all_pairs_geod_inv(scene: Scene, truth: tuple) -> None:
    covered, _ = truth
    counts = coverage_counts(*scene.args(), **scene.kwargs())
    assert counts.dtype == np.int64
    np.testing.assert_array_equal(counts, covered.sum(axis=1))


def test_the_scene_exercises_every_edge(scene: Scene, truth: tuple) -> None:
    covered, distance = truth
    at_max = np.isclose(distance, scene.max_range_m, rtol=0, atol=1e-6)
    outside_by_1mm = np.isclose(distance, scene.max_range_m + 1e-3, rtol=0, atol=1e-6)
    assert at_max.sum() >= 100 and outside_by_1mm.sum() >= 100
    assert covered.any(axis=0).all() and (~covered).any(axis=0).all()
    assert (distance == 0).any()


def test_covering_assets_lists_the_pairs_with_exact_distances(scene: Scene, truth: tuple) -> None:
    covered, distance = truth
    result = covering_assets(*scene.args(), **scene.kwargs())
    assert isinstance(result, CoverMatrix)
    assert result.n_assets == scene.asset_lon.size
    assert result.n_points == scene.points_lon.size
    np.testing.assert_array_equal(result.counts(), covered.sum(axis=1))
    rows = np.repeat(np.arange(result.n_points), result.counts())
    expected_rows, expected_assets = np.nonzero(covered)
    np.testing.assert_array_equal(rows, expected_rows)
    np.testing.assert_array_equal(result.asset_index, expected_assets)
    assert result.distance_m is not None
    np.testing.assert_allclose(result.distance_m, distance[covered], rtol=0, atol=1e-9)
    some = int(np.argmax(covered.sum(axis=1)))
    np.testing.assert_array_equal(result.assets_of(some), np.flatnonzero(covered[some]))
    dense = result.to_scipy().toarray()
    np.testing.assert_allclose(dense[covered], distance[covered], rtol=0, atol=1e-9)
    assert dense.shape == covered.shape


def test_pairs_without_distances(scene: Scene, truth: tuple) -> None:
    covered, _ = truth
    result = covering_assets(*scene.args(), **scene.kwargs(), with_distance=False)
    assert result.distance_m is None
    np.testing.assert_array_equal(result.to_scipy().toarray(), covered)


def test_scalar_ranges_and_no_sector() -> None:
    rng = np.random.default_rng(3)
    p_lon, p_lat = rng.uniform(28, 34, 500), rng.uniform(47, 51, 500)
    a_lon, a_lat = rng.uniform(28, 34, 5), rng.uniform(47, 51, 5)
    counts = coverage_counts(p_lon, p_lat, a_lon, a_lat, 150e3)
    expected = sum(
        GEOD.inv(np.full(500, a_lon[j]), np.full(500, a_lat[j]), p_lon, p_lat)[2] <= 150e3
        for j in range(5)
    )
    np.testing.assert_array_equal(counts, expected)


def test_empty_inputs() -> None:
    none = np.zeros(0)
    one_lon, one_lat = np.array([30.0]), np.array([50.0])
    assert coverage_counts(none, none, one_lon, one_lat, [1e3]).shape == (0,)
    np.testing.assert_array_equal(coverage_counts([1.0, 2.0], [3.0, 4.0], none, none, none), [0, 0])
    no_assets = covering_assets([1.0, 2.0], [3.0, 4.0], none, none, none)
    np.testing.assert_array_equal(no_assets.indptr, [0, 0, 0])
    assert no_assets.n_assets == 0 and no_assets.asset_index.size == 0
    no_points = covering_assets(none, none, one_lon, one_lat, 1e3)
    np.testing.assert_array_equal(no_points.indptr, [0])
    assert no_points.distance_m.size == 0
    index, distance = nearest(none, none, one_lon, one_lat)
    assert index.shape == distance.shape == (0,)
    index, distance = nearest([1.0], [2.0], none, none)
    np.testing.assert_array_equal(index, [-1])
    np.testing.assert_array_equal(distance, [np.inf])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"points_lon": [0.0, 181.0]}, "points[1].lon"),
        ({"points_lat": [0.0, -90.5]}, "points[1].lat"),
        ({"asset_lat": [0.0, 0.0, float("nan")]}, "assets[2].lat"),
        ({"max_range_m": [1e3, 1e3]}, "max_range_m"),
        ({"max_range_m": [1e3, 1e3, -5.0]}, "max_range_m[2]"),
        ({"max_range_m": [1e3, MAX_RADIUS_M, 1e3]}, "max_range_m[1]"),
        ({"min_range_m": [0.0, 1e3, 0.0]}, "min_range_m[1]"),
        ({"min_range_m": [-1.0, 0.0, 0.0]}, "min_range_m[0]"),
        ({"width_deg": [360.0, 0.0, 10.0], "azimuth_deg": 0.0}, "width_deg[1]"),
        ({"width_deg": [360.0, 10.0, 400.0], "azimuth_deg": 0.0}, "width_deg[2]"),
        ({"width_deg": 90.0, "azimuth_deg": [0.0, float("inf"), 0.0]}, "azimuth_deg[1]"),
        ({"azimuth_deg": 10.0}, "azimuth_deg"),
        ({"width_deg": 10.0}, "width_deg"),
    ],
)
def test_bad_input_names_the_field(change: dict, field: str) -> None:
    arguments: dict = {
        "points_lon": [0.0, 1.0],
        "points_lat": [0.0, 1.0],
        "asset_lon": [0.0, 1.0, 2.0],
        "asset_lat": [0.0, 1.0, 2.0],
        "max_range_m": [1e3, 1e3, 1e3],
    }
    arguments.update(change)
    for function in (coverage_counts, covering_assets):
        with pytest.raises(GeoInputError) as caught:
            function(**arguments)
        assert caught.value.field == field
        assert str(caught.value).startswith(f"{field}: ")


def brute_nearest(
    p_lon: NDArray[np.float64],
    p_lat: NDArray[np.float64],
    s_lon: NDArray[np.float64],
    s_lat: NDArray[np.float64],
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    n = p_lon.size
    rows = [
        GEOD.inv(np.full(n, lo), np.full(n, la), p_lon, p_lat)[2]
        for lo, la in zip(s_lon, s_lat, strict=True)
    ]
    table = np.column_stack(rows)
    index = np.argmin(table, axis=1)
    return index, table[np.arange(n), index]


@pytest.fixture(params=["pairs", "pairs in small blocks", "tree"])
def candidates_from(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """nearest() finds its candidates from every pair or from a KD-tree: test every way."""
    if request.param == "tree":
        monkeypatch.setattr(kernel, "_PAIRS_WITHOUT_TREE", 0)
    if request.param == "pairs in small blocks":
        monkeypatch.setattr(kernel, "_BLOCK", 1000)
    return str(request.param)


@pytest.mark.usefixtures("candidates_from")
def test_nearest_equals_brute_force() -> None:
    rng = np.random.default_rng(11)
    s_lon = np.r_[rng.uniform(-180, 180, 150), 179.99, -179.99, 0.0, 123.0]
    s_lat = np.r_[np.degrees(np.arcsin(rng.uniform(-1, 1, 150))), -5.0, -5.0, 90.0, -89.9]
    p_lon = np.r_[rng.uniform(-180, 180, 1500), 180.0, -180.0, 77.0, 0.0]
    p_lat = np.r_[np.degrees(np.arcsin(rng.uniform(-1, 1, 1500))), -5.0, -5.0, 89.99, -90.0]
    # Points midway between two sites (near ties) and on the sites themselves.
    mid_lon, mid_lat = GEOD.npts(s_lon[0], s_lat[0], s_lon[1], s_lat[1], 1)[0]
    p_lon, p_lat = np.r_[p_lon, mid_lon, s_lon[:20]], np.r_[p_lat, mid_lat, s_lat[:20]]
    index, distance = nearest(p_lon, p_lat, s_lon, s_lat)
    expected_index, expected_distance = brute_nearest(p_lon, p_lat, s_lon, s_lat)
    np.testing.assert_array_equal(index, expected_index)
    np.testing.assert_allclose(distance, expected_distance, rtol=0, atol=1e-9)
    assert index.dtype == np.int64


@pytest.mark.usefixtures("candidates_from")
def test_nearest_prefers_the_lowest_index_on_ties() -> None:
    index, distance = nearest([10.0, 10.0], [20.0, 21.0], [11.0, 10.0, 10.0], [20.0, 20.0, 20.0])
    np.testing.assert_array_equal(index, [1, 1])
    assert distance[0] == 0.0


@pytest.mark.usefixtures("candidates_from")
def test_nearest_with_one_far_site() -> None:
    index, distance = nearest([0.0, 179.0], [0.0, 1.0], [180.0], [0.0])
    np.testing.assert_array_equal(index, [0, 0])
    np.testing.assert_allclose(
        distance, GEOD.inv([180.0, 180.0], [0.0, 0.0], [0.0, 179.0], [0.0, 1.0])[2], atol=1e-9
    )


lons = st.floats(-180.0, 180.0)
lats = st.floats(-90.0, 90.0)


@st.composite
def small_scenes(draw: st.DrawFn) -> Scene:
    n = draw(st.integers(1, 12))
    m = draw(st.integers(1, 5))
    p_lon = np.array(draw(st.lists(lons, min_size=n, max_size=n)))
    p_lat = np.array(draw(st.lists(lats, min_size=n, max_size=n)))
    a_lon = np.array(draw(st.lists(lons, min_size=m, max_size=m)))
    a_lat = np.array(draw(st.lists(lats, min_size=m, max_size=m)))
    r_max = np.array(draw(st.lists(st.floats(1.0, 19_000_000.0), min_size=m, max_size=m)))
    r_min = r_max * np.array(draw(st.lists(st.floats(0.0, 0.99), min_size=m, max_size=m)))
    azimuth = np.array(draw(st.lists(st.floats(0.0, 360.0), min_size=m, max_size=m)))
    widths = st.one_of(st.just(360.0), st.floats(0.5, 359.5))
    width = np.array(draw(st.lists(widths, min_size=m, max_size=m)))
    # Near each asset a point at its max range, so that edges are often hit.
    on_edge_lon, on_edge_lat = edge_points(a_lon[0], a_lat[0], azimuth[:1], r_max[:1])
    p_lon, p_lat = np.r_[p_lon, on_edge_lon], np.r_[p_lat, on_edge_lat]
    return Scene(p_lon, p_lat, a_lon, a_lat, r_max, r_min, azimuth, width)


@settings(max_examples=60, deadline=None)
@given(small_scenes())
def test_counts_equal_brute_force_on_small_cases(scene: Scene) -> None:
    covered, _ = brute_force(scene)
    counts = coverage_counts(*scene.args(), **scene.kwargs())
    np.testing.assert_array_equal(counts, covered.sum(axis=1))


@settings(max_examples=40, deadline=None)
@given(small_scenes(), lons, lats, st.floats(1.0, 5_000_000.0))
def test_adding_an_asset_never_lowers_a_count(
    scene: Scene, lon: float, lat: float, r_max: float
) -> None:
    before = coverage_counts(*scene.args(), **scene.kwargs())
    after = coverage_counts(
        scene.points_lon,
        scene.points_lat,
        np.r_[scene.asset_lon, lon],
        np.r_[scene.asset_lat, lat],
        np.r_[scene.max_range_m, r_max],
        min_range_m=np.r_[scene.min_range_m, 0.0],
        azimuth_deg=np.r_[scene.azimuth_deg, 0.0],
        width_deg=np.r_[scene.width_deg, 360.0],
    )
    assert (after >= before).all()


def test_dense_points_around_many_edges() -> None:
    """Thousands of points per range edge: whole cells are decided near every edge."""
    rng = np.random.default_rng(5)
    n, m = 12000, 25
    p_lon, p_lat = rng.uniform(30.0, 30.6, n), rng.uniform(50.0, 50.4, n)
    a_lon, a_lat = rng.uniform(29.5, 31.1, m), rng.uniform(49.7, 50.7, m)
    r_max = rng.uniform(10e3, 60e3, m)
    r_min = np.where(np.arange(m) % 3 == 0, r_max * 0.4, 0.0)
    none = np.full(m, 360.0)
    scene = Scene(p_lon, p_lat, a_lon, a_lat, r_max, r_min, none, none)
    covered, _ = brute_force(scene)
    counts = coverage_counts(*scene.args(), **scene.kwargs())
    np.testing.assert_array_equal(counts, covered.sum(axis=1))
