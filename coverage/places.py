"""Place names and region codes in a scenario, checked and resolved from the bundled layers.

A name matches a city's name or its ASCII spelling, case-insensitively; among several, the
most populous wins. ``"Name, CC"`` (ISO 3166-1 alpha-2 or alpha-3) narrows the match to one
country. An unknown name is an error that lists the closest known names; an unknown
country or region code is an error that names the field and suggests close codes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from umbrella.coverage.cache import cached_table
from umbrella.coverage.errors import FieldProblem, ScenarioError
from umbrella.coverage.scenario import Location, Scenario
from umbrella.layers import RegionNotFound, resolve_region
from umbrella.layers.arrow import numbers, strings, values
from umbrella.layers.loading import layer_table, take_rows

__all__ = ["find_place", "resolve_places"]

MAX_SUGGESTIONS = 5


@lru_cache(maxsize=1)
def _index() -> pa.Table:
    """Every city's row under its case-folded name and ASCII name (key, row), most populous
    first; made once per data generation and kept on disk (``umbrella.coverage.cache``)."""
    return cached_table("gazetteer", 1, _make_index)


def _make_index() -> pa.Table:
    cities = layer_table("cities")
    by_population = np.argsort(-values(cities["population"]), kind="stable")
    names = cities["name"].to_pylist()
    ascii_names = cities["asciiname"].to_pylist()
    keys: list[str] = []
    rows: list[int] = []
    for row in by_population.tolist():
        name_key = names[row].casefold()
        ascii_key = ascii_names[row].casefold()
        keys += [name_key] if ascii_key == name_key else [name_key, ascii_key]
        rows += [row] if ascii_key == name_key else [row, row]
    return pa.table({"key": strings(keys), "row": numbers(rows, np.int32)})


def _rows_named(names: Iterable[str]) -> dict[str, list[int]]:
    """The cities' rows by case-folded name, for the given names, most populous first."""
    index = _index()
    wanted = strings(sorted({name.casefold() for name in names}))
    found = index.filter(pc.is_in(index["key"], value_set=wanted))
    rows: dict[str, list[int]] = {}
    for key, row in zip(found["key"].to_pylist(), found["row"].to_pylist(), strict=True):
        rows.setdefault(key, []).append(row)
    return rows


_CUTOFF = 0.75
_LENGTH_RATIO = _CUTOFF / (2 - _CUTOFF)  # no closer match is possible between shorter/longer


def _close_names(wanted: str) -> list[str]:
    """The names most like ``wanted`` (difflib), looked for among names of a length that can
    reach the cutoff only: the same answer as searching every name, in a fraction of the time."""
    size = len(wanted)
    known = [
        key
        for key in dict.fromkeys(_index()["key"].to_pylist())
        if min(size, len(key)) >= _LENGTH_RATIO * max(size, len(key))
    ]
    return difflib.get_close_matches(wanted, known, n=MAX_SUGGESTIONS, cutoff=_CUTOFF)


def find_place(
    name: str, field: str = "location", rows: dict[str, list[int]] | None = None
) -> tuple[float, float]:
    """The (lon, lat) of the most populous city called ``name`` (or ``"name, country"``).

    ``rows``: the cities' rows by case-folded name (``_rows_named``), when already looked up.
    """
    city, _, country = (part.strip() for part in name.partition(","))
    matches = (rows if rows is not None else _rows_named([city])).get(city.casefold(), [])
    found = take_rows("cities", matches, columns=["country_iso2", "country_iso3", "geometry"])
    if country:
        code = country.upper()
        codes = zip(
            found["country_iso2"].to_pylist(), found["country_iso3"].to_pylist(), strict=True
        )
        found = found.take(numbers([i for i, pair in enumerate(codes) if code in pair]))
    if not found.num_rows:
        close = _close_names(city.casefold())
        suggestion = f"; closest: {', '.join(close)}" if close else ""
        raise ScenarioError([FieldProblem(field, name, f"is not a known place{suggestion}")])
    point = shapely.from_wkb(found["geometry"][0].as_py())
    return float(point.x), float(point.y)


def _resolved(location: Location, field: str, rows: dict[str, list[int]]) -> tuple[float, float]:
    return find_place(location, field, rows) if isinstance(location, str) else location


def _named_places(scenario: Scenario) -> list[str]:
    """The city part of every place name the scenario gives."""
    locations = [
        *(asset.location for asset in scenario.assets),
        *(depot.location for depot in scenario.depots),
        *(point for corridor in scenario.corridors for point in corridor.waypoints),
    ]
    return [place.partition(",")[0].strip() for place in locations if isinstance(place, str)]


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
    names = _named_places(scenario)
    rows = _rows_named(names) if names else {}
    found: dict[str, tuple[float, float]] = {}  # each name looked up once

    def resolve(location: Location, field: str) -> Any:
        if isinstance(location, str) and location in found:
            return found[location]
        try:
            point = _resolved(location, field, rows)
        except ScenarioError as error:
            problems.extend(error.problems)
            return location
        if isinstance(location, str):
            found[location] = point
        return point

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
