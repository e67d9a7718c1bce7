"""Place names resolved to coordinates, against a lookup of the cities layer written here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from umbrella.coverage.errors import ScenarioError
from umbrella.coverage.places import find_place, resolve_places
from umbrella.coverage.scenario import parse_scenario
from umbrella.layers import load_layer

Document = Callable[..., dict[str, Any]]


def _lookup(name: str, country: str | None = None) -> tuple[float, float]:
    """The most populous city whose name or ASCII name is ``name`` (in ``country``)."""
    cities = load_layer("cities")
    key = name.casefold()
    same = cities[
        (cities["name"].str.casefold() == key) | (cities["asciiname"].str.casefold() == key)
    ]
    if country is not None:
        same = same[(same["country_iso2"] == country) | (same["country_iso3"] == country)]
    best = same.loc[same["population"].idxmax()]
    assert (same["population"] == best["population"]).sum() == 1  # no tie to break
    return float(best.geometry.x), float(best.geometry.y)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Valencia", "Valencia", None),  # Venezuela's, the most populous
        ("Valencia, ES", "Valencia", "ES"),
        ("valencia , esp", "Valencia", "ESP"),  # alpha-3, any case, spaces
        ("Hamilton, NZ", "Hamilton", "NZ"),
        ("Alexandria, RO", "Alexandria", "RO"),
        ("Kosice", "Kosice", None),  # the ASCII spelling of Košice
        ("KOŠICE, SK", "Košice", "SK"),
        ("London", "London", None),
        ("London, CA", "London", "CA"),
    ],
)
def test_a_place_is_the_most_populous_city_of_that_name(
    text: str, name: str, country: str | None
) -> None:
    assert find_place(text) == _lookup(name, country)


def test_a_name_and_country_that_do_not_meet_are_an_error_naming_the_field() -> None:
    with pytest.raises(ScenarioError) as caught:
        find_place("Valencia, PL", "depots[2].location")
    (problem,) = caught.value.problems
    assert (problem.field, problem.value) == ("depots[2].location", "Valencia, PL")
    with pytest.raises(ScenarioError, match=r"closest: .*valencia"):
        find_place("Valencie")


def test_every_location_of_a_scenario_is_resolved(document: Document) -> None:
    scenario = parse_scenario(
        document(
            assets=[
                {"id": "a", "tier": "a", "location": "Hamilton, NZ"},
                {"id": "b", "tier": "a", "location": [30.5, 50.4]},
            ],
            depots=[{"id": "d", "location": "Kosice"}],
            corridors=[{"id": "c", "waypoints": ["London, CA", "London"], "width_km": 5}],
        )
    )
    resolved = resolve_places(scenario)
    assert [a.location for a in resolved.assets] == [_lookup("Hamilton", "NZ"), (30.5, 50.4)]
    assert resolved.depots[0].location == _lookup("Kosice")
    assert resolved.corridors[0].waypoints == [_lookup("London", "CA"), _lookup("London")]


def test_every_unknown_place_is_reported_at_once(document: Document) -> None:
    scenario = parse_scenario(
        document(
            assets=[{"id": "a", "tier": "a", "location": "Nowhere-upon-Nothing"}],
            depots=[{"id": "d", "location": "Valencia, PL"}],
        )
    )
    with pytest.raises(ScenarioError) as caught:
        resolve_places(scenario)
    assert [p.field for p in caught.value.problems] == ["assets[0].location", "depots[0].location"]
