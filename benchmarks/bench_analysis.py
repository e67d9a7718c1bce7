"""End-to-end analysis: the example scenario, and a scaled one, with time per stage and peak memory.

The scaled scenario (seeded) has ten times the example's assets, each copy moved up to
``--jitter-km`` in a random direction, and every city of the cities layer in Europe (GeoNames
continent EU, population >= 500) inside the area of interest as a target; its area of
interest is every European country except Russia (whose territory runs across the
antimeridian and would make the area a globe-spanning band).

Each case runs in its own child process, so its peak resident memory is its own. Ratios are
against the example run in the same invocation.

    .venv/bin/python benchmarks/bench_analysis.py [--seed 0] [--copies 10] [--skip-scaled]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
from typing import Any

import numpy as np
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_document
from umbrella.coverage.places import resolve_places
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.layers import load_layer


def scaled_document(copies: int, jitter_km: float, seed: int) -> dict[str, Any]:
    """The example with ``copies`` jittered copies of each asset and Europe's cities as targets."""
    example = resolve_places(parse_scenario(example_document()))
    rng = np.random.default_rng(seed)
    geod = Geod(ellps="WGS84")
    assets = []
    for asset in example.assets:
        lon, lat = asset.location  # type: ignore[misc]
        for copy in range(copies):
            azimuth, distance = rng.uniform(0, 360), rng.uniform(0, jitter_km * 1000)
            new_lon, new_lat, _ = geod.fwd(lon, lat, azimuth, distance)
            document = asset.model_dump(mode="json")
            document.update(id=f"{asset.id}-{copy}", location=[new_lon, new_lat])
            assets.append(document)
    countries = load_layer("countries")
    europe = countries[(countries["continent"] == "Europe") & (countries["adm0_a3"] != "RUS")]
    document = example.model_dump(mode="json", exclude_none=True)
    document.update(
        name="Scaled benchmark (notional)",
        regions=sorted(europe["adm0_a3"]),
        assets=assets,
        targets=[
            {"id": "energy", "layer": "energy", "min_depth": 2, "required_tiers": ["short"]},
            {"id": "cities", "layer": "cities", "min_population": 500, "min_depth": 1},
        ],
        grid_cell_km=20,
    )
    return document


def _run_case(document: dict[str, Any], queue: Any) -> None:
    """Child process: analyse once, report stage times, target count and peak memory."""
    scenario: Scenario = parse_scenario(document)
    stages: list[tuple[str, float]] = []
    start = time.perf_counter()
    result = analyze(scenario, progress=lambda step: stages.append((step, time.perf_counter())))
    wall = time.perf_counter() - start
    marks = [*(t for _, t in stages), start + wall]
    per_stage = [(name, marks[i + 1] - t) for i, (name, t) in enumerate(stages)]
    queue.put(
        {
            "wall_s": wall,
            "stages": per_stage,
            "assets": len(scenario.assets),
            "targets": len(result.phases[0].targets),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def run_case(document: dict[str, Any]) -> dict[str, Any]:
    """Run one case in a fresh process and return its figures."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run_case, args=(document, queue))
    process.start()
    figures: dict[str, Any] = queue.get()
    process.join()
    return figures


def _print(name: str, figures: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    ratio = f" ({figures['wall_s'] / baseline['wall_s']:.1f}x the example)" if baseline else ""
    print(
        f"{name}: {figures['wall_s']:.2f} s{ratio}, peak RSS {figures['peak_rss_mb']:.0f} MB, "
        f"{figures['assets']} assets, {figures['targets']} targets"
    )
    for stage, seconds in figures["stages"]:
        print(f"    {stage:<28} {seconds:7.2f} s")


def main() -> None:
    """Run the example and the scaled case and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jitter-km", type=float, default=60.0)
    parser.add_argument("--skip-scaled", action="store_true")
    args = parser.parse_args()
    example = run_case(example_document())
    _print("example", example, None)
    if not args.skip_scaled:
        scaled = run_case(scaled_document(args.copies, args.jitter_km, args.seed))
        _print("scaled", scaled, example)
        print(json.dumps({"example": example, "scaled": scaled}, default=str))


if __name__ == "__main__":
    main()
