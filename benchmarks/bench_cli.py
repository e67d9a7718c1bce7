"""Cold command-line runs of umbrella against the hand-written geopandas script, in one run.

Every figure is a fresh process (``umbrella ...`` or ``python benchmarks/handwritten.py``),
measured by GNU time (``/usr/bin/time``): CPU time (user + system), wall time and peak resident
memory. Each command runs ``--repeats`` times and the run with the
least CPU counts. Cases:

- ``example``: ``umbrella analyze`` of the example scenario (every output written) against the
  script on the same assets and targets (the ones umbrella found in the example's area), and the
  number of (target, day) depths where the script differs from umbrella's exact answer. The
  analysis runs once before timing, so the border-belt cache is warm (as after a user's first
  run); ``first run`` is the same command with an empty cache.
- ``scaled``: a JSON scenario of ``--assets`` assets (seeded: placed at random target cities,
  tiers and phases in turn) and a GeoJSON target set of the ``--targets`` most populous cities
  in 25W-45E, 34N-72N, over the European countries except Russia, against the script.
- ``start-up``: ``umbrella --help`` and ``umbrella scenario example``.
- ``map``: ``umbrella map`` of the example to HTML and to PNG, less ``umbrella analyze``.
- ``service``: a warm ``umbrella serve`` (the example stored and its coverage computed once),
  then the first coverage of each of ``--repeats`` new scenarios (the example under another
  name): the wall time of that first GET.

    .venv/bin/python benchmarks/bench_cli.py [--repeats 3] [--assets 500] [--targets 100000]
        [--cases start-up,example,map,service,scaled]
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from load_service import LOOPBACK, free_port, start_server, stop_server, wait_until_up

from umbrella.coverage.example import example_document
from umbrella.coverage.places import resolve_places
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.layers import load_layer

HERE = Path(__file__).resolve().parent
UMBRELLA = str(Path(sys.executable).parent / "umbrella")
SCRIPT = [sys.executable, str(HERE / "handwritten.py")]
EUROPE_BOX = (-25.0, 34.0, 45.0, 72.0)
CASES = ("start-up", "example", "map", "service", "scaled")


@dataclass(frozen=True)
class Run:
    """One child process: CPU (user + system) and wall seconds, peak resident MiB."""

    cpu_s: float
    wall_s: float
    peak_mib: float

    def __str__(self) -> str:
        return f"{self.cpu_s:6.2f} s CPU {self.wall_s:6.2f} s wall {self.peak_mib:6.0f} MiB"


def as_installed(environment: dict[str, str]) -> dict[str, str]:
    """The environment of a user's commands: Python's bytecode of umbrella's modules written
    (as ``pip install`` does) and used, whatever this shell says (``PYTHONDONTWRITEBYTECODE``
    would have every cold run compile umbrella's sources anew, about 0.2 s)."""
    for folder in ("geo", "layers", "coverage", "service", "maps"):
        compileall.compile_dir(HERE.parent / folder, quiet=1)
    return {name: value for name, value in environment.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str], environment: dict[str, str]) -> Run:
    """Run a command to its end, its output discarded, and measure it.

    GNU time measures it (``os.wait4`` from here would count this large process's memory in
    the child's peak: a forked child holds it until it execs).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as figures:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", "-o", figures.name, *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
            check=False,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed: {done.stderr.decode()[-2000:]}")
        user, system, peak_kib = figures.read().split()[-3:]
    return Run(float(user) + float(system), wall, int(peak_kib) / 1024)


def best(command: list[str], environment: dict[str, str], repeats: int) -> Run:
    """The run with the least CPU of ``repeats``."""
    return min((run_once(command, environment) for _ in range(repeats)), key=lambda r: r.cpu_s)


def script_inputs(scenario: Scenario, targets: Path, folder: Path) -> list[str]:
    """The script's arguments for a scenario's assets (resolved) and a targets file."""
    resolved = resolve_places(scenario)
    assets = folder / "assets.csv"
    with assets.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "tier", "lon", "lat", "range_km", "min_range_km", "azimuth_deg", "width_deg",
             "from_day", "until_day"]
        )  # fmt: skip
        for asset in resolved.assets:
            if asset.is_sensor:  # sensors see, they add no depth
                continue
            reach, minimum, _ = resolved.reach_km(asset)
            lon, lat = asset.location
            sector = asset.sector
            writer.writerow(
                [asset.id, asset.tier, lon, lat, reach, minimum,
                 "" if sector is None else sector.azimuth_deg,
                 "" if sector is None else sector.width_deg, asset.from_day,
                 "" if asset.until_day is None else asset.until_day]
            )  # fmt: skip
    days = ",".join(str(day) for day in scenario.phase_days())
    return [str(assets), str(targets), days, str(folder / "script-depths.csv")]


def umbrella_depths(out: Path, days: list[int]) -> dict[tuple[str, int], int]:
    """(target id, day) -> depth from umbrella's targets.csv files."""
    depths = {}
    for day in days:
        phase = out if len(days) == 1 else out / f"day-{day:03d}"
        with (phase / "targets.csv").open() as handle:
            for row in csv.DictReader(handle):
                depths[(row["id"], day)] = int(row["depth"])
    return depths


