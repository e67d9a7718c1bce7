"""A user's GeoJSON in a scenario: no-go polygons and target sets, checked and parsed once.

``UserGeoJSON`` is the type of a target set's ``geojson`` member: validating the scenario
parses every feature (errors name the part at fault, ``features[3].geometry: ...``) and keeps
the geometries, so the analysis does not parse them again; it serialises back to the document
as given. Point features, the common case of many targets, are parsed in bulk. A document
validated with ``FROM_JSON_TEXT`` in the validation context came from JSON text and says so
(``from_json``): its values are JSON's own types, which the scenario hash relies on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

from pydantic_core import core_schema

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "FROM_JSON_TEXT",
    "TARGET_GEOMETRIES",
    "UserGeoJSON",
    "check_polygon",
    "user_features",
]

_NUMBERS: Final = frozenset({int, float})
FROM_JSON_TEXT: Final = "from_json_text"
"""A validation context key: true when the data being validated was parsed from JSON text."""

TARGET_GEOMETRIES: Final = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
)


def check_polygon(geojson: dict[str, Any]) -> None:
    """ValueError unless ``geojson`` is a valid, non-empty Polygon or MultiPolygon in lon/lat."""
    import shapely
    from shapely.geometry import shape

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


def user_features(geojson: dict[str, Any]) -> list[tuple[str, BaseGeometry]]:
    """(name, geometry) of a user's GeoJSON: a FeatureCollection, a Feature or a geometry.

    Raises ValueError naming the part at fault (``features[3].geometry: ...``).
    """
    import shapely

    kind = geojson.get("type")
    if kind == "FeatureCollection":
        features = geojson.get("features")
        if not isinstance(features, list) or not features:
            raise ValueError("features: must be a non-empty list of GeoJSON features")
    elif kind == "Feature":
        features = [geojson]
    else:
        features = [{"type": "Feature", "geometry": geojson, "properties": {}}]
    named: list[tuple[str, BaseGeometry] | None] = []
    points: list[int] = []
    point_xy: list[tuple[float, float]] = []
    for i, feature in enumerate(features):
        xy = _plain_point(feature)
        if xy is None:
            named.append(_user_feature(feature, f"features[{i}]", i))
        else:
            named.append(None)
            points.append(i)
            point_xy.append(xy)
    if points:
        for i, point in zip(points, shapely.points(point_xy).tolist(), strict=True):
            named[i] = (_name(features[i]["properties"] or {}, i), point)
    return cast("list[tuple[str, BaseGeometry]]", named)  # every place filled


def _name(properties: dict[str, Any], index: int) -> str:
    return str(properties.get("name", f"feature {index}"))


def _plain_point(feature: object) -> tuple[float, float] | None:
    """The (lon, lat) of a well-formed Point feature inside lon/lat bounds, else None."""
    if not isinstance(feature, dict):
        return None
    geometry, properties = feature.get("geometry"), feature.get("properties")
    if not isinstance(geometry, dict) or not (properties is None or isinstance(properties, dict)):
        return None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") != "Point" or not isinstance(coordinates, list | tuple):
        return None
    if len(coordinates) != 2:
        return None
    lon, lat = coordinates
    if type(lon) not in _NUMBERS or type(lat) not in _NUMBERS:  # bool: an int, not this type
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):  # NaN fails too
        return None
    return float(lon), float(lat)


def _user_feature(feature: object, path: str, index: int) -> tuple[str, BaseGeometry]:
    import shapely
    from shapely.geometry import shape

    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        raise ValueError(f"{path}: must be a GeoJSON feature with a geometry")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValueError(f"{path}.properties: must be an object or null")
    geometry_type = feature["geometry"].get("type")
    if geometry_type not in TARGET_GEOMETRIES:
        raise ValueError(f"{path}.geometry.type: must be one of {', '.join(TARGET_GEOMETRIES)}")
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
    return _name(properties, index), geometry


class UserGeoJSON:
    """A target set's GeoJSON document and its (name, geometry) features, parsed once.

    ``from_json``: the document is as JSON parsing gave it, holding only dicts with string
    keys, lists, strings, integers, floats (infinite for a number too large for one),
    booleans and None.
    """

    __slots__ = ("document", "features", "from_json")

    def __init__(self, document: dict[str, Any], *, from_json: bool = False) -> None:
        self.document = document
        self.features = user_features(document)
        self.from_json = from_json

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UserGeoJSON) and self.document == other.document

    __hash__ = None  # type: ignore[assignment]  # a mutable document, like a dict

    def __repr__(self) -> str:
        return f"UserGeoJSON({len(self.features)} features)"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validated from a JSON object; serialised as the document."""

        def validated(document: dict[str, Any], info: core_schema.ValidationInfo) -> UserGeoJSON:
            return cls(document, from_json=bool((info.context or {}).get(FROM_JSON_TEXT)))

        return core_schema.with_info_after_validator_function(
            validated,
            handler.generate_schema(dict[str, Any]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.document
            ),
        )
