"""The assumptions a sweep's summary names as drivers: one per drawn range, and a tier's
availability only where some of its assets standing on the day may be down."""

from __future__ import annotations

from sweep_scenario import sweep_document

from umbrella.coverage.analysis import provenance_of
from umbrella.coverage.scenario import parse_scenario
from umbrella.coverage.sweep.chunk import chunks, run_chunk
from umbrella.coverage.sweep.planning import plan_sweep
from umbrella.coverage.sweep.summary import sweep_result
from umbrella.coverage.sweep.tally import SweepTally

DRAWS = 12


def _uncertain_tiers(document: dict, day: int) -> set[str]:
    """Tiers with an asset standing on ``day`` whose own or tier availability is below 1."""
    tiers = document["tiers"]
    found = set()
    for asset in document["assets"]:
        if asset.get("kind") == "sensor" or "tier" not in asset:
            continue
        standing = asset.get("from_day", 0) <= day and day < asset.get("until_day", 10**9)
        chance = asset.get("availability", tiers[asset["tier"]].get("availability", 1.0))
        if standing and chance < 1.0:
            found.add(asset["tier"])
    return found


def test_a_tier_whose_standing_assets_are_all_certain_is_no_driver() -> None:
    document = sweep_document()
    document["tiers"]["long"]["availability"] = 1.0  # the long tier is always up
    scenario = parse_scenario(document)
    plan, setting = plan_sweep(scenario, scenario.phase_days())
    tally = SweepTally(plan, DRAWS)
    for first, count in chunks(DRAWS):
        tally.add(run_chunk(plan, 3, first, count))
    result = sweep_result(plan, setting, tally, 3, provenance_of(scenario))
    for phase in result.phases:
        named = {
            driver.assumption.split(".")[1]
            for driver in phase.drivers
            if driver.assumption.endswith(".availability")
        }
        assert named == _uncertain_tiers(document, phase.day), phase.day
    assert "long" not in _uncertain_tiers(document, 30)
    assert {"short", "medium"} <= _uncertain_tiers(document, 30)
