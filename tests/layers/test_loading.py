"""The bundled layers: worldviews, region and bbox filters, catalogue conformance, errors."""

from __future__ import annotations

import pyarrow as pa
import pytest
import shapely
from pyproj import Geod
from shapely import Point

from umbrella.layers import (
    LAYERS,
    WORLDVIEWS,
    BBoxError,
    LayerNotFound,
    RegionNotFound,
    UnknownWorldview,
    list_layers,
    load_layer,
    region_geometry,
)
from umbrella.layers.catalogue import data_dir
from umbrella.layers.loading import _is, _is_in

SIMFEROPOL = Point(34.10, 44.95)
KYIV = Point(30.52, 50.45)
MOSCOW = Point(37.62, 55.75)
GEOD = Geod(ellps="WGS84")


def containing(layer: str, point: Point, worldview: str, column: str) -> list[str]:
    frame = load_layer(layer, worldview=worldview)
    return sorted(frame.loc[frame.contains(point), column])


@pytest.mark.parametrize(("worldview", "country"), [("un", "UKR"), ("de_facto", "RUS")])
def test_simferopol_belongs_to_the_worldview_s_country(worldview: str, country: str) -> None:
    assert containing("countries", SIMFEROPOL, worldview, "adm0_a3") == [country]
    regions = load_layer("regions", worldview=worldview)
    hit = regions.loc[regions.contains(SIMFEROPOL)]
    assert list(hit["iso_3166_2"]) == ["UA-43"]
    assert list(hit["adm0_a3"]) == [country]


@pytest.mark.parametrize("worldview", WORLDVIEWS)
def test_kyiv_and_moscow_do_not_depend_on_the_worldview(worldview: str) -> None:
    assert containing("countries", KYIV, worldview, "adm0_a3") == ["UKR"]
    assert containing("countries", MOSCOW, worldview, "adm0_a3") == ["RUS"]


def test_crimea_and_sevastopol_are_ukrainian_regions_in_the_un_view() -> None:
    un = load_layer("regions", region="UKR")
    de_facto = load_layer("regions", region="UKR", worldview="de_facto")
    assert {"UA-43", "UA-40"} <= set(un["iso_3166_2"])
    assert set(un["iso_3166_2"]) - set(de_facto["iso_3166_2"]) == {"UA-43", "UA-40"}
    assert (un["adm0_a3"] == "UKR").all()
    russian = load_layer("regions", region="RUS", worldview="de_facto")
    assert {"UA-43", "UA-40"} <= set(russian["iso_3166_2"])


def test_country_polygons_are_recomputed_by_the_area_of_the_moved_regions() -> None:
    """UKR gains (and RUS loses) the geodesic area of Crimea and Sevastopol."""

    def area_km2(geometry: shapely.Geometry) -> float:
        return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6

    crimea = area_km2(shapely.union(region_geometry("UA-43", "un"), region_geometry("UA-40", "un")))
    gained = area_km2(region_geometry("UKR", "un")) - area_km2(region_geometry("UKR", "de_facto"))
    lost = area_km2(region_geometry("RUS", "de_facto")) - area_km2(region_geometry("RUS", "un"))
    assert crimea > 25_000
    assert gained == pytest.approx(crimea, rel=0.01)
    assert lost == pytest.approx(crimea, rel=0.01)
    assert not region_geometry("RUS", "un").contains(SIMFEROPOL)


def test_the_de_facto_crimea_line_is_no_border_in_the_un_view() -> None:
    crimea = region_geometry("UA-43", "de_facto")

    def ukr_rus_lines(worldview: str) -> int:
        borders = load_layer("borders", worldview=worldview)
        pair = borders[["adm0_left", "adm0_right"]].apply(frozenset, axis=1) == {"UKR", "RUS"}
        return int((pair & borders.intersects(crimea)).sum())

    assert ukr_rus_lines("de_facto") == 1
    assert ukr_rus_lines("un") == 0


def test_region_filter_on_countries_accepts_either_code_case_insensitively() -> None:
    assert list(load_layer("countries", region="ukr")["adm0_a3"]) == ["UKR"]
    assert list(load_layer("countries", region="UA-43")["adm0_a3"]) == ["UKR"]
    de_facto = load_layer("countries", region="UA-43", worldview="de_facto")
    assert list(de_facto["adm0_a3"]) == ["RUS"]


def test_region_filter_keeps_the_features_inside_the_region() -> None:
    cities = load_layer("cities", region="UA-43")
    assert "Simferopol" in set(cities["name"])
    area = region_geometry("UA-43")
    # a point counts for its source's country and region: the few outside the 1:10m outline
    # lie on its coast
    assert (cities["iso_3166_2"] == "UA-43").all() and (cities["country_iso2"] == "UA").all()
    assert cities.intersects(area).mean() > 0.95
    assert len(load_layer("cities")) > len(cities) > 100
    assert "Simferopol" not in set(load_layer("cities", region="POL")["name"])
    assert "Simferopol" in set(load_layer("cities", region="RUS", worldview="de_facto")["name"])
    assert "Simferopol" not in set(load_layer("cities", region="RUS")["name"])


