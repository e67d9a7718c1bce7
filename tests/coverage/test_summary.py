"""The figures an analyst quotes, as written (summary.json, regions.csv, targets.csv), against
an independent computation from the layers and the brute-force coverage oracle."""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult, TargetCoverage
from umbrella.coverage.scenario import Scenario, TargetSet, parse_scenario
from umbrella.coverage.summary import distinct_features, selection_text
from umbrella.coverage.writers import write_result
from umbrella.layers import load_layer

CoverMatrix = Callable[..., NDArray[np.bool_]]  # the oracle of conftest.py
SAMPLES = 12_000  # points spread evenly over the area for the area shares


def _targets(scenario: Scenario) -> pd.DataFrame:
    """The example's targets as its two sets define them, with each one's admin-1 region."""
    energy = load_layer("energy", region="UKR")
    # settlements only: a city's sections (districts) are counted in it (layers/data/NOTICE.md)
    cities = load_layer("cities", region="UKR").query("population >= 100_000")
    cities = cities.loc[cities["section_of"].isna()]
    frame = pd.concat(
        [
            pd.DataFrame(
                {"id": "energy:" + energy["id"], "kind": "energy", "weight": energy["capacity_mw"]}
            ),
            pd.DataFrame(
                {
                    "id": "cities:" + cities["geonameid"].astype(str),
                    "kind": "city",
                    "weight": cities["population"].astype(float),
                }
            ),
        ],
        ignore_index=True,
    )
    frame["lon"] = np.concatenate([energy.geometry.x, cities.geometry.x])
    frame["lat"] = np.concatenate([energy.geometry.y, cities.geometry.y])
    regions = load_layer("regions", region="UKR")
    frame["region"] = ""
    for code, polygon in zip(regions["iso_3166_2"], regions.geometry, strict=True):
        inside = shapely.contains_xy(polygon, frame["lon"], frame["lat"]) & (frame["region"] == "")
        frame.loc[inside, "region"] = code
    return frame


def _with_coverage(
    targets: pd.DataFrame, scenario: Scenario, day: int, cover_matrix: CoverMatrix
) -> pd.DataFrame:
    covering = cover_matrix(scenario, day, targets["lon"].to_numpy(), targets["lat"].to_numpy())
    tiers = [sorted({scenario.assets[j].tier for j in np.flatnonzero(row)}) for row in covering]
    depth = np.array([len(t) for t in tiers])
    energy = (targets["kind"] == "energy").to_numpy()
    has_short = np.array(["short" in t for t in tiers])
    # the example's requirements: energy needs depth 2 with the short tier, cities depth 1
    meets = np.where(energy, (depth >= 2) & has_short, depth >= 1)
    return targets.assign(tiers=[";".join(t) for t in tiers], depth=depth, meets=meets)


def _shares(frame: pd.DataFrame) -> dict[str, Any]:
    total = frame["weight"].sum()
    depth = frame["depth"]
    return {
        "total": total,
        "meeting": frame["weight"][frame["meets"]].sum() / total,
        "by_depth": {
            "1": frame["weight"][depth == 1].sum() / total,
            "2": frame["weight"][depth == 2].sum() / total,
            "3+": frame["weight"][depth >= 3].sum() / total,
        },
    }


