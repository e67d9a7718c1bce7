"""The writers: GeoJSON folder, GeoPackage, GeoParquet and CSV, read back by other readers."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from umbrella.coverage import writers
from umbrella.coverage.destination import OutputPathError
from umbrella.coverage.outputs import OUTPUTS, UnknownOutput
from umbrella.coverage.result import (
    AirPicture,
    AnalysisResult,
    AssetFootprint,
    CorridorCoverage,
    CorridorStretch,
    DepotLink,
    DepthArea,
    DepthGrid,
    GapArea,
    NoGoArea,
    PhaseResult,
    PhaseSummary,
    PictureArea,
    PictureGap,
    Provenance,
    RegionRow,
    SensorSite,
    TargetCoverage,
    TierArea,
    Violation,
)
from umbrella.coverage.writers import UnknownPhase, feature_collection, write_result
from umbrella.geo.errors import InputError

PROVENANCE = Provenance(
    scenario_hash="sha256:abc123",
    scenario_name="test scenario",
    software_version="0.1.0",
    sources=(("admin1", "Natural Earth", "public domain"), ("energy", "GEM", "CC BY 4.0")),
    notice="Notional scenario: sites and ranges are invented.",
)
# Clockwise shell with a counter-clockwise hole: the writers must turn both round.
CLOCKWISE_WITH_HOLE = Polygon(
    [(30, 50), (30, 51), (31, 51), (31, 50)],
    holes=[[(30.4, 50.4), (30.6, 50.4), (30.6, 50.6), (30.4, 50.6)]],
)


def _target(target_id: str, geometry: Any, depth: int, assets: tuple[str, ...]) -> TargetCoverage:
    return TargetCoverage(
        id=target_id,
        target_set="energy",
        name=f"Plant {target_id}",
        kind="energy",
        weight=1200.0,
        region="UA-32",
        geometry=geometry,
        asset_ids=assets,
        asset_distances_km=tuple(10.0 * (i + 1) for i in range(len(assets))),
        tiers=("short", "long")[:depth],
        depth=depth,
        min_depth=2,
        required_tiers=("long",),
        meets_requirement=depth >= 2,
        seen_in_bands=("low", "high") if depth >= 2 else (),
    )


def _air_picture() -> AirPicture:
    seen = PictureArea("low", 100.0, 1, 3000.0, 0.38, box(30, 50, 31, 51))
    twice = PictureArea("low", 100.0, 2, 500.0, 0.06, box(30.2, 50.2, 30.4, 50.4))
    gaps = (
        PictureGap("low", 100.0, 4000.0, box(31, 50, 33, 51)),
        PictureGap("low", 100.0, 800.0, CLOCKWISE_WITH_HOLE),
    )
    return AirPicture("low", seen, twice, gaps)


def _phase(day: int, label: str) -> PhaseResult:
    region = RegionRow("UA-32", "Kyiv Oblast", 2, 1, 2400.0, 1200.0, 0.0, 0.0)
    summary = PhaseSummary(
        day=day,
        label=label,
        assets_in_place=2,
        energy_mw_total=2400.0,
        energy_mw_share_meeting=0.5,
        energy_mw_share_by_depth=(("1", 0.5), ("2", 0.5), ("3+", 0.0)),
        population_total=0.0,
        population_share_meeting=math.nan,
        population_share_by_depth=(("1", 0.0), ("2", 0.0), ("3+", 0.0)),
        region_area_km2=7800.0,
        region_area_share_by_tier=(("short", 0.2), ("long", 0.9)),
        gap_area_share=0.1,
        violations=1,
        assets_beyond_resupply=1,
        regions=(region,),
    )
    corridor_line = LineString([(30.0, 50.0), (31.0, 50.5), (32.0, 50.5)])
    return PhaseResult(
        summary=summary,
        targets=(
            _target("p1", Point(30.5234567891, 50.4501), 2, ("a1", "a2")),
            _target("p2", box(31.0, 50.0, 31.1, 50.1), 1, ("a2",)),
        ),
        footprints=(
            AssetFootprint("a1", "air_defence", "short", 40.0, 0.0, False, CLOCKWISE_WITH_HOLE),
            AssetFootprint("a2", "air_defence", "long", 150.0, 3.0, True, box(29, 49, 33, 52)),
        ),
        coverage=(TierArea("short", CLOCKWISE_WITH_HOLE, 5000.0, 0.2),),
        depth=(DepthArea(1, box(29, 49, 33, 52), 7000.0), DepthArea(2, Polygon(), 0.0)),
        gaps=GapArea(box(33, 52, 34, 53), 780.0, 0.1),
        depth_grid=DepthGrid(b"II*\x00 not a real tiff", "LOCAL_CS[]", 1000.0, 3, 2),
        corridors=(
            CorridorCoverage(
                id="c1",
                kind="logistics",
                width_km=2.0,
                length_km=150.0,
                covered_share=0.8,
                covered_share_by_tier=(("short", 0.3), ("long", 0.8)),
                uncovered=(
                    CorridorStretch(0.0, 10.0, LineString([(30.0, 50.0), (30.1, 50.05)])),
                    CorridorStretch(140.0, 150.0, LineString([(31.9, 50.5), (32.0, 50.5)])),
                ),
                geometry=corridor_line,
            ),
        ),
        depots=(
            DepotLink("a1", "d1", 35.5, False, Point(30.1, 50.2)),
            DepotLink("a2", "", math.inf, True, Point(31.2, 50.3)),
        ),
        no_go=(NoGoArea("z1", "border strip", box(33.5, 51.0, 34.0, 52.0)),),
        violations=(Violation("a9", "asset", "z1", Point(33.7, 51.5)),),
        sensors=(SensorSite("s1", 300.0, 30.0, (("low", 63.8),), Point(30.4, 50.3)),),
        air_picture=(_air_picture(),),
    )


RESULT = AnalysisResult(PROVENANCE, (_phase(0, "make it visible"), _phase(90, "harden")))
EXPECTED_COUNTS = {
    "targets": 2,
    "footprints": 2,
    "coverage": 1,
    "depth": 2,
    "gaps": 1,
    "corridors": 1,
    "corridor_gaps": 2,
    "depots": 2,
    "no_go": 1,
    "violations": 1,
    "sensors": 1,
    "air_picture": 2,
    "air_picture_gaps": 2,
}


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area: positive for a counter-clockwise ring."""
    xy = np.asarray(ring, dtype=float)
    return 0.5 * float(np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1]))


