"""The projection of static figures: Lambert azimuthal equal-area centred on the map's area.

Every geometry is transformed with pyproj before plotting (never plate carrée). The scale bar
is measured geodesically at the centre, so it shows a true length there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from umbrella.geo import GEOD

__all__ = ["AreaProjection", "area_projection", "nice_length_km"]

_EDGE_SAMPLES: Final = 64
_NICE_STEPS: Final = (1.0, 2.0, 5.0)


@dataclass(frozen=True)
class AreaProjection:
    """A projection centred on an area, and that area's projected bounds (metres)."""

    crs: CRS
    centre: tuple[float, float]  # lon, lat
    bounds: tuple[float, float, float, float]  # minx, miny, maxx, maxy
    transformer: Transformer

    def xy(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
        """Projected (n, 2) coordinates of lon/lat arrays; empty input gives (0, 2)."""
        x, y = self.transformer.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.column_stack([np.atleast_1d(x), np.atleast_1d(y)]).reshape(-1, 2)

    def geometry(self, geometry: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry in projected metres."""
        return shapely.transform(geometry, lambda xy: self.xy(xy[:, 0], xy[:, 1]))

    @property
    def aspect(self) -> float:
        """Height over width of the projected bounds."""
        minx, miny, maxx, maxy = self.bounds
        return (maxy - miny) / (maxx - minx)

    def padded(self, share: float) -> AreaProjection:
        """The same projection with its bounds widened by ``share`` of their width each side."""
        minx, miny, maxx, maxy = self.bounds
        pad = share * (maxx - minx)
        return replace(self, bounds=(minx - pad, miny - pad, maxx + pad, maxy + pad))

    def scale_bar(self, share: float = 0.2) -> tuple[float, float]:
        """(length in km, length in projected metres) of a round scale bar near ``share`` of
        the width, measured along the geodesic east from the centre."""
        minx, _, maxx, _ = self.bounds
        km = nice_length_km(share * (maxx - minx) / 1000.0)
        lon, lat = self.centre
        end_lon, end_lat, _ = GEOD.fwd(lon, lat, 90.0, km * 1000.0)
        ends = self.xy(np.array([lon, end_lon]), np.array([lat, end_lat]))
        return km, float(np.hypot(*(ends[1] - ends[0])))


def nice_length_km(approximate_km: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``approximate_km`` (> 0)."""
    power = 10.0 ** math.floor(math.log10(approximate_km))
    return max(step * power for step in _NICE_STEPS if step * power <= approximate_km)


def area_projection(extent: tuple[float, float, float, float]) -> AreaProjection:
    """A Lambert azimuthal equal-area projection centred on a lon/lat box, with its bounds."""
    west, south, east, north = extent
    centre = ((west + east) / 2.0, (south + north) / 2.0)
    crs = CRS.from_proj4(
        f"+proj=laea +lat_0={centre[1]:.6f} +lon_0={centre[0]:.6f} +datum=WGS84 +units=m"
    )
    transformer = Transformer.from_crs(CRS.from_epsg(4326), crs, always_xy=True)
    t = np.linspace(0.0, 1.0, _EDGE_SAMPLES)
    lon = np.concatenate(
        [
            west + (east - west) * t,
            np.full_like(t, east),
            east - (east - west) * t,
            np.full_like(t, west),
        ]
    )
    lat = np.concatenate(
        [
            np.full_like(t, south),
            south + (north - south) * t,
            np.full_like(t, north),
            north - (north - south) * t,
        ]
    )
    x, y = transformer.transform(lon, lat)
    bounds = (float(np.min(x)), float(np.min(y)), float(np.max(x)), float(np.max(y)))
    return AreaProjection(crs=crs, centre=centre, bounds=bounds, transformer=transformer)
