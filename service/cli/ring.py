"""``umbrella ring``: print a range ring, annulus or fan as a GeoJSON Feature."""

from __future__ import annotations

import json
import math
from typing import Annotated

import typer

from umbrella.geo.errors import GeoInputError
from umbrella.geo.limits import MAX_RING_RADIUS_M, MIN_DRAWN_M

__all__ = ["ring"]

_MIN_RADIUS_KM = MIN_DRAWN_M / 1000.0
_MAX_RADIUS_KM = MAX_RING_RADIUS_M / 1000.0

# The command's option for each parameter of range_ring that it passes through unchanged.
_OPTION_OF_FIELD = {
    "lon": "--lon",
    "lat": "--lat",
    "azimuth_deg": "--azimuth",
    "width_deg": "--width",
    "tolerance_m": "--tolerance-m",
}


def ring(
    lon: Annotated[float, typer.Option(help="Centre longitude, degrees east in [-180, 180].")],
    lat: Annotated[float, typer.Option(help="Centre latitude, degrees north in [-90, 90].")],
    radius_km: Annotated[float, typer.Option(help="Range (geodesic), kilometres.")],
    min_radius_km: Annotated[
        float, typer.Option(help="Minimum range, kilometres: draws an annulus.")
    ] = 0.0,
    azimuth: Annotated[
        float | None, typer.Option(help="Fan centre line, degrees clockwise from north.")
    ] = None,
    width: Annotated[
        float | None, typer.Option(help="Full fan width, degrees in (0, 360]; needs --azimuth.")
    ] = None,
    tolerance_m: Annotated[
        float, typer.Option(help="Largest distance of a drawn edge from the true one, metres.")
    ] = 10.0,
) -> None:
    """Print a geodesic range ring, annulus or fan as one GeoJSON Feature (RFC 7946)."""
    from shapely.geometry import mapping

    from umbrella.geo.rings import range_ring

    if (azimuth is None) != (width is None):
        given, missing = ("--azimuth", "--width") if width is None else ("--width", "--azimuth")
        raise GeoInputError(missing, None, f"must be given together with {given}")
    radius_m = _metres(radius_km, "--radius-km", zero_allowed=False)
    min_radius_m = _metres(min_radius_km, "--min-radius-km", zero_allowed=True)
    if min_radius_km >= radius_km:
        raise GeoInputError("--min-radius-km", min_radius_km, "must be less than --radius-km")
    try:
        shape = range_ring(
            lon,
            lat,
            radius_m,
            min_radius_m=min_radius_m,
            azimuth_deg=azimuth,
            width_deg=width,
            tolerance_m=tolerance_m,
        )
    except GeoInputError as error:
        option = _OPTION_OF_FIELD.get(error.field, error.field)
        raise GeoInputError(option, error.value, error.reason) from error
    feature = {
        "type": "Feature",
        "geometry": mapping(shape),
        "properties": {
            "centre": [lon, lat],
            "radius_km": radius_km,
            "min_radius_km": min_radius_km,
            "azimuth": azimuth,
            "width": width,
            "tolerance_m": tolerance_m,
        },
    }
    typer.echo(json.dumps(feature))


def _metres(km: float, option: str, *, zero_allowed: bool) -> float:
    """A distance option in kilometres, checked and converted to metres."""
    drawable = math.isfinite(km) and _MIN_RADIUS_KM <= km < _MAX_RADIUS_KM
    if not (drawable or (zero_allowed and km == 0.0)):
        zero = "0 or " if zero_allowed else ""
        bounds = f"[{_MIN_RADIUS_KM:g}, {_MAX_RADIUS_KM:.3f})"
        raise GeoInputError(option, km, f"must be {zero}a number of km in {bounds}")
    return km * 1000.0
