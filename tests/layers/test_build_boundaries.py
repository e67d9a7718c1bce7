"""The boundary layers built from tiny Natural Earth files written here (GeoJSON, the source
columns only): codes mended and filled in, attributes joined, both worldviews."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from umbrella.layers import build_boundaries as boundaries
from umbrella.layers import build_cities
from umbrella.layers.worldview import select_view

# Russia holds [0, 2] x [0, 1] de facto, of which UA-43 is [1, 2] x [0, 1]; Ukraine is [2, 3];
# Cyprus is labelled ESB in the 1:10m file; France has no ISO code (-99); ZZZ has no 1:50m row.
BOXES = {
    "RUS": shapely.box(0, 0, 2, 1),
    "UKR": shapely.box(2, 0, 3, 1),
    "ESB": shapely.box(5, 0, 6, 1),
    "FRA": shapely.box(7, 0, 8, 1),
    "ZZZ": shapely.box(9, 0, 10, 1),
}
ALPHA2 = {"RUS": "RU", "UKR": "UA", "ESB": "CY", "FRA": "FR", "ZZZ": "ZZ"}
ATTRIBUTES = [  # ADM0_A3, ISO_A3_EH, NAME, ISO_A2, POP_EST
    ("RUS", "RUS", "Russia", "RU", 144_000_000),
    ("UKR", "UKR", "Ukraine", "UA", 41_000_000),
    ("CYP", "CYP", "Cyprus", "CY", 1_200_000),
    ("FRA", "-99", "France", "-99", 67_000_000),
]


def _write(folder: Path, name: str, rows: dict[str, list[Any]], geometry: list[Any]) -> None:
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geometry, crs=4326)
    frame.to_file(folder / name, driver="GeoJSON")


@pytest.fixture(scope="module")
def natural_earth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("naturalearth")
    _write(
        folder,
        boundaries.REGIONS_10M,
        {
            "iso_3166_2": ["RU-X", "UA-43", "UA-01"],
            "name": ["X", "Krym", "Kyivska"],
            "name_en": ["X", "Crimea", "Kyiv Oblast"],
            "type_en": ["Region", "Republic", "Region"],
            "adm0_a3": ["RUS", "RUS", "UKR"],
            "adm1_code": ["RUS-1", "RUS-2", "UKR-1"],
            "unused": [1, 2, 3],
        },
        [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(2, 0, 3, 1)],
    )
    _write(
        folder,
        boundaries.COUNTRIES_10M,
        {"country_a3": list(BOXES), "country_a2": [ALPHA2[c] for c in BOXES]},
        list(BOXES.values()),
    )
    _write(
        folder,
        boundaries.COUNTRIES_50M,
        {
            "ADM0_A3": [a[0] for a in ATTRIBUTES],
            "ISO_A3_EH": [a[1] for a in ATTRIBUTES],
            "NAME": [a[2] for a in ATTRIBUTES],
            "NAME_LONG": [f"{a[2]} (long)" for a in ATTRIBUTES],
            "SOVEREIGNT": [a[2] for a in ATTRIBUTES],
            "TYPE": ["Sovereign country"] * len(ATTRIBUTES),
            "CONTINENT": ["Europe"] * len(ATTRIBUTES),
            "POP_EST": [a[4] for a in ATTRIBUTES],
            "ISO_A2": [a[3] for a in ATTRIBUTES],
        },
        [shapely.box(20 + i, 0, 21 + i, 1) for i in range(len(ATTRIBUTES))],
    )
    _write(
        folder,
        boundaries.BORDERS_10M,
        {
            "featurecla": ["International boundary", "Disputed"],
            "type": ["Land", "Line of control"],
            "adm0_a3_l": ["UKR", "RUS"],
            "adm0_a3_r": ["POL", "UKR"],
            "note": [None, "Crimea"],
        },
        [shapely.LineString([(3, 0), (3, 1)]), shapely.LineString([(2, 0), (2, 1)])],
    )
    _write(
        folder,
        boundaries.DISPUTED_10M,
        {
            "BRK_NAME": ["Crimea"],
            "NAME_LONG": ["Crimea (long)"],
            "TYPE": ["Disputed"],
            "ADM0_A3": ["RUS"],
            "SOV_A3": ["RUS"],
            "NOTE_BRK": ["Claimed by Ukraine"],
            "featurecla": ["Admin-0 breakaway"],
        },
        [shapely.box(1, 0, 2, 1)],
    )
    return folder


def test_regions_keep_the_source_columns_as_multipolygons(natural_earth: Path) -> None:
    regions = boundaries.read_regions(natural_earth)
    assert list(regions.columns) == [
        "iso_3166_2", "name", "name_en", "type_en", "adm0_a3", "adm1_code", "geometry"
    ]  # fmt: skip
    assert set(regions.geom_type) == {"MultiPolygon"}
    views = boundaries.build_regions(regions)
    un = select_view(views, "un").set_index("iso_3166_2")["adm0_a3"].to_dict()
    assert un == {"RU-X": "RUS", "UA-43": "UKR", "UA-01": "UKR"}


def test_countries_are_joined_mended_and_filled_in(natural_earth: Path) -> None:
    regions = boundaries.read_regions(natural_earth)
    views = boundaries.build_countries(natural_earth, regions)
    assert list(views.columns) == [
        "adm0_a3", "iso_a3", "iso_a2", "name", "name_long", "sovereignt", "type", "continent",
        "pop_est", "geometry", "worldview",
    ]  # fmt: skip
    de_facto = select_view(views, "de_facto").set_index("adm0_a3")
    # ESB takes Cyprus's code by its alpha-2; FRA keeps its own code for -99; ZZZ its code
    assert sorted(de_facto.index) == ["CYP", "FRA", "RUS", "UKR", "ZZZ"]
    assert de_facto["iso_a3"].to_dict() == {
        "RUS": "RUS", "UKR": "UKR", "CYP": "CYP", "FRA": "FRA", "ZZZ": "ZZZ"
    }  # fmt: skip
    assert de_facto.loc["ZZZ", "name"] == "ZZZ" and de_facto.loc["CYP", "name"] == "Cyprus"
    assert de_facto.loc["UKR", "pop_est"] == 41_000_000 and pd.isna(de_facto.loc["ZZZ", "pop_est"])
    assert de_facto.loc["CYP", "geometry"].equals(BOXES["ESB"])
    un = select_view(views, "un").set_index("adm0_a3").geometry
    assert un["UKR"].equals(shapely.box(1, 0, 3, 1)) and un["RUS"].equals(shapely.box(0, 0, 1, 1))
    assert set(views.geom_type) == {"MultiPolygon"}


def test_a_mislabelled_polygon_keeps_its_code_when_the_country_has_a_polygon() -> None:
    polygons = pd.DataFrame({"adm0_a3": ["ESB", "CYP", "USG"], "iso_a2": ["CY", "CY", "CU"]})
    attributes = pd.DataFrame(
        {"adm0_a3": ["CYP", "CUB", "NOC"], "attributes_a2": ["CY", "CU", "-99"]}
    )
    assert list(boundaries.recoded_by_alpha2(polygons, attributes)) == ["ESB", "CYP", "CUB"]


def test_borders_and_disputed_areas_are_renamed(natural_earth: Path) -> None:
    regions = boundaries.read_regions(natural_earth)
    borders = boundaries.build_borders(natural_earth, regions)
    un = select_view(borders, "un")
    assert list(un[["kind", "adm0_left", "adm0_right"]].itertuples(index=False, name=None)) == [
        ("International boundary", "UKR", "POL")
    ]
    assert len(select_view(borders, "de_facto")) == 2
    assert set(borders.geom_type) == {"MultiLineString"}
    disputed = boundaries.build_disputed(natural_earth)
    assert disputed.drop(columns="geometry").iloc[0].to_dict() == {
        "name": "Crimea",
        "name_long": "Crimea (long)",
        "type": "Disputed",
        "adm0_a3": "RUS",
        "sov_a3": "RUS",
        "note_brk": "Claimed by Ukraine",
        "kind": "Admin-0 breakaway",
    }
    assert set(disputed.geom_type) == {"MultiPolygon"}


def test_settlements_are_the_populated_places_with_a_geonames_id(tmp_path: Path) -> None:
    ids = [5.0, 0.0, -1.0, None, 703448.0, 1.0]
    points = [shapely.Point(i, 0) for i in range(len(ids))]
    _write(tmp_path, build_cities.POPULATED_PLACES, {"GEONAMEID": ids, "NAME": ["x"] * 6}, points)
    assert build_cities.settlement_ids(tmp_path) == {1, 5, 703448}
