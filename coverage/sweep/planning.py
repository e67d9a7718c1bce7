"""Planning a sweep: the plan the workers receive (``plan.SweepPlan``), built once from the
resolved scenario, and its setting, which only the writer needs: the targets with their
geometries, the regions and the grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.analysis import area_and_regions
from umbrella.coverage.assets import AssetTable
from umbrella.coverage.grid import GridLayout, grid_layout
from umbrella.coverage.places import resolve_places
from umbrella.coverage.scenario import Scenario
from umbrella.coverage.summary import feature_key
from umbrella.coverage.sweep.draws import DrawModel
from umbrella.coverage.sweep.pairs import Pairs
from umbrella.coverage.sweep.plan import SweepPlan
from umbrella.coverage.targets import TargetTable, gather_targets
from umbrella.geo.curves import GEOD
from umbrella.geo.kernel import covering_assets, within_sector

__all__ = ["SweepSetting", "plan_sweep", "point_pairs", "target_pairs"]


def _sample_pairs(
    lon: np.ndarray, lat: np.ndarray, assets: AssetTable, widest_m: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sample, asset, distance) of every sample within an asset's widest reach and sector."""
    cover = covering_assets(lon, lat, assets.lon, assets.lat, widest_m, with_distance=True)
    sample = np.repeat(np.arange(cover.n_points, dtype=np.int64), cover.counts())
    asset, distance = cover.asset_index, cover.distance_m
    assert distance is not None  # asked for
    fan = np.flatnonzero(assets.width_deg[asset] < 360.0)
    if fan.size:
        j, i = asset[fan], sample[fan]
        azimuth, _, _ = GEOD.inv(assets.lon[j], assets.lat[j], lon[i], lat[i])
        inside = within_sector(
            azimuth, distance[fan], assets.azimuth_deg[j], assets.width_deg[j] / 2.0
        )
        keep = np.ones(asset.size, dtype=bool)
        keep[fan[~inside]] = False
        sample, asset, distance = sample[keep], asset[keep], distance[keep]
    return sample, asset, distance


def point_pairs(
    lon: np.ndarray, lat: np.ndarray, assets: AssetTable, widest_m: np.ndarray
) -> Pairs:
    """The pairs (see ``pairs``) of points (cell centres) and assets."""
    row, asset, distance = _sample_pairs(lon, lat, assets, widest_m)
    return Pairs(len(lon), row, asset, distance, distance, np.zeros(row.size, dtype=bool))


def target_pairs(
    sample_lon: np.ndarray,
    sample_lat: np.ndarray,
    sample_owner: np.ndarray,
    geometries: tuple[BaseGeometry, ...],
    assets: AssetTable,
    widest_m: np.ndarray,
) -> Pairs:
    """The pairs (see ``pairs``) of targets and assets; targets are given by their samples
    (``sample_owner`` ascending)."""
    n_targets, n_assets = len(geometries), len(assets)
    sample, asset, distance = _sample_pairs(sample_lon, sample_lat, assets, widest_m)
    key = sample_owner[sample] * n_assets + asset
    order = np.argsort(key, kind="stable")
    key, distance = key[order], distance[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else np.zeros(0, int)
    target, asset = np.divmod(key[starts], n_assets)
    held = np.diff(np.r_[starts, key.size])  # samples of the target the asset could cover
    whole = held == np.bincount(sample_owner, minlength=n_targets)[target]
    far = np.maximum.reduceat(distance, starts) if starts.size else np.zeros(0)
    near = np.minimum.reduceat(distance, starts) if starts.size else np.zeros(0)
    target, asset, far, near = target[whole], asset[whole], far[whole], near[whole]
    shapes = np.asarray(geometries, dtype=object)[target]
    on_target = np.zeros(target.size, dtype=bool)
    shaped = np.flatnonzero(shapely.get_type_id(shapes) != shapely.GeometryType.POINT)
    if shaped.size:
        on_target[shaped] = shapely.intersects_xy(
            shapes[shaped], assets.lon[asset[shaped]], assets.lat[asset[shaped]]
        )
    return Pairs(n_targets, target, asset, far, near, on_target)


@dataclass(frozen=True, eq=False)
class SweepSetting:
    """What the writer needs beside the plan: the resolved scenario and its targets, the
    regions (codes in plan order, names) and the grid (its layout and the cells in the area,
    in plan order)."""

    scenario: Scenario
    targets: TargetTable
    region_codes: tuple[str, ...]
    region_names: tuple[str, ...]
    area_of_interest: BaseGeometry
    layout: GridLayout
    cells: np.ndarray  # the numbers of the plan's cells in the layout


def plan_sweep(scenario: Scenario, days: Sequence[int]) -> tuple[SweepPlan, SweepSetting]:
    """The plan of a sweep of these phase days, and its setting (place names are resolved)."""
    resolved = resolve_places(scenario)
    area, regions = area_and_regions(resolved)
    table = gather_targets(resolved, regions)
    model = DrawModel.of(resolved)
    covering = [asset for asset in resolved.assets if not asset.is_sensor]
    assets = AssetTable.of(resolved, covering)
    widest = model.widest_m()
    layout = grid_layout(area, resolved.grid_cell_km * 1000.0)
    chunks = list(layout.inside(area))
    cell_numbers = np.concatenate([index for index, _, _ in chunks])
    cell_lon = np.concatenate([lon for _, lon, _ in chunks])
    cell_lat = np.concatenate([lat for _, _, lat in chunks])
    names = regions.names_by_code()
    codes = tuple(names)
    features = _features(table, codes)
    plan = SweepPlan(
        model=model,
        days=tuple(days),
        in_place=np.array([[a.in_place(day) for a in covering] for day in days], dtype=bool),
        targets=target_pairs(
            table.sample_lon, table.sample_lat, table.sample_owner, table.geometries, assets, widest
        ),
        min_depth=np.array(table.min_depth, dtype=np.int64),
        required=np.array(
            [[tier in needed for tier in model.tier_names] for needed in table.required_tiers],
            dtype=bool,
        ).reshape(len(table), len(model.tier_names)),
        feature_of=features[0],
        feature_mw=features[1],
        feature_people=features[2],
        feature_region=features[3],
        n_regions=len(codes),
        cells=point_pairs(cell_lon, cell_lat, assets, widest),
    )
    setting = SweepSetting(
        scenario=resolved,
        targets=table,
        region_codes=codes,
        region_names=tuple(str(name) for name in names.values()),
        area_of_interest=area,
        layout=layout,
        cells=cell_numbers,
    )
    return plan, setting


def _features(
    table: TargetTable, codes: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(feature of each target, MW, people and region index of each feature), features in the
    order of their first target; a feature takes its first target's weight."""
    index: dict[tuple[str, str], int] = {}
    first: list[int] = []
    feature_of = np.empty(len(table), dtype=np.int64)
    for t, (kind, target_id) in enumerate(zip(table.kinds, table.ids, strict=True)):
        feature = index.setdefault(feature_key(kind, target_id), len(first))
        if feature == len(first):
            first.append(t)
        feature_of[t] = feature
    kinds = np.array([table.kinds[t] for t in first], dtype=object)
    weights = table.weights[np.array(first, dtype=np.int64)] if first else np.zeros(0)
    region_index = {code: i for i, code in enumerate(codes)}
    regions = np.array([region_index.get(table.regions[t], -1) for t in first], dtype=np.int64)
    return (
        feature_of,
        np.where(kinds == "energy", weights, 0.0).astype(float),
        np.where(kinds == "city", weights, 0.0).astype(float),
        regions,
    )
