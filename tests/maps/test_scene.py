"""The public layers of a map's scene: the bundled layers around the scenario, clipped and
simplified for display, kept on disk and read back exactly as drawn."""

from __future__ import annotations

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
