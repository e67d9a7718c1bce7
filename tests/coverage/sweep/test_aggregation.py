"""What the driver makes of the chunks: counts and per-draw figures however the chunks come,
percentiles as numpy gives them over every draw, the shares explained as their definition
gives them, and the depth-probability layer's classes and areas."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from rasterio.io import MemoryFile

from umbrella.coverage.sweep.areas import probability_areas, probability_cog
from umbrella.coverage.sweep.chunk import chunks, run_chunk
from umbrella.coverage.sweep.plan import SweepPlan
from umbrella.coverage.sweep.planning import SweepSetting
from umbrella.coverage.sweep.result import CLASSES
from umbrella.coverage.sweep.sensitivity import binary_share, decile_groups, share_explained
from umbrella.coverage.sweep.tally import PERCENTILES, SweepTally, ValueCounts


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.sampled_from([0.0, 1.5, 2.25, 1e6, 3.0]), min_size=1, max_size=60),
    cuts=st.lists(st.integers(0, 60), max_size=5),
)
def test_value_counts_give_numpys_percentiles(values: list[float], cuts: list[int]) -> None:
    counts = ValueCounts()
    edges = sorted({0, len(values), *(c for c in cuts if c < len(values))})
    for start, stop in itertools.pairwise(edges):
        counts.add(np.array(values[start:stop]))
    assert counts.percentiles() == tuple(np.percentile(values, PERCENTILES))


def test_chunks_cover_every_draw_once_whatever_the_number() -> None:
    for n in (1, 7, 64, 65, 1000, 123_457):
        parts = chunks(n)
        assert [first for first, _ in parts] == list(np.cumsum([0] + [c for _, c in parts])[:-1])
        assert sum(count for _, count in parts) == n


def test_a_tally_is_the_same_in_any_order(small_plan: tuple[SweepPlan, SweepSetting]) -> None:
    plan, _ = small_plan
    results = [run_chunk(plan, 4, first, count) for first, count in chunks(30)]
    ordered, shuffled = SweepTally(plan, 30), SweepTally(plan, 30)
    for chunk in results:
        ordered.add(chunk)
    random.Random(1).shuffle(results)
    for chunk in [*results, results[0]]:  # a chunk that comes twice counts once
        shuffled.add(chunk)
    assert shuffled.complete and ordered.complete
    assert np.array_equal(ordered.meets, shuffled.meets)
    assert np.array_equal(ordered.mw, shuffled.mw)
    assert all(
        np.array_equal(a, b) for a, b in zip(ordered.site_sums(), shuffled.site_sums(), strict=True)
    )
    one = run_chunk(plan, 4, 0, 30)
    assert np.array_equal(ordered.meets, one.meets)
    assert np.array_equal(ordered.people, one.people)
    assert np.array_equal(ordered.depth_at_least, one.depth_at_least)
    for p in range(len(plan.days)):
        for r in range(plan.n_regions):
            expected = tuple(np.percentile(one.region_mw[p, :, r], PERCENTILES))
            assert ordered.region_mw[p][r].percentiles() == expected


def test_the_share_explained_is_the_variance_of_the_group_means() -> None:
    rng = np.random.default_rng(3)
    x = rng.random(5000)
    y = 4.0 * x + rng.normal(0, 1, 5000)
    groups = decile_groups(x)
    frame = pd.DataFrame({"y": y, "g": groups})
    means = frame.groupby("g")["y"].transform("mean")
    expected = ((means - y.mean()) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert share_explained(y, groups) == pytest.approx(expected, rel=1e-12)
    # 4x has variance 16/12 against a noise of 1: X explains 4/7, less the binning's loss
    assert share_explained(y, groups) == pytest.approx(4 / 7, abs=0.03)
    assert share_explained(y, rng.integers(0, 10, 5000)) < 0.01
    assert share_explained(np.full(10, 2.0), np.arange(10)) == 0.0


def test_a_sites_share_from_its_sums_is_that_of_its_two_groups() -> None:
    rng = np.random.default_rng(4)
    down = rng.random((400, 3)) < [0.1, 0.5, 0.0]
    y = 10.0 - 6.0 * down[:, 0] + rng.normal(0, 1, 400)
    shares = binary_share(y, down.sum(axis=0), (down * y[:, None]).sum(axis=0))
    for j in range(3):
        assert shares[j] == pytest.approx(share_explained(y, down[:, j].astype(int)), abs=1e-12)
    assert shares[0] > 0.5 and shares[2] == 0.0


def test_probability_classes_and_areas(small_plan: tuple[SweepPlan, SweepSetting]) -> None:
    plan, setting = small_plan
    layout = setting.layout
    shares = np.linspace(0.0, 1.0, 3 * plan.cells.n_rows).reshape(3, -1)
    areas = probability_areas(layout, setting.cells, shares)
    cell_km2 = (layout.cell_size_m / 1000.0) ** 2
    lon, lat = layout.centres(setting.cells)
    for area in areas:
        level = area.depth_at_least - 1
        share = shares[level]
        inside = {
            "robust": share >= 0.95,
            "exposed": share <= 0.05,
            "contested": (share > 0.05) & (share < 0.95),
        }[area.robustness]
        assert area.area_km2 == inside.sum() * cell_km2
        contains = shapely.contains_xy(area.geometry, lon, lat)
        assert np.array_equal(contains, inside)
    assert {a.robustness for a in areas} == set(CLASSES)
    cog = probability_cog(layout, setting.cells, shares, {})
    with MemoryFile(cog) as memory, memory.open() as dataset:
        bands = dataset.read().reshape(3, -1)
        assert dataset.count == 3
        assert pyproj.CRS(dataset.crs.to_wkt()).equals(layout.crs, ignore_axis_order=True)
    assert np.array_equal(bands[:, setting.cells], shares.astype(np.float32))
    outside = np.setdiff1d(np.arange(layout.width * layout.height), setting.cells)
    assert np.isnan(bands[:, outside]).all()