def test_cities_carry_the_region_code_from_the_spatial_join() -> None:
    cities = load_layer("cities", region="UA-43")
    simferopol = cities.loc[cities["name"] == "Simferopol"].iloc[0]
    assert simferopol["iso_3166_2"] == "UA-43"
    assert simferopol["country_iso3"] == "UKR"
    assert simferopol["population"] > 300_000
    assert load_layer("cities")["population"].min() >= 500


def test_seas_name_the_waters_around_ukraine_for_labels() -> None:
    seas = load_layer("seas", bbox=(28.0, 43.0, 40.0, 48.0))
    names = set(seas["name"].str.casefold())
    assert {"black sea", "sea of azov"} <= names
    assert seas["name"].notna().all()
    odesa_offshore = shapely.Point(31.5, 45.5)
    black_sea = seas.loc[seas["name"].str.casefold() == "black sea"].geometry.iloc[0]
    assert black_sea.contains(odesa_offshore)


def test_bbox_filter_keeps_features_that_intersect_the_box() -> None:
    box = (30.0, 50.0, 31.0, 51.0)
    cities = load_layer("cities", bbox=box)
    assert "Kyiv" in set(cities["name"])
    assert cities.intersects(shapely.box(*box)).all()
    crossing = load_layer("countries", bbox=(179.0, -20.0, -179.0, -15.0))
    assert "FJI" in set(crossing["adm0_a3"])


@pytest.mark.parametrize(
    "bbox",
    [(1.0, 2.0, 3.0), (0.0, 10.0, 1.0, 5.0), (-181.0, 0.0, 1.0, 1.0), (0.0, 0.0, float("nan"), 1)],
)
def test_bad_bbox_names_the_value(bbox: tuple[float, ...]) -> None:
    with pytest.raises(BBoxError) as error:
        load_layer("cities", bbox=bbox)  # type: ignore[arg-type]
    assert error.value.field == "bbox"
    assert error.value.value == bbox


def test_unknown_names_raise_typed_errors_naming_the_value() -> None:
    with pytest.raises(LayerNotFound, match="towns") as layer:
        load_layer("towns")
    assert layer.value.value == "towns" and "cities" in str(layer.value)
    with pytest.raises(RegionNotFound, match="UKX") as region:
        load_layer("cities", region="UKX")
    assert "UKR" in str(region.value)
    with pytest.raises(UnknownWorldview, match="russian"):
        load_layer("countries", worldview="russian")
    with pytest.raises(RegionNotFound):
        region_geometry("XX-99")


@pytest.mark.parametrize("name", list(LAYERS))
def test_every_catalogued_layer_loads_with_its_declared_geometry(name: str) -> None:
    frame = load_layer(name)
    assert len(frame) > 0
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert set(frame.geom_type) == {LAYERS[name].geometry_type}
    assert "worldview" not in frame.columns


def test_list_layers_counts_match_the_loaded_layers() -> None:
    for worldview in WORLDVIEWS:
        for info in list_layers(worldview):
            assert info.count == len(load_layer(info.spec.name, worldview=worldview))


def test_loaded_frames_are_copies_of_the_cache() -> None:
    first = load_layer("airports")
    first["name"] = "changed"
    assert (load_layer("airports")["name"] != "changed").any()


def test_bundled_files_stay_under_the_size_budget() -> None:
    total = sum(path.stat().st_size for path in data_dir().iterdir())
    assert total < 25 * 1024 * 1024


def test_notice_carries_the_attributions_and_every_layer() -> None:
    notice = (data_dir() / "NOTICE.md").read_text()
    assert "Global Power Plant Database v1.3.0, World Resources Institute, CC BY 4.0" in notice
    assert "public domain" in notice and "GeoNames" in notice
    for name in LAYERS:
        assert f"`{name}`" in notice


@pytest.mark.parametrize(
    "bbox",
    [(170.0, -50.0, -170.0, -10.0), (179.0, -20.0, -179.0, -15.0), (100.0, 40.0, -100.0, 75.0)],
)
def test_a_bbox_across_the_antimeridian_keeps_what_meets_either_side(
    bbox: tuple[float, float, float, float],
) -> None:
    west, south, east, north = bbox
    cities = load_layer("cities", bbox=bbox)
    every = load_layer("cities")
    lon, lat = every.geometry.x, every.geometry.y
    inside = ((lon >= west) | (lon <= east)) & (lat >= south) & (lat <= north)
    assert sorted(cities["geonameid"]) == sorted(every["geonameid"][inside])
    countries = load_layer("countries", bbox=bbox)
    all_countries = load_layer("countries")
    halves = [shapely.box(west, south, 180.0, north), shapely.box(-180.0, south, east, north)]
    meets = all_countries.intersects(halves[0]) | all_countries.intersects(halves[1])
    assert sorted(countries["adm0_a3"]) == sorted(all_countries["adm0_a3"][meets])
    assert len(countries) < len(all_countries)


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_a_missing_text_matches_no_filter(kind: pa.DataType) -> None:
    column = pa.chunked_array([pa.array(["UKR", None, "POL"], kind), pa.array([None], kind)])
    assert _is(column, "UKR").tolist() == [True, False, False, False]
    assert _is_in(column, {"UKR", "POL"}).tolist() == [True, False, True, False]
