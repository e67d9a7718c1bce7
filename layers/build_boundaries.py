"""Build the boundary layers (countries, regions, borders, disputed) from Natural Earth."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd

from umbrella.layers.build_io import read_source, to_multi
from umbrella.layers.worldview import borders_views, countries_views, regions_views

__all__ = [
    "COUNTRIES_10M",
    "COUNTRIES_50M",
    "build_borders",
    "build_countries",
    "build_disputed",
    "build_regions",
    "read_regions",
    "recoded_by_alpha2",
]

COUNTRIES_10M: Final = "ne_10m_admin_0_countries_iso.geojson"
COUNTRIES_50M: Final = "ne_50m_admin_0_countries.geojson"
REGIONS_10M: Final = "ne_10m_admin_1_states_provinces.geojson"
BORDERS_10M: Final = "ne_10m_admin_0_boundary_lines_land.geojson"
DISPUTED_10M: Final = "ne_10m_admin_0_disputed_areas.geojson"

_NO_CODE: Final = "-99"
_COUNTRY_ATTRIBUTES: Final = {
    "ADM0_A3": "adm0_a3",
    "ISO_A3_EH": "iso_a3",
    "NAME": "name",
    "NAME_LONG": "name_long",
    "SOVEREIGNT": "sovereignt",
    "TYPE": "type",
    "CONTINENT": "continent",
    "POP_EST": "pop_est",
}


def _polygons(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.set_geometry(to_multi(frame.geometry.to_numpy(), "polygon"), crs=frame.crs)


def read_regions(natural_earth: Path) -> gpd.GeoDataFrame:
    """The de facto admin-1 features: iso_3166_2, name, name_en, type_en, adm0_a3, adm1_code."""
    columns = ["iso_3166_2", "name", "name_en", "type_en", "adm0_a3", "adm1_code"]
    return _polygons(read_source(natural_earth / REGIONS_10M, columns))[[*columns, "geometry"]]


def build_countries(natural_earth: Path, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """1:10m country polygons joined to 1:50m attributes on adm0_a3, in both worldviews.

    iso_a3 falls back to adm0_a3 where Natural Earth has no ISO code (-99: France, Norway,
    Kosovo); name falls back to the code where the 1:50m set has no such country.
    """
    polygons = read_source(natural_earth / COUNTRIES_10M).rename(
        columns={"country_a3": "adm0_a3", "country_a2": "iso_a2"}
    )
    attributes = read_source(natural_earth / COUNTRIES_50M, [*_COUNTRY_ATTRIBUTES, "ISO_A2"])
    attributes = pd.DataFrame(attributes.drop(columns="geometry")).rename(
        columns={**_COUNTRY_ATTRIBUTES, "ISO_A2": "attributes_a2"}
    )
    polygons["adm0_a3"] = recoded_by_alpha2(polygons, attributes)
    countries = polygons.merge(attributes.drop(columns="attributes_a2"), on="adm0_a3", how="left")
    countries["iso_a3"] = countries["iso_a3"].where(
        countries["iso_a3"].notna() & (countries["iso_a3"] != _NO_CODE), countries["adm0_a3"]
    )
    countries["name"] = countries["name"].fillna(countries["adm0_a3"])
    countries["pop_est"] = countries["pop_est"].astype("Int64")
    columns = ["adm0_a3", "iso_a3", "iso_a2", *list(_COUNTRY_ATTRIBUTES.values())[2:]]
    countries = _polygons(gpd.GeoDataFrame(countries, crs=polygons.crs))
    return countries_views(countries[[*columns, "geometry"]], regions)


def recoded_by_alpha2(polygons: pd.DataFrame, attributes: pd.DataFrame) -> pd.Series:
    """The 1:10m polygons' adm0_a3, mended where the 1:10m file mislabels a country.

    A polygon whose code names no 1:50m country takes the code of the 1:50m country with
    its ISO alpha-2 code, when that country has no polygon of its own (the 1:10m file calls
    Cyprus ``ESB`` and Cuba ``USG``). polygons needs adm0_a3 and iso_a2; attributes adm0_a3
    and attributes_a2.
    """
    codes = polygons["adm0_a3"].copy()
    known = set(attributes["adm0_a3"])
    coded = attributes.loc[attributes["attributes_a2"] != _NO_CODE]
    by_alpha2 = coded.drop_duplicates("attributes_a2").set_index("attributes_a2")["adm0_a3"]
    for i in polygons.index[~polygons["adm0_a3"].isin(known)]:
        code = by_alpha2.get(polygons.at[i, "iso_a2"])
        if code is not None and code not in set(codes):
            codes.at[i] = code
    return codes


def build_regions(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Admin-1 regions in both worldviews (owner adm0_a3 changes for reassigned regions)."""
    return regions_views(regions)


def build_borders(natural_earth: Path, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Land boundary lines (kind, type, adm0_left, adm0_right) in both worldviews."""
    lines = read_source(
        natural_earth / BORDERS_10M, ["featurecla", "type", "adm0_a3_l", "adm0_a3_r", "note"]
    ).rename(columns={"featurecla": "kind", "adm0_a3_l": "adm0_left", "adm0_a3_r": "adm0_right"})
    lines = lines.set_geometry(to_multi(lines.geometry.to_numpy(), "line"), crs=lines.crs)
    return borders_views(lines, regions)


def build_disputed(natural_earth: Path) -> gpd.GeoDataFrame:
    """Disputed, breakaway and leased areas with Natural Earth's NOTE_BRK."""
    names = {
        "BRK_NAME": "name",
        "NAME_LONG": "name_long",
        "TYPE": "type",
        "ADM0_A3": "adm0_a3",
        "SOV_A3": "sov_a3",
        "NOTE_BRK": "note_brk",
        "featurecla": "kind",
    }
    areas = read_source(natural_earth / DISPUTED_10M, list(names)).rename(columns=names)
    return _polygons(areas)
