"""The public layers as OGC API - Features collections: ids, extents, selections, GeoJSON text.

A feature's id is the layer's own identifier column where it has one (``ID_COLUMNS``), else
its row number in the layer's worldview; ids are strings in URLs. Regions use ``adm1_code``
(unique) rather than ``iso_3166_2``, which a few regions share.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from umbrella.layers import LAYERS, BBox, load_layer
from umbrella.layers.bbox import bbox_geometry
from umbrella.service.http.errors import FeatureNotFound, ParameterError
from umbrella.service.http.media import encode_json

__all__ = [
    "ID_COLUMNS",
    "Collection",
    "collection",
    "feature_json",
    "feature_position",
    "features_json",
    "property_rows",
    "select",
]

ID_COLUMNS: Final = {
    "energy": "id",
    "cities": "geonameid",
    "regions": "adm1_code",
    "countries": "adm0_a3",
}


@dataclass(frozen=True)
class Collection:
    """One layer in one worldview, with its feature ids as strings and its extent."""

    name: str
    worldview: str
    frame: gpd.GeoDataFrame
    ids: pd.Index
    bbox: tuple[float, float, float, float]

    @property
    def properties(self) -> list[str]:
        """The names of the feature properties (every column but the geometry)."""
        return [column for column in self.frame.columns if column != self.frame.geometry.name]


@lru_cache(maxsize=2 * len(LAYERS))
def collection(name: str, worldview: str) -> Collection:
    """The collection of a catalogued layer (LayerNotFound, UnknownWorldview otherwise).

    Both are checked by ``load_layer`` when the collection is first built (errors are not
    cached), so a request whose worldview its dependency checked is not checked again.
    """
    frame = load_layer(name, worldview=worldview)
    column = ID_COLUMNS.get(name)
    ids = frame[column].astype(str) if column else pd.Series(np.arange(len(frame))).astype(str)
    minx, miny, maxx, maxy = (float(v) for v in frame.geometry.total_bounds)
    return Collection(name, worldview, frame, pd.Index(ids), (minx, miny, maxx, maxy))


def _equal_to(series: pd.Series, text: str, field: str) -> np.ndarray:
    """Rows whose value equals the query-string value, read in the column's type."""
    if pd.api.types.is_bool_dtype(series.dtype):
        if text.lower() not in ("true", "false"):
            raise ParameterError(field, text, "must be true or false")
        return (series == (text.lower() == "true")).to_numpy(dtype=bool, na_value=False)
    if pd.api.types.is_numeric_dtype(series.dtype):
        try:
            number = float(text)
        except ValueError:
            raise ParameterError(field, text, "must be a number") from None
        if not math.isfinite(number):
            raise ParameterError(field, text, "must be a finite number")
        return (series == number).to_numpy(dtype=bool, na_value=False)
    return (series.astype("string") == text).to_numpy(dtype=bool, na_value=False)


def select(layer: Collection, bbox: BBox | None, filters: Mapping[str, str]) -> np.ndarray:
    """Row positions of the features that intersect bbox and equal every property filter."""
    keep = np.ones(len(layer.frame), dtype=bool)
    for field, text in filters.items():
        keep &= _equal_to(layer.frame[field], text, field)
    if bbox is not None:
        candidates = np.flatnonzero(keep)
        geometries = layer.frame.geometry.to_numpy()[candidates]
        hits = shapely.intersects(bbox_geometry(bbox), geometries)
        keep[:] = False
        keep[candidates[hits]] = True
    return np.flatnonzero(keep)


def _plain_columns(frame: pd.DataFrame) -> list[list[Any]]:
    """Each column as Python values, missing and non-finite values as None."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        values = series.astype(object).where(series.notna(), None).tolist()
        columns.append(
            [None if isinstance(v, float) and not math.isfinite(v) else v for v in values]
        )
    return columns


def property_rows(layer: Collection, rows: np.ndarray) -> list[list[Any]]:
    """The property values of the features at the given row positions, row by row."""
    columns = _plain_columns(layer.frame.iloc[rows][layer.properties])
    return [list(values) for values in zip(*columns, strict=True)] if columns else []


def features_json(layer: Collection, rows: np.ndarray) -> list[str]:
    """The GeoJSON text of each feature at the given row positions, with its ``id``."""
    page = layer.frame.iloc[rows]
    geometries = shapely.to_geojson(page.geometry.to_numpy())
    names = layer.properties
    columns = _plain_columns(page[names])
    texts = []
    for i, geometry in enumerate(geometries):
        properties = {name: column[i] for name, column in zip(names, columns, strict=True)}
        identifier = json.dumps(str(layer.ids[rows[i]]))
        texts.append(
            f'{{"type":"Feature","id":{identifier},"geometry":{geometry},'
            f'"properties":{encode_json(properties).decode()}}}'
        )
    return texts


def feature_position(layer: Collection, feature_id: str) -> int:
    """The row position of a feature by id (the first, if the id repeats), or FeatureNotFound."""
    positions = np.flatnonzero(layer.ids == feature_id)
    if len(positions) == 0:
        raise FeatureNotFound(feature_id, layer.name)
    return int(positions[0])


def feature_json(layer: Collection, feature_id: str) -> str:
    """The GeoJSON text of one feature by id, or FeatureNotFound."""
    return features_json(layer, np.array([feature_position(layer, feature_id)]))[0]
