"""Corridors: the share of each route's length that each tier covers, and the uncovered stretches.

A route runs along geodesics between its waypoints, cut into equal steps of at most
``SPACING_M`` per leg. A step counts as covered by a tier when its middle point is, so the
ends of a stretch are placed to within half a step.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod

from umbrella.coverage.assets import AssetTable, lonlat
from umbrella.coverage.depth import tier_presence
from umbrella.coverage.result import CorridorCoverage, CorridorStretch
from umbrella.coverage.scenario import Corridor

__all__ = ["SPACING_M", "RouteSteps", "corridor_coverage", "route_steps"]

SPACING_M = 500.0
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class RouteSteps:
    """A route cut into steps: each step's middle, and the step boundaries along the route."""

    middle_lon: np.ndarray
    middle_lat: np.ndarray
    boundary_lon: np.ndarray  # one more than the steps
    boundary_lat: np.ndarray
    boundary_km: np.ndarray

    @property
    def length_km(self) -> float:
        """The route's geodesic length."""
        return float(self.boundary_km[-1])

    def line(self, first_step: int = 0, last_step: int | None = None) -> shapely.LineString:
        """The route from the start of ``first_step`` to the end of ``last_step`` (default: all)."""
        stop = len(self.boundary_km) if last_step is None else last_step + 2
        return shapely.LineString(
            np.column_stack(
                [self.boundary_lon[first_step:stop], self.boundary_lat[first_step:stop]]
            )
        )


def route_steps(corridor: Corridor) -> RouteSteps:
    """Cut the corridor's route into steps of at most SPACING_M along each geodesic leg."""
    points = [lonlat(waypoint) for waypoint in corridor.waypoints]
    middle_lon, middle_lat = [], []
    boundary_lon, boundary_lat, boundary_km = (
        [np.array([points[0][0]])],
        [np.array([points[0][1]])],
        [np.zeros(1)],
    )
    leg_start_km = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(points):
        azimuth, _, leg_m = _GEOD.inv(lon1, lat1, lon2, lat2)
        steps = max(1, math.ceil(leg_m / SPACING_M))
        step_m = leg_m / steps
        offsets = np.arange(1, 2 * steps + 1) * (step_m / 2)  # middles and ends, alternating
        lon, lat, _ = _GEOD.fwd(
            np.full(offsets.size, lon1),
            np.full(offsets.size, lat1),
            np.full(offsets.size, azimuth),
            offsets,
        )
        middle_lon.append(lon[0::2])
        middle_lat.append(lat[0::2])
        boundary_lon.append(lon[1::2])
        boundary_lat.append(lat[1::2])
        boundary_km.append(leg_start_km + offsets[1::2] / 1000.0)
        leg_start_km += leg_m / 1000.0
    return RouteSteps(
        middle_lon=np.concatenate(middle_lon),
        middle_lat=np.concatenate(middle_lat),
        boundary_lon=np.concatenate(boundary_lon),
        boundary_lat=np.concatenate(boundary_lat),
        boundary_km=np.concatenate(boundary_km),
    )


def corridor_coverage(
    corridor: Corridor, assets: AssetTable, tier_names: list[str]
) -> CorridorCoverage:
    """How much of the corridor's length each tier covers, and where no asset does."""
    route = route_steps(corridor)
    cover = assets.covering(route.middle_lon, route.middle_lat, with_distance=False)
    by_tier = tier_presence(
        cover.indptr, cover.asset_index, assets.tier_codes(tier_names), len(tier_names)
    )
    covered = np.asarray(by_tier.any(axis=1))
    step_km = np.diff(route.boundary_km)
    length_km = route.length_km

    def share(mask: np.ndarray) -> float:
        return float(step_km[mask].sum() / length_km) if length_km > 0 else 0.0

    return CorridorCoverage(
        id=corridor.id,
        kind=corridor.kind,
        width_km=corridor.width_km,
        length_km=length_km,
        covered_share=share(covered),
        covered_share_by_tier=tuple(
            (tier, share(by_tier[:, i])) for i, tier in enumerate(tier_names)
        ),
        uncovered=_uncovered_stretches(route, covered),
        geometry=route.line(),
    )


def _uncovered_stretches(route: RouteSteps, covered: np.ndarray) -> tuple[CorridorStretch, ...]:
    """Maximal runs of uncovered steps, as stretches in km from the start."""
    flags = np.concatenate([[False], ~covered, [False]]).astype(np.int8)
    edges = np.diff(flags)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return tuple(
        CorridorStretch(
            start_km=float(route.boundary_km[first]),
            end_km=float(route.boundary_km[last + 1]),
            geometry=route.line(int(first), int(last)),
        )
        for first, last in zip(starts, ends, strict=True)
    )
