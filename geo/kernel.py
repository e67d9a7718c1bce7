"""The exact "within range" kernel: which assets cover which points, on the WGS84 ellipsoid.

An asset at (lon, lat) with ranges ``min_range_m <= max_range_m`` and an optional sector covers
a point iff the geodesic distance ``d`` from the asset to the point (``Geod(ellps="WGS84").inv``
from the asset to the point) satisfies ``min_range_m <= d <= max_range_m`` and, for a sector of
centre ``azimuth_deg`` and full width ``width_deg`` (< 360), the forward azimuth from the asset is
within ``width_deg / 2`` of the centre (inclusive). A point exactly at the asset (``d == 0``)
is covered iff ``min_range_m == 0``, whatever the sector.

The decisions are those of ``Geod.inv`` for every pair, computed without calling it for most:
points are grouped into cells on the conformal sphere (see ``umbrella.geo.conformal``), whole
cells are decided against an asset by the triangle inequality, points in the remaining cells by
their central angle, and only pairs in the thin band where the angle cannot decide (a few parts
in 10^4 of the range) are settled by ``Geod.inv``. Assets with a sector compute ``Geod.inv`` for
every pair not surely out of range (the azimuth is never approximated).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from umbrella.geo.conformal import (
    G_EQUATOR,
    G_POLE,
    chord_squared,
    radius_bounds,
    unit_vectors,
)
from umbrella.geo.curves import GEOD
from umbrella.geo.errors import GeoInputError
from umbrella.geo.validate import check_angle_array, check_distance_array, check_lon_lat_arrays

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["CoverMatrix", "coverage_counts", "covering_assets", "nearest", "within_sector"]

# Safety margins of the approximate decisions, far above float and Geod.inv errors (~1e-8 m).
_REL_MARGIN = 1e-8
_ABS_MARGIN_M = 1e-4
# Bound on the rounding error of 2 - 2 u.v as a squared chord of unit vectors.
_DOT_SLACK = 1e-14
# Entries per block (cells x assets, or expanded point-asset pairs): bounds peak memory.
_BLOCK = 1 << 22
# Up to this many point-site pairs, nearest() looks at every pair (in blocks): cheaper than
# importing scipy and building a KD-tree, which pay off only for larger inputs.
_PAIRS_WITHOUT_TREE = 1 << 26
# Cells grow towards this many points each on average, to at most this many ranges, when
# there are more than _GROWN_ABOVE (cell, asset) pairs.
_POINTS_PER_CELL = 16
_MAX_CELL_RANGES = 1.0
_GROWN_ABOVE = 1 << 20

Int64Array = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class CoverMatrix:
    """Covering assets per point, sparse by rows (CSR): point i is covered by
    ``asset_index[indptr[i]:indptr[i + 1]]`` (ascending), at ``distance_m`` (exact geodesic
    distance from the asset; None when not asked for)."""

    indptr: Int64Array
    asset_index: Int64Array
    distance_m: FloatArray | None
    n_assets: int

    @property
    def n_points(self) -> int:
        """Number of points (rows)."""
        return int(self.indptr.size - 1)

    def counts(self) -> Int64Array:
        """(N,) number of assets covering each point."""
        return np.diff(self.indptr)

    def assets_of(self, point: int) -> Int64Array:
        """Ascending indices of the assets covering one point."""
        return self.asset_index[self.indptr[point] : self.indptr[point + 1]]

    def to_scipy(self) -> csr_matrix:
        """scipy.sparse (N, M) matrix: the distances of covering pairs, or True without them."""
        from scipy.sparse import csr_matrix

        data = np.ones(self.asset_index.size, bool) if self.distance_m is None else self.distance_m
        return csr_matrix(
            (data, self.asset_index, self.indptr), shape=(self.n_points, self.n_assets)
        )


@dataclass(frozen=True, eq=False)
class _Assets:
    """Validated assets, with their decision thresholds on the conformal sphere.

    ``*_c2`` are squared chords for single points: surely out of range if c2 > out_c2, surely
    inside the min-range hole if c2 < hole_in_c2, surely covered if hole_out_c2 <= c2 <= in_c2
    (in_c2 is -1 for sector assets). ``theta_*`` are the matching central angles, for cells.
    """

    lon: FloatArray
    lat: FloatArray
    vectors: FloatArray
    min_m: FloatArray
    max_m: FloatArray
    azimuth: FloatArray
    half_width: FloatArray
    has_sector: NDArray[np.bool_]
    has_hole: NDArray[np.bool_]
    theta_in: FloatArray
    theta_out: FloatArray
    theta_hole_in: FloatArray
    theta_hole_out: FloatArray
    in_c2: FloatArray
    out_c2: FloatArray
    hole_in_c2: FloatArray
    hole_out_c2: FloatArray

    @property
    def size(self) -> int:
        return int(self.lon.size)


@dataclass(frozen=True, eq=False)
class _Cells:
    """Points grouped into cells: sorted point j is original point ``order[j]``, cell k holds
    sorted points ``start[k]:start[k + 1]``, all within angle ``radius`` of ``centres[k]``."""

    lon: FloatArray
    lat: FloatArray
    order: Int64Array
    vectors: FloatArray
    start: Int64Array
    cell_of: Int64Array
    centres: FloatArray
    radius: float

    @property
    def n_points(self) -> int:
        return int(self.order.size)


def _points(lon: ArrayLike, lat: ArrayLike, field: str) -> tuple[FloatArray, FloatArray]:
    lon_a = np.asarray(lon, dtype=np.float64)
    lat_a = np.asarray(lat, dtype=np.float64)
    if lon_a.ndim != 1:
        raise GeoInputError(f"{field}_lon", lon_a.shape, "must be one-dimensional")
    check_lon_lat_arrays(lon_a, lat_a, field)
    return lon_a, lat_a


def _per_asset(values: ArrayLike, field: str, n: int) -> FloatArray:
    a = np.asarray(values, dtype=np.float64)
    if a.ndim == 0:
        return np.full(n, float(a))
    if a.shape != (n,):
        raise GeoInputError(field, a.shape, f"must be a number or have shape ({n},), one per asset")
    return a


def _assets(
    lon: ArrayLike,
    lat: ArrayLike,
    max_range_m: ArrayLike,
    min_range_m: ArrayLike | None,
    azimuth_deg: ArrayLike | None,
    width_deg: ArrayLike | None,
) -> _Assets:
    lon_a, lat_a = _points(lon, lat, "assets")
    n = lon_a.size
    max_m = _per_asset(max_range_m, "max_range_m", n)
    check_distance_array(max_m, "max_range_m")
    min_m = np.zeros(n) if min_range_m is None else _per_asset(min_range_m, "min_range_m", n)
    check_distance_array(min_m, "min_range_m", allow_zero=True)
    if (min_m >= max_m).any():
        i = int(np.flatnonzero(min_m >= max_m)[0])
        reason = f"must be < max_range_m[{i}] = {max_m[i]:g}"
        raise GeoInputError(f"min_range_m[{i}]", float(min_m[i]), reason)
    if (azimuth_deg is None) != (width_deg is None):
        given = "azimuth_deg" if width_deg is None else "width_deg"
        raise GeoInputError(given, "given alone", "a sector needs both azimuth_deg and width_deg")
    azimuth = np.zeros(n) if azimuth_deg is None else _per_asset(azimuth_deg, "azimuth_deg", n)
    check_angle_array(azimuth, "azimuth_deg", low=-360.0, high=360.0)
    width = np.full(n, 360.0) if width_deg is None else _per_asset(width_deg, "width_deg", n)
    check_angle_array(width, "width_deg", low=0.0, high=360.0)
    if (width == 0).any():
        i = int(np.flatnonzero(width == 0)[0])
        raise GeoInputError(f"width_deg[{i}]", 0.0, "must be > 0")

    has_sector = width < 360.0
    has_hole = min_m > 0
    # Conservative distances: "surely <=" uses a shrunk value, "surely >" a grown one.
    max_in = max_m * (1 - _REL_MARGIN) - _ABS_MARGIN_M
    max_out = max_m * (1 + _REL_MARGIN) + _ABS_MARGIN_M
    min_in = min_m * (1 - _REL_MARGIN) - _ABS_MARGIN_M
    min_out = np.where(has_hole, min_m * (1 + _REL_MARGIN) + _ABS_MARGIN_M, 0.0)
    g_lo, g_hi = radius_bounds(lat_a, max_out)
    theta_in, theta_out = max_in / g_hi, max_out / g_lo
    theta_hole_in, theta_hole_out = min_in / g_hi, min_out / g_lo
    return _Assets(
        lon=lon_a,
        lat=lat_a,
        vectors=unit_vectors(lon_a, lat_a),
        min_m=min_m,
        max_m=max_m,
        azimuth=azimuth,
        half_width=width / 2.0,
        has_sector=has_sector,
        has_hole=has_hole,
        theta_in=theta_in,
        theta_out=theta_out,
        theta_hole_in=theta_hole_in,
        theta_hole_out=theta_hole_out,
        in_c2=np.where(has_sector, -1.0, chord_squared(theta_in)),
        out_c2=chord_squared(theta_out),
        hole_in_c2=chord_squared(theta_hole_in),
        hole_out_c2=chord_squared(theta_hole_out),
    )


def _cell_size(max_m: FloatArray) -> float:
    """Cell edge (unit sphere): a fraction of the typical range, balancing cells x assets
    against the points left in cells that straddle a range edge."""
    return min(max(_typical_m(max_m) / 16.0, 100.0), 1_000_000.0) / G_POLE


def _typical_m(max_m: FloatArray) -> float:
    return float(np.median(max_m)) if max_m.size else G_POLE


def _cells_for(lon: FloatArray, lat: FloatArray, max_m: FloatArray) -> _Cells:
    """Cells of ``_cell_size``, grown while the points lie too sparse to fill them: towards
    _POINTS_PER_CELL points a cell on average, up to _MAX_CELL_RANGES typical ranges. A cell
    of one point saves no work, and costs a row of cells x assets (worth saving only when
    that matrix is large)."""
    edge = _cell_size(max_m)
    cells = _cells(lon, lat, edge)
    widest = min(_MAX_CELL_RANGES * _typical_m(max_m), 1_000_000.0) / G_POLE
    while (
        cells.centres.shape[0] * _POINTS_PER_CELL > lon.size
        and cells.centres.shape[0] * max_m.size > _GROWN_ABOVE
        and edge < widest
    ):
        growth = math.sqrt(_POINTS_PER_CELL * cells.centres.shape[0] / lon.size)
        edge = min(edge * max(growth, 2.0), widest)
        cells = _cells(lon, lat, edge)
    return cells


def _cells(lon: FloatArray, lat: FloatArray, edge: float) -> _Cells:
    vectors = unit_vectors(lon, lat)
    side = math.ceil(2.0 / edge) + 2
    ijk = np.floor((vectors + 1.0) / edge).astype(np.int64)
    keys = (ijk[:, 0] * side + ijk[:, 1]) * side + ijk[:, 2]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    changes = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    first = np.r_[np.zeros(min(keys.size, 1), dtype=np.int64), changes]
    start = np.r_[first, keys.size].astype(np.int64)
    cell_of = np.repeat(np.arange(first.size), np.diff(start))
    sorted_vectors = vectors[order]
    sums = np.add.reduceat(sorted_vectors, first, axis=0) if first.size else np.zeros((0, 3))
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    centres = sums / np.where(norms > 0, norms, 1.0)
    chords = np.linalg.norm(sorted_vectors - centres[cell_of], axis=1)
    max_chord = float(chords.max()) if chords.size else 0.0
    radius = 2.0 * math.asin(min(max_chord / 2.0, 1.0)) * (1 + 1e-9) + 1e-15
    return _Cells(lon, lat, order, sorted_vectors, start, cell_of, centres, radius)


def _cell_blocks(
    cells: _Cells, assets: _Assets
) -> Iterator[tuple[slice, NDArray[np.bool_], Int64Array, Int64Array]]:
    """Per block of assets: (asset slice, cells x block "whole cell covered" mask, and the
    undecided (cell, asset) pairs)."""
    rho = cells.radius
    cell_in = np.where(assets.has_sector, -1.0, chord_squared(assets.theta_in - rho)) - _DOT_SLACK
    cell_hole_out = np.where(
        assets.has_hole, chord_squared(assets.theta_hole_out + rho) + _DOT_SLACK, -np.inf
    )
    cell_out = chord_squared(assets.theta_out + rho) + _DOT_SLACK
    cell_hole_in = chord_squared(assets.theta_hole_in - rho) - _DOT_SLACK
    n_cells = cells.centres.shape[0]
    step = max(1, _BLOCK // max(n_cells, 1))
    for lo in range(0, assets.size, step):
        block = slice(lo, min(lo + step, assets.size))
        c2 = 2.0 - 2.0 * (cells.centres @ assets.vectors[block].T)
        covered = (c2 <= cell_in[block]) & (c2 >= cell_hole_out[block])
        undecided = ~covered & (c2 <= cell_out[block]) & (c2 >= cell_hole_in[block])
        cell_idx, asset_idx = np.nonzero(undecided)
        yield block, covered, cell_idx.astype(np.int64), asset_idx.astype(np.int64) + lo


def _expand(cells: _Cells, cell_idx: Int64Array) -> tuple[Int64Array, Int64Array]:
    """(sorted point positions, index into cell_idx) for every point of the given cells."""
    sizes = cells.start[cell_idx + 1] - cells.start[cell_idx]
    owner = np.repeat(np.arange(cell_idx.size), sizes)
    first_of_owner = np.cumsum(sizes) - sizes
    positions = cells.start[cell_idx][owner] + (np.arange(owner.size) - first_of_owner[owner])
    return positions, owner


def _split(cells: _Cells, cell_idx: Int64Array) -> Iterator[slice]:
    """Slices of cell_idx whose cells hold at most about _BLOCK points together."""
    ends = np.cumsum(cells.start[cell_idx + 1] - cells.start[cell_idx])
    lo = 0
    while lo < cell_idx.size:
        base = ends[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, base + _BLOCK, side="right")))
        yield slice(lo, hi)
        lo = hi


def _inverse(
    assets: _Assets, asset_idx: Int64Array, lon: FloatArray, lat: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """(forward azimuth from the asset, distance) by Geod.inv from each asset to each point."""
    azimuth, _, distance = GEOD.inv(assets.lon[asset_idx], assets.lat[asset_idx], lon, lat)
    return np.asarray(azimuth, dtype=np.float64), np.asarray(distance, dtype=np.float64)


def _covers_exactly(
    assets: _Assets, asset_idx: Int64Array, azimuth: FloatArray, distance: FloatArray
) -> NDArray[np.bool_]:
    in_range = (distance >= assets.min_m[asset_idx]) & (distance <= assets.max_m[asset_idx])
    in_sector = within_sector(
        azimuth, distance, assets.azimuth[asset_idx], assets.half_width[asset_idx]
    )
    return in_range & (in_sector | ~assets.has_sector[asset_idx])


def within_sector(
    azimuth_deg: ArrayLike, distance_m: ArrayLike, centre_deg: ArrayLike, half_width_deg: ArrayLike
) -> NDArray[np.bool_]:
    """Whether forward azimuths from assets lie within ``half_width_deg`` of their sectors'
    centres (inclusive); a point at the asset (distance 0) lies in every sector."""
    azimuth = np.asarray(azimuth_deg, dtype=np.float64)
    centre = np.asarray(centre_deg, dtype=np.float64)
    off_centre = np.abs((azimuth - centre + 180.0) % 360.0 - 180.0)
    half_width = np.asarray(half_width_deg, dtype=np.float64)
    return (off_centre <= half_width) | (np.asarray(distance_m, dtype=np.float64) == 0.0)


def _boundary_hits(
    cells: _Cells, assets: _Assets, cell_idx: Int64Array, asset_idx: Int64Array
) -> Iterator[tuple[Int64Array, Int64Array, FloatArray]]:
    """Covered (sorted point, asset, distance or NaN if not computed) among the points of the
    undecided (cell, asset) pairs, in blocks."""
    for part in _split(cells, cell_idx):
        positions, owner = _expand(cells, cell_idx[part])
        owner_asset = asset_idx[part][owner]
        diff = cells.vectors[positions] - assets.vectors[owner_asset]
        c2 = np.einsum("ij,ij->i", diff, diff)
        surely_out = (c2 > assets.out_c2[owner_asset]) | (c2 < assets.hole_in_c2[owner_asset])
        surely_in = (c2 <= assets.in_c2[owner_asset]) & (c2 >= assets.hole_out_c2[owner_asset])
        exact = np.flatnonzero(~surely_out & ~surely_in)
        point_of = cells.order[positions[exact]]
        azimuth, distance = _inverse(
            assets, owner_asset[exact], cells.lon[point_of], cells.lat[point_of]
        )
        hit = _covers_exactly(assets, owner_asset[exact], azimuth, distance)
        sure = np.flatnonzero(surely_in)
        yield (
            np.r_[positions[sure], positions[exact[hit]]],
            np.r_[owner_asset[sure], owner_asset[exact[hit]]],
            np.r_[np.full(sure.size, np.nan), distance[hit]],
        )


def _prepare(
    points_lon: ArrayLike,
    points_lat: ArrayLike,
    asset_lon: ArrayLike,
    asset_lat: ArrayLike,
    max_range_m: ArrayLike,
    min_range_m: ArrayLike | None,
    azimuth_deg: ArrayLike | None,
    width_deg: ArrayLike | None,
) -> tuple[_Cells, _Assets]:
    lon, lat = _points(points_lon, points_lat, "points")
    assets = _assets(asset_lon, asset_lat, max_range_m, min_range_m, azimuth_deg, width_deg)
    return _cells_for(lon, lat, assets.max_m), assets


def coverage_counts(
    points_lon: ArrayLike,
    points_lat: ArrayLike,
    asset_lon: ArrayLike,
    asset_lat: ArrayLike,
    max_range_m: ArrayLike,
    *,
    min_range_m: ArrayLike | None = None,
    azimuth_deg: ArrayLike | None = None,
    width_deg: ArrayLike | None = None,
) -> Int64Array:
    """(N,) number of assets covering each point, exact (see covering_assets for the rule).

    Faster than ``covering_assets(...).counts()``: covered pairs are counted, not listed, and
    no distance is computed outside the thin undecided band. N == 0 gives an empty array,
    M == 0 gives zeros.
    """
    cells, assets = _prepare(
        points_lon,
        points_lat,
        asset_lon,
        asset_lat,
        max_range_m,
        min_range_m,
        azimuth_deg,
        width_deg,
    )
    n = cells.n_points
    per_cell = np.zeros(cells.centres.shape[0], dtype=np.int64)
    per_point = np.zeros(n, dtype=np.int64)
    for _, covered, cell_idx, asset_idx in _cell_blocks(cells, assets):
        per_cell += covered.sum(axis=1)
        for positions, _, _ in _boundary_hits(cells, assets, cell_idx, asset_idx):
            per_point += np.bincount(positions, minlength=n)
    counts = np.empty(n, dtype=np.int64)
    counts[cells.order] = per_point + per_cell[cells.cell_of]
    return counts


def covering_assets(
    points_lon: ArrayLike,
    points_lat: ArrayLike,
    asset_lon: ArrayLike,
    asset_lat: ArrayLike,
    max_range_m: ArrayLike,
    *,
    min_range_m: ArrayLike | None = None,
    azimuth_deg: ArrayLike | None = None,
    width_deg: ArrayLike | None = None,
    with_distance: bool = True,
) -> CoverMatrix:
    """Which assets cover each point, with the exact geodesic distance of every covering pair.

    Points are (N,) lon/lat in degrees; assets (M,) lon/lat; ``max_range_m``, ``min_range_m``
    (default 0), ``azimuth_deg`` (sector centre, clockwise from north) and ``width_deg`` (full
    sector width, 360 = full circle; both or neither) are numbers or (M,) arrays. An asset covers
    a point iff min_range_m <= d <= max_range_m (d: Geod.inv from the asset to the point) and
    the forward azimuth is within width_deg / 2 of azimuth_deg; d == 0 needs min_range_m == 0
    only. With distances it costs one Geod.inv per covering pair (about 1 us); pass
    ``with_distance=False`` (distance_m is then None) when only the pairs matter, and use
    coverage_counts for counts alone.
    N == 0 gives no rows; M == 0 gives N empty rows. Raises GeoInputError naming the field and
    index of the first bad value.
    """
    cells, assets = _prepare(
        points_lon,
        points_lat,
        asset_lon,
        asset_lat,
        max_range_m,
        min_range_m,
        azimuth_deg,
        width_deg,
    )
    positions: list[Int64Array] = []
    owners: list[Int64Array] = []
    distances: list[FloatArray] = []
    for block, covered, cell_idx, asset_idx in _cell_blocks(cells, assets):
        whole_cell, whole_asset = np.nonzero(covered)
        whole_cell = whole_cell.astype(np.int64)
        for part in _split(cells, whole_cell):
            cell_positions, owner = _expand(cells, whole_cell[part])
            positions.append(cell_positions)
            owners.append(whole_asset[part][owner].astype(np.int64) + (block.start or 0))
            distances.append(np.full(cell_positions.size, np.nan))
        for hit_positions, hit_assets, hit_distances in _boundary_hits(
            cells, assets, cell_idx, asset_idx
        ):
            positions.append(hit_positions)
            owners.append(hit_assets)
            distances.append(hit_distances)
    point = cells.order[np.concatenate(positions)] if positions else np.zeros(0, np.int64)
    asset = np.concatenate(owners) if owners else np.zeros(0, np.int64)
    distance = np.concatenate(distances) if distances else np.zeros(0)
    order = np.argsort(point * assets.size + asset)
    indptr = np.zeros(cells.n_points + 1, dtype=np.int64)
    np.cumsum(np.bincount(point, minlength=cells.n_points), out=indptr[1:])
    if not with_distance:
        return CoverMatrix(indptr, asset[order], None, assets.size)
    missing = np.flatnonzero(np.isnan(distance))
    _, distance[missing] = _inverse(
        assets, asset[missing], cells.lon[point[missing]], cells.lat[point[missing]]
    )
    return CoverMatrix(indptr, asset[order], distance[order], assets.size)


def nearest(
    points_lon: ArrayLike, points_lat: ArrayLike, site_lon: ArrayLike, site_lat: ArrayLike
) -> tuple[Int64Array, FloatArray]:
    """(index, distance_m): the geodesically nearest site to each point (lowest index on ties).

    Exact: each point's nearest central angle theta1 on the conformal sphere (from every pair,
    or from a KD-tree when there are many) bounds the candidates: every site within
    theta1 * G_EQUATOR / G_POLE (plus a margin); Geod.inv from each candidate site to the point
    picks the winner. N == 0 gives empty arrays; no sites gives index -1 and distance inf for
    every point.
    """
    lon, lat = _points(points_lon, points_lat, "points")
    s_lon, s_lat = _points(site_lon, site_lat, "sites")
    n = lon.size
    if n == 0 or s_lon.size == 0:
        return np.full(n, -1, dtype=np.int64), np.full(n, np.inf)
    point_vectors, site_vectors = unit_vectors(lon, lat), unit_vectors(s_lon, s_lat)
    if n * s_lon.size <= _PAIRS_WITHOUT_TREE:
        point, site = _candidates_by_pairs(point_vectors, site_vectors)
    else:
        point, site = _candidates_by_tree(point_vectors, site_vectors)
    _, _, distance = GEOD.inv(s_lon[site], s_lat[site], lon[point], lat[point])
    distance = np.asarray(distance, dtype=np.float64)
    order = np.lexsort((site, distance, point))
    sizes = np.bincount(point, minlength=n)  # every point has its nearest site as a candidate
    first = order[np.r_[0, np.cumsum(sizes)[:-1]]]
    return site[first], distance[first]


def _candidate_chord(chord1: FloatArray) -> FloatArray:
    """The chord within which a point's geodesically nearest site lies, from its nearest chord."""
    theta1 = 2.0 * np.arcsin(np.minimum(chord1 / 2.0, 1.0))
    reach = theta1 * (G_EQUATOR / G_POLE) * (1 + _REL_MARGIN) + _ABS_MARGIN_M / G_POLE
    return np.sqrt(np.minimum(chord_squared(reach), 5.0))


