"""Write a layer to a file whose suffix names the format: GeoJSON, GeoPackage or GeoParquet."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

import geopandas as gpd

from umbrella.layers.errors import ExportFormatError

__all__ = ["EXPORT_SUFFIXES", "export_format", "geopackage_bytes", "write_export"]

# suffix -> format name
EXPORT_SUFFIXES: Final = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GPKG",
    ".parquet": "Parquet",
}


def export_format(path: Path) -> str:
    """The format named by path's suffix, or ExportFormatError naming the path."""
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ExportFormatError(str(path), EXPORT_SUFFIXES)
    return EXPORT_SUFFIXES[suffix]


def write_export(frame: gpd.GeoDataFrame, path: Path, layer: str) -> Path:
    """Write frame to path in the suffix's format and return path.

    GeoJSON is RFC 7946 (lon/lat, counter-clockwise exteriors, split at the antimeridian);
    a GeoPackage gets one table named after the layer.
    """
    kind = export_format(path)
    if kind == "Parquet":
        frame.to_parquet(path, index=False)
    elif kind == "GeoJSON":
        frame.to_file(path, driver="GeoJSON", engine="pyogrio", layer_options={"RFC7946": "YES"})
    else:
        frame.to_file(path, driver="GPKG", engine="pyogrio", layer=layer)
    return path


def geopackage_bytes(frame: gpd.GeoDataFrame, layer: str) -> bytes:
    """The bytes of a GeoPackage of frame (one table named after the layer), made in memory."""
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GPKG", engine="pyogrio", layer=layer)
    return buffer.getvalue()
