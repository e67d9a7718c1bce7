"""``umbrella ring``: print a range ring, annulus or fan as a GeoJSON Feature."""

from __future__ import annotations


def ring() -> None:
    """Print a geodesic range ring as a GeoJSON Feature (not yet implemented)."""
    raise NotImplementedError
