"""Assumptions of a scenario: a range as a distribution, and the chance that an asset is up.

A tier's ``range_km`` or ``min_range_km`` is a plain number (fixed), a triangular
distribution ``{min, nominal, max}`` or a uniform one ``{low, high}``, whose nominal value is
its midpoint. The analysis and the maps use the nominal values; ``umbrella sweep`` draws.

A draw turns one uniform number ``u`` in [0, 1) into a value by the distribution's inverse
CDF (``umbrella.coverage.sweep.draws.quantile``). The quantile never falls when ``u`` or any
parameter rises, so with the same seed a distribution moved up gives every draw a value at
least as large, and a degenerate one (``min = nominal = max``, ``low = high``) gives its
value exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from umbrella.coverage.errors import UNION_TAGS, FieldProblem

__all__ = [
    "DISTRIBUTION",
    "NUMBER_TAG",
    "TRIANGULAR_TAG",
    "UNIFORM_TAG",
    "Availability",
    "Triangular",
    "Uniform",
    "Value",
    "bounds",
    "distribution_problems",
    "is_fixed",
    "nominal",
    "parameters",
]

Scalar = TypeVar("Scalar")
Availability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
"""The chance that an asset is up on a given day."""

# The union's member tags (pydantic puts them in error locations; field paths drop them).
_NUMBER, _TRIANGULAR, _UNIFORM = "a number", "{min, nominal, max}", "{low, high}"
assert {_NUMBER, _TRIANGULAR, _UNIFORM} == UNION_TAGS


class Triangular(BaseModel, Generic[Scalar]):
    """A triangular distribution: from ``min`` through its mode ``nominal`` to ``max``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: Scalar
    nominal: Scalar
    max: Scalar


class Uniform(BaseModel, Generic[Scalar]):
    """A uniform distribution between ``low`` and ``high``; its nominal value is the midpoint."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: Scalar
    high: Scalar


Value = float | Triangular[Any] | Uniform[Any]
"""A number or a distribution of numbers."""


def _member(value: Any) -> str:
    if isinstance(value, dict):
        return _UNIFORM if {"low", "high"} & set(value) else _TRIANGULAR
    if isinstance(value, Triangular):
        return _TRIANGULAR
    if isinstance(value, Uniform):
        return _UNIFORM
    return _NUMBER


NUMBER_TAG, TRIANGULAR_TAG, UNIFORM_TAG = Tag(_NUMBER), Tag(_TRIANGULAR), Tag(_UNIFORM)
DISTRIBUTION = Discriminator(_member)
"""A number or a distribution is the union ``Annotated[Annotated[scalar, NUMBER_TAG] |
Annotated[a Triangular, TRIANGULAR_TAG] | Annotated[a Uniform, UNIFORM_TAG], DISTRIBUTION]``."""


def nominal(value: Value) -> float:
    """The value the analysis uses: the number, the triangular mode or the uniform midpoint."""
    if isinstance(value, Triangular):
        return float(value.nominal)
    if isinstance(value, Uniform):
        return (float(value.low) + float(value.high)) / 2.0
    return float(value)


def bounds(value: Value) -> tuple[float, float]:
    """The smallest and largest value a draw can give."""
    if isinstance(value, Triangular):
        return float(value.min), float(value.max)
    if isinstance(value, Uniform):
        return float(value.low), float(value.high)
    return float(value), float(value)


def is_fixed(value: Value) -> bool:
    """Whether every draw gives the same value."""
    low, high = bounds(value)
    return low == high


def parameters(value: Value) -> tuple[float, float, float, bool]:
    """(low, mode, high, uniform) of a value: a number is a distribution of one value."""
    low, high = bounds(value)
    return low, nominal(value), high, isinstance(value, Uniform)


def _order(path: str, value: Value) -> Iterator[FieldProblem]:
    if isinstance(value, Triangular):
        if value.min > value.nominal:
            yield FieldProblem(f"{path}.min", value.min, f"must be <= nominal ({value.nominal:g})")
        if value.max < value.nominal:
            yield FieldProblem(f"{path}.max", value.max, f"must be >= nominal ({value.nominal:g})")
    elif isinstance(value, Uniform) and value.high < value.low:
        yield FieldProblem(f"{path}.high", value.high, f"must be >= low ({value.low:g})")


def distribution_problems(path: str, range_km: Value, min_range_km: Value) -> list[FieldProblem]:
    """What is wrong with a tier's ranges at ``path``: a distribution out of order, or a minimum
    range that some draw could make reach the range (it must stay below in every draw)."""
    problems = [
        *_order(f"{path}.range_km", range_km),
        *_order(f"{path}.min_range_km", min_range_km),
    ]
    if problems:
        return problems
    smallest = bounds(range_km)[0]
    if bounds(min_range_km)[1] >= smallest:
        words = "its smallest draw" if not is_fixed(range_km) else "range_km"
        problems.append(
            FieldProblem(
                f"{path}.min_range_km",
                bounds(min_range_km)[1],
                f"must be < {words} ({smallest:g} km) in every draw",
            )
        )
    return problems
