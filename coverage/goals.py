"""A phase's goal: a measure of the analysis, a comparison and a threshold.

A goal is written either as text, ``energy_mw_share_meeting >= 0.8`` or
``corridor_share_covered[logistics-north] >= 0.95``, or as a mapping
``{measure: corridor_share_covered, of: logistics-north, op: ">=", value: 0.95}``; both give
the same ``Goal``. ``goal_problems`` checks a goal against a scenario's names: the measure,
whether it takes a key, and that the key names one of the scenario's tiers, corridors or
altitude bands (or a depth class).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from umbrella.coverage.errors import FieldProblem
from umbrella.coverage.measures import DEPTH_CLASSES, MEASURES, KeyKind

__all__ = ["COMPARISONS", "Goal", "GoalEntry", "goal_from_text", "goal_problems"]

COMPARISONS = (">=", "<=", "==", ">", "<")
Comparison = Literal[">=", "<=", "==", ">", "<"]

_TEXT = re.compile(
    r"^\s*(?P<measure>[A-Za-z0-9_]+)\s*(?:\[\s*(?P<of>[^\]]*?)\s*\])?"
    r"\s*(?P<op>>=|<=|==|>|<)\s*(?P<value>\S+)\s*$"
)
_TEXT_PATTERN = (
    r"^\s*[A-Za-z0-9_]+\s*(\[[^\]]+\])?\s*(>=|<=|==|>|<)\s*[-+]?[0-9.]+([eE][-+]?[0-9]+)?\s*$"
)
_MEASURE_SCHEMA = {
    "oneOf": [
        {"const": measure.name, "description": measure.describe()} for measure in MEASURES.values()
    ]
}


class Goal(BaseModel):
    """A goal on one measure of a phase: met when ``value(measure[of]) op value`` holds."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    measure: Annotated[str, Field(json_schema_extra=_MEASURE_SCHEMA)]
    of: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    op: Comparison
    value: Annotated[float, Field(allow_inf_nan=False)]

    @property
    def text(self) -> str:
        """The goal as a planner writes it: ``corridor_share_covered[logistics-north] >= 0.95``."""
        key = f"[{self.of}]" if self.of is not None else ""
        return f"{self.measure}{key} {self.op} {self.value:g}"


def goal_problems(
    goal: Goal, path: str, names: Mapping[KeyKind, Collection[str]]
) -> list[FieldProblem]:
    """What is wrong with a goal given the scenario's ``names`` of tiers, corridors and bands.

    Problems name ``path.measure`` (an unknown measure) or ``path.of`` (a key missing, not
    wanted, or naming nothing the scenario has).
    """
    measure = MEASURES.get(goal.measure)
    if measure is None:
        return [FieldProblem(f"{path}.measure", goal.measure, f"must be one of {list(MEASURES)}")]
    if measure.key is None:
        if goal.of is None:
            return []
        return [FieldProblem(f"{path}.of", goal.of, f"{goal.measure} takes no key")]
    known = DEPTH_CLASSES if measure.key == "depth" else names.get(measure.key, ())
    if goal.of is None:
        return [FieldProblem(f"{path}.of", None, f"{goal.measure} needs a {measure.key}")]
    if goal.of not in known:
        reason = f"must be one of the scenario's {measure.key} names {sorted(known)}"
        if measure.key == "depth":
            reason = f"must be one of the depth classes {list(DEPTH_CLASSES)}"
        return [FieldProblem(f"{path}.of", goal.of, reason)]
    return []


def goal_from_text(value: Any) -> Any:
    """A goal's text read into the mapping form; mappings and other values pass unchanged."""
    if not isinstance(value, str):
        return value
    match = _TEXT.match(value)
    if match is None:
        raise ValueError("must read 'measure op number' or 'measure[key] op number'")
    try:
        number = float(match["value"])
    except ValueError:
        raise ValueError(f"threshold {match['value']!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"threshold {match['value']!r} is not a finite number")
    goal: dict[str, Any] = {"measure": match["measure"], "op": match["op"], "value": number}
    if match["of"] is not None:
        goal["of"] = match["of"]
    return goal


GoalEntry = Annotated[
    Goal,
    BeforeValidator(
        goal_from_text,
        json_schema_input_type=Annotated[
            str,
            Field(
                pattern=_TEXT_PATTERN,
                description="A goal as text, for example 'air_picture_share[low] >= 0.7'.",
            ),
        ]
        | Goal,
    ),
]
"""A goal in a scenario: its text or its mapping, validated into a ``Goal``."""
