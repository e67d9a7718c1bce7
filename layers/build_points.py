"""Points keep the country their source gives them: admin-1 regions and moved-point counts.

A 1:10m outline can put a plant or a town a few hundred metres on the wrong side of a border
(Kuchurgan power station, Moldova's, lies 0.48 km inside Natural Earth's Ukraine). A point
whose source names its country is counted for that country: its admin-1 region is the one
of its own country that holds it, or else the nearest one of its own country.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = ["moved_points", "own_country_regions"]


def own_country_regions(
    points: gpd.GeoSeries, alpha2: pd.Series, regions: gpd.GeoDataFrame
) -> pd.Series:
    """The ISO 3166-2 code of each point's admin-1 region within its own country.

    alpha2 is each point's ISO 3166-1 alpha-2 code as its source gives it; a region belongs
    to the country named by its code's prefix (``UA-43`` to UA, whoever holds it de facto).
    The region holding the point is taken, else the nearest region of its country (in
    lon/lat: it settles which side of a coast or border line, a few hundred metres away);
    NA where its country has no region.
    """
    codes = regions["iso_3166_2"].astype("string")
    prefix = codes.str.split("-").str[0].to_numpy()
    geometries = regions.geometry.to_numpy()
    result = pd.Series(pd.NA, index=points.index, dtype="string")
    wanted = alpha2.astype("string").to_numpy()
    xy = points.to_numpy()
    for country in pd.unique(wanted[~pd.isna(wanted)]):
        mine = np.flatnonzero(wanted == country)
        own = np.flatnonzero(prefix == country)
        if len(own) == 0:
            continue
        tree = shapely.STRtree(geometries[own])
        point_index, region_index = tree.query(xy[mine], predicate="within")
        found = np.full(len(mine), -1)
        found[point_index[::-1]] = region_index[::-1]  # the first region holding each point
        missing = np.flatnonzero(found < 0)
        if len(missing):
            found[missing] = tree.nearest(xy[mine[missing]])
        result.iloc[mine] = codes.to_numpy()[own[found]]
    return result


def moved_points(points: gpd.GeoSeries, alpha3: pd.Series, countries: gpd.GeoDataFrame) -> int:
    """How many points lie inside the outline of a country other than their source's.

    countries are the outlines of one worldview with ``adm0_a3`` and ``iso_a3``; a point
    outside every outline (on a coast) is not counted.
    """
    joined = gpd.sjoin(
        gpd.GeoDataFrame({"source": alpha3.to_numpy()}, geometry=points.to_numpy(), crs=4326),
        countries[["adm0_a3", "iso_a3", "geometry"]],
        how="inner",
        predicate="within",
    )
    joined = joined[~joined.index.duplicated(keep="first")]
    other = (joined["source"] != joined["iso_a3"]) & (joined["source"] != joined["adm0_a3"])
    return int(other.sum())
