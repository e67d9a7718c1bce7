"""One name per place: a target by its own name and kind once, a city as the gazetteer spells it."""

from __future__ import annotations

import re

import pytest
import shapely

from umbrella.coverage.example import example_document
from umbrella.coverage.places import find_place
from umbrella.coverage.result import TargetCoverage
from umbrella.layers import load_layer
from umbrella.maps.popups import energy_popup, target_popup


def _plant() -> TargetCoverage:
    return TargetCoverage(
        id="energy:WRI1005114",
        target_set="energy",
        name="Zaporozhye",
        kind="energy",
        weight=6000.0,
        region="UA-23",
        geometry=shapely.Point(34.59, 47.51),
        asset_ids=(),
        asset_distances_km=(),
        tiers=(),
        depth=0,
        min_depth=2,
        required_tiers=("short",),
        meets_requirement=False,
        fuel="nuclear",
    )


def test_a_plant_target_is_named_with_its_fuel_and_capacity_and_its_kind_once() -> None:
    text = re.sub(r"<[^>]+>", " ", target_popup(_plant(), {}, {}))
    assert "Zaporozhye" in text
    assert "nuclear power plant, 6,000 MW" in text
    assert text.count("energy") == 1  # the target set's id, said once
    assert "(energy)" not in text


def test_a_public_plant_shows_its_fuel_with_its_capacity() -> None:
    text = energy_popup("Zaporozhye", 6000.0, "Nuclear")
    assert "nuclear power plant, 6,000 MW" in text
    assert "unknown" in energy_popup("Somewhere", float("nan"), "")


def _places(value: object) -> list[str]:
    """Every place name a document holds (strings of the form "Name, CC")."""
    if isinstance(value, str):
        return [value] if re.fullmatch(r"[^,]+, [A-Z]{2}", value) else []
    if isinstance(value, dict):
        return [p for item in value.values() for p in _places(item)]
    if isinstance(value, list):
        return [p for item in value for p in _places(item)]
    return []


@pytest.mark.parametrize("place", sorted(set(_places(example_document()))))
def test_the_example_names_each_city_as_the_gazetteer_spells_it(place: str) -> None:
    name, country = (part.strip() for part in place.split(","))
    cities = load_layer("cities")
    spelled = cities.loc[(cities["name"] == name) & (cities["country_iso2"] == country)]
    assert not spelled.empty, f"{name!r} is not the gazetteer's spelling"
    city = spelled.sort_values("population").iloc[-1]
    assert city["population"] >= 20_000  # the city, not a village of the same name
    assert find_place(place) == pytest.approx((city.geometry.x, city.geometry.y))
