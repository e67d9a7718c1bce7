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
from collections.abc import Iterator, Mapping, Sequence
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
    "GridCells",
    "GridLayout",
    "SeenBand",
    "depth_grid",
    "grid_cells",
    "grid_layout",
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


@dataclass(frozen=True)
class GridLayout:
    """Square cells of ``cell_size_m`` in an equal-area CRS: ``width`` x ``height`` cells, row 0
    at the top (``y_top``), column 0 at the left (``x0``); cells are numbered row by row."""

    crs: pyproj.CRS
    x0: float
    y_top: float
    cell_size_m: float
    width: int
    height: int

    @property
    def transform(self) -> Affine:
        """The affine transform from (column, row) to the CRS."""
        return Affine(self.cell_size_m, 0.0, self.x0, 0.0, -self.cell_size_m, self.y_top)

    def centres(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(lon, lat) of the centres of the numbered cells."""
        row, col = np.divmod(index, self.width)
        from_laea = pyproj.Transformer.from_crs(self.crs, 4326, always_xy=True)
        lon, lat = from_laea.transform(
            self.x0 + (col + 0.5) * self.cell_size_m, self.y_top - (row + 0.5) * self.cell_size_m
        )
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)

    def inside(
        self, area_of_interest: BaseGeometry, chunk: int = _CHUNK_CELLS
    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(cell numbers, lon, lat) of the cells whose centre lies in the area, a chunk at a
        time, in cell order."""
        shapely.prepare(area_of_interest)
        for start in range(0, self.width * self.height, chunk):
            index = np.arange(start, min(start + chunk, self.width * self.height))
            lon, lat = self.centres(index)
            inside = shapely.intersects_xy(area_of_interest, lon, lat)
            yield index[inside], lon[inside], lat[inside]

    def cog_bytes(
        self, bands: np.ndarray, descriptions: Sequence[str], tags: Mapping[str, str], nodata: float
    ) -> bytes:
        """The bands ((count, height, width), one dtype) as a Cloud-Optimized GeoTIFF."""
        count = bands.shape[0]
        with MemoryFile() as memory:
            with memory.open(
                driver="COG",
                width=self.width,
                height=self.height,
                count=count,
                dtype=bands.dtype.name,
                nodata=nodata,
                crs=self.crs.to_wkt(),
                transform=self.transform,
                compress="deflate",
                blocksize=256,
                overview_resampling="mode" if bands.dtype.kind in "ui" else "average",
            ) as dataset:
                dataset.write(bands)
                for band, description in enumerate(descriptions, start=1):
                    dataset.set_band_description(band, description)
                dataset.update_tags(**tags)
            return bytes(memory.read())


def grid_layout(
    area_of_interest: BaseGeometry, cell_size_m: float, *, max_cells: int = MAX_CELLS
) -> GridLayout:
    """The cells of ``cell_size_m`` that hold the area, in its equal-area CRS (``laea_crs``).

    Raises ScenarioError (field ``grid_cell_km``) for more than ``max_cells`` cells, and for an
    empty area or a size that is not a positive number.
    """
    _check_grid(area_of_interest, cell_size_m)
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
    return GridLayout(crs, x0, y0 + height * cell_size_m, cell_size_m, width, height)


@dataclass(frozen=True)
class GridCells:
    """A grid's layout and the cells whose centre lies in the area of interest (cell numbers,
    lon, lat; a chunk at a time): what the depth grids of every phase share."""

    layout: GridLayout
    chunks: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]


def grid_cells(
    area_of_interest: BaseGeometry, cell_size_m: float, *, max_cells: int = MAX_CELLS
) -> GridCells:
    """The grid of ``cell_size_m`` over the area (see ``grid_layout``, which raises
    ScenarioError for a bad size or too many cells) and its cells inside the area."""
    layout = grid_layout(area_of_interest, cell_size_m, max_cells=max_cells)
    return GridCells(layout, tuple(layout.inside(area_of_interest)))


def depth_grid(
    grid: GridCells,
    asset_lon: ArrayLike,
    asset_lat: ArrayLike,
    max_range_m: ArrayLike,
    min_range_m: ArrayLike | None,
    azimuth_deg: ArrayLike | None,
    width_deg: ArrayLike | None,
    asset_tier: np.ndarray,
    n_tiers: int,
    *,
    tags: Mapping[str, str] | None = None,
    seen_bands: Sequence[SeenBand] = (),
) -> DepthGrid:
    """Rasterise depth over the cells of ``grid`` (see ``grid_cells``).

    ``asset_tier[j]`` is the tier code (0..n_tiers-1) of asset ``j``; the asset arrays are
    those of ``umbrella.geo.covering_assets``. No assets give 0 in every cell of the area.
    ``tags`` are written as dataset tags of the GeoTIFF (provenance); ``seen_bands`` become
    bands 2, 3, ... (sensors seeing each cell centre).
    """
    if n_tiers >= NODATA:
        raise ScenarioError(
            [FieldProblem("tiers", n_tiers, f"the depth grid holds at most {NODATA - 1} tiers")]
        )
    layout = grid.layout
    cells = np.full((1 + len(seen_bands), layout.height * layout.width), NODATA, dtype=np.uint8)
    for index, lon, lat in grid.chunks:
        cover = covering_assets(
            lon,
            lat,
            asset_lon,
            asset_lat,
            max_range_m,
            min_range_m=min_range_m,
            azimuth_deg=azimuth_deg,
            width_deg=width_deg,
            with_distance=False,
        )
        cells[0, index] = distinct_tier_counts(cover.indptr, cover.asset_index, asset_tier, n_tiers)
        for band, seen in enumerate(seen_bands, start=1):
            sensors = covering_assets(
                lon,
                lat,
                seen.lon,
                seen.lat,
                seen.range_m,
                azimuth_deg=seen.azimuth_deg,
                width_deg=seen.width_deg,
                with_distance=False,
            )
            cells[band, index] = np.minimum(sensors.counts(), NODATA - 1)
    cog = layout.cog_bytes(
        cells.reshape(-1, layout.height, layout.width),
        (DEPTH_BAND_DESCRIPTION, *(seen.description for seen in seen_bands)),
        dict(tags or {}),
        NODATA,
    )
    return DepthGrid(
        cog_bytes=cog,
        crs_wkt=layout.crs.to_wkt(),
        cell_size_m=layout.cell_size_m,
        width=layout.width,
        height=layout.height,
    )


def _check_grid(area_of_interest: BaseGeometry, cell_size_m: float) -> None:
    problems = []
    if area_of_interest.is_empty:
        problems.append(FieldProblem("area_of_interest", NO_VALUE, "is empty"))
    if not (math.isfinite(cell_size_m) and cell_size_m > 0):
        problems.append(FieldProblem("grid_cell_km", cell_size_m / 1000.0, "must be > 0"))
    if problems:
        raise ScenarioError(problems)


def _east_of_antimeridian(coords: np.ndarray) -> np.ndarray:
    shifted = coords.copy()
    shifted[:, 0] = np.where(coords[:, 0] < 0.0, coords[:, 0] + 360.0, coords[:, 0])
    return shifted
