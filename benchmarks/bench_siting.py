"""Siting benchmarks: the example, a large synthetic instance, and plain MCLP against spopt.

Three parts (``--part``), each seeded:

- ``example``: the bundled example, a 10 km candidate grid over Ukraine, 10 medium-range
  assets added at day 90 (``prepare`` and ``solve``, then the confirming analysis).
- ``scale``: ``--candidates`` sites and ``--targets`` weighted points spread over Ukraine,
  ``--existing`` sites of another tier already covering some targets (those meet their
  requirement of depth 1), ``--add`` sites of a ``--range-km`` tier; the exact kernel builds the
  coverage matrix, identical patterns are merged, then the greedy heuristic and HiGHS.
- ``mclp``: plain single-cover MCLP (every target counts once, no existing coverage, no
  tie-break) on the same coverage matrix, solved here and by PySAL spopt's MCLP (cost matrix
  of 0 / 2 with a service radius of 1) with CBC and with HiGHS through PuLP, in the same run:
  objectives and time ratios. spopt is a benchmarks-only extra (``pip install -e '.[bench]'``).

Nothing asserts a time: the figures go to ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely

from umbrella.coverage.assets import AssetTable
from umbrella.coverage.example import example_scenario
from umbrella.coverage.siting import (
    CoverageProblem,
    SitingRequest,
    aggregate_rows,
    prepare,
    solve,
    solve_greedy,
    solve_highs,
)
from umbrella.coverage.siting.tiles import covering_pairs
from umbrella.layers import region_geometry


def _timed(work: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = work()
    return value, time.perf_counter() - started


def _points_in(area: shapely.Geometry, n: int, rng: np.random.Generator) -> np.ndarray:
    west, south, east, north = area.bounds
    shapely.prepare(area)
    found: list[np.ndarray] = []
    count = 0
    while count < n:
        lon = rng.uniform(west, east, 2 * n)
        lat = rng.uniform(south, north, 2 * n)
        inside = shapely.intersects_xy(area, lon, lat)
        found.append(np.column_stack([lon[inside], lat[inside]]))
        count += int(inside.sum())
    return np.vstack(found)[:n]


def _example(time_limit: float) -> None:
    scenario = example_scenario()
    request = SitingRequest(tier="medium", add=10, phase=90, time_limit_s=time_limit)
    prepared, t_prepare = _timed(lambda: prepare(scenario, request))
    outcome, t_solve = _timed(lambda: solve(prepared, confirm=False))
    _, t_again = _timed(lambda: solve(prepare(scenario, request), confirm=False))
    confirmed = solve(prepared)
    best = outcome.optimum
    print("example: 10 km grid over Ukraine, 10 medium at day 90")
    print(f"  candidates placed {outcome.candidates.placed}, left {len(outcome.candidates)}")
    print(f"  targets {outcome.features}, programme rows {outcome.rows}")
    print(f"  prepare {t_prepare:.2f} s (cold), solve {t_solve:.2f} s, HiGHS {best.seconds:.2f} s")
    print(f"  warm prepare + solve {t_again:.2f} s; stages {outcome.seconds}")
    print(
        f"  before {outcome.before:,.1f}, after {outcome.objective:,.1f}, "
        f"bound {outcome.bound:,.1f}"
    )
    print(f"  status {best.status}, gap {best.gap}, tie-break {best.tie_break}")
    print(f"  greedy {outcome.greedy_objective:,.1f} in {outcome.greedy.seconds:.3f} s")
    print(
        f"  analysis of the proposal: {confirmed.confirmed:,.1f} "
        f"({'equal' if confirmed.confirmed == confirmed.objective else 'DIFFERS'})"
    )


def _sites(lonlat: np.ndarray, range_km: float) -> AssetTable:
    n = len(lonlat)
    return AssetTable(
        ids=tuple(str(j) for j in range(n)),
        kinds=("air_defence",) * n,
        tiers=("added",) * n,
        lon=lonlat[:, 0],
        lat=lonlat[:, 1],
        max_range_m=np.full(n, range_km * 1000.0),
        min_range_m=np.zeros(n),
        azimuth_deg=np.zeros(n),
        width_deg=np.full(n, 360.0),
        horizon_limited=np.zeros(n, dtype=bool),
    )


def _matrix(
    args: argparse.Namespace, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """(indptr, candidate index, weights, met-already mask, kernel seconds) of the instance."""
    area = region_geometry("UKR")
    targets = _points_in(area, args.targets, rng)
    candidates = _points_in(area, args.candidates, rng)
    existing = _points_in(area, args.existing, rng)
    weights = np.round(rng.lognormal(7.0, 1.5, args.targets))
    started = time.perf_counter()
    indptr, index = covering_pairs(targets[:, 0], targets[:, 1], _sites(candidates, args.range_km))
    met = (
        np.diff(
            covering_pairs(targets[:, 0], targets[:, 1], _sites(existing, args.existing_range_km))[
                0
            ]
        )
        > 0
    )
    seconds = time.perf_counter() - started
    return indptr, index, weights, met, seconds


def _problem(
    indptr: np.ndarray, index: np.ndarray, values: np.ndarray, n_candidates: int, n_add: int
) -> tuple[CoverageProblem, float]:
    (merged_indptr, merged_index, merged), seconds = _timed(
        lambda: aggregate_rows(indptr, index, values)
    )
    problem = CoverageProblem(
        merged_indptr,
        merged_index,
        merged[:, 0].copy(),
        merged[:, 1].copy(),
        n_candidates,
        n_add,
        np.zeros((0, 2), dtype=np.int64),
    )
    return problem, seconds


def _scale(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(args.seed)
    indptr, index, weights, met, kernel_s = _matrix(args, rng)
    values = np.column_stack([weights * ~met, weights])  # gainable; every target deepens
    problem, merge_s = _problem(indptr, index, values, args.candidates, args.add)
    greedy = solve_greedy(problem)
    best, highs_s = _timed(
        lambda: solve_highs(problem, greedy, time_limit_s=args.time_limit, gap=args.gap)
    )
    before = math.fsum(weights[met])
    print(
        f"scale: {args.candidates:,} candidates x {args.targets:,} targets, N = {args.add}, "
        f"range {args.range_km:g} km, {args.existing} existing sites"
    )
    print(
        f"  coverage pairs {index.size:,}, rows {indptr.size - 1:,} -> {problem.n_rows:,} "
        f"merged, {problem.candidates.size:,} pairs in the programme"
    )
    print(f"  kernel {kernel_s:.2f} s, merging {merge_s:.2f} s")
    print(f"  greedy {before + greedy.primary:,.0f} in {greedy.seconds:.2f} s")
    print(
        f"  HiGHS {before + best.primary:,.0f}, bound {before + (best.bound or 0):,.0f}, "
        f"gap {100 * (best.gap or 0):.3f}% of the added weight, status {best.status}, "
        f"tie-break {best.tie_break}, {highs_s:.2f} s"
    )
    print(f"  total {kernel_s + merge_s + greedy.seconds + highs_s:.2f} s")


def _spopt(covers: np.ndarray, weights: np.ndarray, n_add: int, solver: Any) -> tuple[float, float]:
    import pulp
    from spopt.locate import MCLP  # the benchmarks-only extra

    started = time.perf_counter()
    cost = np.where(covers, 0.0, 2.0)
    model = MCLP.from_cost_matrix(cost, weights, service_radius=1.0, p_facilities=n_add)
    model.solve(solver)
    return float(pulp.value(model.problem.objective)), time.perf_counter() - started


def _mclp(args: argparse.Namespace) -> None:
    import pulp

    rng = np.random.default_rng(args.seed)
    sizes = argparse.Namespace(
        **{**vars(args), "targets": args.mclp_targets, "candidates": args.mclp_candidates}
    )
    indptr, index, weights, _, _ = _matrix(sizes, rng)
    started = time.perf_counter()
    values = np.column_stack([weights, np.zeros_like(weights)])
    problem, _ = _problem(indptr, index, values, sizes.candidates, args.add)
    ours = solve_highs(problem, solve_greedy(problem), time_limit_s=600.0)
    ours_s = time.perf_counter() - started
    covers = np.zeros((indptr.size - 1, sizes.candidates), dtype=bool)
    covers[np.repeat(np.arange(indptr.size - 1), np.diff(indptr)), index] = True
    print(
        f"mclp: {sizes.candidates:,} candidates x {sizes.targets:,} targets, N = {args.add}, "
        f"range {args.range_km:g} km (same coverage matrix)"
    )
    print(
        f"  umbrella (merge + greedy + HiGHS): {ours.primary:,.0f} in {ours_s:.2f} s "
        f"({problem.n_rows:,} rows)"
    )
    for name, solver in (
        ("CBC", pulp.PULP_CBC_CMD(msg=False)),
        ("HiGHS", pulp.HiGHS(msg=False)),
    ):
        objective, seconds = _spopt(covers, weights, args.add, solver)
        verdict = "equal" if abs(objective - ours.primary) <= 1e-6 * ours.primary else "DIFFERS"
        print(
            f"  spopt MCLP + {name}: {objective:,.0f} ({verdict}) in {seconds:.2f} s, "
            f"x {seconds / ours_s:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["example", "scale", "mclp", "all"], default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=60)
    parser.add_argument("--existing-range-km", type=float, default=40.0)
    parser.add_argument("--add", type=int, default=25)
    parser.add_argument("--range-km", type=float, default=30.0)
    parser.add_argument("--time-limit", type=float, default=55.0)
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--mclp-candidates", type=int, default=2_000)
    parser.add_argument("--mclp-targets", type=int, default=10_000)
    args = parser.parse_args()
    if args.part in ("example", "all"):
        _example(args.time_limit)
    if args.part in ("scale", "all"):
        _scale(args)
    if args.part in ("mclp", "all"):
        _mclp(args)


if __name__ == "__main__":
    main()
