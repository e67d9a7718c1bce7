"""Siting on the bundled layers: the table against the analysis, names, the proposed document,
and every kind of bad input (named field, nothing computed)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.siting import SitingError, SitingOutcome, SitingRequest, prepare, solve
from umbrella.layers import load_layer

GEOD = Geod(ellps="WGS84")
KYIV_OBLAST: dict[str, Any] = {
    "name": "Kyiv oblast siting",
    "regions": ["UA-32"],
    "tiers": {"short": {"range_km": 30}, "medium": {"range_km": 80, "min_range_km": 3}},
    "phases": [{"day": 0, "label": "start"}, {"day": 90, "label": "later"}],
    "assets": [
        {"id": "m1", "tier": "medium", "location": "Kyiv, UA"},
        {"id": "s1", "tier": "short", "location": [30.3, 50.2], "from_day": 90},
    ],
    "depots": [{"id": "d1", "location": "Zhytomyr, UA"}],
    "resupply_radius_km": 200,
    "no_go": [
        {
            "id": "north",
            "polygon": {
                "type": "Polygon",
                "coordinates": [
                    [[29.2, 50.9], [32.2, 50.9], [32.2, 51.6], [29.2, 51.6], [29.2, 50.9]]
                ],
            },
        }
    ],
    "targets": [
        {"id": "energy", "layer": "energy", "min_depth": 2},
        {"id": "cities", "layer": "cities", "min_population": 10_000, "min_depth": 1},
        {"id": "big", "layer": "cities", "min_population": 50_000, "min_depth": 2},
    ],
}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return parse_scenario(KYIV_OBLAST)


@pytest.fixture(scope="module")
def outcome(scenario: Scenario) -> SitingOutcome:
    request = SitingRequest(tier="short", add=3, phase=90, candidates="grid:15", min_spacing_km=25)
    return solve(prepare(scenario, request))


def _figures(scenario: Scenario, day: int) -> dict[str, float]:
    summary = analyze(scenario, phases=[day], with_grid=False).phases[0].summary
    return {
        "energy meeting requirement": summary.energy_mw_share_meeting * summary.energy_mw_total,
        "population meeting requirement": summary.population_share_meeting
        * summary.population_total,
    }


def test_the_table_agrees_with_the_analysis_before_and_after(
    scenario: Scenario, outcome: SitingOutcome
) -> None:
    rows = {row.label: row for row in outcome.table}
    before, after = _figures(scenario, 90), _figures(outcome.proposed, 90)
    for label, value in before.items():
        assert rows[label].before == pytest.approx(value, rel=1e-12)
        assert rows[label].after == pytest.approx(after[label], rel=1e-12)
    assert outcome.confirmed == outcome.objective
    assert outcome.objective > outcome.before
    assert outcome.optimum.status == "optimal"


def _depth_and_tier_figures(scenario: Scenario, day: int) -> dict[str, float]:
    """MW and people at each depth and under each tier, each feature once, from the
    analysis' own target records (a city in two target sets counts once)."""
    features: dict[tuple[str, str], tuple[float, frozenset[str]]] = {}
    for target in analyze(scenario, phases=[day], with_grid=False).phases[0].targets:
        features[(target.kind, target.id.split(":", 1)[1])] = (
            target.weight,
            frozenset(target.tiers),
        )
    figures: dict[str, float] = {}
    for kind, name in (("energy", "energy"), ("city", "population")):
        mine = [(w, tiers) for (k, _), (w, tiers) in features.items() if k == kind]
        for label, depths in (("1", {1}), ("2", {2}), ("3+", set(range(3, 99)))):
            figures[f"{name} at depth {label}"] = math.fsum(
                w for w, tiers in mine if len(tiers) in depths
            )
        for tier in scenario.tiers:
            figures[f"{name} covered by {tier}"] = math.fsum(w for w, t in mine if tier in t)
    return figures


def test_the_depth_and_tier_rows_agree_with_the_analysis_before_and_after(
    scenario: Scenario, outcome: SitingOutcome
) -> None:
    rows = {row.label: row for row in outcome.table}
    before = _depth_and_tier_figures(scenario, 90)
    after = _depth_and_tier_figures(outcome.proposed, 90)
    assert set(before) <= set(rows)
    for label, value in before.items():
        assert rows[label].before == pytest.approx(value, rel=1e-12, abs=1e-9), label
        assert rows[label].after == pytest.approx(after[label], rel=1e-12, abs=1e-9), label
    assert after["population at depth 1"] != before["population at depth 1"]  # sites moved it


def test_gains_add_up_and_sites_respect_spacing_and_constraints(outcome: SitingOutcome) -> None:
    gains = [site.gain for site in outcome.sites]
    assert [g.rank for g in gains] == [1, 2, 3]
    assert math.fsum(g.gain for g in gains) == pytest.approx(outcome.objective - outcome.before)
    assert [g.gain for g in gains] == sorted((g.gain for g in gains), reverse=True)
    for a, b in ((0, 1), (0, 2), (1, 2)):
        s, t = outcome.sites[a], outcome.sites[b]
        assert GEOD.inv(s.lon, s.lat, t.lon, t.lat)[2] >= 25_000.0
    for site in outcome.sites:
        assert not (29.2 <= site.lon <= 32.2 and 50.9 <= site.lat <= 51.6)  # the no-go box
        zhytomyr = (28.6587, 50.2547)
        assert GEOD.inv(site.lon, site.lat, *zhytomyr)[2] <= 200_000.0 + 5_000.0


