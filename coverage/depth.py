"""Depth from covering assets: distinct tiers per point, and requirements met."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.clipping import clip_to, one_shape, polygon_parts
from umbrella.geo import geodesic_area, polygonal

__all__ = [
    "SLIVER_WIDTH_M",
    "area_km2",
    "clipped_coverage",
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
    kept, _ = _without_slivers(geometry, min_width_m)
    return kept


def clipped_coverage(
    coverage: BaseGeometry, area_of_interest: BaseGeometry
) -> tuple[BaseGeometry, BaseGeometry]:
    """(the coverage inside the area of interest without slivers (``solid``), the coverage
    without the slivers that clipping leaves): clipping the second gives the first."""
    inside, slivers = _without_slivers(clip_to(coverage, area_of_interest))
    if slivers.is_empty:
        return inside, coverage
    return inside, polygonal(shapely.difference(coverage, slivers))


def _without_slivers(
    geometry: BaseGeometry, min_width_m: float = SLIVER_WIDTH_M
) -> tuple[BaseGeometry, BaseGeometry]:
    """(the polygonal parts of a geometry at least min_width_m wide, the narrower ones)."""
    parts = polygon_parts(geometry)
    width_deg = 2.0 * shapely.area(parts) / np.maximum(shapely.length(parts), 1e-300)
    wide = width_deg * _METRES_PER_DEGREE >= min_width_m
    return _polygons(parts[wide]), _polygons(parts[~wide])


def _polygons(parts: np.ndarray) -> BaseGeometry:
    return one_shape(parts) if len(parts) else shapely.Polygon()


def area_km2(geometry: BaseGeometry) -> float:
    """Geodesic area in km² of a polygon without slivers (see ``solid``): never negative."""
    return max(0.0, geodesic_area(one_shape(polygon_parts(geometry))) / 1e6)


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
    tier_areas: Sequence[BaseGeometry], area_of_interest: BaseGeometry
) -> tuple[list[tuple[int, BaseGeometry, float]], BaseGeometry]:
    """(depth, polygon, area in km²) for depth 1..len(tier_areas), and the covered area.

    ``tier_areas`` are each tier's coverage, not clipped: depths are found on them, away
    from the area's many edges, and each is clipped to ``area_of_interest`` at the end. The
    polygon of depth k holds the points of the area covered by exactly k distinct tiers;
    together with the uncovered rest they partition the area of interest. The covered area
    is the union of the tier areas (not clipped). Slivers narrower than SLIVER_WIDTH_M are
    dropped; no area is negative.
    """
    at_least: list[BaseGeometry] = []  # at_least[k - 1]: covered by k or more tiers
    for tier in tier_areas:
        grown = [shapely.union(at_least[0], tier) if at_least else tier]
        for k in range(1, len(at_least) + 1):
            same = at_least[k] if k < len(at_least) else shapely.Polygon()
            grown.append(shapely.union(same, shapely.intersection(at_least[k - 1], tier)))
        at_least = grown
    areas = []
    for k, reached in enumerate(at_least, start=1):
        above = at_least[k] if k < len(at_least) else shapely.Polygon()
        exactly = solid(clip_to(shapely.difference(reached, above), area_of_interest))
        areas.append((k, exactly, area_km2(exactly)))
    covered = at_least[0] if at_least else shapely.Polygon()
    return areas, covered
