"""The depth grid: how many distinct tiers cover each cell centre, as a Cloud-Optimized GeoTIFF.

The grid lies in a Lambert azimuthal equal-area projection centred on the area of interest, so
every cell stands for the same true area (``cell_size_m`` squared) wherever it is. A cell's
value is decided by the exact geodesic kernel at the cell centre (inverse-projected to lon/lat),
never by a drawn polygon; cells whose centre lies outside the area of interest hold ``NODATA``.
Further bands (``SeenBand``, one per altitude band of the air picture) hold how many sensors
see the cell centre at that altitude, capped at ``NODATA - 1``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyproj
import shapely
from affine import Affine
from numpy.typing import ArrayLike
from rasterio.io import MemoryFile
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.depth import distinct_tier_counts
from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError
from umbrella.coverage.result import DepthGrid
from umbrella.geo import covering_assets

__all__ = [
    "DEPTH_BAND_DESCRIPTION",
    "MAX_CELLS",
    "NODATA",
    "SeenBand",
    "depth_grid",
    "laea_crs",
]

DEPTH_BAND_DESCRIPTION = "depth: distinct tiers covering the cell centre"
NODATA = 255
MAX_CELLS = 4_000_000
_CHUNK_CELLS = 65_536  # cell centres sent to the kernel at once: bounds its memory
_EDGE_STEP_DEG = 0.05  # the area's edges are sampled this finely to find its projected extent


@dataclass(frozen=True)
class SeenBand:
    """A band of the grid after depth: how many of these sensors see each cell centre, with the
    reach they have at the band's altitude (arrays as for ``umbrella.geo.covering_assets``)."""

    description: str
    lon: np.ndarray
    lat: np.ndarray
    range_m: np.ndarray
    azimuth_deg: np.ndarray
    width_deg: np.ndarray


def laea_crs(area_of_interest: BaseGeometry) -> pyproj.CRS:
    """The Lambert azimuthal equal-area CRS centred on the area's centroid (in lon/lat).

    An area split at the antimeridian is centred as one piece, not on the far side of the globe.
    """
    geometry = area_of_interest
    west, _, east, _ = geometry.bounds
    if east - west > 180.0:  # split at the antimeridian: take the western parts round to >180°
        geometry = shapely.transform(geometry, _east_of_antimeridian)
    centre = geometry.centroid
    lon = (centre.x + 180.0) % 360.0 - 180.0
    return pyproj.CRS.from_proj4(
        f"+proj=laea +lat_0={centre.y:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs"
    )