def test_proposed_assets_are_marked_named_after_the_nearest_place_and_written_back(
    scenario: Scenario, outcome: SitingOutcome
) -> None:
    added = outcome.proposed.assets[len(scenario.assets) :]
    assert len(added) == 3
    cities = load_layer("cities", bbox=(27.0, 48.0, 34.0, 53.0))
    cities = cities.loc[cities["section_of"].isna()]  # districts are sections of their city
    for asset, site in zip(added, outcome.sites, strict=True):
        assert asset.proposed is not None and asset.proposed.rank == site.gain.rank
        assert asset.tier == "short" and asset.from_day == 90
        assert asset.location == (site.lon, site.lat)
        distances = GEOD.inv(
            np.full(len(cities), site.lon),
            np.full(len(cities), site.lat),
            cities.geometry.x,
            cities.geometry.y,
        )[2]
        place = str(cities["asciiname"].iloc[int(np.argmin(distances))])
        slug = re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-")
        assert asset.id.startswith(f"proposed-short-{slug}")
    again = parse_scenario(json.loads(json.dumps(outcome.document)))
    assert again == outcome.proposed
    assert outcome.document["assets"][0]["location"] == "Kyiv, UA"  # names stay names


def _error(scenario: Scenario, **parameters: Any) -> SitingError:
    with pytest.raises(SitingError) as raised:
        prepare(scenario, SitingRequest(**{"tier": "short", "add": 2, **parameters}))
    return raised.value


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"tier": "huge"}, "tier"),
        ({"add": 0}, "add"),
        ({"phase": 45}, "phase"),
        ({"candidates": "grid:0.5"}, "candidates"),
        ({"candidates": "grid:many"}, "candidates"),
        ({"candidates": "everywhere"}, "candidates"),
        ({"weights": {"roads": "count"}}, "weights"),
        ({"weights": {"cities": "mw"}}, "weights.cities"),
        ({"weights": {"energy": "-1"}}, "weights.energy"),
        ({"min_spacing_km": -1.0}, "min_spacing_km"),
        ({"gap": 1.5}, "gap"),
    ],
)
def test_bad_parameters_name_their_field(
    scenario: Scenario, parameters: dict[str, Any], field: str
) -> None:
    assert _error(scenario, **parameters).field == field


def _points(*points: tuple[float, float]) -> dict[str, Any]:
    return {"type": "MultiPoint", "coordinates": [list(p) for p in points]}


def test_a_candidate_outside_the_region_is_refused(scenario: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(_points((30.1, 49.8), (24.0, 49.8))))  # Kyiv oblast, then Lviv
    error = _error(scenario, candidates=str(path))
    assert error.field == "candidates.features[0]" and error.value == [24.0, 49.8]
    polygon = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 50]]]}
    assert _error(scenario, candidates=polygon).field == "candidates.features[0].geometry"
    assert _error(scenario, candidates=str(tmp_path / "missing.geojson")).field == "candidates"


def test_constraints_that_leave_no_candidate_or_too_few_are_named(scenario: Scenario) -> None:
    in_zone = _points((30.0, 51.0), (30.3, 51.1))
    assert _error(scenario, candidates=in_zone).field == "candidates"
    one_left = _points((30.0, 51.0), (30.1, 49.8))
    assert _error(scenario, candidates=one_left, add=2).field == "add"
    close = _points((30.1, 49.8), (30.15, 49.8))
    prepared = prepare(
        scenario, SitingRequest(tier="medium", add=2, candidates=close, min_spacing_km=10)
    )
    with pytest.raises(SitingError) as raised:
        solve(prepared, confirm=False)
    assert raised.value.field == "min_spacing_km"


def test_weights_scale_the_objective(scenario: Scenario) -> None:
    sites = _points((30.1, 49.8), (31.3, 50.0), (29.9, 50.4))
    plain = solve(
        prepare(scenario, SitingRequest(tier="short", add=1, candidates=sites)), confirm=False
    )
    counted = solve(
        prepare(
            scenario,
            SitingRequest(
                tier="short",
                add=1,
                candidates=sites,
                weights={"energy": "0", "cities": "count", "big": "count"},
            ),
        ),
        confirm=False,
    )
    assert plain.before > counted.before  # people, not a count of places
    assert counted.before == float(int(counted.before))


def test_a_proposal_of_a_scenario_with_the_longest_name_keeps_within_the_limit() -> None:
    longest = parse_scenario({**KYIV_OBLAST, "name": "N" * 200})  # the schema's maximum
    request = SitingRequest(tier="short", add=1, phase=90, candidates="grid:30")
    proposed = solve(prepare(longest, request)).proposed
    suffix = " + 1 proposed short (day 90)"
    assert proposed.name == "N" * (200 - len(suffix)) + suffix
