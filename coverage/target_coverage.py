"""Each target's coverage on a day: the assets covering all of it, their tiers and distances.

The rule is that of ``umbrella.coverage.targets``: an asset covers a target when it covers every
one of the target's samples and, with a minimum range, does not stand on a non-point target.
Everything is computed on the (sample, asset) pairs of the exact kernel at once, in arrays;
the records are built column by column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import shapely
from numpy.typing import NDArray

from umbrella.coverage.assets import AssetTable
from umbrella.coverage.depth import meets_requirement
from umbrella.coverage.result import TargetCoverage, records_by_column
from umbrella.coverage.targets import TargetTable
from umbrella.geo import CoverMatrix

__all__ = ["round_half_even", "target_coverage"]

# |x * 10^digits - (k + 1/2)| below this (relative) may round the other way in floats
_NEAR_HALF = 1e-9


def target_coverage(
    table: TargetTable, assets: AssetTable, seen: Mapping[str, tuple[str, ...]]
) -> tuple[TargetCoverage, ...]:
    """For each target: the assets covering every one of its samples, their tiers and distances,
    and the altitude bands at which the air picture sees it (``seen``: target ids per band)."""
    target, asset, nearest_m = _covering_pairs(
        table, assets, assets.covering(table.sample_lon, table.sample_lat)
    )
    n = len(table)
    bounds = np.searchsorted(target, np.arange(n + 1)).tolist()
    tier_names = sorted(set(assets.tiers))
    tier_code = np.array([tier_names.index(tier) for tier in assets.tiers], dtype=np.int64)
    present = np.zeros((n, len(tier_names)), dtype=bool)
    present[target, tier_code[asset]] = True
    tier_sets, tier_set_of = _name_sets(present, tier_names)
    meets = _meets(table, tier_sets, tier_set_of)
    band_names = list(seen)
    in_band = np.zeros((n, len(band_names)), dtype=bool)
    for b, band_ids in enumerate(seen.values()):
        in_band[:, b] = np.fromiter(map(set(band_ids).__contains__, table.ids), bool, count=n)
    band_sets, band_set_of = _name_sets(in_band, band_names)
    # tuples: a slice of one is the target's tuple
    ids = tuple(map(assets.ids.__getitem__, asset.tolist()))
    km = tuple(round_half_even(nearest_m / 1000.0, 3).tolist())
    spans = list(map(slice, bounds[:-1], bounds[1:]))
    tiers = list(map(tier_sets.__getitem__, tier_set_of.tolist()))
    return records_by_column(
        TargetCoverage,
        {
            "id": table.ids,
            "target_set": table.set_ids,
            "name": table.names,
            "kind": table.kinds,
            "weight": table.weights.tolist(),
            "region": table.regions,
            "geometry": table.geometries,
            "asset_ids": list(map(ids.__getitem__, spans)),
            "asset_distances_km": list(map(km.__getitem__, spans)),
            "tiers": tiers,
            "depth": list(map(len, tiers)),
            "min_depth": table.min_depth,
            "required_tiers": table.required_tiers,
            "meets_requirement": meets.tolist(),
            "seen_in_bands": list(map(band_sets.__getitem__, band_set_of.tolist())),
            "fuel": table.fuels,
        },
    )


def _covering_pairs(
    table: TargetTable, assets: AssetTable, cover: CoverMatrix
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """(target, asset, nearest distance in m) of every asset covering a whole target, sorted by
    target then asset; the distance is the least over the target's samples."""
    distance = cover.distance_m
    assert distance is not None  # asked for with_distance (the default)
    n_assets = max(len(assets), 1)
    sample = np.repeat(np.arange(cover.n_points), np.diff(cover.indptr))
    key = table.sample_owner[sample] * n_assets + cover.asset_index
    # a point target's pairs are already in order: the stable sort only merges the others'
    order = np.argsort(key, kind="stable")
    key, distance = key[order], distance[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else key
    nearest_m = np.minimum.reduceat(distance, first) if key.size else distance
    samples_covered = np.diff(np.r_[first, key.size])
    target, asset = np.divmod(key[first], n_assets)
    samples = np.bincount(table.sample_owner, minlength=len(table))
    kept = samples_covered == samples[target]
    kept[_standing_on(table, assets, target, asset, kept)] = False
    return target[kept], asset[kept], nearest_m[kept]


def _standing_on(
    table: TargetTable,
    assets: AssetTable,
    target: NDArray[np.int64],
    asset: NDArray[np.int64],
    kept: NDArray[np.bool_],
) -> NDArray[np.int64]:
    """Positions of the kept pairs whose asset has a minimum range and stands on a non-point
    target: its blind disc lies inside the target, out of reach of the boundary samples."""
    geometries = np.array(table.geometries, dtype=object)
    not_point = shapely.get_type_id(geometries) != shapely.GeometryType.POINT
    candidates = np.flatnonzero(kept & (assets.min_range_m[asset] != 0) & not_point[target])
    on = shapely.intersects_xy(
        geometries[target[candidates]],
        assets.lon[asset[candidates]],
        assets.lat[asset[candidates]],
    )
    return candidates[on]


def _name_sets(
    member: NDArray[np.bool_], names: Sequence[str]
) -> tuple[list[tuple[str, ...]], NDArray[np.int64]]:
    """The distinct rows of a (rows, names) membership matrix as tuples of names (in the
    order of ``names``), and the index of each row's tuple.

    Each row is packed into bytes and compared as one value (sorting rows of booleans
    column by column costs forty times more)."""
    bits = np.packbits(member, axis=1, bitorder="little")  # (rows, ceil(names / 8))
    width = max(bits.shape[1], 1)  # a value of no bytes has no type
    packed = np.zeros((member.shape[0], width), dtype=np.uint8)
    packed[:, : bits.shape[1]] = bits
    keys = packed.view(np.dtype((np.void, width))).reshape(-1)
    distinct, index = np.unique(keys, return_inverse=True)
    rows = np.unpackbits(
        distinct.view(np.uint8).reshape(-1, width), axis=1, count=len(names), bitorder="little"
    )
    named = [tuple(names[k] for k in np.flatnonzero(row).tolist()) for row in rows]
    return named, index.reshape(-1)


def _meets(
    table: TargetTable, tier_sets: list[tuple[str, ...]], tier_set_of: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Whether each target meets its requirement: decided once per distinct pair of its
    requirement and its tiers."""
    pairs = list(zip(table.min_depth, table.required_tiers, strict=True))
    listed = list(dict.fromkeys(pairs))
    code = {pair: i for i, pair in enumerate(listed)}
    requirement_of = np.fromiter(map(code.__getitem__, pairs), dtype=np.int64, count=len(table))
    width = len(tier_sets)  # at least 1 when there are targets
    combinations, index = np.unique(requirement_of * width + tier_set_of, return_inverse=True)
    decided = [
        meets_requirement(set(tier_sets[c % width]), *listed[c // width])
        for c in combinations.tolist()
    ]
    return np.array(decided, dtype=bool)[index.reshape(-1)]


def round_half_even(values: NDArray[np.float64], digits: int) -> NDArray[np.float64]:
    """``round(v, digits)`` of Python for every value: the nearest multiple of 10^-digits to
    the exact value of v, ties to even. NumPy's rounding scales first, which can turn a value
    just off a tie into one; those few are rounded by Python."""
    scaled = values * 10.0**digits
    rounded = np.round(values, digits)
    off_half = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5)
    doubtful = np.flatnonzero(off_half <= _NEAR_HALF * np.maximum(np.abs(scaled), 1.0))
    rounded[doubtful] = [round(v, digits) for v in values[doubtful].tolist()]
    return rounded
