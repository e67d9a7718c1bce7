"""Features of interactive maps: each geometry simplified and rounded for display, written as
compact GeoJSON, whether a page writes each distinct shape once or not.

The oracle simplifies one geometry at a time with shapely (topology kept), rounds it with
numpy, reads it with shapely's ``mapping`` and writes it with the standard library's ``json``.
"""

from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from umbrella.maps.features import PUBLIC, RESULT, Detail, feature, shapes_written_once


def _expected(geometry: BaseGeometry, detail: Detail) -> str:
    simple = (  # PUBLIC: not simplified (by the scene already)
        shapely.simplify(geometry, detail.tolerance_deg, preserve_topology=True)
        if detail.tolerance_deg
        else geometry
    )
    rounded = shapely.transform(simple, lambda xy: np.round(xy, detail.decimals))
    return json.dumps(mapping(rounded), separators=(",", ":"))


def _shapes() -> list[BaseGeometry]:
    """Rings and fans as a page draws them, a shape a little apart from one of them, a line and
    a point; each again as an equal copy (another object)."""
    ring = shapely.Point(30.1234567, 50.7654321).buffer(0.8, quad_segs=200)
    fan = ring.difference(shapely.box(30.2, 50.0, 31.0, 51.0))
    apart = shapely.transform(ring, lambda xy: xy + 1e-4)
    line = shapely.segmentize(shapely.LineString([(29.0, 49.0), (33.3333333, 51.1111111)]), 0.01)
    shapes = [ring, fan, apart, line, shapely.Point(30.123456, 50.654321)]
    return [*shapes, *shapely.from_wkb(shapely.to_wkb(shapes))]


def test_a_page_writes_each_shape_as_simplifying_each_alone_does() -> None:
    shapes = _shapes()
    details = (RESULT, Detail(0.01, 3), PUBLIC)

    def written() -> list[str]:
        return [f["geometry"].text for d in details for g in shapes for f in feature(g, {}, d)]

    alone = written()
    with shapes_written_once():  # one page: each shape at each detail
        once = written()
    assert once == alone == [_expected(g, d) for d in details for g in shapes]
