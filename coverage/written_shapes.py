"""Geometries as the writers write them, a whole column at a time.

GeoJSON objects on a grid of 6 decimals (about 0.1 m), repaired and oriented; oriented shapes
for the GeoPackage and GeoParquet tables; a rounded point per target for the CSV tables.
Polygons wind counter-clockwise, holes clockwise, in every format.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "COMPACT",
    "COORDINATE_DECIMALS",
    "geojson_geometries",
    "geojson_geometry",
    "geojson_shape",
    "geojson_shape_text",
    "geojson_texts",
    "grid_rounded",
    "located_at",
    "located_columns",
    "oriented_geometries",
    "shapes_on_grid",
]

COORDINATE_DECIMALS: Final = 6
"""Decimals of a written coordinate (about 0.1 m)."""
_GRID_DEGREES: Final = 10.0**-COORDINATE_DECIMALS
_GRID_SCALE: Final = 10.0**COORDINATE_DECIMALS  # 1 / _GRID_DEGREES, as GEOS takes it: exactly
_POINT: Final = 0  # shapely's type id of a Point
_SPACED: Final = (", ", ": ")  # json.dumps' separators (item, key)
COMPACT: Final = (",", ":")
"""The separators of compact JSON (``json.dumps(..., separators=COMPACT)``)."""


def geojson_geometries(geometries: Sequence[BaseGeometry | None]) -> list[dict[str, Any] | None]:
    """Geometries as GeoJSON objects on the grid of 6 decimals, repaired and oriented; None for
    none or empty."""
    shapes: list[dict[str, Any] | None] = [None] * len(geometries)
    ready = _on_grid(geometries)
    for i, x, y in zip(ready.point_at, ready.xs.tolist(), ready.ys.tolist(), strict=True):
        shapes[i] = {"type": "Point", "coordinates": [x, y]}
    for i, geometry in zip(ready.shape_at, ready.shapes, strict=True):
        shapes[i] = geojson_shape(geometry)
    return shapes


def geojson_texts(geometries: Sequence[BaseGeometry | None]) -> list[str]:
    """The JSON text (as ``json.dumps`` writes it) of each of ``geojson_geometries``."""
    texts = ["null"] * len(geometries)
    ready = _on_grid(geometries)
    points = _positions(np.stack([ready.xs, ready.ys], axis=1))
    for i, position in zip(ready.point_at, points.runs(np.ones(len(ready.xs), int)), strict=True):
        texts[i] = '{"type": "Point", "coordinates": ' + position[1:-1] + "}"
    for i, geometry in zip(ready.shape_at, ready.shapes, strict=True):
        texts[i] = geojson_shape_text(geometry)
    return texts


@dataclass
class _OnGrid:
    """Geometries on the grid, by their places in the given sequence: the points as their
    coordinates, the other shapes as they are; none or empty left out."""

    point_at: list[int]
    xs: np.ndarray
    ys: np.ndarray
    shape_at: list[int] = field(default_factory=list)
    shapes: list[BaseGeometry] = field(default_factory=list)


def _on_grid(geometries: Sequence[BaseGeometry | None]) -> _OnGrid:
    """The geometries on the grid of 6 decimals, repaired and oriented; points rounded as GEOS
    rounds them, all at once (``grid_rounded``), other shapes by ``shapes_on_grid``."""
    given = _array(geometries)
    drawn = ~(shapely.is_missing(given) | shapely.is_empty(given))
    points = drawn & (shapely.get_type_id(given) == _POINT)
    xy = shapely.get_coordinates(given[points])
    ready = _OnGrid(np.flatnonzero(points).tolist(), grid_rounded(xy[:, 0]), grid_rounded(xy[:, 1]))
    shaped = np.flatnonzero(drawn & ~points)
    rounded = shapes_on_grid(given[shaped])
    kept = ~shapely.is_empty(rounded)
    ready.shape_at = shaped[kept].tolist()
    ready.shapes = rounded[kept].tolist()
    return ready


def shapes_on_grid(shapes: np.ndarray) -> np.ndarray:
    """Shapes on the grid of 6 decimals, repaired and oriented (some may come out empty).

    Rounding can make a polygon touch or cross itself, or collapse a sliver: GEOS rounds
    keeping the result valid (collapsed parts dropped), which takes long for large shapes.
    Round first, then repair and orient: that order leaves what is written valid and
    counter-clockwise. Many coordinates' rounded shapes are cached (``coverage.cache``), keyed
    by the given shapes' WKB and the versions of GEOS and shapely: an output written again (the
    same scenario analysed again) is not rounded again.
    """
    if shapely.get_num_coordinates(shapes).sum() < _CACHED_FROM:
        return _rounded_shapes(shapes)
    from umbrella.coverage.cache import cached_table  # loads pyarrow: only once shapes are written

    digest = hashlib.sha256()
    for wkb in shapely.to_wkb(shapes).tolist():  # each WKB holds its own length: no two the same
        digest.update(wkb)
    inputs = (digest.hexdigest(), shapely.__version__, shapely.geos_version_string)
    table = cached_table("on-grid", inputs, lambda: _rounded_table(shapes))
    return shapely.from_wkb(table.column(0).to_pylist())


_CACHED_FROM: Final = 10_000
"""Coordinates from which rounded shapes are cached: fewer are rounded sooner than read."""


def _rounded_table(shapes: np.ndarray) -> pa.Table:
    import pyarrow as pa

    wkb = shapely.to_wkb(_rounded_shapes(shapes)).tolist()
    return pa.table({"wkb": pa.array(wkb, type=pa.binary())})


def _rounded_shapes(shapes: np.ndarray) -> np.ndarray:
    return shapely.orient_polygons(shapely.set_precision(shapes, _GRID_DEGREES), exterior_cw=False)


def grid_rounded(values: np.ndarray) -> np.ndarray:
    """Coordinates on the grid of 6 decimals, as GEOS rounds a point's (``set_precision``):
    ``round(value * 1e6) / 1e6``, halves rounded up (towards +inf), the sign of a zero kept."""
    scaled = np.asarray(values, dtype=float) * _GRID_SCALE
    down = np.floor(scaled)
    with np.errstate(invalid="ignore"):  # infinite numbers stay as they are
        up = scaled - down >= 0.5
    return np.where(up, np.ceil(scaled), down) / _GRID_SCALE


def geojson_geometry(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    """An RFC 7946 geometry: rounded to 6 decimals, then repaired and oriented; None if empty."""
    return geojson_geometries([geometry])[0]


def oriented_geometries(geometries: Sequence[BaseGeometry | None]) -> list[BaseGeometry | None]:
    """Polygons with counter-clockwise shells and clockwise holes; empty as None."""
    given = _array(geometries)
    given[shapely.is_empty(given)] = None
    return list(shapely.orient_polygons(given, exterior_cw=False))


def located_at(geometry: BaseGeometry) -> dict[str, float]:
    """Where a target is for a table: the point, or a point inside the shape, as rounded
    ``lon`` and ``lat``."""
    lons, lats = located_columns([geometry])
    return {"lon": lons[0], "lat": lats[0]}


def located_columns(geometries: Sequence[BaseGeometry]) -> tuple[list[float], list[float]]:
    """Where each target is for a table, as columns ``lon`` and ``lat``: the point, or a point
    inside the shape, rounded to 6 decimals (as Python's ``round`` does it: exactly)."""
    points = _array(geometries)
    shapes = shapely.get_type_id(points) != _POINT
    points[shapes] = shapely.point_on_surface(points[shapes])
    return _rounded(shapely.get_x(points)), _rounded(shapely.get_y(points))


def _rounded(values: np.ndarray) -> list[float]:
    """Python's ``round(value, 6)`` of each value (the float nearest to the value's nearest
    6-decimal number), at once: ``rint(value * 1e6) / 1e6`` is the same unless the product,
    rounded to a float, may have crossed a half; those few (and the large, and non-finite) are
    rounded one by one."""
    plain = np.isfinite(values) & (np.abs(values) < 1000)  # a product's error is below 1e-7
    scaled = np.where(plain, values, 0.0) * _GRID_SCALE
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    rounded = (np.rint(scaled) / _GRID_SCALE).tolist()
    for i in np.flatnonzero(near_half | ~plain).tolist():
        rounded[i] = round(float(values[i]), COORDINATE_DECIMALS)
    return rounded


def _array(geometries: Sequence[BaseGeometry | None]) -> np.ndarray:
    """The geometries as a numpy array of objects (never an array of their coordinates)."""
    given = np.empty(len(geometries), dtype=object)
    given[:] = geometries
    return given


def geojson_shape(geometry: BaseGeometry, decimals: int | None = None) -> dict[str, Any]:
    """A geometry as a GeoJSON object, its coordinates rounded to ``decimals`` (numpy's round)
    when given; coordinates as lists, all converted at once."""
    kind = geometry.geom_type
    if kind not in _SHAPES:  # a collection: rare, left to shapely
        if decimals is not None:
            geometry = shapely.transform(geometry, lambda xy: np.round(xy, decimals))
        return dict(mapping(geometry))
    return {"type": kind, "coordinates": _listed(_coordinates(geometry), decimals)}


def geojson_shape_text(
    geometry: BaseGeometry, decimals: int | None = None, separators: tuple[str, str] = _SPACED
) -> str:
    """The JSON text of ``geojson_shape(geometry, decimals)`` as ``json.dumps`` writes it with
    ``separators`` (item, key); the positions of a shape of many written at once."""
    kind = geometry.geom_type
    item, key = separators
    if kind == "Point" and not geometry.is_empty:  # the most common: its two numbers at once
        xy = shapely.get_coordinates(geometry)[0]
        x, y = (xy if decimals is None else np.round(xy, decimals)).tolist()
        return f'{{"type"{key}"Point"{item}"coordinates"{key}[{x!r}{item}{y!r}]}}'
    if kind not in _SHAPES or shapely.get_num_coordinates(geometry) < _AT_ONCE_FROM:
        return json.dumps(geojson_shape(geometry, decimals), separators=separators, allow_nan=False)
    coordinates = _coordinates_text(geometry, decimals, item)
    return f'{{"type"{key}"{kind}"{item}"coordinates"{key}{coordinates}}}'


_AT_ONCE_FROM: Final = 100
"""Positions from which a shape's are written at once: fewer are written sooner by ``json``."""
_SHAPES: Final = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")
_Coordinates = np.ndarray | list[Any]  # an array of positions (or one), or a list of those


def _coordinates(geometry: BaseGeometry) -> _Coordinates:
    """The GeoJSON coordinates of a geometry, each position, line and ring as an array."""
    kind = geometry.geom_type
    if kind.startswith("Multi"):
        return [_coordinates(part) for part in shapely.get_parts(geometry)]
    if kind == "Polygon":
        return [shapely.get_coordinates(ring) for ring in [geometry.exterior, *geometry.interiors]]
    positions = shapely.get_coordinates(geometry)
    return positions[0] if kind == "Point" else positions


def _listed(coordinates: _Coordinates, decimals: int | None = None) -> Any:
    if isinstance(coordinates, np.ndarray):
        return (coordinates if decimals is None else np.round(coordinates, decimals)).tolist()
    return [_listed(item, decimals) for item in coordinates]


def _coordinates_text(geometry: BaseGeometry, decimals: int | None, item: str) -> str:
    """The JSON text of ``_listed(_coordinates(geometry), decimals)`` of a shape, items separated
    by ``item``, its positions written at once."""
    kind = geometry.geom_type
    xy = shapely.get_coordinates(geometry)
    positions = _positions(xy if decimals is None else np.round(xy, decimals), item)
    if kind in ("Point", "LineString", "MultiPoint"):
        listed = positions.runs(np.array([len(positions.ends)]))[0]
        return listed[1:-1] if kind == "Point" else listed
    parts = shapely.get_parts(geometry) if kind.startswith("Multi") else np.array([geometry])
    if kind == "MultiLineString":
        return _listed_text(positions.runs(shapely.get_num_coordinates(parts)), item)
    rings, part_of = shapely.get_rings(parts, return_index=True)
    texts = positions.runs(shapely.get_num_coordinates(rings))
    polygons = np.split(np.asarray(texts, dtype=object), np.flatnonzero(np.diff(part_of)) + 1)
    polygon_texts = [_listed_text(polygon.tolist(), item) for polygon in polygons]
    return polygon_texts[0] if kind == "Polygon" else _listed_text(polygon_texts, item)


def _listed_text(texts: Sequence[str], item: str) -> str:
    return "[" + item.join(texts) + "]"


@dataclass(frozen=True)
class _Positions:
    """Positions written as JSON, one after the other: ``[x, y]`` and the separator each,
    ending at ``ends``."""

    text: str
    ends: np.ndarray
    separator: int  # its length

    def runs(self, counts: np.ndarray) -> list[str]:
        """The JSON lists of consecutive positions, ``counts`` of them each."""
        bounds = np.concatenate([[0], np.cumsum(counts)])
        offsets = np.concatenate([[0], self.ends])[bounds].tolist()
        text, cut = self.text, self.separator
        return ["[" + text[start : end - cut] + "]" for start, end in pairwise(offsets)]


def _positions(xy: np.ndarray, item: str = _SPACED[0]) -> _Positions:
    """The positions ``[x, y]`` (the first two columns of ``xy``) as JSON, each number as
    ``repr`` writes it (``json.dumps`` does the same), items separated by ``item`` (at most 3
    characters)."""
    numbers = _grid_words(xy[:, :2].ravel())
    if numbers is None:  # off the grid, tiny or large: as Python writes each number
        xs, ys = xy[:, 0].tolist(), xy[:, 1].tolist()
        texts = [f"[{x!r}{item}{y!r}]{item}" for x, y in zip(xs, ys, strict=True)]
        ends = np.cumsum(list(map(len, texts)), dtype=np.int64)
        return _Positions("".join(texts), ends, len(item))
    chars, kept = numbers
    # a position is 9 words of 4 characters: "[" x item y "]" item, with the characters to keep
    layout = np.empty((len(xy), 9), dtype="<u4")
    keep = np.empty((len(xy), 9), dtype="<u4")
    for at, text in ((0, "["), (4, item), (8, "]" + item)):
        word = text.encode("ascii").ljust(4, b"\0")
        layout[:, at] = np.frombuffer(word, dtype="<u4")[0]
        keep[:, at] = np.frombuffer(bytes(c != 0 for c in word), dtype="<u4")[0]
    layout[:, 1:4] = chars[0::2]
    layout[:, 5:8] = chars[1::2]
    keep[:, 1:4] = kept[0::2]
    keep[:, 5:8] = kept[1::2]
    text = layout.view(np.uint8)[keep.view(bool)].tobytes().decode("ascii")
    counts = ((keep * np.uint32(0x01010101)) >> np.uint32(24)).sum(axis=1)  # kept per position
    return _Positions(text, np.cumsum(counts, dtype=np.int64), len(item))


def _words(texts: list[bytes]) -> np.ndarray:
    """Texts of 4 characters as words (the first character in the lowest byte)."""
    return np.frombuffer(b"".join(texts), dtype="<u4")


_THOUSAND: Final = range(1000)
_UNITS: Final = _words([b"-%03d" % n for n in _THOUSAND])
_UNITS_KEPT: Final = _words([bytes([0, n >= 100, n >= 10, 1]) for n in _THOUSAND])
_POINT_THOUSANDTHS: Final = _words([b".%03d" % n for n in _THOUSAND])
_POINT_THOUSANDTHS_KEPT: Final = _words(
    [bytes([1, 1, n % 100 != 0, n % 10 != 0]) for n in _THOUSAND]
)
_MILLIONTHS: Final = _words([b"%03d\0" % n for n in _THOUSAND])
_MILLIONTHS_KEPT: Final = _words([bytes([n != 0, n % 100 != 0, n % 10 != 0, 0]) for n in _THOUSAND])
"""Of each number below 1000: as the 3 digits before the point (after the sign), as the first 3
decimals (after the point) and as the last 3, and which of those characters a ``repr`` keeps:
no leading zeros before the point, no trailing zeros after the first decimal."""
_ALL_KEPT: Final = _words([b"\1\1\1\1"])[0]


def _grid_words(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``repr`` of numbers on the grid of 6 decimals, each as 3 words of 4 characters (sign, 3
    digits, point, 6 digits, one spare) and which characters to keep; None unless every number
    is on the grid, below 1000 and 0 or at least 1e-4 in size (``repr`` writes smaller ones
    with an exponent).

    A number on the grid is the float nearest to ``k / 1e6`` for a whole ``k``: the shortest
    decimal that reads back as it is ``k`` with 6 decimals, trailing zeros dropped but one.
    """
    if not (np.abs(numbers) < 1000).all():  # NaN is not below 1000 either
        return None
    scaled = np.rint(numbers * _GRID_SCALE)
    whole = np.abs(scaled).astype(np.int64)
    if not ((scaled / _GRID_SCALE == numbers).all() and ((whole == 0) | (whole >= 100)).all()):
        return None
    units, fraction = np.divmod(whole, 10**6)
    thousandths, millionths = np.divmod(fraction, 1000)
    chars = np.empty((len(numbers), 3), dtype="<u4")
    chars[:, 0] = _UNITS[units]
    chars[:, 1] = _POINT_THOUSANDTHS[thousandths]
    chars[:, 2] = _MILLIONTHS[millionths]
    kept = np.empty((len(numbers), 3), dtype="<u4")
    kept[:, 0] = _UNITS_KEPT[units] | np.signbit(numbers)  # the sign: the lowest byte
    kept[:, 1] = np.where(millionths == 0, _POINT_THOUSANDTHS_KEPT[thousandths], _ALL_KEPT)
    kept[:, 2] = _MILLIONTHS_KEPT[millionths]
    return chars, kept