def depth_grid(
    area_of_interest: BaseGeometry,
    cell_size_m: float,
    asset_lon: ArrayLike,
    asset_lat: ArrayLike,
    max_range_m: ArrayLike,
    min_range_m: ArrayLike | None,
    azimuth_deg: ArrayLike | None,
    width_deg: ArrayLike | None,
    asset_tier: np.ndarray,
    n_tiers: int,
    *,
    max_cells: int = MAX_CELLS,
    tags: Mapping[str, str] | None = None,
    seen_bands: Sequence[SeenBand] = (),
) -> DepthGrid:
    """Rasterise depth over the area of interest at ``cell_size_m`` in its equal-area CRS.

    ``asset_tier[j]`` is the tier code (0..n_tiers-1) of asset ``j``; the asset arrays are
    those of ``umbrella.geo.covering_assets``. No assets give 0 in every cell of the area.
    ``tags`` are written as dataset tags of the GeoTIFF (provenance); ``seen_bands`` become
    bands 2, 3, ... (sensors seeing each cell centre). Raises ScenarioError
    (field ``grid_cell_km``) when the grid would hold more than ``max_cells`` cells.
    """
    _check_grid(area_of_interest, cell_size_m, n_tiers)
    crs = laea_crs(area_of_interest)
    to_laea = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    edge = shapely.get_coordinates(shapely.segmentize(area_of_interest, _EDGE_STEP_DEG))
    x, y = to_laea.transform(edge[:, 0], edge[:, 1])
    # One spare cell on each side: the sampled edges may fall a little short of the curved ones.
    x0 = (math.floor(float(np.min(x)) / cell_size_m) - 1) * cell_size_m
    y0 = (math.floor(float(np.min(y)) / cell_size_m) - 1) * cell_size_m
    width = math.ceil(float(np.max(x)) / cell_size_m) + 1 - round(x0 / cell_size_m)
    height = math.ceil(float(np.max(y)) / cell_size_m) + 1 - round(y0 / cell_size_m)
    if width * height > max_cells:
        raise ScenarioError(
            [
                FieldProblem(
                    "grid_cell_km",
                    cell_size_m / 1000.0,
                    f"gives {width * height} cells, more than the limit {max_cells}",
                )
            ]
        )
    y_top = y0 + height * cell_size_m
    from_laea = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    shapely.prepare(area_of_interest)
    cells = np.full((1 + len(seen_bands), height * width), NODATA, dtype=np.uint8)
    for start in range(0, height * width, _CHUNK_CELLS):
        index = np.arange(start, min(start + _CHUNK_CELLS, height * width))
        row, col = np.divmod(index, width)
        lon, lat = from_laea.transform(
            x0 + (col + 0.5) * cell_size_m, y_top - (row + 0.5) * cell_size_m
        )
        inside = shapely.intersects_xy(area_of_interest, lon, lat)
        cover = covering_assets(
            lon[inside],
            lat[inside],
            asset_lon,
            asset_lat,
            max_range_m,
            min_range_m=min_range_m,
            azimuth_deg=azimuth_deg,
            width_deg=width_deg,
            with_distance=False,
        )
        tiers = distinct_tier_counts(cover.indptr, cover.asset_index, asset_tier, n_tiers)
        cells[0, index[inside]] = tiers
        for band, seen in enumerate(seen_bands, start=1):
            sensors = covering_assets(
                lon[inside],
                lat[inside],
                seen.lon,
                seen.lat,
                seen.range_m,
                azimuth_deg=seen.azimuth_deg,
                width_deg=seen.width_deg,
                with_distance=False,
            )
            cells[band, index[inside]] = np.minimum(sensors.counts(), NODATA - 1)
    cog = _cog_bytes(
        cells.reshape(-1, height, width),
        (DEPTH_BAND_DESCRIPTION, *(seen.description for seen in seen_bands)),
        crs,
        Affine(cell_size_m, 0.0, x0, 0.0, -cell_size_m, y_top),
        dict(tags or {}),
    )
    return DepthGrid(
        cog_bytes=cog, crs_wkt=crs.to_wkt(), cell_size_m=cell_size_m, width=width, height=height
    )


def _check_grid(area_of_interest: BaseGeometry, cell_size_m: float, n_tiers: int) -> None:
    problems = []
    if area_of_interest.is_empty:
        problems.append(FieldProblem("area_of_interest", NO_VALUE, "is empty"))
    if not (math.isfinite(cell_size_m) and cell_size_m > 0):
        problems.append(FieldProblem("grid_cell_km", cell_size_m / 1000.0, "must be > 0"))
    if n_tiers >= NODATA:
        problems.append(
            FieldProblem("tiers", n_tiers, f"the depth grid holds at most {NODATA - 1} tiers")
        )
    if problems:
        raise ScenarioError(problems)


def _east_of_antimeridian(coords: np.ndarray) -> np.ndarray:
    shifted = coords.copy()
    shifted[:, 0] = np.where(coords[:, 0] < 0.0, coords[:, 0] + 360.0, coords[:, 0])
    return shifted


def _cog_bytes(
    cells: np.ndarray,
    descriptions: Sequence[str],
    crs: pyproj.CRS,
    transform: Affine,
    tags: dict[str, str],
) -> bytes:
    count, height, width = cells.shape
    with MemoryFile() as memory:
        with memory.open(
            driver="COG",
            width=width,
            height=height,
            count=count,
            dtype="uint8",
            nodata=NODATA,
            crs=crs.to_wkt(),
            transform=transform,
            compress="deflate",
            blocksize=256,
            overview_resampling="mode",
        ) as dataset:
            dataset.write(cells)
            for band, description in enumerate(descriptions, start=1):
                dataset.set_band_description(band, description)
            dataset.update_tags(**tags)
        return bytes(memory.read())
