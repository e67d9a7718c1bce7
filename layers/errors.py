"""Exceptions raised by the public layers: each names the field and the offending value."""

from __future__ import annotations

from collections.abc import Iterable

from umbrella.geo.errors import InputError

__all__ = [
    "BBoxError",
    "BuildSourceError",
    "ExportFormatError",
    "LayerError",
    "LayerNotFound",
    "RegionNotFound",
    "UnknownWorldview",
]


class LayerError(InputError):
    """Base class of the errors of ``umbrella.layers``."""


class LayerNotFound(LayerError):
    """A layer name that is not in the catalogue (the message lists the available names)."""

    def __init__(self, value: object, available: Iterable[str]) -> None:
        super().__init__("layer", value, f"unknown layer; available: {', '.join(available)}")


class RegionNotFound(LayerError):
    """A country (ISO3) or region (ISO 3166-2) code that the boundaries do not hold."""

    def __init__(self, value: object, suggestions: Iterable[str] = ()) -> None:
        close = list(suggestions)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        super().__init__(
            "region", value, f"unknown country (ISO3) or region (ISO 3166-2) code{hint}"
        )


class UnknownWorldview(LayerError):
    """A worldview that is not one of the supported ones."""

    def __init__(self, value: object, available: Iterable[str]) -> None:
        super().__init__("worldview", value, f"must be one of {', '.join(available)}")


class BBoxError(LayerError):
    """A bounding box that is not (minlon, minlat, maxlon, maxlat) in degrees."""

    def __init__(self, value: object, reason: str) -> None:
        super().__init__("bbox", value, reason)


class BuildSourceError(LayerError):
    """A build source folder that lacks the raw data files the build needs."""

    def __init__(self, value: object, reason: str) -> None:
        super().__init__("from", value, reason)


class ExportFormatError(LayerError):
    """An export file whose suffix names no supported format."""

    def __init__(self, value: object, available: Iterable[str]) -> None:
        super().__init__("output", value, f"suffix must be one of {', '.join(available)}")
