"""Each settlement counted once: sections of cities are marked, by the rule in NOTICE.md."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from umbrella.layers import load_layer
from umbrella.layers.build_cities import section_parents

GEOD = Geod(ellps="WGS84")
CITY = (30.0, 50.0)  # a settlement of 1,000,000 people: its reach is the disc of 1,000 km²
CITY_REACH_KM = math.sqrt(1_000 / math.pi)  # 17.84 km


def _at(azimuth: float, km: float) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(*CITY, azimuth, km * 1000.0)
    return float(lon), float(lat)


def test_a_place_is_a_section_only_when_every_condition_holds() -> None:
    # the urban area: the box through the points 12 km north, south, east and west
    (east, _), (west, _) = _at(90, 12), _at(270, 12)
    (_, north), (_, south) = _at(0, 12), _at(180, 12)
    urban = np.array([shapely.box(west, south, east, north)])
    places = {  # name: (position, people, admin-1 code, section of the city?)
        "district": (_at(90, 10), 200_000, "12", True),
        "next division": (_at(270, 10), 200_000, "13", False),
        "more people": (_at(0, 10), 2_000_000, "12", False),
        "beyond reach": (_at(180, CITY_REACH_KM + 1), 1_000, "12", False),
        "1 km off the urban area": (_at(90, 13), 5_000, "12", True),
        "4.5 km off the urban area": (_at(90, 16.5), 5_000, "12", False),
    }
    assert GEOD.inv(*CITY, *places["1 km off the urban area"][0])[2] < CITY_REACH_KM * 1000
    points = [shapely.Point(CITY), *(shapely.Point(p[0]) for p in places.values())]
    cities = gpd.GeoDataFrame(
        {
            "geonameid": list(range(1, len(points) + 1)),
            "country_iso2": "UA",
            "admin1_code": ["12", *(p[2] for p in places.values())],
            "population": [1_000_000, *(p[1] for p in places.values())],
        },
        geometry=points,
        crs=4326,
    )
    parents = section_parents(cities, {1}, urban)
    expected = [pd.NA, *(1 if p[3] else pd.NA for p in places.values())]
    assert [None if pd.isna(v) else int(v) for v in parents] == [
        None if pd.isna(v) else v for v in expected
    ]


KYIV, KHARKIV = 703448, 706483


@pytest.mark.parametrize(
    ("geonameid", "settlement"),
    [
        (8519916, KYIV),  # Obolon
        (13546519, KYIV),  # Desna
        (13546521, KYIV),  # Shevchenkivskyi
        (13580095, KYIV),  # Darnytsya
        (6722148, KHARKIV),  # Saltivka
        (13561808, KHARKIV),  # Rayon KTZ
        (703448, None),  # Kyiv
        (711390, None),  # Brovary, a town of its own next to Kyiv
        (709932, None),  # Kamyanske, next to Dnipro
        (693468, None),  # Slovyansk, next to Kramatorsk
    ],
)
def test_the_bundled_layer_marks_districts_not_towns(
    geonameid: int, settlement: int | None
) -> None:
    cities = load_layer("cities")
    row = cities.loc[cities["geonameid"] == geonameid].iloc[0]
    assert (None if pd.isna(row["section_of"]) else int(row["section_of"])) == settlement