def differing(folder: Path, out: Path, days: list[int], id_prefix: str) -> int:
    """How many (target, day) depths of the script differ from umbrella's."""
    exact = umbrella_depths(out, days)
    count = 0
    with (folder / "script-depths.csv").open() as handle:
        for row in csv.DictReader(handle):
            key = (f"{id_prefix}{row['id']}", int(row["day"]))
            count += exact[key] != int(float(row["depth"] or 0))
    return count


def scaled_document(n_assets: int, n_targets: int, seed: int) -> dict[str, Any]:
    """The scaled scenario: the example's tiers and phases, seeded assets, cities as GeoJSON."""
    example = example_document()
    cities = load_layer("cities", bbox=EUROPE_BOX).nlargest(n_targets, "population")
    countries = load_layer("countries")
    europe = countries[(countries["continent"] == "Europe") & (countries["adm0_a3"] != "RUS")]
    rng = np.random.default_rng(seed)
    sites = cities.iloc[rng.choice(len(cities), n_assets, replace=False)]
    tiers = list(example["tiers"])
    days = [phase["day"] for phase in example["phases"]]
    assets = [
        {
            "id": f"a{i}",
            "tier": tiers[i % len(tiers)],
            "location": [round(point.x, 5), round(point.y, 5)],
            "from_day": days[i % len(days)],
        }
        for i, point in enumerate(sites.geometry)
    ]
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Point", "coordinates": [round(p.x, 5), round(p.y, 5)]},
        }
        for name, p in zip(cities["name"], cities.geometry, strict=True)
    ]
    return {
        "name": "Scaled benchmark (notional)",
        "regions": sorted(europe["adm0_a3"]),
        "tiers": example["tiers"],
        # the phases' days and names; their goals name the example's bands and corridors
        "phases": [{**phase, "goals": []} for phase in example["phases"]],
        "assets": assets,
        "targets": [
            {"id": "cities", "geojson": {"type": "FeatureCollection", "features": features}}
        ],
        "grid_cell_km": 20,
    }


def compare(
    name: str,
    scenario_file: Path,
    script_args: list[str],
    folder: Path,
    environment: dict[str, str],
    repeats: int,
    id_prefix: str,
) -> None:
    """Print the umbrella run, the script run and their ratios, and the differing depths."""
    out = folder / "out"
    analyze = [UMBRELLA, "analyze", str(scenario_file), "-o", str(out), "--overwrite"]
    mine = best(analyze, environment, repeats)
    script = best([*SCRIPT, *script_args], environment, repeats)
    days = parse_scenario(scenario_file.read_bytes()).phase_days()
    print(f"{name}: umbrella analyze  {mine}")
    print(f"{name}: hand-written script {script}")
    print(
        f"{name}: ratio CPU x{mine.cpu_s / script.cpu_s:.2f}, "
        f"peak memory x{mine.peak_mib / script.peak_mib:.2f}; the script's depth differs from "
        f"the exact one for {differing(folder, out, days, id_prefix)} (target, day) pairs"
    )


def example_case(folder: Path, environment: dict[str, str], repeats: int) -> None:
    """The example scenario: first run (empty cache), then warm-cache runs against the script."""
    scenario_file = folder / "example.json"
    out = folder / "out"
    analyze = [UMBRELLA, "analyze", str(scenario_file), "-o", str(out), "--overwrite"]
    cache = Path(environment["UMBRELLA_CACHE_DIR"])
    shutil.rmtree(cache, ignore_errors=True)
    print(f"example: first run (empty cache) {run_once(analyze, environment)}")
    targets = folder / "targets.geojson"
    day0 = out / f"day-{parse_scenario(example_document()).phase_days()[0]:03d}"
    shutil.copy(day0 / "targets.geojson", targets)
    args = script_inputs(parse_scenario(example_document()), targets, folder)
    compare("example", scenario_file, args, folder, environment, repeats, "")


