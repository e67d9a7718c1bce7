"""No-go zones as polygons, and the assets and depots that stand inside them.

A border belt holds everything within ``within_km`` of the listed countries' land borders
(or, measured from the whole territory, of the countries themselves), outside them. It is a
pure function of its inputs (``border_belt``), so it is cached by them, in memory and on disk
(``umbrella.coverage.cache``): it is drawn complete over an extent (the area of
interest, assets, depots and corridors) and ``within_km`` around it, and nowhere else.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np
import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.assets import lonlat
from umbrella.coverage.cache import cached_geometry
from umbrella.coverage.result import NoGoArea, Violation
from umbrella.coverage.scenario import NoGoZone, Scenario
from umbrella.geo import geodesic_buffer, polygonal
from umbrella.layers import region_geometry, resolve_region
from umbrella.layers.rows import load_rows

__all__ = ["BELT_TOLERANCE_M", "Extent", "border_belt", "find_violations", "zone_areas"]

KM_PER_DEGREE_LAT = 110.574  # the shortest degree of latitude on WGS84, so the box only grows
CLIP_MARGIN_DEG = 0.1
BELT_TOLERANCE_M: Final = 10.0
Extent = tuple[float, float, float, float]
"""(west, south, east, north) in degrees: where a belt must be complete."""


def zone_areas(scenario: Scenario, area_of_interest: BaseGeometry) -> tuple[NoGoArea, ...]:
    """Every no-go zone of the scenario as a lon/lat polygon."""
    extent = _extent(scenario, area_of_interest)
    return tuple(
        NoGoArea(
            id=zone.id,
            label=zone.label or zone.id,
            geometry=_zone_geometry(zone, scenario, extent),
        )
        for zone in scenario.no_go
    )


def _extent(scenario: Scenario, area_of_interest: BaseGeometry) -> Extent:
    """The bounds of the area, the assets, the depots and the corridors' waypoints."""
    points = [lonlat(a.location) for a in scenario.assets]
    points += [lonlat(d.location) for d in scenario.depots]
    points += [lonlat(w) for c in scenario.corridors for w in c.waypoints]
    west, south, east, north = area_of_interest.bounds
    if points:
        xy = np.asarray(points, dtype=float)
        west, south = min(west, float(xy[:, 0].min())), min(south, float(xy[:, 1].min()))
        east, north = max(east, float(xy[:, 0].max())), max(north, float(xy[:, 1].max()))
    return (west, south, east, north)


def _zone_geometry(zone: NoGoZone, scenario: Scenario, extent: Extent) -> BaseGeometry:
    if zone.polygon is not None:
        return shape(zone.polygon)
    if zone.region is not None:
        return region_geometry(zone.region, scenario.worldview)
    assert zone.border_belt is not None  # the model guarantees exactly one shape
    belt = zone.border_belt
    inputs = (
        tuple(belt.countries),
        scenario.worldview,
        belt.within_km,
        BELT_TOLERANCE_M,
        extent,
        belt.measure_from,
    )
    return cached_geometry("border-belt", inputs, lambda: border_belt(*inputs))


def border_belt(
    countries: tuple[str, ...],
    worldview: str,
    within_km: float,
    tolerance_m: float,
    extent: Extent,
    measure_from: str = "land_border",
) -> BaseGeometry:
    """Everything within ``within_km`` (geodesic) of the countries' land borders, outside them.

    ``measure_from="territory"`` measures from the countries' whole territory instead. The
    belt is complete over ``extent`` and ``within_km`` around it, and cut there: only the
    borders within reach of that are buffered (to ``tolerance_m``).
    """
    territory = shapely.union_all([region_geometry(code, worldview) for code in countries])
    drawn = _window(extent, within_km)
    reach = _window(extent, 2.0 * within_km)
    if measure_from == "territory":
        # the window's cut edges lie inside the countries: their buffer outside them is
        # still within reach of the territory
        source = shapely.intersection(territory, reach)
    else:
        source = shapely.intersection(_land_border(countries, worldview), reach)
    if source.is_empty:
        return shapely.Polygon()
    buffer = geodesic_buffer(source, within_km * 1000.0, tolerance_m=tolerance_m)
    return polygonal(shapely.intersection(shapely.difference(buffer, territory), drawn))


def _land_border(countries: tuple[str, ...], worldview: str) -> BaseGeometry:
    """The land borders of the listed countries (and regions) in the worldview, as lines.

    A country's are the land boundary lines it lies on (``borders``); a region's, the parts
    of its outline it shares with neighbouring regions of other countries.
    """
    lines = []
    for code in countries:
        kind, resolved = resolve_region(code, worldview)
        if kind == "country":
            borders = load_rows("borders", worldview=worldview)
            on = (borders["adm0_left"] == resolved) | (borders["adm0_right"] == resolved)
            lines.extend(borders.geometry[on])
        else:
            regions = load_rows("regions", worldview=worldview)
            own = region_geometry(resolved, worldview)
            owners = regions["adm0_a3"]  # each region's country, read once
            owner = owners[regions["iso_3166_2"] == resolved][0]
            others = shapely.union_all(regions.geometry[owners != owner])
            lines.append(shapely.intersection(own.boundary, others.boundary))
    return shapely.union_all(lines) if lines else shapely.LineString()


def _window(extent: Extent, within_km: float) -> BaseGeometry:
    """A lon/lat box around the extent that holds everything within ``within_km`` of it.

    It only limits what is buffered and drawn: distances stay geodesic.
    """
    minx, miny, maxx, maxy = extent
    dlat = within_km / KM_PER_DEGREE_LAT + CLIP_MARGIN_DEG
    widest = max(abs(miny), abs(maxy)) + dlat
    dlon = dlat / max(math.cos(math.radians(min(widest, 89.0))), 1e-6)
    return box(
        max(minx - dlon, -180), max(miny - dlat, -90), min(maxx + dlon, 180), min(maxy + dlat, 90)
    )


def find_violations(
    zones: Sequence[NoGoArea],
    items: Sequence[tuple[str, str, float, float]],
) -> tuple[Violation, ...]:
    """Every (item id, item kind, lon, lat) that stands inside a zone, once per zone."""
    found = []
    for zone in zones:
        shapely.prepare(zone.geometry)
        for item_id, item_kind, lon, lat in items:
            if shapely.intersects_xy(zone.geometry, lon, lat):
                found.append(
                    Violation(
                        item_id=item_id,
                        item_kind=item_kind,
                        zone_id=zone.id,
                        geometry=shapely.Point(lon, lat),
                    )
                )
    return tuple(found)
