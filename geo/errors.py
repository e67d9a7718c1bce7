"""Exceptions for bad input, shared by every domain folder.

Every error names the offending field and value, in the form
``assets[3].range_km: must be > 0, got -5``; ``umbrella.service`` maps the
classes here (and their subclasses in other folders) to exit codes and HTTP
statuses.
"""

from __future__ import annotations

__all__ = ["GeoInputError", "InputError"]


class InputError(ValueError):
    """Input out of its domain: carries the field's path, the value and the reason."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason}, got {value!r}")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as it is, whatever a subclass's arguments: errors cross processes."""
        return _restored, (type(self), self.args, self.__dict__)


def _restored(cls: type[InputError], args: tuple[object, ...], state: dict[str, object]) -> object:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class GeoInputError(InputError):
    """A coordinate, distance, angle or geometry that geodesy cannot accept."""
