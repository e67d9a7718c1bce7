"""Exceptions of the scenario model and the analysis."""

from __future__ import annotations

from dataclasses import dataclass

from umbrella.geo.errors import InputError

__all__ = ["NO_VALUE", "FieldProblem", "ScenarioError"]

NO_VALUE = object()
"""The value of a problem about a field that is missing: its message has no "got" part."""
_MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with a scenario: the field's path, the value and the reason."""

    field: str
    value: object
    reason: str

    def __str__(self) -> str:
        if self.value is NO_VALUE:
            return f"{self.field}: {self.reason}"
        shown = repr(self.value)
        if len(shown) > _MAX_VALUE_CHARS:
            shown = shown[: _MAX_VALUE_CHARS - 3] + "..."
        return f"{self.field}: {self.reason}, got {shown}"


class ScenarioError(InputError):
    """A scenario that cannot be analysed; ``problems`` lists every field at fault."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        first = problems[0]
        super().__init__(first.field, first.value, first.reason)
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(str(problem) for problem in self.problems)
