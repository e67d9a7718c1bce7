"""Exceptions of the HTTP layer itself: each names the request's field and its value."""

from __future__ import annotations

from umbrella.geo.errors import InputError

__all__ = [
    "AnalysisLimitExceeded",
    "BodyTooLarge",
    "FeatureNotFound",
    "JobNotFound",
    "ParameterError",
    "PhaseNotFound",
    "ResourceNotFound",
    "ScenarioNotFound",
    "UnsupportedMediaType",
]


class ParameterError(InputError):
    """A query parameter that is unknown or out of its domain."""


class ResourceNotFound(InputError):
    """An identifier in the path that names nothing the service holds."""


class ScenarioNotFound(ResourceNotFound):
    """A scenario id that was never stored."""

    def __init__(self, value: str) -> None:
        super().__init__("scenario_id", value, "no scenario is stored under this id")


class FeatureNotFound(ResourceNotFound):
    """A feature id that is not in the collection."""

    def __init__(self, value: str, collection: str) -> None:
        super().__init__("featureId", value, f"no feature of {collection} has this id")


class JobNotFound(ResourceNotFound):
    """A job id this process does not know (or a finished job dropped from its history)."""

    def __init__(self, value: str) -> None:
        super().__init__(
            "job_id", value, "no such job (only this process's latest finished jobs are kept)"
        )


class PhaseNotFound(ResourceNotFound):
    """A phase day that does not start any phase of the scenario."""

    def __init__(self, value: int, days: list[int]) -> None:
        super().__init__("phase", value, f"must be one of the phase days {days}")


class BodyTooLarge(InputError):
    """A request body over the configured limit."""

    def __init__(self, value: int | None, limit: int) -> None:
        super().__init__("body", value, f"must be at most {limit} bytes")


class UnsupportedMediaType(InputError):
    """A request body whose Content-Type the route does not read."""

    def __init__(self, value: str, accepted: tuple[str, ...]) -> None:
        super().__init__("Content-Type", value, f"must be one of {', '.join(accepted)}")


class AnalysisLimitExceeded(InputError):
    """An analysis that needed more time or memory than the service's settings allow.

    ``field`` names the setting (``analysis_seconds``, ``analysis_memory_mib``), ``value`` its
    limit, and the reason says what ran over and how to get past it.
    """

    def __init__(self, setting: str, limit: float, what: str) -> None:
        hint = f"a lighter scenario, or a higher UMBRELLA_{setting.upper()}"
        super().__init__(setting, limit, f"{what} ({hint})")
