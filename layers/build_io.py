"""Shared steps of the layer build: read a source file, normalise geometries, write GeoParquet."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import shapely
from numpy.typing import NDArray

__all__ = ["CRS", "ROW_GROUP_BYTES", "read_source", "to_multi", "write_layer"]

CRS = "EPSG:4326"
# zstd at its highest level: files as small as brotli's, read four to five times as fast
_COMPRESSION = "zstd"
_COMPRESSION_LEVEL = 19
# row groups of about this much Arrow data: a few rows' geometries (one country's regions) are
# read from the groups holding them, not from the whole file (``umbrella.layers.loading``)
ROW_GROUP_BYTES = 512_000


def read_source(path: Path, columns: Sequence[str] | None = None) -> gpd.GeoDataFrame:
    """Read a vector source file (GeoJSON, ...) in EPSG:4326, keeping only the given columns."""
    with warnings.catch_warnings():
        # GDAL renumbers repeated feature ids (Natural Earth rivers); the ids are not used.
        warnings.filterwarnings("ignore", "Several features with id", RuntimeWarning)
        frame = gpd.read_file(path, columns=list(columns) if columns is not None else None)
    return frame.to_crs(CRS) if frame.crs is not None else frame.set_crs(CRS)


def to_multi(geometries: NDArray[np.object_], kind: str) -> NDArray[np.object_]:
    """Valid Multi* geometries of the given kind ("polygon" or "line"), parts of others dropped.

    Invalid polygons are repaired with make_valid; empty input gives an empty array.
    """
    geoms = np.asarray(geometries, dtype=object)
    if kind == "polygon":
        geoms = np.where(shapely.is_valid(geoms), geoms, shapely.make_valid(geoms))
        part_types = (shapely.GeometryType.POLYGON,)
        make = shapely.multipolygons
        empty = shapely.from_wkt("MULTIPOLYGON EMPTY")
    elif kind == "line":
        part_types = (shapely.GeometryType.LINESTRING,)
        make = shapely.multilinestrings
        empty = shapely.from_wkt("MULTILINESTRING EMPTY")
    else:
        raise ValueError(f"kind must be 'polygon' or 'line', got {kind!r}")
    parts, index = shapely.get_parts(geoms, return_index=True)
    # make_valid may return collections: flatten them once more and keep the wanted parts only.
    sub_parts, sub_index = shapely.get_parts(parts, return_index=True)
    owner = index[sub_index]
    keep = np.isin(shapely.get_type_id(sub_parts), part_types) & ~shapely.is_empty(sub_parts)
    owners, dense = np.unique(owner[keep], return_inverse=True)
    result = np.full(len(geoms), empty, dtype=object)  # empty where no part is left
    result[owners] = make(sub_parts[keep], indices=dense)
    return result


def write_layer(frame: gpd.GeoDataFrame, path: Path) -> Path:
    """Write a layer as compressed GeoParquet (index dropped) and return its path.

    Rows keep their order, in row groups of about ROW_GROUP_BYTES each. Values are written
    plainly, without dictionaries: zstd packs them as small, and they read faster.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = frame.reset_index(drop=True)
    size = pa.table(rows.to_arrow(index=False, geometry_encoding="WKB")).nbytes
    rows.to_parquet(
        path,
        compression=_COMPRESSION,
        compression_level=_COMPRESSION_LEVEL,
        index=False,
        row_group_size=max(1, -(-len(rows) * ROW_GROUP_BYTES // max(size, 1))),
        use_dictionary=False,
    )
    return path
