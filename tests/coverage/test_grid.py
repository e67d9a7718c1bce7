"""The depth grid against an independent all-pairs geodesic computation at every cell centre."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pyproj
import pytest
import rasterio
import shapely
from rasterio.io import DatasetReader, MemoryFile
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.errors import ScenarioError
from umbrella.coverage.grid import (
    DEPTH_BAND_DESCRIPTION,
    NODATA,
    SeenBand,
    depth_grid,
    grid_cells,
)
from umbrella.coverage.result import DepthGrid
from umbrella.geo.errors import InputError

GEOD = pyproj.Geod(ellps="WGS84")
# A skewed quadrilateral of about 60 km by 50 km around Kyiv.
AREA = Polygon([(30.2, 50.2), (31.0, 50.25), (30.9, 50.7), (30.3, 50.6)])
# Tier codes 0, 1, 1, 2; the second has a 5 km hole, the third a 120° sector facing east.
ASSETS = {
    "lon": np.array([30.5, 30.8, 30.35, 30.6]),
    "lat": np.array([50.45, 50.35, 50.55, 50.5]),
    "max_range_m": np.array([15_000.0, 25_000.0, 30_000.0, 20_000.0]),
    "min_range_m": np.array([0.0, 5_000.0, 0.0, 0.0]),
    "azimuth_deg": np.array([0.0, 0.0, 90.0, 0.0]),
    "width_deg": np.array([360.0, 360.0, 120.0, 360.0]),
    "tier": np.array([0, 1, 1, 2]),
}
N_TIERS = 3
TAGS = {"scenario_hash": "sha256:abc123", "software_version": "0.1.0"}


def _grid(area: BaseGeometry, cell_size_m: float, assets: dict[str, np.ndarray]) -> DepthGrid:
    return depth_grid(
        grid_cells(area, cell_size_m),
        assets["lon"],
        assets["lat"],
        assets["max_range_m"],
        assets["min_range_m"],
        assets["azimuth_deg"],
        assets["width_deg"],
        assets["tier"],
        N_TIERS,
        tags=TAGS,
    )


@contextmanager
def _opened(grid: DepthGrid) -> Iterator[DatasetReader]:
    with MemoryFile(grid.cog_bytes) as memory, memory.open() as dataset:
        yield dataset


def _cell_centres(dataset: DatasetReader) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat of every cell centre, row by row, from the file's own transform and CRS."""
    rows, cols = np.mgrid[0 : dataset.height, 0 : dataset.width]
    x, y = rasterio.transform.xy(dataset.transform, rows.ravel(), cols.ravel(), offset="center")
    to_lonlat = pyproj.Transformer.from_crs(dataset.crs.to_wkt(), 4326, always_xy=True)
    return to_lonlat.transform(np.asarray(x), np.asarray(y))


def _expected_depth(lon: np.ndarray, lat: np.ndarray, assets: dict[str, np.ndarray]) -> np.ndarray:
    """Distinct tiers covering each point, from Geod.inv on every point-asset pair."""
    n, m = lon.size, assets["lon"].size
    covering = np.zeros((n, N_TIERS), dtype=bool)
    if n == 0 or m == 0:
        return covering.sum(axis=1)
    azimuth, _, distance = GEOD.inv(
        np.tile(assets["lon"], n),
        np.tile(assets["lat"], n),
        np.repeat(lon, m),
        np.repeat(lat, m),
    )
    azimuth, distance = azimuth.reshape(n, m), distance.reshape(n, m)
    off_axis = np.abs((azimuth - assets["azimuth_deg"] + 180.0) % 360.0 - 180.0)
    covers = (
        (distance >= assets["min_range_m"])
        & (distance <= assets["max_range_m"])
        & ((assets["width_deg"] >= 360.0) | (off_axis <= assets["width_deg"] / 2))
    )
    for j in range(m):
        covering[:, assets["tier"][j]] |= covers[:, j]
    return covering.sum(axis=1)


@pytest.fixture(scope="module")
def grid() -> DepthGrid:
    return _grid(AREA, 200.0, ASSETS)


