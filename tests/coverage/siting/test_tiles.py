"""The tiled kernel gives exactly the kernel's answer, ranges, holes and sectors included."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from umbrella.coverage.assets import AssetTable
from umbrella.coverage.siting.tiles import TILE_ASSETS, covering_pairs


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(-10.0, -5.0), (170.0, 40.0), (60.0, 79.9)]))
def test_tiles_give_the_kernels_answer(seed: int, window: tuple[float, float]) -> None:
    rng = np.random.default_rng(seed)
    n, m = 3000, TILE_ASSETS * 4
    west, lat_low = window  # around the equator, across the antimeridian, near the pole
    lon = (rng.uniform(west, west + 20.0, n) + 180.0) % 360.0 - 180.0
    lat = rng.uniform(lat_low, min(lat_low + 10.0, 89.9), n)
    pick = rng.integers(0, n, m // 2)  # half the assets stand on points (distance 0)
    a_lon = np.r_[lon[pick], (rng.uniform(west, west + 20.0, m - pick.size) + 180) % 360 - 180]
    a_lat = np.r_[lat[pick], rng.uniform(lat_low, min(lat_low + 10.0, 89.9), m - pick.size)]
    high = rng.uniform(5e3, 150e3, m)
    assets = AssetTable(
        ids=tuple(str(j) for j in range(m)),
        kinds=("air_defence",) * m,
        tiers=("t",) * m,
        lon=a_lon,
        lat=a_lat,
        max_range_m=high,
        min_range_m=np.where(rng.random(m) < 0.3, high * 0.2, 0.0),
        azimuth_deg=rng.uniform(0.0, 360.0, m),
        width_deg=np.where(rng.random(m) < 0.3, rng.uniform(10.0, 200.0, m), 360.0),
        horizon_limited=np.zeros(m, dtype=bool),
    )
    indptr, index = covering_pairs(lon, lat, assets)
    expected = assets.covering(lon, lat, with_distance=False)
    assert np.array_equal(indptr, expected.indptr)
    assert np.array_equal(index, expected.asset_index)
    assert index.size > 0
