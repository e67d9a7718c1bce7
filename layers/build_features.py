"""Build the infrastructure and physical layers: airports, ports, rivers, lakes, urban, seas."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd
import shapely

from umbrella.layers.build_io import read_source, to_multi

__all__ = [
    "build_airports",
    "build_lakes",
    "build_ports",
    "build_rivers",
    "build_seas",
    "build_urban",
    "detailed_where_covered",
]

_KINDS: Final = {"MultiLineString": "line", "MultiPolygon": "polygon"}


def build_airports(natural_earth: Path) -> gpd.GeoDataFrame:
    """Airports: name, type, iata_code, gps_code, scalerank."""
    columns = ["name", "type", "iata_code", "gps_code", "scalerank"]
    return read_source(natural_earth / "ne_10m_airports.geojson", columns)


def build_ports(natural_earth: Path) -> gpd.GeoDataFrame:
    """Ports: name, scalerank."""
    return read_source(natural_earth / "ne_10m_ports.geojson", ["name", "scalerank"])


def build_urban(natural_earth: Path) -> gpd.GeoDataFrame:
    """Urban areas: area_sqkm, scalerank."""
    urban = read_source(natural_earth / "ne_50m_urban_areas.geojson", ["area_sqkm", "scalerank"])
    return urban.set_geometry(to_multi(urban.geometry.to_numpy(), "polygon"), crs=urban.crs)


def build_seas(natural_earth: Path) -> gpd.GeoDataFrame:
    """Named seas, gulfs, straits and oceans: name, kind, scalerank, min_label, max_label.

    For labels on basemaps and figures: ``min_label`` and ``max_label`` are Natural Earth's
    suggested zoom range for the name.
    """
    columns = ["name", "featurecla", "scalerank", "min_label", "max_label"]
    seas = read_source(natural_earth / "ne_10m_geography_marine_polys.geojson", columns)
    seas = seas.rename(columns={"featurecla": "kind"})
    seas = seas.loc[seas["name"].notna()]
    return seas.set_geometry(to_multi(seas.geometry.to_numpy(), "polygon"), crs=seas.crs)


def detailed_where_covered(
    detailed: gpd.GeoDataFrame, coarse: gpd.GeoDataFrame, geometry_type: str
) -> gpd.GeoDataFrame:
    """The detailed features, plus the parts of the coarse ones outside the detailed set's hull.

    Both frames need ``name`` and ``scalerank``; the result has a ``scale`` column saying
    which set each feature comes from. Coarse features wholly inside the hull are dropped.
    """
    kind = _KINDS[geometry_type]
    hull = shapely.convex_hull(shapely.union_all(detailed.geometry.to_numpy()))
    outside = shapely.difference(coarse.geometry.to_numpy(), hull)
    coarse = coarse.set_geometry(to_multi(outside, kind), crs=coarse.crs)
    coarse = coarse.loc[~coarse.geometry.is_empty]
    detailed = detailed.set_geometry(to_multi(detailed.geometry.to_numpy(), kind), crs=detailed.crs)
    parts = [detailed.assign(scale="10m"), coarse.assign(scale="50m")]
    merged = pd.concat([part[["name", "scalerank", "scale", "geometry"]] for part in parts])
    return gpd.GeoDataFrame(merged, crs=detailed.crs).reset_index(drop=True)


def build_rivers(natural_earth: Path) -> gpd.GeoDataFrame:
    """Rivers: 1:10m Europe set, and 1:50m centrelines outside its convex hull."""
    columns = ["name", "scalerank"]
    return detailed_where_covered(
        read_source(natural_earth / "ne_10m_rivers_europe.geojson", columns),
        read_source(natural_earth / "ne_50m_rivers_lake_centerlines.geojson", columns),
        "MultiLineString",
    )


def build_lakes(natural_earth: Path) -> gpd.GeoDataFrame:
    """Lakes: 1:10m Europe set, and 1:50m lakes outside its convex hull."""
    columns = ["name", "scalerank"]
    return detailed_where_covered(
        read_source(natural_earth / "ne_10m_lakes_europe.geojson", columns),
        read_source(natural_earth / "ne_50m_lakes.geojson", columns),
        "MultiPolygon",
    )
