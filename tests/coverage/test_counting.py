"""What goes in is counted once: settlements without their districts, points by their country."""

from __future__ import annotations

from typing import Any

import pytest

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_scenario
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import parse_scenario
from umbrella.layers import load_layer

KYIV = 703448
KUCHURGAN = "Kuchurgan"


@pytest.fixture(scope="module")
def example() -> AnalysisResult:
    return analyze(example_scenario(), phases=[0], with_grid=False)


def test_the_admin1_table_counts_kyiv_once(example: AnalysisResult) -> None:
    cities = load_layer("cities")
    kyiv = int(cities.loc[cities["geonameid"] == KYIV, "population"].iloc[0])
    row = next(r for r in example.phases[0].summary.regions if r.region == "UA-30")
    assert row.population == kyiv == 2_952_301
    city_targets = [t for t in example.phases[0].targets if t.kind == "city"]
    assert [t.name for t in city_targets if t.region == "UA-30"] == ["Kyiv"]


def test_city_targets_are_the_settlements_of_the_country(example: AnalysisResult) -> None:
    cities = load_layer("cities")
    expected = cities.loc[
        (cities["country_iso3"] == "UKR")
        & (cities["population"] >= 100_000)
        & cities["section_of"].isna()
    ]
    targets = [t for t in example.phases[0].targets if t.target_set == "cities"]
    assert sorted(int(t.id.split(":")[1]) for t in targets) == sorted(expected["geonameid"])
    assert example.phases[0].summary.population_total == expected["population"].sum()
    assert not {"Obolon", "Desna", "Saltivka", "Shevchenkivskyi"} & {t.name for t in targets}


def test_energy_is_counted_by_the_country_its_source_gives(example: AnalysisResult) -> None:
    energy = load_layer("energy")
    ukrainian = energy.loc[energy["country_iso3"] == "UKR"]
    summary = example.phases[0].summary
    assert summary.energy_mw_total == pytest.approx(ukrainian["capacity_mw"].sum())
    assert not any(KUCHURGAN in t.name for t in example.phases[0].targets)


def _scenario(regions: list[str], worldview: str, layer: str) -> dict[str, Any]:
    return {
        "name": "country check",
        "regions": regions,
        "worldview": worldview,
        "tiers": {"short": {"range_km": 30}},
        "assets": [{"id": "s1", "tier": "short", "location": [29.5, 46.8]}],
        "targets": [{"id": "t", "layer": layer, "min_population": 100_000}],
        "grid_cell_km": 50,
    }


def test_kuchurgan_is_moldovas() -> None:
    result = analyze(parse_scenario(_scenario(["MDA"], "un", "energy")), with_grid=False)
    names = [t.name for t in result.phases[0].targets]
    assert any(KUCHURGAN in name for name in names)


@pytest.mark.parametrize(("worldview", "in_ukraine"), [("un", True), ("de_facto", False)])
def test_a_city_in_a_region_the_views_disagree_on_counts_for_its_owner_in_the_view(
    worldview: str, in_ukraine: bool
) -> None:
    result = analyze(parse_scenario(_scenario(["UKR"], worldview, "cities")), with_grid=False)
    names = {t.name for t in result.phases[0].targets}
    assert ("Simferopol" in names) is in_ukraine
