"""The small sweep scenario (``sweep_scenario``), planned once per session."""

from __future__ import annotations

import pytest
from sweep_scenario import sweep_document

from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.sweep.plan import SweepPlan
from umbrella.coverage.sweep.planning import SweepSetting, plan_sweep


@pytest.fixture(scope="session")
def small_scenario() -> Scenario:
    """The small scenario with every kind of assumption."""
    return parse_scenario(sweep_document())


@pytest.fixture(scope="session")
def small_plan(small_scenario: Scenario) -> tuple[SweepPlan, SweepSetting]:
    """Its plan and setting for every phase."""
    return plan_sweep(small_scenario, small_scenario.phase_days())
