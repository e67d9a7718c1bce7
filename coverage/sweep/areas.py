"""The depth-probability layer: for each cell of the depth grid, the share of draws with depth
at least 1, 2 and 3; as a GeoTIFF (a float band per level) and as polygons of its classes.

The cells are those of the analysis' depth grid (``umbrella.coverage.grid``): equal-area
squares whose value is decided at the centre. A class's polygon is the union of its cells,
drawn in the grid's equal-area CRS and carried to lon/lat with its edges subdivided, so its
area is the number of its cells times the cell's area, exactly.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyproj
import shapely
from rasterio.features import shapes
from shapely.affinity import translate
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.grid import GridLayout
from umbrella.coverage.sweep.chunk import DEPTH_LEVELS
from umbrella.coverage.sweep.result import CLASSES, EXPOSED_SHARE, ROBUST_SHARE, ProbabilityArea
from umbrella.geo import polygonal

__all__ = ["BAND_DESCRIPTIONS", "probability_areas", "probability_cog"]

BAND_DESCRIPTIONS = tuple(f"share of draws with depth >= {level}" for level in DEPTH_LEVELS)
_NO_CLASS = 255
_SHARE_LIMITS = {
    "robust": (ROBUST_SHARE, 1.0),
    "contested": (EXPOSED_SHARE, ROBUST_SHARE),
    "exposed": (0.0, EXPOSED_SHARE),
}


def _bands(layout: GridLayout, cells: np.ndarray, values: np.ndarray, fill: float) -> np.ndarray:
    """(levels, height, width): the cells' values per level, ``fill`` outside the area."""
    bands = np.full((values.shape[0], layout.height * layout.width), fill, dtype=values.dtype)
    bands[:, cells] = values
    return bands.reshape(values.shape[0], layout.height, layout.width)


def probability_cog(
    layout: GridLayout, cells: np.ndarray, shares: np.ndarray, tags: Mapping[str, str]
) -> bytes:
    """The GeoTIFF of ``shares`` ((levels, cells) shares of draws); NaN outside the area."""
    bands = _bands(layout, cells, shares.astype(np.float32), float("nan"))
    return layout.cog_bytes(bands, BAND_DESCRIPTIONS, tags, float("nan"))


def probability_areas(
    layout: GridLayout, cells: np.ndarray, shares: np.ndarray
) -> tuple[ProbabilityArea, ...]:
    """For each depth level, the robust, contested and exposed parts of the area."""
    classes = np.full(shares.shape, 1, dtype=np.uint8)  # contested
    classes[shares >= ROBUST_SHARE] = 0
    classes[shares <= EXPOSED_SHARE] = 2
    rasters = _bands(layout, cells, classes, _NO_CLASS)
    to_lonlat = pyproj.Transformer.from_crs(layout.crs, 4326, always_xy=True)
    cell_km2 = (layout.cell_size_m / 1000.0) ** 2
    areas = []
    for level, raster, per_cell in zip(DEPTH_LEVELS, rasters, classes, strict=True):
        for code, name in enumerate(CLASSES):
            count = int(np.count_nonzero(per_cell == code))
            if not count:
                continue
            parts = [
                shape(geometry)
                for geometry, value in shapes(
                    raster, mask=raster == code, transform=layout.transform
                )
                if value == code
            ]
            low, high = _SHARE_LIMITS[name]
            areas.append(
                ProbabilityArea(
                    depth_at_least=level,
                    robustness=name,
                    share_low=low,
                    share_high=high,
                    area_km2=count * cell_km2,
                    geometry=_lonlat(shapely.union_all(parts), layout, to_lonlat),
                )
            )
    return tuple(areas)


def _lonlat(drawn: BaseGeometry, layout: GridLayout, to_lonlat: pyproj.Transformer) -> BaseGeometry:
    """A polygon of the grid's CRS in lon/lat: edges subdivided, longitudes kept continuous
    round the grid's centre, and the parts beyond the antimeridian folded back."""
    centre = float(to_lonlat.transform(0.0, 0.0)[0])  # the projection's centre is its origin

    def carry(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_lonlat.transform(xy[:, 0], xy[:, 1])
        lon = (np.asarray(lon) - centre + 180.0) % 360.0 - 180.0 + centre
        return np.column_stack([lon, lat])

    unwrapped = shapely.transform(shapely.segmentize(drawn, layout.cell_size_m / 2.0), carry)
    folded = [
        translate(unwrapped.intersection(shapely.box(west, -90, west + 360, 90)), -shift)
        for shift, west in ((-360.0, -540.0), (0.0, -180.0), (360.0, 180.0))
    ]
    return polygonal(
        shapely.make_valid(shapely.union_all([part for part in folded if not part.is_empty]))
    )
