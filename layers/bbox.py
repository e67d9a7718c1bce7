"""Bounding boxes (minlon, minlat, maxlon, maxlat) in degrees: parsing, checking, geometry."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.layers.errors import BBoxError

__all__ = ["BBox", "bbox_geometry", "check_bbox", "parse_bbox"]

BBox = tuple[float, float, float, float]


def check_bbox(bbox: object) -> BBox:
    """The bbox as four floats, or BBoxError naming it.

    ``bbox`` is a sequence (or array) of four numbers, not a string (see ``parse_bbox``).
    Longitudes are in [-180, 180], latitudes in [-90, 90] with minlat <= maxlat; a minlon
    greater than maxlon is a box that crosses the antimeridian. Such a box with an edge on
    the antimeridian does not cross it: a minlon of 180 is returned as -180 and a maxlon of
    -180 as 180. Both at once (minlon 180, maxlon -180) could mean no width or every
    longitude, and raise BBoxError.
    """
    if isinstance(bbox, str | bytes | bytearray) or not isinstance(bbox, Sequence | np.ndarray):
        raise BBoxError(bbox, "must be a sequence of four numbers minlon,minlat,maxlon,maxlat")
    try:
        values = tuple(float(v) for v in bbox)
    except (TypeError, ValueError):
        raise BBoxError(bbox, "must be four numbers minlon,minlat,maxlon,maxlat") from None
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise BBoxError(bbox, "must be four finite numbers minlon,minlat,maxlon,maxlat")
    minlon, minlat, maxlon, maxlat = values
    if not (-180.0 <= minlon <= 180.0 and -180.0 <= maxlon <= 180.0):
        raise BBoxError(bbox, "longitudes must be in [-180, 180]")
    if not (-90.0 <= minlat <= maxlat <= 90.0):
        raise BBoxError(bbox, "latitudes must be in [-90, 90] with minlat <= maxlat")
    if minlon > maxlon:
        if (minlon, maxlon) == (180.0, -180.0):
            raise BBoxError(
                bbox,
                "minlon 180 with maxlon -180 is ambiguous (no width, or every longitude); "
                "give minlon -180 and maxlon 180 for every longitude",
            )
        minlon = -180.0 if minlon == 180.0 else minlon
        maxlon = 180.0 if maxlon == -180.0 else maxlon
    return minlon, minlat, maxlon, maxlat


def parse_bbox(text: str) -> BBox:
    """Parse and check 'minlon,minlat,maxlon,maxlat'."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 4:
        raise BBoxError(text, "must be four numbers minlon,minlat,maxlon,maxlat")
    try:
        return check_bbox(tuple(float(part) for part in parts))
    except ValueError as error:
        if isinstance(error, BBoxError):
            raise BBoxError(text, error.reason) from None
        raise BBoxError(text, "must be four numbers minlon,minlat,maxlon,maxlat") from None


def bbox_geometry(bbox: BBox) -> BaseGeometry:
    """The box as a polygon (two polygons when it crosses the antimeridian)."""
    minlon, minlat, maxlon, maxlat = bbox
    if minlon <= maxlon:
        return shapely.box(minlon, minlat, maxlon, maxlat)
    return shapely.union(
        shapely.box(minlon, minlat, 180.0, maxlat), shapely.box(-180.0, minlat, maxlon, maxlat)
    )
