"""What a planner asks of siting, checked against the scenario: every error names its parameter.

Weights are given per target set as ``SET=RULE``: ``mw`` (an energy layer's capacity),
``population`` (a cities layer's people), ``count`` (1 per target), a number (that much per
target), or ``K*mw`` / ``K*population`` / ``K*count``. A set not named keeps its natural
weight: MW for energy nodes, people for cities, 1 for the user's own targets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from umbrella.coverage.scenario import Scenario
from umbrella.coverage.siting.errors import SitingError

__all__ = [
    "DEFAULT_CANDIDATES",
    "DEFAULT_TIME_LIMIT_S",
    "MIN_GRID_KM",
    "SitingRequest",
    "WeightRule",
    "candidate_kind",
    "parse_weights",
    "weight_rules",
]

DEFAULT_CANDIDATES = "grid:10"
DEFAULT_TIME_LIMIT_S = 60.0
MIN_GRID_KM = 1.0
MAX_ADD = 1_000
_RULE = re.compile(r"^(?:(?P<factor>[0-9.eE+-]+)\s*\*\s*)?(?P<basis>mw|population|count)$")
_BASIS_LAYER = {"mw": "energy", "population": "cities"}


@dataclass(frozen=True)
class WeightRule:
    """A target's weight: ``factor`` times its MW or people (``natural``), or ``factor``."""

    factor: float
    natural: bool


@dataclass(frozen=True)
class SitingRequest:
    """Add ``add`` assets of ``tier`` at ``phase`` (None: the first phase) among ``candidates``.

    ``candidates`` is ``"grid:KM"``, ``"cities"``, a path to a GeoJSON file of points, or
    a decoded GeoJSON mapping. ``weights`` maps target-set ids to rule texts (see the module).
    """

    tier: str
    add: int
    phase: int | None = None
    candidates: str | Mapping[str, Any] = DEFAULT_CANDIDATES
    weights: Mapping[str, str] = field(default_factory=dict)
    min_spacing_km: float = 0.0
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    gap: float = 0.0

    def check(self, scenario: Scenario) -> int:
        """The phase day, after checking every parameter against the scenario."""
        if self.tier not in scenario.tiers:
            raise SitingError("tier", self.tier, f"must be one of {sorted(scenario.tiers)}")
        if isinstance(self.add, bool) or not 1 <= self.add <= MAX_ADD:
            raise SitingError("add", self.add, f"must be an integer from 1 to {MAX_ADD}")
        days = scenario.phase_days()
        if self.phase is not None and self.phase not in days:
            raise SitingError("phase", self.phase, f"must be one of the phase days {days}")
        _non_negative("min_spacing_km", self.min_spacing_km)
        if not (math.isfinite(self.time_limit_s) and self.time_limit_s > 0):
            raise SitingError("time_limit_s", self.time_limit_s, "must be > 0")
        if not 0.0 <= self.gap < 1.0:
            raise SitingError("gap", self.gap, "must be in [0, 1)")
        weight_rules(scenario, self.weights)
        candidate_kind(self.candidates)
        return days[0] if self.phase is None else self.phase


def candidate_kind(spec: str | Mapping[str, Any]) -> tuple[str, float]:
    """("grid", step km), ("cities", 0), ("file", 0) or ("points", 0); SitingError otherwise."""
    if isinstance(spec, Mapping):
        return "points", 0.0
    text = spec.strip().lower()
    if text.startswith("grid:"):
        try:
            step = float(text.split(":", 1)[1])
        except ValueError:
            raise SitingError("candidates", spec, "grid:KM needs a number of kilometres") from None
        if not (math.isfinite(step) and step >= MIN_GRID_KM):
            raise SitingError(
                "candidates", spec, f"the grid step must be at least {MIN_GRID_KM:g} km"
            )
        return "grid", step
    if text == "cities":
        return "cities", 0.0
    if text.endswith((".geojson", ".json")):
        return "file", 0.0
    raise SitingError("candidates", spec, "must be grid:KM, cities or a .geojson file of points")


def _non_negative(name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise SitingError(name, value, "must be a finite number >= 0")


def parse_weights(text: str) -> dict[str, str]:
    """``"energy=mw,cities=population"`` as a mapping of set id to rule text."""
    rules: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, rule = (s.strip() for s in part.partition("="))
        if not sep or not key or not rule:
            raise SitingError("weights", part, "must be SET=RULE (for example energy=mw)")
        if key in rules:
            raise SitingError("weights", key, "names a target set twice")
        rules[key] = rule
    return rules


def weight_rules(scenario: Scenario, weights: Mapping[str, str]) -> dict[str, WeightRule]:
    """Each target set's weight rule, the given ones checked against the set's layer."""
    sets = {target_set.id: target_set for target_set in scenario.targets}
    rules = {set_id: WeightRule(1.0, natural=True) for set_id in sets}
    for set_id, text in weights.items():
        field_name = f"weights.{set_id}"
        if set_id not in sets:
            raise SitingError("weights", set_id, f"must name a target set: one of {sorted(sets)}")
        rules[set_id] = _rule(field_name, str(text).strip().lower(), sets[set_id].layer)
    return rules


def _rule(field_name: str, text: str, layer: str | None) -> WeightRule:
    number = _number(text)
    if number is not None:
        return WeightRule(_factor(field_name, text, number), natural=False)
    match = _RULE.match(text)
    if match is None:
        raise SitingError(field_name, text, "must be mw, population, count, a number or K*BASIS")
    basis = match["basis"]
    if basis in _BASIS_LAYER and layer != _BASIS_LAYER[basis]:
        reason = f"{basis} weighs only a target set of the {_BASIS_LAYER[basis]} layer"
        raise SitingError(field_name, text, reason)
    factor = _number(match["factor"] or "1")
    if factor is None:
        raise SitingError(field_name, text, "has a factor that is not a number")
    return WeightRule(_factor(field_name, text, factor), natural=basis != "count")


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _factor(field_name: str, text: str, factor: float) -> float:
    if not (math.isfinite(factor) and factor >= 0):
        raise SitingError(field_name, text, "must weigh >= 0 (a finite number)")
    return factor
