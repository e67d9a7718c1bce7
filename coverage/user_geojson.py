"""A user's own GeoJSON in a scenario: polygons of no-go zones and target features, checked.

Errors are ValueErrors whose message names the part at fault; the scenario model turns them
into problems naming the field.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = ["check_polygon", "user_features"]


def check_polygon(geojson: dict[str, Any]) -> None:
    """Raise ValueError unless ``geojson`` is a valid, non-empty (Multi)Polygon in lon/lat."""
    if geojson.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError(
            f"polygon must be a GeoJSON Polygon or MultiPolygon, got {geojson.get('type')!r}"
        )
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        raise ValueError(f"polygon is not valid GeoJSON ({error})") from None
    if geometry.is_empty:
        raise ValueError("polygon is empty")
    if not shapely.is_valid(geometry):
        raise ValueError(f"polygon is invalid: {shapely.is_valid_reason(geometry)}")
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValueError(f"polygon leaves lon/lat bounds: {geometry.bounds}")


_TARGET_GEOMETRIES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
)


def user_features(geojson: dict[str, Any]) -> list[tuple[str, BaseGeometry]]:
    """(name, geometry) of a user's GeoJSON: a FeatureCollection, a Feature or a geometry.

    Raises ValueError naming the part at fault (``features[3].geometry: ...``).
    """
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        features = geojson.get("features")
        if not isinstance(features, list) or not features:
            raise ValueError("features: must be a non-empty list of GeoJSON features")
    elif kind == "Feature":
        features = [geojson]
    else:
        features = [{"type": "Feature", "geometry": geojson, "properties": {}}]
    return [_user_feature(feature, f"features[{i}]", i) for i, feature in enumerate(features)]


def _user_feature(feature: object, path: str, index: int) -> tuple[str, BaseGeometry]:
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        raise ValueError(f"{path}: must be a GeoJSON feature with a geometry")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValueError(f"{path}.properties: must be an object or null")
    geometry_type = feature["geometry"].get("type")
    if geometry_type not in _TARGET_GEOMETRIES:
        raise ValueError(f"{path}.geometry.type: must be one of {', '.join(_TARGET_GEOMETRIES)}")
    try:
        geometry = shape(feature["geometry"])
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        raise ValueError(f"{path}.geometry: is not valid GeoJSON ({error})") from None
    if geometry.is_empty or not shapely.is_valid(geometry):
        reason = "is empty" if geometry.is_empty else shapely.is_valid_reason(geometry)
        raise ValueError(f"{path}.geometry: is invalid: {reason}")
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValueError(f"{path}.geometry: leaves lon/lat bounds {geometry.bounds}")
    return str(properties.get("name", f"feature {index}")), geometry