def _area_samples() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Points evenly spread over the area of Ukraine (uniform in lon and sin(lat))."""
    ukraine = load_layer("countries").query("adm0_a3 == 'UKR'").geometry.union_all()
    west, south, east, north = ukraine.bounds
    rng = np.random.default_rng(20240611)
    lon = rng.uniform(west, east, 4 * SAMPLES)
    lat = np.degrees(
        np.arcsin(rng.uniform(np.sin(np.radians(south)), np.sin(np.radians(north)), lon.size))
    )
    inside = shapely.contains_xy(ukraine, lon, lat)
    return lon[inside][:SAMPLES], lat[inside][:SAMPLES]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def written(example_result: AnalysisResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "out"
    write_result(example_result, out)
    return out


def test_summary_and_tables_of_the_example_match_an_independent_computation(
    written: Path, example_resolved: Scenario, cover_matrix: CoverMatrix
) -> None:
    document = json.loads((written / "summary.json").read_text())
    targets = _targets(example_resolved)
    sample_lon, sample_lat = _area_samples()
    tiers = np.array([asset.tier for asset in example_resolved.assets])
    regions = load_layer("regions", region="UKR").set_index("iso_3166_2")["name"].sort_index()
    assert [p["day"] for p in document["phases"]] == example_resolved.phase_days()
    for phase in document["phases"]:
        day = phase["day"]
        expected = _with_coverage(targets, example_resolved, day, cover_matrix)
        energy = _shares(expected[expected["kind"] == "energy"])
        cities = _shares(expected[expected["kind"] == "city"])
        defenders = [a for a in example_resolved.assets if a.kind != "sensor"]
        assert phase["assets_in_place"] == sum(
            a.from_day <= day and (a.until_day is None or day < a.until_day) for a in defenders
        )
        assert phase["energy_mw_total"] == pytest.approx(energy["total"])
        assert phase["energy_mw_share_meeting"] == pytest.approx(energy["meeting"])
        assert phase["energy_mw_share_by_depth"] == pytest.approx(energy["by_depth"])
        assert phase["population_total"] == pytest.approx(cities["total"])
        assert phase["population_share_meeting"] == pytest.approx(cities["meeting"])
        assert phase["population_share_by_depth"] == pytest.approx(cities["by_depth"])

        covering = cover_matrix(example_resolved, day, sample_lon, sample_lat)
        by_tier = {
            tier: covering[:, tiers == tier].any(axis=1).mean()
            for tier in phase["region_area_share_by_tier"]
        }
        assert set(by_tier) == set(example_resolved.tiers)
        assert phase["region_area_share_by_tier"] == pytest.approx(by_tier, abs=0.015)
        assert phase["gap_area_share"] == pytest.approx(1 - covering.any(axis=1).mean(), abs=0.015)

        folder = written / f"day-{day:03d}"
        rows = _read_csv(folder / "regions.csv")
        assert [row["region"] for row in rows] == list(regions.index)
        assert phase["regions"] == [
            {
                key: pytest.approx(float(value)) if key not in ("region", "name") else value
                for key, value in row.items()
            }
            for row in rows
        ]
        for row in rows:
            here = expected[expected["region"] == row["region"]]
            meeting = here[here["meets"]]
            assert row["name"] == regions[row["region"]]
            assert int(row["targets"]) == len(here)
            assert int(row["targets_meeting"]) == len(meeting)
            for column, kind in (("capacity_mw", "energy"), ("population", "city")):
                assert float(row[column]) == pytest.approx(
                    here["weight"][here["kind"] == kind].sum()
                )
                assert float(row[f"{column}_meeting"]) == pytest.approx(
                    meeting["weight"][meeting["kind"] == kind].sum()
                )

        written_targets = {row["id"]: row for row in _read_csv(folder / "targets.csv")}
        assert set(written_targets) == set(expected["id"])
        for target in expected.itertuples():
            row = written_targets[target.id]
            assert (row["kind"], row["region"], row["tiers"]) == (
                target.kind,
                target.region,
                target.tiers,
            )
            assert (int(row["depth"]), row["meets_requirement"]) == (
                target.depth,
                str(target.meets),
            )
            assert float(row["weight"]) == pytest.approx(target.weight)


def test_with_no_plant_and_no_city_every_share_is_zero(document: Callable[..., Any]) -> None:
    (phase,) = analyze(parse_scenario(document()), with_grid=False).phases
    summary = phase.summary
    assert (summary.energy_mw_total, summary.population_total) == (0.0, 0.0)
    assert (summary.energy_mw_share_meeting, summary.population_share_meeting) == (0.0, 0.0)
    zeros = (("1", 0.0), ("2", 0.0), ("3+", 0.0))
    assert summary.energy_mw_share_by_depth == summary.population_share_by_depth == zeros


@pytest.mark.parametrize(
    ("target_set", "words"),
    [
        ({"layer": "energy", "min_capacity_mw": 500}, "power plants of 500 MW or more"),
        ({"layer": "cities", "min_population": 100_000}, "settlements of 100,000 people or more"),
    ],
)
def test_a_target_set_says_which_features_it_holds(target_set: dict[str, Any], words: str) -> None:
    assert selection_text(TargetSet(id="t", **target_set)).startswith(words)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["energy", "city", "user"]),
            st.sampled_from(["all", "big"]),
            st.integers(0, 3),
            st.booleans(),
        ),
        max_size=10,
    )
)
def test_distinct_features_keep_each_feature_once_meeting_only_if_every_set_does(
    drawn: list[tuple[str, str, int, bool]],
) -> None:
    targets = [
        TargetCoverage(
            id=f"{set_id}:{feature}",
            target_set=set_id,
            name=f"{kind} {feature}",
            kind=kind,
            weight=1.0,
            region="",
            geometry=shapely.Point(30, 50),
            asset_ids=(),
            asset_distances_km=(),
            tiers=(),
            depth=0,
            min_depth=0,
            required_tiers=(),
            meets_requirement=meets,
        )
        for kind, set_id, feature, meets in drawn
    ]
    # a public layer's feature is one whoever selects it; a user's target is its own
    keys = [
        (kind, f"{s}:{feature}" if kind == "user" else str(feature))
        for kind, s, feature, _ in drawn
    ]
    expected = []
    for key in dict.fromkeys(keys):  # in order of first appearance
        held = [target for k, target in zip(keys, targets, strict=True) if k == key]
        meets = all(target.meets_requirement for target in held)
        expected.append(dataclasses.replace(held[0], meets_requirement=meets))
    assert distinct_features(targets) == expected
