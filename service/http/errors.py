"""Exceptions of the HTTP layer itself: each names the request's field and its value."""

from __future__ import annotations

from umbrella.coverage.errors import NO_VALUE
from umbrella.geo.errors import InputError

__all__ = [
    "AnalysisLimitExceeded",
    "BodyTooLarge",
    "FeatureNotFound",
    "JobNotFound",
    "KeyMissing",
    "KeyRefused",
    "NotOwner",
    "ParameterError",
    "PhaseNotFound",
    "RateLimited",
    "ResourceNotFound",
    "ScenarioNotFound",
    "ScenarioQuotaReached",
    "StoreFull",
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


class KeyMissing(InputError):
    """A write to a service that has keys, sent without one."""

    def __init__(self, action: str) -> None:
        super().__init__(
            "Authorization",
            NO_VALUE,
            f"a key is needed to {action}: send it as 'Authorization: Bearer <key>'",
        )


class KeyRefused(InputError):
    """A key that is not one of the service's keys, or is revoked: the problem names the key's
    id when it has one, never the key."""

    def __init__(self, key_id: str | None, reason: str) -> None:
        super().__init__("Authorization", NO_VALUE if key_id is None else key_id, reason)


class NotOwner(InputError):
    """A change to a stored scenario by a key that did not store it."""

    def __init__(self, scenario_id: str, action: str) -> None:
        super().__init__(
            "scenario_id", scenario_id, f"only the key that stored this scenario may {action} it"
        )


class ScenarioQuotaReached(InputError):
    """A new scenario from a key that already holds its quota of stored scenarios."""

    def __init__(self, key_id: str, count: int, quota: int) -> None:
        super().__init__(
            "scenarios",
            count,
            f"key {key_id} may store at most {quota} scenarios (delete one to store another)",
        )
        self.quota = quota


class StoreFull(InputError):
    """A new scenario that the stored scenarios leave no room for under the store's cap."""

    def __init__(self, size: int, stored: int, limit: int) -> None:
        super().__init__(
            "body",
            size,
            f"the store is full: its scenarios take {stored} of its {limit} bytes",
        )


class RateLimited(InputError):
    """A client over its rate of one kind of request; ``retry_after_s`` until the next one."""

    def __init__(self, kind: str, per_minute: int, retry_after_s: int) -> None:
        super().__init__(
            kind,
            per_minute,
            f"at most {per_minute} {kind} per minute per client; retry in {retry_after_s} s",
        )
        self.retry_after_s = retry_after_s
