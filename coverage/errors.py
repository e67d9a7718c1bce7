"""Exceptions of the scenario model and the analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from umbrella.geo.errors import InputError

__all__ = ["NO_VALUE", "UNION_TAGS", "FieldProblem", "ScenarioError", "validation_problems"]


class _NoValue:
    """The type of NO_VALUE: one instance, in every process (it pickles by name)."""

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __reduce__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()
"""The value of a problem about a field that is missing: its message has no "got" part."""
_MAX_VALUE_CHARS = 120
UNION_TAGS = frozenset({"a number", "{low, high}", "{min, nominal, max}"})
"""Tags of the members of a number-or-distribution union (``umbrella.coverage.assumptions``):
pydantic puts them in error locations; field paths leave them out (with their spaces and
braces, no key of a scenario can be one)."""


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


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        if part in UNION_TAGS:
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "<scenario>"


_REASONS = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than": "must be < {lt}",
    "less_than_equal": "must be <= {le}",
    "missing": "is required",
    "extra_forbidden": "is not a field of this object",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be an integer",
    "int_type": "must be an integer",
    "finite_number": "must be a finite number",
    "too_short": "must have at least {min_length} items",
    "too_long": "must have at most {max_length} items",
}


def _reason(item: Any) -> str:
    template = _REASONS.get(item["type"])
    if template is not None:
        context = {
            k: f"{v:g}" if isinstance(v, float) else v for k, v in item.get("ctx", {}).items()
        }
        return template.format(**context)
    return str(item["msg"]).removeprefix("Value error, ")


def validation_problems(error: ValidationError) -> list[FieldProblem]:
    """The problems of a pydantic validation error, each naming its field's path."""
    problems = []
    for item in error.errors(include_url=False):
        context_error = item.get("ctx", {}).get("error")
        if isinstance(context_error, ScenarioError):
            problems.extend(context_error.problems)
            continue
        value = NO_VALUE if item["type"] == "missing" else item.get("input")
        problems.append(FieldProblem(_field_path(item["loc"]), value, _reason(item)))
    return problems
