"""Every polygon written is valid and wound by RFC 7946, for the example and generated scenarios.

Rounding to 6 decimals can make a valid polygon touch or cross itself: the writers round
first, then repair and orient. Each file written is read back and checked with shapely.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import shape

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_scenario
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import parse_scenario
from umbrella.coverage.writers import write_result


def _problems(geometry: shapely.Geometry, where: str) -> list[str]:
    """Why a geometry as written breaks RFC 7946 or validity (empty when it does not)."""
    if not geometry.is_valid:
        return [f"{where}: {shapely.is_valid_reason(geometry)}"]
    problems = []
    for polygon in shapely.get_parts(geometry):
        if not isinstance(polygon, shapely.Polygon):
            continue
        if not shapely.is_ccw(polygon.exterior):
            problems.append(f"{where}: clockwise exterior")
        if any(shapely.is_ccw(hole) for hole in polygon.interiors):
            problems.append(f"{where}: counter-clockwise hole")
    return problems


def _folder_problems(out: Path) -> tuple[int, list[str]]:
    count, problems = 0, []
    for path in sorted(out.rglob("*.geojson")):
        for i, feature in enumerate(json.loads(path.read_text())["features"]):
            if feature["geometry"] is not None:
                count += 1
                problems += _problems(shape(feature["geometry"]), f"{path.name}[{i}]")
    return count, problems


def _generated(seed: int) -> dict[str, Any]:
    """A seeded scenario: random assets of three tiers, with blind discs and sectors."""
    rng = random.Random(seed)
    regions, (west, south, east, north) = rng.choice(
        [
            (["UA-32", "UA-18"], (28.0, 49.0, 32.0, 51.5)),
            (["RU-CHU", "RU-KAM"], (155.0, 52.0, 180.0, 68.0)),
            (["UA-23", "UA-12"], (33.0, 46.5, 36.5, 49.0)),
        ]
    )
    assets = []
    for i in range(rng.randint(4, 9)):
        tier = rng.choice(["short", "medium", "long"])
        asset: dict[str, Any] = {
            "id": f"a{i}",
            "tier": tier,
            "location": [round(rng.uniform(west, east), 4), round(rng.uniform(south, north), 4)],
        }
        if rng.random() < 0.3:
            width = rng.uniform(30, 300)
            asset["sector"] = {"azimuth_deg": rng.uniform(0, 360), "width_deg": width}
        assets.append(asset)
    return {
        "name": f"generated {seed}",
        "regions": regions,
        "tiers": {
            "short": {"range_km": rng.uniform(10, 40)},
            "medium": {"range_km": rng.uniform(60, 150), "min_range_km": 3},
            "long": {"range_km": rng.uniform(150, 400), "min_range_km": 5},
        },
        "assets": assets,
        "targets": [{"id": "cities", "layer": "cities", "min_population": 10_000}],
        "grid_cell_km": 50,
    }


@pytest.fixture(scope="module")
def example() -> AnalysisResult:
    return analyze(example_scenario(), with_grid=False)


def test_the_example_writes_only_valid_counter_clockwise_polygons(
    example: AnalysisResult, tmp_path: Path
) -> None:
    write_result(example, tmp_path / "out")
    count, problems = _folder_problems(tmp_path / "out")
    assert count > 500
    assert problems == []


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_generated_scenarios_write_only_valid_counter_clockwise_polygons(
    seed: int, tmp_path: Path
) -> None:
    result = analyze(parse_scenario(_generated(seed)), with_grid=False)
    write_result(result, tmp_path / "out")
    count, problems = _folder_problems(tmp_path / "out")
    assert count > 0
    assert problems == []
    write_result(result, tmp_path / "out.gpkg")
    for layer in gpd.list_layers(tmp_path / "out.gpkg")["name"]:
        frame = gpd.read_file(tmp_path / "out.gpkg", layer=layer)
        if "geometry" in frame:
            for i, geometry in enumerate(frame.geometry):
                if geometry is not None:
                    assert _problems(geometry, f"{layer}[{i}]") == []