def scaled_case(args: argparse.Namespace, folder: Path, environment: dict[str, str]) -> None:
    """The scaled scenario against the script, on the same assets and targets."""
    document = scaled_document(args.assets, args.targets, args.seed)
    scenario_file = folder / "scaled.json"
    scenario_file.write_text(json.dumps(document))
    targets = folder / "targets.geojson"
    collection = document["targets"][0]["geojson"]
    for i, feature in enumerate(collection["features"]):
        feature["properties"]["id"] = str(i)
    targets.write_text(json.dumps(collection))
    print(f"scaled: {scenario_file.stat().st_size / 1e6:.1f} MB JSON scenario")
    script_args = script_inputs(parse_scenario(document), targets, folder)
    run_once([UMBRELLA, "analyze", str(scenario_file), "-o", str(folder / "out"), "--overwrite"],
             environment)  # fmt: skip
    compare("scaled", scenario_file, script_args, folder, environment, args.repeats, "cities:")


def start_up_case(folder: Path, environment: dict[str, str], repeats: int) -> None:
    """``umbrella --help`` and ``umbrella scenario example``."""
    for command in ([UMBRELLA, "--help"], [UMBRELLA, "scenario", "example"]):
        print(f"start-up: {' '.join(command[1:]):<18} {best(command, environment, repeats)}")


def map_case(folder: Path, environment: dict[str, str], repeats: int) -> None:
    """``umbrella map`` to HTML and PNG against ``umbrella analyze`` of the same scenario."""
    scenario_file = folder / "example.json"
    analyze = best(
        [UMBRELLA, "analyze", str(scenario_file), "-o", str(folder / "out"), "--overwrite"],
        environment,
        repeats,
    )
    print(f"map: umbrella analyze    {analyze}")
    for suffix in ("html", "png"):
        command = [UMBRELLA, "map", str(scenario_file), "-o", str(folder / f"map.{suffix}")]
        drawn = best(command, environment, repeats)
        extra_wall, extra_cpu = drawn.wall_s - analyze.wall_s, drawn.cpu_s - analyze.cpu_s
        print(
            f"map: umbrella map .{suffix:<5} {drawn}  (analyze + {extra_wall:.2f} s wall,"
            f" + {extra_cpu:.2f} s CPU)"
        )


def service_case(folder: Path, repeats: int) -> None:
    """The first coverage of new scenarios in a warm service (wall time of the GET)."""
    port = free_port()
    base_url = f"http://{LOOPBACK}:{port}"
    server = start_server(port, folder / "service-data")
    try:
        wait_until_up(base_url, 120)
        with httpx.Client(base_url=base_url, timeout=300) as client:
            example = example_document()
            seconds = []
            for i in range(repeats + 1):  # the first warms the service up
                document = {**example, "name": f"{example['name']} ({i})"}
                location = client.post("/scenarios", json=document).headers["location"]
                started = time.perf_counter()
                client.get(f"{location}/coverage/targets").raise_for_status()
                seconds.append(time.perf_counter() - started)
    finally:
        stop_server(server)
    print(f"service: first coverage, warm-up scenario {seconds[0]:.2f} s wall")
    print(
        f"service: first coverage of a new scenario {min(seconds[1:]):.2f} s wall (best of "
        f"{repeats}; median {float(np.median(seconds[1:])):.2f} s)"
    )


def main() -> None:
    """Run every case and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--assets", type=int, default=500)
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}"
    )
    args = parser.parse_args()
    cases = set(args.cases.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as temporary:
        folder = Path(temporary)
        environment = as_installed({**os.environ, "UMBRELLA_CACHE_DIR": str(folder / "cache")})
        (folder / "example.json").write_text(json.dumps(example_document()))
        if "start-up" in cases:
            start_up_case(folder, environment, args.repeats)
        if "example" in cases:
            example_case(folder, environment, args.repeats)
        if "map" in cases:
            map_case(folder, environment, args.repeats)
        if "service" in cases:
            service_case(folder, args.repeats)
        if "scaled" in cases:
            scaled = folder / "scaled"
            scaled.mkdir()
            scaled_case(args, scaled, environment)


if __name__ == "__main__":
    main()
