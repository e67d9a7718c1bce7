"""Place names and region codes in a scenario, checked and resolved from the bundled layers.

A name matches a city's name or its ASCII spelling, case-insensitively; among several, the
most populous wins. ``"Name, CC"`` (ISO 3166-1 alpha-2 or alpha-3) narrows the match to one
country. An unknown name is an error that lists the closest known names; an unknown
country or region code is an error that names the field and suggests close codes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import shapely

from umbrella.coverage.errors import FieldProblem, ScenarioError
from umbrella.coverage.scenario import Location, Scenario
from umbrella.layers import RegionNotFound, resolve_region
from umbrella.layers.loading import layer_table

__all__ = ["find_place", "resolve_places"]

MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class _Gazetteer:
    """The cities layer by name: row numbers per case-folded name or ASCII name."""

    cities: pa.Table
    rows_by_key: dict[str, list[int]]

    def matches(self, name: str, country: str) -> list[int]:
        """Rows of the cities called ``name`` (in ``country`` if given), most populous first."""
        rows = self.rows_by_key.get(name.casefold(), [])
        if country:
            code = country.upper()
            rows = [r for r in rows if code in (self._code(r, "iso2"), self._code(r, "iso3"))]
        return rows

    def _code(self, row: int, kind: str) -> str:
        return str(self.cities[f"country_{kind}"][row])


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Every city under its case-folded name and ASCII name, most populous first."""
    cities = layer_table("cities")
    by_population = np.argsort(-cities["population"].to_numpy(), kind="stable")
    names = cities["name"].to_pylist()
    ascii_names = cities["asciiname"].to_pylist()
    rows_by_key: dict[str, list[int]] = {}
    for row in by_population.tolist():
        name_key = names[row].casefold()
        rows_by_key.setdefault(name_key, []).append(row)
        ascii_key = ascii_names[row].casefold()
        if ascii_key != name_key:
            rows_by_key.setdefault(ascii_key, []).append(row)
    return _Gazetteer(cities, rows_by_key)


_CUTOFF = 0.75
_LENGTH_RATIO = _CUTOFF / (2 - _CUTOFF)  # no closer match is possible between shorter/longer


def _close_names(gazetteer: _Gazetteer, wanted: str) -> list[str]:
    """The names most like ``wanted`` (difflib), looked for among names of a length that can
    reach the cutoff only: the same answer as searching every name, in a fraction of the time."""
    size = len(wanted)
    known = [
        key
        for key in gazetteer.rows_by_key
        if min(size, len(key)) >= _LENGTH_RATIO * max(size, len(key))
    ]
    return difflib.get_close_matches(wanted, known, n=MAX_SUGGESTIONS, cutoff=_CUTOFF)


def find_place(name: str, field: str = "location") -> tuple[float, float]:
    """The (lon, lat) of the most populous city called ``name`` (or ``"name, country"``)."""
    gazetteer = _gazetteer()
    city, _, country = (part.strip() for part in name.partition(","))
    rows = gazetteer.matches(city, country)
    if not rows:
        close = _close_names(gazetteer, city.casefold())
        suggestion = f"; closest: {', '.join(close)}" if close else ""
        raise ScenarioError([FieldProblem(field, name, f"is not a known place{suggestion}")])
    point = shapely.from_wkb(gazetteer.cities["geometry"][rows[0]].as_py())
    return float(point.x), float(point.y)


def _resolved(location: Location, field: str) -> tuple[float, float]:
    return find_place(location, field) if isinstance(location, str) else location


def _region_fields(scenario: Scenario) -> list[tuple[str, str]]:
    """(field path, code) of every country or region code the scenario names."""
    fields = [(f"regions[{i}]", code) for i, code in enumerate(scenario.regions)]
    for i, zone in enumerate(scenario.no_go):
        if zone.region is not None:
            fields.append((f"no_go[{i}].region", zone.region))
        if zone.border_belt is not None:
            fields += [
                (f"no_go[{i}].border_belt.countries[{j}]", code)
                for j, code in enumerate(zone.border_belt.countries)
            ]
    return fields


def _unknown_regions(scenario: Scenario) -> list[FieldProblem]:
    problems = []
    for field, code in _region_fields(scenario):
        try:
            resolve_region(code, scenario.worldview)
        except RegionNotFound as error:
            problems.append(FieldProblem(field, code, error.reason))
    return problems


def resolve_places(scenario: Scenario) -> Scenario:
    """The same scenario with every place name replaced by its coordinates.

    Every unknown name or region code is reported at once, each with its field's path.
    """
    problems = _unknown_regions(scenario)

    def resolve(location: Location, field: str) -> Any:
        try:
            return _resolved(location, field)
        except ScenarioError as error:
            problems.extend(error.problems)
            return location

    assets = [
        asset.model_copy(update={"location": resolve(asset.location, f"assets[{i}].location")})
        for i, asset in enumerate(scenario.assets)
    ]
    depots = [
        depot.model_copy(update={"location": resolve(depot.location, f"depots[{i}].location")})
        for i, depot in enumerate(scenario.depots)
    ]
    corridors = [
        corridor.model_copy(
            update={
                "waypoints": [
                    resolve(point, f"corridors[{i}].waypoints[{j}]")
                    for j, point in enumerate(corridor.waypoints)
                ]
            }
        )
        for i, corridor in enumerate(scenario.corridors)
    ]
    if problems:
        raise ScenarioError(problems)
    return scenario.model_copy(update={"assets": assets, "depots": depots, "corridors": corridors})