def test_crs_is_laea_centred_on_the_area(grid: DepthGrid) -> None:
    with _opened(grid) as dataset:
        crs = pyproj.CRS.from_wkt(dataset.crs.to_wkt())
    assert crs.coordinate_operation.method_name == "Lambert Azimuthal Equal Area"
    parameters = {p.name: p.value for p in crs.coordinate_operation.params}
    assert parameters["Latitude of natural origin"] == pytest.approx(AREA.centroid.y, abs=1e-6)
    assert parameters["Longitude of natural origin"] == pytest.approx(AREA.centroid.x, abs=1e-6)
    assert crs.ellipsoid.name == "WGS 84"
    assert pyproj.CRS.from_wkt(grid.crs_wkt) == crs


def test_cell_size_and_shape(grid: DepthGrid) -> None:
    with _opened(grid) as dataset:
        assert dataset.res == (200.0, 200.0)
        assert (dataset.width, dataset.height) == (grid.width, grid.height)
        assert dataset.dtypes == ("uint8",)
        assert dataset.nodata == NODATA
    assert grid.cell_size_m == 200.0


def test_is_a_cloud_optimized_geotiff_with_tags(grid: DepthGrid) -> None:
    with _opened(grid) as dataset:
        assert dataset.driver == "GTiff"
        assert dataset.profile["tiled"] is True
        assert dataset.tags(ns="IMAGE_STRUCTURE")["LAYOUT"] == "COG"
        assert max(grid.width, grid.height) > 256
        assert dataset.overviews(1)  # larger than one block: overviews are there
        assert dataset.descriptions == (DEPTH_BAND_DESCRIPTION,)
        assert TAGS.items() <= dataset.tags().items()


def test_values_match_independent_geodesic_depth(grid: DepthGrid) -> None:
    with _opened(grid) as dataset:
        values = dataset.read(1).ravel()
        lon, lat = _cell_centres(dataset)
    inside = shapely.intersects_xy(AREA, lon, lat)
    assert (values[~inside] == NODATA).all()
    expected = _expected_depth(lon[inside], lat[inside], ASSETS)
    np.testing.assert_array_equal(values[inside], expected)
    assert set(np.unique(expected)) >= {0, 1, 2, 3}  # every depth occurs: the test has teeth


def test_cells_add_up_to_the_geodesic_area(grid: DepthGrid) -> None:
    with _opened(grid) as dataset:
        cells = int((dataset.read(1) != NODATA).sum())
    area_m2, _ = GEOD.geometry_area_perimeter(AREA)
    assert cells * 200.0**2 == pytest.approx(abs(area_m2), rel=0.01)


ASSETS_NEAR_FIJI = {
    "lon": np.array([179.95, -179.9]),
    "lat": np.array([-17.1, -17.0]),
    "max_range_m": np.array([20_000.0, 15_000.0]),
    "min_range_m": np.array([0.0, 0.0]),
    "azimuth_deg": np.array([0.0, 0.0]),
    "width_deg": np.array([360.0, 360.0]),
    "tier": np.array([0, 2]),
}


def test_area_split_at_the_antimeridian() -> None:
    area = MultiPolygon([box(179.6, -17.4, 180.0, -16.8), box(-180.0, -17.4, -179.7, -16.8)])
    assets = ASSETS_NEAR_FIJI
    grid = _grid(area, 1000.0, assets)
    assert grid.width < 100  # about 75 km across, not the whole globe
    with _opened(grid) as dataset:
        values = dataset.read(1).ravel()
        lon, lat = _cell_centres(dataset)
    inside = shapely.intersects_xy(area, lon, lat)
    assert (values[~inside] == NODATA).all()
    np.testing.assert_array_equal(values[inside], _expected_depth(lon[inside], lat[inside], assets))
    area_m2, _ = GEOD.geometry_area_perimeter(area)
    assert inside.sum() * 1000.0**2 == pytest.approx(abs(area_m2), rel=0.03)


def test_no_assets_give_zero_inside() -> None:
    empty = {key: value[:0] for key, value in ASSETS.items()}
    grid = _grid(AREA, 2000.0, empty)
    with _opened(grid) as dataset:
        values = dataset.read(1)
    assert set(np.unique(values)) == {0, NODATA}


