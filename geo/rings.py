"""Range rings, annuli and range fans as lon/lat polygons drawn to a tolerance in metres.

A ring of radius ``r`` around a centre is the set of points whose geodesic distance (WGS84)
from the centre is at most ``r``; an annulus keeps only points at least ``min_radius`` away;
a fan keeps only points whose forward azimuth from the centre is within ``width / 2`` of
``azimuth`` (degrees clockwise from north). Every vertex is an exact point (``Geod.fwd``) on
the circle or on a radial edge, and vertices are added until no point of a drawn lon/lat edge
is further than the tolerance from the true edge (see ``umbrella.geo.curves``). Chords of
a circle fall inside it, except near a pole, where a straight lon/lat edge may bulge out
(still within the tolerance). The polygons are valid, wind counter-clockwise
(holes clockwise), are split at the antimeridian and closed along a pole they surround
(``umbrella.geo.antimeridian``).

Deciding whether a point is in range is the job of the exact kernel, not of these drawings.
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import MultiPolygon, Polygon

from umbrella.geo.antimeridian import clear_point, closed_path, polygon_from_path, polygonal
from umbrella.geo.curves import GEOD, PointAt, check_tolerance, sample_curves
from umbrella.geo.errors import GeoInputError
from umbrella.geo.limits import MAX_RING_RADIUS_M, MIN_DRAWN_M

__all__ = ["range_ring", "range_rings"]

_MEAN_RADIUS_M = 6_371_008.8
_MAX_ARC_STEP_DEG = 45.0
# Start with steps a little shorter than the spherical estimate, so that few need halving.
_FIRST_STEP_MARGIN = 0.9
# Reference points for choosing a polygon's side are tried at these azimuth offsets until
# one is clear of the antimeridian and of the poles.
_REFERENCE_OFFSETS_DEG = (0.0, 10.0, -10.0, 20.0, -20.0)


def range_ring(
    lon: float,
    lat: float,
    radius_m: float,
    *,
    min_radius_m: float = 0.0,
    azimuth_deg: float | None = None,
    width_deg: float | None = None,
    tolerance_m: float = 10.0,
) -> Polygon | MultiPolygon:
    """The ring, annulus or fan of one site (see ``range_rings`` for the parameters)."""
    return range_rings(
        lon,
        lat,
        radius_m,
        min_radius_m=min_radius_m,
        azimuth_deg=azimuth_deg,
        width_deg=width_deg,
        tolerance_m=tolerance_m,
    )[0]


def range_rings(
    lon: ArrayLike,
    lat: ArrayLike,
    radius_m: ArrayLike,
    *,
    min_radius_m: ArrayLike = 0.0,
    azimuth_deg: ArrayLike | None = None,
    width_deg: ArrayLike | None = None,
    tolerance_m: float = 10.0,
) -> NDArray[np.object_]:
    """Rings, annuli or fans around centres (degrees), as an array of polygons.

    The arguments broadcast to one shape of n sites; the result is a 1-D object array of n
    Polygon or MultiPolygon (empty input gives an empty array). ``radius_m`` is in
    [MIN_DRAWN_M, MAX_RING_RADIUS_M) metres and ``min_radius_m`` 0 or in [MIN_DRAWN_M,
    radius_m) (``umbrella.geo.limits``). ``azimuth_deg`` (in
    [-360, 360], clockwise from north) and ``width_deg`` (full angular width, in (0, 360])
    come together or not at all; a width of 360 is a full circle. ``tolerance_m`` bounds
    how far a drawn edge may be from the true one (it is tightened to a quarter of a radius
    smaller than four tolerances).
    """
    if (azimuth_deg is None) != (width_deg is None):
        given, missing = (
            ("azimuth_deg", "width_deg") if width_deg is None else ("width_deg", "azimuth_deg")
        )
        raise GeoInputError(missing, None, f"must be given together with {given}")
    arrays = np.broadcast_arrays(
        *(
            np.atleast_1d(np.asarray(value, dtype=float))
            for value in (
                lon,
                lat,
                radius_m,
                min_radius_m,
                0.0 if azimuth_deg is None else azimuth_deg,
                360.0 if width_deg is None else width_deg,
            )
        )
    )
    c_lon, c_lat, radius, min_radius, azimuth, width = (a.ravel() for a in arrays)
    _check_sites(c_lon, c_lat, radius, min_radius, azimuth, width)
    check_tolerance(tolerance_m)
    fans = _fans(c_lon, c_lat, radius, azimuth, width, tolerance_m)
    holed = np.flatnonzero(min_radius > 0)
    holes = _fans(
        c_lon[holed],
        c_lat[holed],
        min_radius[holed],
        np.zeros(len(holed)),
        np.full(len(holed), 360.0),
        tolerance_m,
    )
    for i, hole in zip(holed, holes, strict=True):
        fans[i] = polygonal(fans[i].difference(hole))
    return _oriented(fans)


def _check_sites(
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    radius: NDArray[np.float64],
    min_radius: NDArray[np.float64],
    azimuth: NDArray[np.float64],
    width: NDArray[np.float64],
) -> None:
    """Raise GeoInputError naming the first bad parameter (with its index if there are many)."""
    with np.errstate(invalid="ignore"):
        checks = (
            ("lon", lon, np.abs(lon) <= 180.0, "must be a number in [-180, 180]"),
            ("lat", lat, np.abs(lat) <= 90.0, "must be a number in [-90, 90]"),
            (
                "radius_m",
                radius,
                (radius >= MIN_DRAWN_M) & (radius < MAX_RING_RADIUS_M),
                f"must be a number of metres in [{MIN_DRAWN_M:g}, {MAX_RING_RADIUS_M:.0f})",
            ),
            (
                "min_radius_m",
                min_radius,
                ((min_radius == 0.0) | (min_radius >= MIN_DRAWN_M)) & (min_radius < radius),
                f"must be 0 or a number of metres in [{MIN_DRAWN_M:g}, radius_m)",
            ),
            ("azimuth_deg", azimuth, np.abs(azimuth) <= 360.0, "must be a number in [-360, 360]"),
            ("width_deg", width, (width > 0.0) & (width <= 360.0), "must be a number in (0, 360]"),
        )
    for name, values, ok, reason in checks:
        bad = np.flatnonzero(~ok)  # NaN fails every comparison, so it is caught here too
        if len(bad):
            field = name if len(values) == 1 else f"{name}[{bad[0]}]"
            raise GeoInputError(field, float(values[bad[0]]), reason)


def _fans(
    c_lon: NDArray[np.float64],
    c_lat: NDArray[np.float64],
    radius: NDArray[np.float64],
    azimuth: NDArray[np.float64],
    width: NDArray[np.float64],
    tolerance_m: float,
) -> NDArray[np.object_]:
    """Discs (width 360) and sectors with their apex at the centre, one polygon per site."""
    tolerance = np.minimum(tolerance_m, radius / 4.0)
    full = width >= 360.0
    arc_start = np.where(full, 0.0, azimuth - width / 2.0)
    arc_end = arc_start + width
    arcs = sample_curves(
        _arc_point_at(c_lon, c_lat, radius),
        arc_start,
        arc_end,
        _arc_segments(radius, width, tolerance),
        tolerance,
    )
    sector = np.flatnonzero(~full)
    edge_of = np.repeat(sector, 2)  # the two straight edges of every sector
    edge_azimuth = np.column_stack([arc_start[sector], arc_end[sector]]).ravel()
    edges = sample_curves(
        _radial_point_at(c_lon[edge_of], c_lat[edge_of], edge_azimuth),
        np.zeros(len(edge_of)),
        radius[edge_of],
        np.ones(len(edge_of), dtype=np.intp),
        tolerance[edge_of],
    )
    shapes = np.empty(len(c_lon), dtype=object)
    for i in np.flatnonzero(full):
        path_lon, path_lat = closed_path([arcs[i]])
        reference = _reference(c_lon[i], c_lat[i], 45.0, radius[i] / 2.0)
        shapes[i] = polygon_from_path(path_lon, path_lat, reference)
    for k, i in enumerate(sector):
        # Out along the first edge, round the arc, back along the second edge; from a pole
        # the edges leave along different meridians and the path closes along the pole.
        back_lon, back_lat = edges[2 * k + 1]
        path_lon, path_lat = closed_path(
            [edges[2 * k], arcs[i], (back_lon[::-1], back_lat[::-1])],
            through_pole=abs(c_lat[i]) == 90.0,
        )
        # A wide fan holds the point half-way out on its centre line; a narrow one is kept
        # away from the point half-way out behind its apex.
        inside = width[i] >= 180.0
        reference_azimuth = azimuth[i] if inside else azimuth[i] + 180.0
        reference = _reference(c_lon[i], c_lat[i], reference_azimuth, radius[i] / 2.0)
        shapes[i] = polygon_from_path(path_lon, path_lat, reference, reference_inside=inside)
    return shapes


def _arc_point_at(
    c_lon: NDArray[np.float64], c_lat: NDArray[np.float64], radius: NDArray[np.float64]
) -> PointAt:
    """Points of circles: curve i at parameter t is at azimuth t, distance radius[i]."""

    def point_at(
        curve: NDArray[np.intp], t: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        lon, lat, _ = GEOD.fwd(c_lon[curve], c_lat[curve], t, radius[curve])
        return lon, lat

    return point_at


def _radial_point_at(
    c_lon: NDArray[np.float64], c_lat: NDArray[np.float64], azimuth: NDArray[np.float64]
) -> PointAt:
    """Points of radial geodesics: curve i at parameter t is at azimuth[i], distance t.

    From a pole every radial is a meridian; its start is given that meridian's longitude,
    so that the drawn edge runs straight along it.
    """

    def point_at(
        curve: NDArray[np.intp], t: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        lon, lat, _ = GEOD.fwd(c_lon[curve], c_lat[curve], azimuth[curve], t)
        pole_start = np.flatnonzero((t <= 0.0) & (np.abs(c_lat[curve]) == 90.0))
        on_meridian = curve[pole_start]
        lon[pole_start] = GEOD.fwd(
            c_lon[on_meridian], c_lat[on_meridian], azimuth[on_meridian], np.ones(len(pole_start))
        )[0]
        return lon, lat

    return point_at


def _arc_segments(
    radius: NDArray[np.float64], width: NDArray[np.float64], tolerance: NDArray[np.float64]
) -> NDArray[np.intp]:
    """A first number of steps for arcs: the chord sag on a sphere, a little under tolerance."""
    circle_radius = _MEAN_RADIUS_M * np.abs(np.sin(radius / _MEAN_RADIUS_M))
    cos_half = np.clip(
        1.0 - _FIRST_STEP_MARGIN * tolerance / np.maximum(circle_radius, tolerance), -1.0, 1.0
    )
    step_deg = np.minimum(np.degrees(2.0 * np.arccos(cos_half)), _MAX_ARC_STEP_DEG)
    return np.ceil(width / step_deg).astype(np.intp)


def _reference(lon: float, lat: float, azimuth: float, distance: float) -> tuple[float, float]:
    """A point at about azimuth and distance from (lon, lat), clear of lon 180 and the poles."""
    n = len(_REFERENCE_OFFSETS_DEG)
    ref_lon, ref_lat, _ = GEOD.fwd(
        np.full(n, lon),
        np.full(n, lat),
        azimuth + np.array(_REFERENCE_OFFSETS_DEG),
        np.full(n, distance),
    )
    return clear_point(ref_lon, ref_lat)


def _oriented(shapes: NDArray[np.object_]) -> NDArray[np.object_]:
    """Exteriors counter-clockwise and holes clockwise (RFC 7946)."""
    return np.asarray(shapely.orient_polygons(shapes), dtype=object)
