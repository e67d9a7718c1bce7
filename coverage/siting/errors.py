"""Exceptions of siting: bad parameters, and constraints that leave no choice."""

from __future__ import annotations

from umbrella.geo.errors import InputError

__all__ = ["SitingError"]


class SitingError(InputError):
    """A siting parameter that cannot be planned: names the parameter, its value and why."""
