"""The exact kernel over many assets at once, tile by tile.

``umbrella.geo.covering_assets`` compares every cell of points with every asset, which is
right for tens or hundreds of assets; thousands of candidate sites with short ranges would
make that product the whole cost. Here the assets are grouped into tiles on the conformal
sphere, and each tile is sent to the kernel with only the points that could be in reach of
one of its assets: within the tile's radius plus its largest reach, as a central angle that
bounds every geodesic distance from below (``umbrella.geo.conformal.radius_bounds``). The
prefilter only drops pairs that cannot cover; every pair it keeps is decided by the kernel,
so the answer is the kernel's, exactly.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial import cKDTree

from umbrella.coverage.assets import AssetTable
from umbrella.geo import covering_assets
from umbrella.geo.conformal import G_POLE, chord_squared, radius_bounds, unit_vectors

__all__ = ["TILE_ASSETS", "covering_pairs"]

TILE_ASSETS = 64
"""Below this many assets the kernel is called once, without tiles."""
TILE_EDGE_M = 50_000.0
"""Least edge of a tile (tiles are at least twice the typical range): fewer, fuller calls."""
_MARGIN = 1e-6  # relative growth of every angle bound: far above rounding


def covering_pairs(
    lon: np.ndarray, lat: np.ndarray, assets: AssetTable
) -> tuple[np.ndarray, np.ndarray]:
    """(indptr, asset index): which assets cover each point (CSR, ascending), exactly."""
    n = int(np.asarray(lon).size)
    if len(assets) <= TILE_ASSETS or n == 0:
        cover = assets.covering(lon, lat, with_distance=False)
        return cover.indptr, cover.asset_index
    vectors = unit_vectors(assets.lon, assets.lat)
    edge = max(2.0 * float(np.median(assets.max_range_m)), TILE_EDGE_M) / G_POLE
    cells = np.floor((vectors + 1.0) / edge).astype(np.int64)
    _, tile_of = np.unique(cells, axis=0, return_inverse=True)
    tile_of = tile_of.ravel()
    g_lo, _ = radius_bounds(assets.lat, assets.max_range_m)
    reach = assets.max_range_m / g_lo * (1 + _MARGIN)  # angle beyond which nothing is covered
    tree = cKDTree(unit_vectors(lon, lat))
    points: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    for tile in range(int(tile_of.max()) + 1):
        members = np.flatnonzero(tile_of == tile)
        centre = vectors[members].sum(axis=0)
        centre /= np.linalg.norm(centre)
        spread = 2.0 * np.arcsin(
            np.minimum(np.linalg.norm(vectors[members] - centre, axis=1).max() / 2.0, 1.0)
        )
        angle = (spread + float(reach[members].max())) * (1 + _MARGIN) + 1e-12
        radius = math.sqrt(float(chord_squared(min(angle, math.pi))))
        near = np.asarray(tree.query_ball_point(centre, radius * (1 + _MARGIN)), dtype=np.int64)
        if near.size == 0:
            continue
        near = np.sort(near)
        cover = covering_assets(
            np.asarray(lon)[near],
            np.asarray(lat)[near],
            assets.lon[members],
            assets.lat[members],
            assets.max_range_m[members],
            min_range_m=assets.min_range_m[members],
            azimuth_deg=assets.azimuth_deg[members],
            width_deg=assets.width_deg[members],
            with_distance=False,
        )
        points.append(np.repeat(near, cover.counts()))
        owners.append(members[cover.asset_index])
    point = np.concatenate(points) if points else np.zeros(0, np.int64)
    asset = np.concatenate(owners) if owners else np.zeros(0, np.int64)
    order = np.lexsort((asset, point))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(point, minlength=n), out=indptr[1:])
    return indptr, asset[order].astype(np.int64)