def _candidates_by_pairs(points: FloatArray, sites: FloatArray) -> tuple[Int64Array, Int64Array]:
    """(point, site) candidate pairs, from the chords of every pair, a block of points at once."""
    found_points, found_sites = [], []
    step = max(1, _BLOCK // sites.shape[0])
    for lo in range(0, points.shape[0], step):
        c2 = 2.0 - 2.0 * (points[lo : lo + step] @ sites.T)
        chord1 = np.sqrt(np.clip(c2.min(axis=1) + _DOT_SLACK, 0.0, 4.0))
        within = _candidate_chord(chord1) ** 2 + _DOT_SLACK
        point, site = np.nonzero(c2 <= within[:, None])
        found_points.append(point + lo)
        found_sites.append(site)
    return (
        np.concatenate(found_points).astype(np.int64),
        np.concatenate(found_sites).astype(np.int64),
    )


def _candidates_by_tree(points: FloatArray, sites: FloatArray) -> tuple[Int64Array, Int64Array]:
    """(point, site) candidate pairs, from a KD-tree of the sites (scipy's cKDTree)."""
    from scipy.spatial import cKDTree

    tree = cKDTree(sites)
    chord1, _ = tree.query(points, k=1)
    candidates = tree.query_ball_point(points, _candidate_chord(np.asarray(chord1)))
    sizes = np.fromiter((len(c) for c in candidates), dtype=np.int64, count=points.shape[0])
    point = np.repeat(np.arange(points.shape[0], dtype=np.int64), sizes)
    return point, np.concatenate([np.asarray(c, dtype=np.int64) for c in candidates])
