"""The public layers of a map's scene: the bundled layers around the scenario, clipped and
simplified for display, kept on disk and read back exactly as drawn."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from umbrella.coverage import cache
from umbrella.coverage.analysis import AnalysisResult
from umbrella.coverage.scenario import Scenario
from umbrella.layers import load_layer
from umbrella.maps import scene
from umbrella.maps.scene import MIN_CITY_POPULATION, PublicLayers, build_scene

FRAMES = [field.name for field in fields(PublicLayers) if field.name != "bbox"]


def frame(public: PublicLayers, name: str) -> gpd.GeoDataFrame:
    """A public layer's rows as a GeoDataFrame, with the geometries they hold."""
    rows = getattr(public, name)
    return gpd.GeoDataFrame(
        rows.table.drop_columns(["geometry"]).to_pandas(), geometry=rows.geometry, crs=4326
    )


def test_the_settlements_are_the_big_cities_in_the_box(
    empty_cache: Path, small: tuple[Scenario, AnalysisResult]
) -> None:
    public = build_scene(*small).public
    cities = load_layer("cities", bbox=public.bbox, worldview=small[0].worldview)
    chosen = cities.loc[(cities["population"] >= MIN_CITY_POPULATION) & cities["section_of"].isna()]
    assert sorted(public.cities["geonameid"]) == sorted(chosen["geonameid"])
    assert len(public.cities) >= 5
    assert shapely.within(public.cities.geometry, shapely.box(*public.bbox)).all()


def test_public_layers_are_kept_on_disk_and_read_back_as_drawn(
    empty_cache: Path, small: tuple[Scenario, AnalysisResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = build_scene(*small).public
    kept = sorted(path.parent.name for path in empty_cache.glob("public-*/*.arrow"))
    assert kept == sorted(f"public-{name}" for name in FRAMES)
    cache._memory.clear()  # as a new process finds them

    def read_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a kept public layer was read from the bundled layers again")

    monkeypatch.setattr(scene, "layer_rows", read_again)
    monkeypatch.setattr(scene, "_settlements", read_again)
    again = build_scene(*small).public
    assert again.bbox == drawn.bbox
    for name in FRAMES:
        assert_geodataframe_equal(frame(again, name), frame(drawn, name))  # exact
        assert len(getattr(drawn, name)) or name in ("lakes", "disputed")


def test_maps_are_drawn_without_pandas(
    tmp_path: Path, small: tuple[Scenario, AnalysisResult]
) -> None:
    """A map's first drawing (empty cache) and its figure load neither pandas nor geopandas:
    loading them would cost a command a third of a second for a few hundred rows."""
    scenario_file = tmp_path / "small.json"
    scenario_file.write_text(small[0].model_dump_json(exclude_unset=True))
    code = f"""
import json, sys
from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import parse_scenario
from umbrella.maps import figure_size, render_figure, render_html
scenario = parse_scenario(json.loads(open({str(scenario_file)!r}).read()))
result = analyze(scenario)
assert render_html(scenario, result).startswith("<!DOCTYPE html>")
day = result.phases[0].summary.day
png = render_figure(scenario, result, day=day, fmt="png", size=figure_size(width_px=600))
assert png.startswith(b"\\x89PNG")
print(" ".join(sorted(sys.modules)))
"""
    environment = {**os.environ, "UMBRELLA_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    loaded = {name.split(".")[0] for name in done.stdout.split()}
    assert {"folium", "matplotlib"} <= loaded
    assert loaded.isdisjoint({"pandas", "geopandas"})
