"""Helpers shared by the geo tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import shapely
from numpy.typing import NDArray

EdgePoints = Callable[[shapely.Geometry, int], NDArray[np.float64]]


def _edge_points(shape: shapely.Geometry, per_edge: int = 16) -> NDArray[np.float64]:
    """Points spread along every drawn (straight lon/lat) edge of a polygonal shape.

    Edges on the meridian 180 and along the poles are cuts of the drawing, not part of the
    curve drawn, and are left out.
    """
    points = []
    for polygon in shapely.get_parts(shape):
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            u = np.arange(per_edge) / per_edge
            step = xy[1:] - xy[:-1]
            points.append((xy[:-1, None, :] + step[:, None, :] * u[None, :, None]).reshape(-1, 2))
    xy = np.concatenate(points)
    on_cut = (np.abs(xy[:, 0]) >= 180.0 - 1e-9) | (np.abs(xy[:, 1]) >= 90.0 - 1e-9)
    return xy[~on_cut]


@pytest.fixture(scope="session")
def edge_points() -> EdgePoints:
    return _edge_points
