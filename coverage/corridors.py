"""Corridors: the share of each route's length that each tier covers, and the uncovered stretches.

A route runs along geodesics between its waypoints, cut into equal steps of at most
``SPACING_M`` per leg. A step counts as covered by a tier when its middle point is, so the
ends of a stretch are placed to within half a step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from umbrella.coverage.assets import AssetTable, lonlat
from umbrella.coverage.depth import tier_presence
from umbrella.coverage.result import CorridorCoverage, CorridorStretch
from umbrella.coverage.scenario import Corridor
from umbrella.geo import GEOD, densify_geodesic, line_from_path

__all__ = ["SPACING_M", "RouteSteps", "corridor_coverage", "route_steps"]

SPACING_M = 500.0


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

    def line(
        self, first_step: int = 0, last_step: int | None = None
    ) -> shapely.LineString | shapely.MultiLineString:
        """The route from the start of ``first_step`` to the end of ``last_step`` (default: all).

        Cut into parts where it crosses the antimeridian (RFC 7946).
        """
        stop = len(self.boundary_km) if last_step is None else last_step + 2
        return line_from_path(
            self.boundary_lon[first_step:stop], self.boundary_lat[first_step:stop]
        )


def route_steps(corridor: Corridor) -> RouteSteps:
    """Cut the corridor's route into steps of at most SPACING_M along each geodesic leg."""
    route = densify_geodesic(
        shapely.LineString([lonlat(waypoint) for waypoint in corridor.waypoints]), SPACING_M
    )
    lon, lat = shapely.get_coordinates(route).T
    azimuth, _, step_m = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    middle_lon, middle_lat, _ = GEOD.fwd(lon[:-1], lat[:-1], azimuth, step_m / 2)
    return RouteSteps(
        middle_lon=middle_lon,
        middle_lat=middle_lat,
        boundary_lon=lon,
        boundary_lat=lat,
        boundary_km=np.concatenate([[0.0], np.cumsum(step_m)]) / 1000.0,
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
