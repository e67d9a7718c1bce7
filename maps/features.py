"""GeoJSON features as interactive maps draw them: geometry rounded for display, look attached.

Every feature carries its Leaflet path options in ``properties.style`` (see ``umbrella.maps.
leaflet`` for the other properties). The functions that turn a palette entry of
``umbrella.maps.style`` into path options live here, so that each kind of symbol is drawn from
one place: ``point_style`` for point symbols, ``area_style`` and ``line_style`` for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from html import escape
from typing import Any, Final, NamedTuple

import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.written_shapes import COMPACT, geojson_shape_text
from umbrella.maps.style import BASEMAP, AreaStyle, LineStyle, PointStyle, capacity_radius_px

__all__ = [
    "CITY_RADIUS_PX",
    "ENERGY_FILL",
    "PUBLIC",
    "RESULT",
    "RESULT_TOLERANCE_DEG",
    "Detail",
    "Feature",
    "GeometryJson",
    "area_style",
    "border_style",
    "city_style",
    "collection",
    "energy_style",
    "feature",
    "line_style",
    "point_style",
    "shapes_written_once",
    "tier_area_style",
]

RESULT_TOLERANCE_DEG: Final = 0.002
"""Simplification of result shapes for display only (about 200 m): keeps pages small."""

Feature = dict[str, Any]
"""A GeoJSON Feature: ``type``, ``geometry`` (a ``GeometryJson``) and ``properties``."""
CITY_RADIUS_PX: Final = 2.5
ENERGY_FILL: Final = "#ffd92f"


class Detail(NamedTuple):
    """How finely a geometry is written: simplification (degrees) and decimals kept."""

    tolerance_deg: float
    decimals: int


RESULT: Final = Detail(RESULT_TOLERANCE_DEG, 5)  # about 1 m
PUBLIC: Final = Detail(0.0, 4)  # simplified by the scene already; about 10 m


@dataclass(frozen=True, slots=True)
class GeometryJson:
    """A feature's geometry as compact GeoJSON text, written into a page as it is."""

    text: str


_written: ContextVar[dict[tuple[bytes, Detail], GeometryJson] | None] = ContextVar(
    "_written", default=None
)


@contextmanager
def shapes_written_once() -> Iterator[None]:
    """Within it, each distinct geometry (the same WKB) simplified for display is simplified and
    written once for each detail: a page draws many shapes in several phases."""
    token = _written.set({})
    try:
        yield
    finally:
        _written.reset(token)


def _geometry(geometry: BaseGeometry, detail: Detail) -> GeometryJson:
    written = _written.get()
    if written is None or not detail.tolerance_deg:  # not simplified: each drawn once
        return _write(geometry, detail)
    key = (shapely.to_wkb(geometry), detail)  # the same bytes: the same shape, simplified alike
    if key not in written:
        written[key] = _write(geometry, detail)
    return written[key]


def _write(geometry: BaseGeometry, detail: Detail) -> GeometryJson:
    simple = (
        shapely.simplify(geometry, detail.tolerance_deg, preserve_topology=True)
        if detail.tolerance_deg
        else geometry
    )
    return GeometryJson(geojson_shape_text(simple, detail.decimals, COMPACT))


def feature(
    geometry: BaseGeometry,
    style: dict[str, Any],
    detail: Detail = RESULT,
    *,
    popup: str | None = None,
    tooltip: str | None = None,
    label: str | None = None,
    id: str | None = None,
    symbol: str | None = None,
) -> list[Feature]:
    """A GeoJSON Feature (in a list: none when the geometry is empty).

    ``popup`` is HTML built by ``umbrella.maps.popups`` (user text escaped there); ``tooltip``
    and ``label`` are plain text, escaped here, as Leaflet shows them as HTML.
    """
    if geometry.is_empty:
        return []
    props = {
        "popup": popup,
        "tooltip": None if tooltip is None else escape(tooltip),
        "label": None if label is None else escape(label),
        "id": id,
        "symbol": symbol,
    }
    properties = {"style": style, **{k: v for k, v in props.items() if v is not None}}
    return [{"type": "Feature", "geometry": _geometry(geometry, detail), "properties": properties}]


def collection(features: Iterable[Feature]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``features``."""
    return {"type": "FeatureCollection", "features": list(features)}


def area_style(style: AreaStyle) -> dict[str, Any]:
    """Path options of a filled area (hatching is a CSS class filled by a pattern)."""
    return {
        "color": style.colour,
        "weight": style.line_width,
        "fillColor": style.fill,
        "fillOpacity": 1.0 if style.hatched else style.fill_opacity,  # the pattern is tinted
        "dashArray": "6 4" if style.dashed else None,
        "className": "umbrella-hatched" if style.hatched else None,
    }


def line_style(style: LineStyle) -> dict[str, Any]:
    """Path options of a line."""
    return {
        "color": style.colour,
        "weight": style.width,
        "dashArray": "8 6" if style.dashed else None,
        "fill": False,
    }


def point_style(style: PointStyle, radius: float | None = None) -> dict[str, Any]:
    """Path options of a point symbol: the style's own radius unless ``radius`` (pixels)."""
    return {
        "color": style.edge,
        "fillColor": style.edge if style.fill == "none" else style.fill,  # open: still clickable
        "fillOpacity": style.fill_opacity,
        "weight": style.edge_px,
        "radius": round(radius if radius is not None else style.radius_px, 1),
    }


def tier_area_style(colour: str, fill_opacity: float, weight: float = 1.0) -> dict[str, Any]:
    """Path options of an area outlined and filled in one colour (a tier, a depth)."""
    return {"color": colour, "weight": weight, "fillColor": colour, "fillOpacity": fill_opacity}


def border_style(dashed: bool) -> dict[str, Any]:
    """Path options of a country border (dashed where it is disputed or indefinite)."""
    return {
        "color": BASEMAP.border,
        "weight": 1.2,
        "fill": False,
        "dashArray": "5 4" if dashed else None,
    }


def city_style() -> dict[str, Any]:
    """Path options of a public city's dot."""
    return {
        "color": "#ffffff",
        "weight": 0.8,
        "fillColor": BASEMAP.city,
        "fillOpacity": 1,
        "radius": CITY_RADIUS_PX,
    }


def energy_style(capacity_mw: float) -> dict[str, Any]:
    """Path options of a public energy node, its area growing with the capacity."""
    return {
        "color": BASEMAP.energy,
        "weight": 1,
        "fillColor": ENERGY_FILL,
        "fillOpacity": 0.8,
        "radius": round(capacity_radius_px(capacity_mw), 1),
    }
