"""Exceptions of the maps: bad sizes, formats and phases, each naming the field and value."""

from __future__ import annotations

from umbrella.geo.errors import InputError

__all__ = ["FigureSizeError", "MapInputError", "UnknownBand", "UnknownFormat", "UnknownMapPhase"]


class MapInputError(InputError):
    """A map cannot be drawn as asked."""


class FigureSizeError(MapInputError):
    """A figure width, resolution or resulting height out of the printable range."""


class UnknownFormat(MapInputError):
    """An output format (or file suffix) that no map renderer writes."""


class UnknownMapPhase(MapInputError):
    """A day that starts no phase of the analysis result."""


class UnknownBand(MapInputError):
    """An altitude band that the scenario does not name."""
