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


@pytest.mark.parametrize("centre", [(30.0, 0.0), (30.0, 50.0), (-150.0, 80.0), (20.0, -80.0)])
def test_the_reach_is_a_geodesic_disc_at_every_latitude(centre: tuple[float, float]) -> None:
    """Places just inside the reach (the disc of the settlement's people at 1,000 per km²,
    written here) in every direction are sections, just outside are not; so is a place with
    exactly the settlement's people, however near."""
    people = 1_000_000
    reach_m = math.sqrt(people / (math.pi * 1_000.0)) * 1000.0
    azimuths = np.arange(0.0, 360.0, 22.5)
    inside = [GEOD.fwd(*centre, a, 0.999 * reach_m)[:2] for a in azimuths]
    outside = [GEOD.fwd(*centre, a, 1.001 * reach_m)[:2] for a in azimuths]
    as_many = [GEOD.fwd(*centre, 45.0, 0.3 * reach_m)[:2]]
    points = [centre, *inside, *outside, *as_many]
    cities = gpd.GeoDataFrame(
        {
            "geonameid": list(range(1, len(points) + 1)),
            "country_iso2": "XX",
            "admin1_code": "01",
            "population": [people] + [1_000] * (2 * len(azimuths)) + [people],
        },
        geometry=[shapely.Point(p) for p in points],
        crs=4326,
    )
    lon, lat = centre
    urban = np.array([shapely.box(lon - 5.0, max(lat - 1.0, -90), lon + 5.0, min(lat + 1.0, 90))])
    parents = section_parents(cities, {1}, urban)
    marked = [None if pd.isna(v) else int(v) for v in parents]
    assert marked == [None] + [1] * len(azimuths) + [None] * len(azimuths) + [None]