def _entries(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_outputs_are_the_documented_names() -> None:
    assert set(OUTPUTS) == set(EXPECTED_COUNTS)


@pytest.mark.parametrize("output", OUTPUTS)
def test_feature_collection_is_strict_json_with_provenance(output: str) -> None:
    collection = feature_collection(RESULT.phases[1], output, PROVENANCE)
    text = json.dumps(collection, allow_nan=False)  # raises on inf or NaN
    parsed = json.loads(text)
    assert parsed["type"] == "FeatureCollection"
    assert len(parsed["features"]) == EXPECTED_COUNTS[output]
    member = parsed["umbrella"]
    assert member["phase_day"] == 90
    assert member["phase_label"] == "harden"
    assert member["scenario_hash"] == "sha256:abc123"
    assert member["software_version"] == "0.1.0"
    assert member["notional"] is True
    assert {"layer": "energy", "source": "GEM", "licence": "CC BY 4.0"} in member["attribution"]


def test_target_properties_and_rounded_coordinates() -> None:
    features = feature_collection(RESULT.phases[0], "targets", PROVENANCE)["features"]
    first = features[0]
    assert first["geometry"] == {"type": "Point", "coordinates": [30.523457, 50.4501]}
    assert first["properties"]["asset_ids"] == ["a1", "a2"]
    assert first["properties"]["tiers"] == ["short", "long"]
    assert first["properties"]["meets_requirement"] is True
    assert features[1]["geometry"]["type"] == "Polygon"


def test_infinite_distance_becomes_null_and_pairs_become_objects() -> None:
    depots = feature_collection(RESULT.phases[0], "depots", PROVENANCE)["features"]
    assert depots[1]["properties"]["distance_km"] is None
    assert depots[1]["properties"]["beyond_resupply"] is True
    corridors = feature_collection(RESULT.phases[0], "corridors", PROVENANCE)["features"]
    assert corridors[0]["properties"]["covered_share_by_tier"] == {"short": 0.3, "long": 0.8}
    assert "uncovered" not in corridors[0]["properties"]


def test_corridor_gaps_are_their_own_output() -> None:
    gaps = feature_collection(RESULT.phases[0], "corridor_gaps", PROVENANCE)["features"]
    assert [g["properties"]["start_km"] for g in gaps] == [0.0, 140.0]
    assert all(g["properties"]["corridor_id"] == "c1" for g in gaps)
    assert gaps[1]["properties"]["length_km"] == pytest.approx(10.0)
    assert gaps[0]["geometry"]["type"] == "LineString"


def test_empty_geometry_is_null() -> None:
    depth = feature_collection(RESULT.phases[0], "depth", PROVENANCE)["features"]
    assert depth[1]["geometry"] is None
    assert depth[1]["properties"] == {"depth": 2, "area_km2": 0.0}


def test_the_air_picture_outputs() -> None:
    (sensor,) = feature_collection(RESULT.phases[0], "sensors", PROVENANCE)["features"]
    assert sensor["properties"]["seen_range_km_by_band"] == {"low": 63.8}
    assert sensor["geometry"] == {"type": "Point", "coordinates": [30.4, 50.3]}
    areas = feature_collection(RESULT.phases[0], "air_picture", PROVENANCE)["features"]
    assert [(a["properties"]["band"], a["properties"]["min_sensors"]) for a in areas] == [
        ("low", 1),
        ("low", 2),
    ]
    gaps = feature_collection(RESULT.phases[0], "air_picture_gaps", PROVENANCE)["features"]
    assert [g["properties"]["area_km2"] for g in gaps] == [4000.0, 800.0]


@pytest.mark.parametrize("output", ["footprints", "coverage", "air_picture_gaps"])
def test_polygons_follow_rfc7946_winding(output: str) -> None:
    for feature in feature_collection(RESULT.phases[0], output, PROVENANCE)["features"]:
        shell, *holes = feature["geometry"]["coordinates"]
        assert _signed_area(shell) > 0
        assert all(_signed_area(hole) < 0 for hole in holes)
    footprint = feature_collection(RESULT.phases[0], "footprints", PROVENANCE)["features"][0]
    assert len(footprint["geometry"]["coordinates"]) == 2  # the hole is kept


def test_unknown_output_names_the_choices() -> None:
    with pytest.raises(UnknownOutput) as raised:
        feature_collection(RESULT.phases[0], "ranges", PROVENANCE)
    assert isinstance(raised.value, InputError)
    assert raised.value.field == "output"
    assert "targets" in str(raised.value) and "'ranges'" in str(raised.value)


def test_folder_with_one_phase(tmp_path: Path) -> None:
    out = tmp_path / "run"
    written = write_result(RESULT, out, day=90)
    assert all(path.is_file() and path.parent == out for path in written)
    names = {path.name for path in written}
    assert names == {f"{o}.geojson" for o in OUTPUTS} | {
        "depth.tif",
        "summary.json",
        "targets.csv",
        "regions.csv",
    }
    assert _entries(tmp_path) == {"run"}  # no staging left beside it
    for output, count in EXPECTED_COUNTS.items():
        frame = gpd.read_file(out / f"{output}.geojson")
        assert len(frame) == count
        assert json.loads((out / f"{output}.geojson").read_text())["umbrella"]["phase_day"] == 90
    targets = gpd.read_file(out / "targets.geojson")
    assert targets.crs.to_epsg() == 4326
    assert list(targets["id"]) == ["p1", "p2"]
    grid = RESULT.phases[1].depth_grid
    assert grid is not None and (out / "depth.tif").read_bytes() == grid.cog_bytes

    summary = json.loads((out / "summary.json").read_text())
    assert summary["timeline"] == [{"day": 90, "label": "harden"}]
    assert summary["umbrella"]["scenario_hash"] == "sha256:abc123"
    (phase,) = summary["phases"]
    assert phase["population_share_meeting"] is None
    assert phase["energy_mw_share_by_depth"] == {"1": 0.5, "2": 0.5, "3+": 0.0}
    assert phase["regions"][0]["region"] == "UA-32"


def test_csv_tables(tmp_path: Path) -> None:
    out = tmp_path / "run"
    write_result(RESULT, out, day=0)
    with (out / "targets.csv").open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["asset_ids"] == "a1;a2"
    assert (float(rows[0]["lon"]), float(rows[0]["lat"])) == (30.523457, 50.4501)
    assert rows[1]["meets_requirement"] == "False"
    assert [row["seen_in_bands"] for row in rows] == ["low;high", ""]
    polygon_point = Point(float(rows[1]["lon"]), float(rows[1]["lat"]))
    assert box(31.0, 50.0, 31.1, 50.1).contains(polygon_point)
    with (out / "regions.csv").open(newline="", encoding="utf-8") as stream:
        (region,) = list(csv.DictReader(stream))
    assert region["name"] == "Kyiv Oblast"
    assert float(region["capacity_mw_meeting"]) == 1200.0


def test_folder_with_every_phase_has_a_subfolder_each(tmp_path: Path) -> None:
    out = tmp_path / "run"
    written = write_result(RESULT, out)
    assert _entries(out) == {"summary.json", "day-000", "day-090"}
    assert len(written) == 1 + 2 * (len(OUTPUTS) + 3)
    labels = [p["label"] for p in json.loads((out / "summary.json").read_text())["phases"]]
    assert labels == ["make it visible", "harden"]
    day0 = json.loads((out / "day-000" / "footprints.geojson").read_text())
    assert day0["umbrella"]["phase_day"] == 0


def test_geopackage(tmp_path: Path) -> None:
    out = tmp_path / "result.gpkg"
    assert write_result(RESULT, out) == [out]
    layers = {name for name, _ in pyogrio.list_layers(out)}
    assert {"day000_targets", "day090_violations", "summary", "regions", "provenance"} <= layers
    assert len(layers) == 2 * len(OUTPUTS) + 3
    for output, count in EXPECTED_COUNTS.items():
        assert len(gpd.read_file(out, layer=f"day090_{output}")) == count
    targets = gpd.read_file(out, layer="day090_targets")
    assert json.loads(targets["asset_ids"][0]) == ["a1", "a2"]
    assert targets.crs.to_epsg() == 4326
    footprint = gpd.read_file(out, layer="day000_footprints").geometry[0]
    assert footprint.exterior.is_ccw and not footprint.interiors[0].is_ccw
    metadata = pyogrio.read_info(out, layer="day090_depots")["layer_metadata"]
    assert metadata["scenario_hash"] == "sha256:abc123"
    assert metadata["phase_day"] == "90"
    summary = gpd.read_file(out, layer="summary")
    assert list(summary["day"]) == [0, 90]
    assert json.loads(summary["region_area_share_by_tier"][0]) == {"short": 0.2, "long": 0.9}
    assert list(gpd.read_file(out, layer="regions")["day"]) == [0, 90]


def test_geoparquet_folder(tmp_path: Path) -> None:
    out = tmp_path / "result.parquet"
    written = write_result(RESULT, out, day=90)
    assert out.is_dir()
    assert {path.name for path in written} == {f"day090_{o}.parquet" for o in OUTPUTS} | {
        "summary.parquet",
        "regions.parquet",
        "provenance.parquet",
    }
    for output, count in EXPECTED_COUNTS.items():
        frame = gpd.read_parquet(out / f"day090_{output}.parquet")
        assert len(frame) == count
        assert frame.crs.to_epsg() == 4326
    depots = gpd.read_parquet(out / "day090_depots.parquet")
    assert depots["distance_km"].isna().tolist() == [False, True]
    metadata = pq.read_schema(out / "day090_targets.parquet").metadata
    assert json.loads(metadata[b"umbrella"])["phase_label"] == "harden"
    assert b"geo" in metadata


def test_existing_output_is_kept_unless_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "run"
    write_result(RESULT, out, day=0)
    with pytest.raises(OutputPathError, match="already exists"):
        write_result(RESULT, out, day=90)
    write_result(RESULT, out, day=90, overwrite=True)
    assert json.loads((out / "summary.json").read_text())["timeline"][0]["day"] == 90
    assert _entries(tmp_path) == {"run"}


def test_a_folder_umbrella_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(OutputPathError, match="did not write"):
        write_result(RESULT, tmp_path / "mine", overwrite=True)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_missing_folder_and_unknown_phase(tmp_path: Path) -> None:
    with pytest.raises(OutputPathError, match="does not exist"):
        write_result(RESULT, tmp_path / "absent" / "run")
    with pytest.raises(UnknownPhase) as raised:
        write_result(RESULT, tmp_path / "run", day=45)
    assert raised.value.field == "day" and "0, 90" in str(raised.value)
    assert _entries(tmp_path) == set()


@pytest.mark.parametrize("name", ["run", "result.gpkg", "result.parquet"])
def test_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    calls = {"n": 0}
    real_layer_name = writers.layer_name

    def failing_after_some_output(day: int, output: str) -> str:
        calls["n"] += 1
        if calls["n"] > 12:
            raise OSError("disk full")
        return real_layer_name(day, output)

    def failing_regions(path: Path, regions: Any) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(writers, "layer_name", failing_after_some_output)
    monkeypatch.setattr(writers, "_write_regions_csv", failing_regions)
    with pytest.raises(OSError, match="disk full"):
        write_result(RESULT, tmp_path / name)
    assert _entries(tmp_path) == set()


def test_a_failed_overwrite_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "result.gpkg"
    write_result(RESULT, out, day=0)
    before = out.read_bytes()

    def failing(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pyogrio, "write_dataframe", failing)  # writers import it when used
    with pytest.raises(OSError):
        write_result(RESULT, out, day=90, overwrite=True)
    assert out.read_bytes() == before
    assert _entries(tmp_path) == {"result.gpkg"}


def test_geometries_read_back_equal_the_records(tmp_path: Path) -> None:
    out = tmp_path / "result.gpkg"
    write_result(RESULT, out, day=0)
    footprints = gpd.read_file(out, layer="day000_footprints")
    for written, record in zip(footprints.geometry, RESULT.phases[0].footprints, strict=True):
        assert shapely.equals(written, record.geometry)


def test_a_failed_rename_restores_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "run"
    write_result(RESULT, out, day=0)
    real_replace = os.replace

    def failing_for_the_new_output(source: str | Path, target: str | Path) -> None:
        if Path(source).name == "run" and Path(target) == out:
            raise OSError("rename failed")
        real_replace(source, target)

    monkeypatch.setattr(writers.os, "replace", failing_for_the_new_output)
    with pytest.raises(OSError, match="rename failed"):
        write_result(RESULT, out, day=90, overwrite=True)
    assert json.loads((out / "summary.json").read_text())["timeline"][0]["day"] == 0
    assert _entries(tmp_path) == {"run"}


def test_rounding_that_would_make_a_ring_touch_itself_is_repaired_and_oriented() -> None:
    # valid, but its fourth vertex lies 0.4e-6 degrees above the bottom edge: rounded to 6
    # decimals alone, the ring would touch itself
    polygon = Polygon([(30, 50), (30, 51), (30.5, 50.0000004), (31, 51), (31, 50)])  # clockwise
    assert polygon.is_valid and not shapely.transform(polygon, lambda xy: np.round(xy, 6)).is_valid
    phase = dataclasses.replace(RESULT.phases[0], depth=(DepthArea(1, polygon, 1.0),))
    written = shapely.geometry.shape(
        feature_collection(phase, "depth", PROVENANCE)["features"][0]["geometry"]
    )
    assert written.is_valid
    assert all(shapely.is_ccw(part.exterior) for part in shapely.get_parts(written))
    assert written.area == pytest.approx(polygon.area, rel=1e-5)


def _next_phase(phase: PhaseResult) -> PhaseResult:
    """The same targets a phase later (the same objects for what did not change), with one
    more asset on the first, the second a plant of another weight, and a name to neutralise."""
    first, second = phase.targets
    more = dataclasses.replace(
        first, asset_ids=(*first.asset_ids, "a3"), asset_distances_km=(10.0, 20.0, math.inf)
    )
    heavier = dataclasses.replace(second, weight=1300.0, name="=SUM(1)")
    summary = dataclasses.replace(phase.summary, day=phase.summary.day + 30)
    return dataclasses.replace(phase, summary=summary, targets=(more, heavier))


def test_written_geojson_is_json_of_the_feature_collection(tmp_path: Path) -> None:
    """The files are what the standard library writes of ``feature_collection`` (the service's
    answer), phase after phase: what changes between phases is written anew."""
    first = RESULT.phases[0]
    result = AnalysisResult(PROVENANCE, (first, _next_phase(first)))
    out = tmp_path / "run"
    write_result(result, out)
    for phase in result.phases:
        folder = out / f"day-{phase.summary.day:03d}"
        for output in OUTPUTS:
            collection = feature_collection(phase, output, PROVENANCE)
            text = json.dumps(collection, ensure_ascii=False, allow_nan=False) + "\n"
            assert (folder / f"{output}.geojson").read_text(encoding="utf-8") == text
    later = json.loads((out / "day-030" / "targets.geojson").read_text())["features"]
    assert later[0]["properties"]["asset_distances_km"] == [10.0, 20.0, None]
    assert later[1]["properties"]["weight"] == 1300.0
    with (out / "day-030" / "targets.csv").open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["asset_ids"] for row in rows] == ["a1;a2;a3", "a2"]
    assert [row["name"] for row in rows] == ["Plant p1", "'=SUM(1)"]
    assert [row["weight"] for row in rows] == ["1200.0", "1300.0"]
