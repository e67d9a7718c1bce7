"""Sweeps: 1,000 draws of the example, and 1,000 draws of 500 assets x 100,000 targets, with
the cost of a draw against one analysis and the scaling from one to two worker processes.

For each case it prints: the planning time (layers, targets, the pairs' distances computed
once), one ``analyze`` of the same scenario (depth grid included), the cost of one draw of
every phase in this process (``run_chunk`` over ``--probe`` draws), and the wall time of the
whole sweep on a local Dask cluster of 1 and of 2 worker processes, split into cluster start
and draws (from the progress calls), with a check that both give the same result.

The scaled scenario (seeded) has 500 assets at random in Ukraine's bounding box, in three
tiers whose ranges are distributions, and 100,000 point targets of the user's own.

    .venv/bin/python benchmarks/bench_sweep.py [--draws 1000] [--seed 0] [--skip-scaled]
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

import numpy as np

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_document
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.sweep.chunk import run_chunk
from umbrella.coverage.sweep.planning import plan_sweep
from umbrella.coverage.sweep.run import sweep
from umbrella.coverage.sweep.writers import sweep_summary

_BOX = (22.5, 44.5, 40.0, 52.3)  # Ukraine's bounding box, lon/lat


def scaled_document(assets: int, targets: int, seed: int) -> dict[str, Any]:
    """500 assets in three tiers with uncertain ranges, 100,000 point targets (seeded)."""
    rng = np.random.default_rng(seed)
    west, south, east, north = _BOX
    tiers = ("short", "medium", "long")
    sites = [
        {
            "id": f"site-{i}",
            "tier": tiers[i % 3],
            "location": [float(rng.uniform(west, east)), float(rng.uniform(south, north))],
        }
        for i in range(assets)
    ]
    points = np.column_stack([rng.uniform(west, east, targets), rng.uniform(south, north, targets)])
    features = [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [x, y]}}
        for x, y in points.round(5).tolist()
    ]
    return {
        "name": "Sweep benchmark (notional)",
        "regions": ["UKR"],
        "tiers": {
            "short": {"range_km": {"min": 20, "nominal": 30, "max": 35}, "availability": 0.9},
            "medium": {
                "range_km": {"low": 90, "high": 130},
                "min_range_km": 3,
                "availability": 0.9,
            },
            "long": {"range_km": {"min": 240, "nominal": 300, "max": 320}, "availability": 0.85},
        },
        "assets": sites,
        "targets": [
            {
                "id": "points",
                "min_depth": 2,
                "geojson": {"type": "FeatureCollection", "features": features},
            }
        ],
        "grid_cell_km": 10,
    }


def _timed_sweep(scenario: Scenario, draws: int, seed: int, workers: int) -> dict[str, Any]:
    marks: dict[str, float] = {}
    first_draw: list[float] = []

    def progress(step: str, done: int) -> None:
        marks.setdefault(step, time.perf_counter())
        if done and not first_draw:
            first_draw.append(time.perf_counter())

    start = time.perf_counter()
    result = sweep(scenario, draws=draws, seed=seed, workers=workers, progress=progress)
    end = time.perf_counter()
    return {
        "total_s": end - start,
        "planning_s": marks["drawing"] - marks["planning"],
        "cluster_and_first_chunk_s": first_draw[0] - marks["drawing"],
        "drawing_s": marks["summarising"] - marks["drawing"],
        "summarising_s": end - marks["summarising"],
        "summary": {k: v for k, v in sweep_summary(result).items() if k != "umbrella"},
        "classes": [(p.day, p.robust, p.contested, p.exposed) for p in result.phases],
    }


def run_case(name: str, scenario: Scenario, draws: int, seed: int, probe: int) -> None:
    """Time one case and print its figures."""
    start = time.perf_counter()
    plan, _ = plan_sweep(scenario, scenario.phase_days())
    planning = time.perf_counter() - start
    start = time.perf_counter()
    analyze(scenario)
    analysis = time.perf_counter() - start
    start = time.perf_counter()
    run_chunk(plan, seed, 0, probe)
    per_draw = (time.perf_counter() - start) / probe
    runs = {workers: _timed_sweep(scenario, draws, seed, workers) for workers in (1, 2)}
    same = runs[1]["summary"] == runs[2]["summary"]
    print(
        f"\n== {name}: {len(plan.model.asset_ids):,} covering assets, "
        f"{plan.min_depth.size:,} targets, {plan.cells.n_rows:,} cells, "
        f"{len(plan.days)} phase(s); pairs: {plan.targets.row.size:,} target, "
        f"{plan.cells.row.size:,} cell"
    )
    print(f"planning (layers, targets, distances once): {planning:.1f} s")
    print(f"one analyze (depth grid included):          {analysis:.2f} s")
    print(
        f"one draw of every phase, in process:        {per_draw * 1000:.2f} ms "
        f"({analysis / per_draw:,.0f} draws per analyze)"
    )
    for workers, run in runs.items():
        print(
            f"{draws:,} draws on {workers} worker(s): total {run['total_s']:.1f} s = planning "
            f"{run['planning_s']:.1f} + cluster start and first chunk "
            f"{run['cluster_and_first_chunk_s']:.1f} + the rest of the draws "
            f"{run['drawing_s'] - run['cluster_and_first_chunk_s']:.1f} + summarising "
            f"{run['summarising_s']:.1f}"
        )
    rest = [run["drawing_s"] - run["cluster_and_first_chunk_s"] for run in runs.values()]
    print(f"scaling 1 -> 2 workers (draws after the first chunk): x{rest[0] / rest[1]:.2f}")
    print(
        f"same result on 1 and 2 workers: {same}; classes (day, robust, contested, exposed): "
        f"{runs[2]['classes']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--probe", type=int, default=50, help="draws timed in process")
    parser.add_argument("--assets", type=int, default=500)
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--skip-scaled", action="store_true")
    parser.add_argument("--skip-example", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    if not args.skip_example:
        run_case("example", parse_scenario(example_document()), args.draws, args.seed, args.probe)
    if not args.skip_scaled:
        document = scaled_document(args.assets, args.targets, args.seed)
        run_case("scaled", parse_scenario(document), args.draws, args.seed, args.probe)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
