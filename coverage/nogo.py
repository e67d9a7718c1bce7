"""No-go zones as polygons, and the assets and depots that stand inside them."""

from __future__ import annotations

import math
from collections.abc import Sequence

import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.result import NoGoArea, Violation
from umbrella.coverage.scenario import NoGoZone, Scenario
from umbrella.geo import geodesic_buffer, polygonal
from umbrella.layers import region_geometry

__all__ = ["find_violations", "zone_areas"]

KM_PER_DEGREE_LAT = 110.574  # the shortest degree of latitude on WGS84, so the box only grows
CLIP_MARGIN_DEG = 1.0


def zone_areas(scenario: Scenario, area_of_interest: BaseGeometry) -> tuple[NoGoArea, ...]:
    """Every no-go zone of the scenario as a lon/lat polygon."""
    return tuple(
        NoGoArea(
            id=zone.id,
            label=zone.label or zone.id,
            geometry=_zone_geometry(zone, scenario, area_of_interest),
        )
        for zone in scenario.no_go
    )


def _zone_geometry(
    zone: NoGoZone, scenario: Scenario, area_of_interest: BaseGeometry
) -> BaseGeometry:
    if zone.polygon is not None:
        return shape(zone.polygon)
    if zone.region is not None:
        return region_geometry(zone.region, scenario.worldview)
    assert zone.border_belt is not None  # the model guarantees exactly one shape
    belt = zone.border_belt
    countries = shapely.union_all(
        [region_geometry(code, scenario.worldview) for code in belt.countries]
    )
    # Only the part near the area is buffered; the window's cut edges lie inside the
    # countries, so whatever their buffer adds outside them is within reach of the border.
    nearby = shapely.intersection(countries, _window(area_of_interest, belt.within_km))
    return polygonal(
        shapely.difference(geodesic_buffer(nearby, belt.within_km * 1000.0), countries)
    )


def _window(area_of_interest: BaseGeometry, within_km: float) -> BaseGeometry:
    """A lon/lat box around the area that holds everything within ``within_km`` of it.

    It only limits which part of a large neighbour is buffered: distances stay geodesic.
    """
    minx, miny, maxx, maxy = area_of_interest.bounds
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
