"""Targets as the analysis counts them, and which assets cover each one whole.

``whole_cover`` applies the analysis's rule (see ``umbrella.coverage.targets``) to a table
of assets at once, through ``tiles.covering_pairs`` (exact like the kernel): an asset covers
a target when it covers every one of the target's samples and, for a non-point target and
an asset with a minimum range, when the asset does not stand on the target.

``features`` merges the targets of one public-layer feature held by several target sets,
as the summary does (``umbrella.coverage.summary.distinct_features``): the feature meets
its requirement only when it meets every set's, that is the largest minimum depth and every
required tier; its weight is the largest of its sets' weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import shapely

from umbrella.coverage.assets import AssetTable
from umbrella.coverage.siting.request import WeightRule
from umbrella.coverage.siting.tiles import covering_pairs
from umbrella.coverage.summary import feature_key
from umbrella.coverage.targets import TargetTable

__all__ = ["Features", "features", "whole_cover"]


def whole_cover(table: TargetTable, assets: AssetTable) -> tuple[np.ndarray, np.ndarray]:
    """(indptr, asset index): the assets covering each whole target (CSR, ascending)."""
    n_targets, n_assets = len(table), len(assets)
    if n_assets == 0 or n_targets == 0:
        return np.zeros(n_targets + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    indptr, covering = covering_pairs(table.sample_lon, table.sample_lat, assets)
    owner = np.repeat(table.sample_owner, np.diff(indptr))
    keys, hits = np.unique(owner * n_assets + covering, return_counts=True)
    target, asset = np.divmod(keys, n_assets)
    samples = np.bincount(table.sample_owner, minlength=n_targets)
    whole = hits == samples[target]
    geometries = np.asarray(table.geometries, dtype=object)
    shaped = shapely.get_type_id(geometries[target]) != shapely.GeometryType.POINT
    check = np.flatnonzero(whole & shaped & (assets.min_range_m[asset] > 0))
    if check.size:
        stands = shapely.intersects_xy(
            geometries[target[check]], assets.lon[asset[check]], assets.lat[asset[check]]
        )
        whole[check[stands]] = False
    indptr = np.zeros(n_targets + 1, dtype=np.int64)
    np.cumsum(np.bincount(target[whole], minlength=n_targets), out=indptr[1:])
    return indptr, asset[whole].astype(np.int64)


@dataclass(frozen=True, eq=False)
class Features:
    """One row per counted feature: its first target, weight, requirement and measures."""

    keys: tuple[tuple[str, str], ...]
    names: tuple[str, ...]
    target: np.ndarray  # index of the feature's first target in the table
    weight: np.ndarray  # by the weight rules
    mw: np.ndarray  # capacity of an energy node, else 0
    population: np.ndarray  # people of a city, else 0
    min_depth: np.ndarray
    required: tuple[frozenset[str], ...]

    def __len__(self) -> int:
        return len(self.keys)


@dataclass
class _Merged:
    target: int
    weight: float
    min_depth: int
    required: frozenset[str]


def features(table: TargetTable, rules: Mapping[str, WeightRule]) -> Features:
    """The features behind the targets, each once (see the module)."""
    merged: dict[tuple[str, str], _Merged] = {}
    for t in range(len(table)):
        rule = rules[table.set_ids[t]]
        weight = rule.factor * float(table.weights[t]) if rule.natural else rule.factor
        key = feature_key(table.kinds[t], table.ids[t])
        seen = merged.get(key)
        if seen is None:
            required = frozenset(table.required_tiers[t])
            merged[key] = _Merged(t, weight, table.min_depth[t], required)
        else:
            seen.weight = max(seen.weight, weight)
            seen.min_depth = max(seen.min_depth, table.min_depth[t])
            seen.required = seen.required | frozenset(table.required_tiers[t])
    rows = list(merged.values())
    first = np.array([row.target for row in rows], dtype=np.int64)
    kinds = np.array([table.kinds[t] for t in first.tolist()], dtype=object)
    natural = table.weights[first] if first.size else np.zeros(0)
    return Features(
        keys=tuple(merged),
        names=tuple(table.names[t] for t in first.tolist()),
        target=first,
        weight=np.array([row.weight for row in rows], dtype=float),
        mw=np.where(kinds == "energy", natural, 0.0).astype(float),
        population=np.where(kinds == "city", natural, 0.0).astype(float),
        min_depth=np.array([row.min_depth for row in rows], dtype=np.int64),
        required=tuple(row.required for row in rows),
    )