def test_too_many_cells_names_the_cell_size() -> None:
    with pytest.raises(ScenarioError) as raised:
        grid_cells(AREA, 100.0, max_cells=10_000)
    assert isinstance(raised.value, InputError)
    assert raised.value.field == "grid_cell_km"
    assert raised.value.value == 0.1
    assert "more than the limit 10000" in str(raised.value)


@pytest.mark.parametrize("cell_size_m", [0.0, -5.0, float("nan")])
def test_bad_cell_size(cell_size_m: float) -> None:
    with pytest.raises(ScenarioError, match="grid_cell_km: must be > 0") as raised:
        _grid(AREA, cell_size_m, ASSETS)
    (problem,) = raised.value.problems
    assert problem.value == pytest.approx(cell_size_m / 1000.0, nan_ok=True)  # in km


def test_seen_bands_count_the_sensors_seeing_each_cell_centre() -> None:
    sensors = {
        "lon": np.array([30.45, 30.9, 30.6]),
        "lat": np.array([50.4, 50.6, 50.3]),
        "azimuth_deg": np.array([0.0, 200.0, 0.0]),
        "width_deg": np.array([360.0, 140.0, 360.0]),
    }
    reaches = {"near": np.array([12_000.0, 30_000.0, 9_000.0]), "far": np.full(3, 40_000.0)}
    bands = [
        SeenBand(f"sensors {name}", range_m=reach, **sensors) for name, reach in reaches.items()
    ]
    grid = depth_grid(
        grid_cells(AREA, 1000.0),
        ASSETS["lon"],
        ASSETS["lat"],
        ASSETS["max_range_m"],
        ASSETS["min_range_m"],
        ASSETS["azimuth_deg"],
        ASSETS["width_deg"],
        ASSETS["tier"],
        N_TIERS,
        seen_bands=bands,
    )
    with _opened(grid) as dataset:
        assert dataset.count == 3
        assert dataset.descriptions == (DEPTH_BAND_DESCRIPTION, "sensors near", "sensors far")
        values = dataset.read().reshape(3, -1)
        lon, lat = _cell_centres(dataset)
    inside = shapely.intersects_xy(AREA, lon, lat)
    assert (values[:, ~inside] == NODATA).all()
    np.testing.assert_array_equal(
        values[0, inside], _expected_depth(lon[inside], lat[inside], ASSETS)
    )
    for band, reach in enumerate(reaches.values(), start=1):
        # every sensor in a tier of its own: distinct tiers are then the sensors seeing the cell
        as_assets = {
            **sensors,
            "max_range_m": reach,
            "min_range_m": np.zeros(3),
            "tier": np.array([0, 1, 2]),
        }
        expected = _expected_depth(lon[inside], lat[inside], as_assets)
        np.testing.assert_array_equal(values[band, inside], expected)
        assert set(np.unique(expected)) >= {0, 1, 2}


def test_an_area_split_at_the_antimeridian_is_projected_about_its_own_centre() -> None:
    """Centred on the area-weighted centre of its boxes taken as one piece east of 180."""
    area = MultiPolygon([box(179.6, -17.4, 180.0, -16.8), box(-180.0, -17.4, -179.7, -16.8)])
    boxes = [((179.6 + 180.0) / 2, 0.4 * 0.6), ((180.0 + 180.3) / 2, 0.3 * 0.6)]
    centre = sum(x * w for x, w in boxes) / sum(w for _, w in boxes)  # 179.95 east
    crs = pyproj.CRS.from_wkt(_grid(area, 1000.0, ASSETS_NEAR_FIJI).crs_wkt)
    params = {p.name: p.value for p in crs.coordinate_operation.params}
    assert params["Longitude of natural origin"] == pytest.approx(centre, abs=1e-5)
    assert params["Latitude of natural origin"] == pytest.approx(-17.1, abs=1e-5)


def test_the_default_limit_is_four_million_cells() -> None:
    with pytest.raises(ScenarioError) as raised:
        _grid(AREA, 1.0, ASSETS)  # one-metre cells over the test area: far too many
    assert "more than the limit 4000000" in str(raised.value)
