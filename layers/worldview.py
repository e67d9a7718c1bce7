"""Two worldviews of the boundaries: ``de_facto`` (as Natural Earth draws them) and ``un``.

Natural Earth draws the de facto line: Crimea (UA-43) and Sevastopol (UA-40) are admin-1
features of RUS and inside Russia's admin-0 polygon. The ``un`` view (UN General Assembly
resolution 68/262) differs in exactly that: it reassigns the admin-1 features whose ISO
3166-2 prefix is listed in ``UN_REASSIGNMENTS`` and dissolves them into the country
polygons; every other border and disputed area is the same in both views.
Worldview-dependent files store a feature once (tagged ``all``) unless it differs between
the views, then once per view.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from umbrella.layers.build_io import to_multi
from umbrella.layers.catalogue import VIEW_ALL, WORLDVIEW_COLUMN, check_worldview

__all__ = [
    "UN_REASSIGNMENTS",
    "borders_views",
    "countries_views",
    "moved_regions",
    "regions_views",
    "select_view",
]

# (ISO 3166-2 prefix, adm0_a3 that owns such regions in the un view)
UN_REASSIGNMENTS: Final = (("UA", "UKR"),)


def select_view(frame: gpd.GeoDataFrame, worldview: str) -> gpd.GeoDataFrame:
    """The rows of a worldview-tagged frame that belong to worldview, without the tag column."""
    check_worldview(worldview)
    keep = frame[WORLDVIEW_COLUMN].isin([VIEW_ALL, worldview]).to_numpy()
    return frame.loc[keep].drop(columns=WORLDVIEW_COLUMN).reset_index(drop=True)


def moved_regions(regions: gpd.GeoDataFrame) -> pd.Series:
    """The un-view owner (adm0_a3) of each admin-1 feature that the un view reassigns, else NA."""
    owner = pd.Series(pd.NA, index=regions.index, dtype="string")
    prefix = regions["iso_3166_2"].astype("string").str.split("-").str[0]
    for code_prefix, adm0 in UN_REASSIGNMENTS:
        owner[(prefix == code_prefix) & (regions["adm0_a3"] != adm0)] = adm0
    return owner


def _tagged(frame: gpd.GeoDataFrame, view: str) -> gpd.GeoDataFrame:
    return frame.assign(**{WORLDVIEW_COLUMN: view})


def regions_views(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Admin-1 features of both views: reassigned features appear once per view."""
    owner = moved_regions(regions)
    moved = owner.notna().to_numpy()
    un_rows = regions.loc[moved].assign(adm0_a3=owner[moved].to_numpy())
    parts = [
        _tagged(regions.loc[~moved], VIEW_ALL),
        _tagged(regions.loc[moved], "de_facto"),
        _tagged(un_rows, "un"),
    ]
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=regions.crs)


def countries_views(countries: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Country polygons of both views; countries that gain or lose regions are recomputed.

    countries needs ``adm0_a3``; regions is the de facto admin-1 frame (``adm0_a3``,
    ``iso_3166_2``). A gaining country is the union of its polygon and the moved regions, a
    losing one the difference.
    """
    owner = moved_regions(regions)
    moved = owner.notna().to_numpy()
    geometry = countries.geometry.to_numpy().copy()
    for gainer in owner[moved].unique():
        taken = regions.loc[moved & (owner == gainer).to_numpy()]
        area = shapely.union_all(taken.geometry.to_numpy())
        for adm0 in taken["adm0_a3"].unique():
            losing = (countries["adm0_a3"] == adm0).to_numpy()
            geometry[losing] = shapely.difference(geometry[losing], area)
        gaining = (countries["adm0_a3"] == gainer).to_numpy()
        geometry[gaining] = shapely.union(geometry[gaining], area)
    changed = ~shapely.equals(geometry, countries.geometry.to_numpy())
    un_rows = countries.loc[changed].set_geometry(
        to_multi(geometry[changed], "polygon"), crs=countries.crs
    )
    parts = [
        _tagged(countries.loc[~changed], VIEW_ALL),
        _tagged(countries.loc[changed], "de_facto"),
        _tagged(un_rows, "un"),
    ]
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=countries.crs)


def borders_views(borders: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Border lines of both views.

    A line between a losing and a gaining country that touches a reassigned region (the de
    facto line around Crimea) is not an international border in the un view: it is kept
    in the de facto view only. borders needs ``adm0_left`` and ``adm0_right``.
    """
    owner = moved_regions(regions)
    moved = owner.notna().to_numpy()
    de_facto_only = np.zeros(len(borders), dtype=bool)
    sides = borders[["adm0_left", "adm0_right"]].to_numpy()
    for gainer in owner[moved].unique():
        taken = regions.loc[moved & (owner == gainer).to_numpy()]
        area = shapely.union_all(taken.geometry.to_numpy())
        for loser in taken["adm0_a3"].unique():
            pair = ((sides[:, 0] == gainer) & (sides[:, 1] == loser)) | (
                (sides[:, 0] == loser) & (sides[:, 1] == gainer)
            )
            de_facto_only |= pair & shapely.intersects(borders.geometry.to_numpy(), area)
    views = np.where(de_facto_only, "de_facto", VIEW_ALL)
    return gpd.GeoDataFrame(borders.assign(**{WORLDVIEW_COLUMN: views}), crs=borders.crs)
