"""Benchmark of the exact "within range" kernel against the two obvious alternatives.

Scenario (seeded): points uniform in a 1,500 x 1,000 km box (azimuthal equidistant around
49N 31E), assets uniform in the same box with max ranges uniform in 10-400 km. Prints the wall
time of ``coverage_counts`` (best of a few runs), of a chunked numpy haversine on the mean-radius
sphere (wrong near range edges) and of all-pairs ``Geod.inv`` on a subsample of points
(extrapolated to every point), with the number of points where each differs from the kernel.
Geod.inv on the subsample is the definition of the exact answer, so its difference must be 0.

Run: ``.venv/bin/python benchmarks/bench_kernel.py [--points N] [--assets M] [--seed S]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod, Proj

from umbrella.geo.kernel import coverage_counts

MEAN_EARTH_RADIUS_M = 6_371_008.8
_HAVERSINE_BLOCK = 2_000_000


@dataclass(frozen=True)
class Scenario:
    points_lon: NDArray[np.float64]
    points_lat: NDArray[np.float64]
    asset_lon: NDArray[np.float64]
    asset_lat: NDArray[np.float64]
    max_range_m: NDArray[np.float64]


def scenario(n_points: int, n_assets: int, seed: int, min_km: float, max_km: float) -> Scenario:
    """Points and assets uniform in a 1,500 x 1,000 km box around 49N 31E."""
    rng = np.random.default_rng(seed)
    box = Proj(proj="aeqd", lat_0=49.0, lon_0=31.0, ellps="WGS84")

    def uniform(n: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        lon, lat = box(rng.uniform(-750e3, 750e3, n), rng.uniform(-500e3, 500e3, n), inverse=True)
        return np.asarray(lon), np.asarray(lat)

    p_lon, p_lat = uniform(n_points)
    a_lon, a_lat = uniform(n_assets)
    ranges = rng.uniform(min_km * 1e3, max_km * 1e3, n_assets)
    return Scenario(p_lon, p_lat, a_lon, a_lat, ranges)


def haversine_counts(s: Scenario) -> NDArray[np.int64]:
    """Counts by great-circle distance on the mean-radius sphere, in blocks of points."""
    lam1, phi1 = np.radians(s.asset_lon), np.radians(s.asset_lat)
    counts = np.zeros(s.points_lon.size, dtype=np.int64)
    step = max(1, _HAVERSINE_BLOCK // max(s.asset_lon.size, 1))
    for lo in range(0, s.points_lon.size, step):
        lam2 = np.radians(s.points_lon[lo : lo + step])[:, None]
        phi2 = np.radians(s.points_lat[lo : lo + step])[:, None]
        a = (
            np.sin((phi2 - phi1) / 2) ** 2
            + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2) ** 2
        )
        distance = 2 * MEAN_EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        counts[lo : lo + step] = (distance <= s.max_range_m).sum(axis=1)
    return counts


def geod_inv_counts(s: Scenario, points: NDArray[np.int64]) -> NDArray[np.int64]:
    """Counts of the chosen points by Geod.inv over every (asset, point) pair."""
    geod = Geod(ellps="WGS84")
    n = points.size
    counts = np.zeros(n, dtype=np.int64)
    for lon, lat, reach in zip(s.asset_lon, s.asset_lat, s.max_range_m, strict=True):
        _, _, d = geod.inv(
            np.full(n, lon), np.full(n, lat), s.points_lon[points], s.points_lat[points]
        )
        counts += np.asarray(d) <= reach
    return counts


def best_time(run: Callable[[], NDArray[np.int64]], repeats: int) -> tuple[float, NDArray]:
    """(best wall time in seconds, result of the last run)."""
    best = float("inf")
    result: NDArray = np.zeros(0)
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--assets", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-km", type=float, default=10.0)
    parser.add_argument("--max-km", type=float, default=400.0)
    parser.add_argument("--repeats", type=int, default=5, help="runs of the kernel (best kept)")
    parser.add_argument("--subsample", type=int, default=1_000, help="points for Geod.inv")
    args = parser.parse_args()

    s = scenario(args.points, args.assets, args.seed, args.min_km, args.max_km)
    n = s.points_lon.size
    print(
        f"{n:,} points, {s.asset_lon.size:,} assets, ranges {args.min_km:g}-{args.max_km:g} km, "
        f"seed {args.seed}"
    )

    def exact() -> NDArray[np.int64]:
        return coverage_counts(s.points_lon, s.points_lat, s.asset_lon, s.asset_lat, s.max_range_m)

    t_kernel, counts = best_time(exact, args.repeats)
    print(f"kernel coverage_counts (exact)   {t_kernel:8.3f} s  best of {args.repeats}")
    print(f"  covering pairs {int(counts.sum()):,}, mean count {counts.mean():.2f}")

    t_hav, hav = best_time(lambda: haversine_counts(s), 2)
    wrong = int((hav != counts).sum())
    print(
        f"numpy haversine, chunked         {t_hav:8.3f} s  x{t_hav / t_kernel:6.1f}  "
        f"differs at {wrong:,} points ({100 * wrong / max(n, 1):.1f}%)"
    )

    rng = np.random.default_rng(args.seed + 1)
    sub = np.sort(rng.choice(n, size=min(args.subsample, n), replace=False))
    t_sub, geod_counts = best_time(lambda: geod_inv_counts(s, sub), 1)
    t_all = t_sub * n / max(sub.size, 1)
    wrong_sub = int((geod_counts != counts[sub]).sum())
    print(
        f"all-pairs Geod.inv, extrapolated {t_all:8.3f} s  x{t_all / t_kernel:6.1f}  "
        f"({sub.size:,} points took {t_sub:.3f} s); kernel differs at {wrong_sub} of them"
    )


if __name__ == "__main__":
    main()
