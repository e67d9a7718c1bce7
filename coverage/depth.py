"""Depth from covering assets: distinct tiers per point, and requirements met."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.geo import geodesic_area, polygonal

__all__ = [
    "SLIVER_WIDTH_M",
    "area_km2",
    "depth_areas",
    "distinct_tier_counts",
    "meets_requirement",
    "solid",
    "tier_presence",
]

SLIVER_WIDTH_M = 10.0  # the drawing tolerance of rings: parts narrower than this are dropped
_METRES_PER_DEGREE = 111_700.0  # no degree of longitude or latitude on WGS84 is longer


def solid(geometry: BaseGeometry, min_width_m: float = SLIVER_WIDTH_M) -> BaseGeometry:
    """The polygonal parts of a geometry, without the slivers narrower than min_width_m.

    Overlaying polygons drawn to a tolerance leaves zero-width slivers along shared edges;
    read as geodesics, their edges can enclose a sizeable area of either sign. A part's width
    as drawn is bounded by twice its lon/lat area over its perimeter, in degrees; a part is
    dropped only when that bound is under min_width_m.
    """
    parts = shapely.get_parts(polygonal(geometry))
    width_deg = 2.0 * shapely.area(parts) / np.maximum(shapely.length(parts), 1e-300)
    kept = parts[width_deg * _METRES_PER_DEGREE >= min_width_m]
    return polygonal(shapely.multipolygons(kept)) if len(kept) else shapely.Polygon()


def area_km2(geometry: BaseGeometry) -> float:
    """Geodesic area in km² of a polygon without slivers (see ``solid``): never negative."""
    return max(0.0, geodesic_area(polygonal(geometry)) / 1e6)


def tier_presence(
    indptr: np.ndarray, asset_index: np.ndarray, asset_tier: np.ndarray, n_tiers: int
) -> np.ndarray:
    """(rows, n_tiers) booleans: which tiers cover each CSR row of covering assets.

    ``asset_tier[j]`` is the tier code (0..n_tiers-1) of asset ``j``.
    """
    n_rows = len(indptr) - 1
    present = np.zeros((n_rows, n_tiers), dtype=bool)
    rows = np.repeat(np.arange(n_rows), np.diff(indptr))
    present[rows, asset_tier[asset_index]] = True
    return present


def distinct_tier_counts(
    indptr: np.ndarray, asset_index: np.ndarray, asset_tier: np.ndarray, n_tiers: int
) -> np.ndarray:
    """How many distinct tiers cover each CSR row; empty rows give 0."""
    return tier_presence(indptr, asset_index, asset_tier, n_tiers).sum(axis=1)


def meets_requirement(
    tiers_present: set[str], min_depth: int, required_tiers: Sequence[str]
) -> bool:
    """A target meets its requirement with enough distinct tiers, including every required one."""
    return len(tiers_present) >= min_depth and set(required_tiers) <= tiers_present


def depth_areas(
    tier_areas: Sequence[BaseGeometry],
) -> tuple[list[tuple[int, BaseGeometry, float]], BaseGeometry]:
    """(depth, polygon, area in km²) for depth 1..len(tier_areas), and the covered area.

    ``tier_areas`` are each tier's coverage already clipped to the area of interest (they are
    not clipped again). The polygon of depth k holds the points covered by exactly k distinct
    tiers; together with the uncovered rest they partition the area of interest. The covered
    area is the union of depths 1 and more. Slivers narrower than SLIVER_WIDTH_M are dropped;
    no area is negative.
    """
    at_least: list[BaseGeometry] = []  # at_least[k - 1]: covered by k or more tiers
    for clipped in tier_areas:
        grown = [shapely.union(at_least[0], clipped) if at_least else clipped]
        for k in range(1, len(at_least) + 1):
            same = at_least[k] if k < len(at_least) else shapely.Polygon()
            grown.append(shapely.union(same, shapely.intersection(at_least[k - 1], clipped)))
        at_least = grown
    areas = []
    for k, reached in enumerate(at_least, start=1):
        above = at_least[k] if k < len(at_least) else shapely.Polygon()
        exactly = solid(shapely.difference(reached, above))
        areas.append((k, exactly, area_km2(exactly)))
    covered = at_least[0] if at_least else shapely.Polygon()
    return areas, covered
