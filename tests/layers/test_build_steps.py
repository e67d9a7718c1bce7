"""Build steps on tiny synthetic frames: worldview views, multi geometries, merges, cities."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from umbrella.layers.build import check_source
from umbrella.layers.build_cities import ascii_name, cities_frame
from umbrella.layers.build_features import detailed_where_covered
from umbrella.layers.build_io import to_multi
from umbrella.layers.build_points import own_country_regions
from umbrella.layers.errors import BuildSourceError
from umbrella.layers.worldview import (
    borders_views,
    countries_views,
    regions_views,
    select_view,
)

CRS = "EPSG:4326"


def frame(data: dict[str, list[object]], geometry: list[shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.DataFrame(data), geometry=geometry, crs=CRS)


# Russia holds [0, 2] x [0, 1] de facto, of which UA-43 is [1, 2] x [0, 1]; Ukraine is [2, 3].
REGIONS = frame(
    {"iso_3166_2": ["RU-X", "UA-43", "UA-01"], "adm0_a3": ["RUS", "RUS", "UKR"]},
    [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(2, 0, 3, 1)],
)
COUNTRIES = frame(
    {"adm0_a3": ["RUS", "UKR", "POL"]},
    [shapely.box(0, 0, 2, 1), shapely.box(2, 0, 3, 1), shapely.box(3, 0, 4, 1)],
)


def test_regions_views_reassign_by_iso_prefix() -> None:
    views = regions_views(REGIONS)
    un = select_view(views, "un").set_index("iso_3166_2")["adm0_a3"]
    de_facto = select_view(views, "de_facto").set_index("iso_3166_2")["adm0_a3"]
    assert un.to_dict() == {"RU-X": "RUS", "UA-01": "UKR", "UA-43": "UKR"}
    assert de_facto.to_dict() == {"RU-X": "RUS", "UA-01": "UKR", "UA-43": "RUS"}
    assert len(views) == 4  # only the moved region is stored twice


def test_countries_views_dissolve_the_moved_regions() -> None:
    views = countries_views(COUNTRIES, REGIONS)
    un = select_view(views, "un").set_index("adm0_a3").geometry
    de_facto = select_view(views, "de_facto").set_index("adm0_a3").geometry
    assert un["UKR"].equals(shapely.box(1, 0, 3, 1))
    assert un["RUS"].equals(shapely.box(0, 0, 1, 1))
    assert de_facto["RUS"].equals(shapely.box(0, 0, 2, 1))
    assert un["POL"].equals(de_facto["POL"])
    assert set(views["worldview"]) == {"all", "un", "de_facto"}
    assert (views.geom_type == "MultiPolygon").sum() >= 2


def test_borders_views_drop_the_de_facto_line_from_the_un_view() -> None:
    lines = frame(
        {"adm0_left": ["RUS", "UKR"], "adm0_right": ["UKR", "POL"]},
        [shapely.LineString([(2, 0), (2, 1)]), shapely.LineString([(3, 0), (3, 1)])],
    )
    views = borders_views(lines, REGIONS)
    assert list(select_view(views, "un")["adm0_left"]) == ["UKR"]
    assert list(select_view(views, "de_facto")["adm0_left"]) == ["RUS", "UKR"]


def test_to_multi_repairs_and_keeps_only_the_wanted_kind() -> None:
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    result = to_multi(np.array([bowtie, shapely.Point(0, 0)], dtype=object), "polygon")
    assert result[0].geom_type == "MultiPolygon" and result[0].is_valid
    assert result[0].area == pytest.approx(0.5)
    assert result[1].is_empty
    assert len(to_multi(np.array([], dtype=object), "line")) == 0


def test_detailed_where_covered_clips_coarse_features_to_outside_the_hull() -> None:
    detailed = frame(
        {"name": ["a", "b"], "scalerank": [1, 1]},
        [shapely.LineString([(0, 0), (1, 1)]), shapely.LineString([(0, 1), (1, 0)])],
    )
    coarse = frame(
        {"name": ["inside", "across"], "scalerank": [2, 2]},
        [shapely.LineString([(0.2, 0.5), (0.8, 0.5)]), shapely.LineString([(0.5, 0.5), (3, 0.5)])],
    )
    merged = detailed_where_covered(detailed, coarse, "MultiLineString")
    assert list(merged["name"]) == ["a", "b", "across"]
    assert list(merged["scale"]) == ["10m", "10m", "50m"]
    assert merged.geometry.iloc[2].length == pytest.approx(2.0)


def test_cities_frame_filters_by_population_and_joins_codes() -> None:
    cities = pd.DataFrame(
        {
            "geonameid": [1, 2],
            "name": ["Čierna", "Tiny"],
            "latitude": [0.5, 0.5],
            "longitude": [1.5, 0.5],
            "countrycode": ["UA", "RU"],
            "admin1code": ["11", "01"],
            "population": [600, 499],
        }
    )
    countries = pd.DataFrame(
        {"iso": ["UA", "RU"], "iso3": ["UKR", "RUS"], "continentcode": ["EU", "EU"]}
    )
    points = cities_frame(cities, countries)
    assert list(points["asciiname"]) == ["Cierna"]
    assert list(points["country_iso3"]) == ["UKR"]
    assert list(own_country_regions(points.geometry, points["country_iso2"], REGIONS)) == ["UA-43"]
    assert ascii_name("Київ") == ""


def test_cities_of_500_people_and_more_are_kept() -> None:
    """GeoNames' smallest cities: 500 people or more (written here, as in NOTICE.md)."""
    cities = pd.DataFrame(
        {
            "geonameid": [1, 2, 3],
            "name": ["Five hundred", "Four ninety-nine", "Five hundred one"],
            "latitude": [0.5, 0.5, 0.5],
            "longitude": [1.5, 0.5, 1.0],
            "countrycode": ["UA", "UA", "UA"],
            "admin1code": ["11", "11", "11"],
            "population": [500, 499, 501],
        }
    )
    countries = pd.DataFrame({"iso": ["UA"], "iso3": ["UKR"], "continentcode": ["EU"]})
    assert list(cities_frame(cities, countries)["geonameid"]) == [1, 3]


def test_check_source_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(BuildSourceError, match="naturalearth") as error:
        check_source(tmp_path)
    assert error.value.value == str(tmp_path)
