"""A draw's outcome against the analysis: exactly what ``analyze`` says of the scenario with
the draw's values, and with nothing to draw, exactly ``analyze`` itself.

The analysis is the independent computation here: it decides coverage with the kernel on the
full scenario, where the sweep compares precomputed distances. A draw's values are put into
the scenario as plain numbers; the assets it has down are taken out.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rasterio.io import MemoryFile
from sweep_scenario import collapsed, sweep_document

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_document
from umbrella.coverage.result import AnalysisResult, PhaseResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.summary import distinct_features
from umbrella.coverage.sweep.chunk import run_chunk
from umbrella.coverage.sweep.draws import Draw, DrawModel
from umbrella.coverage.sweep.plan import SweepPlan
from umbrella.coverage.sweep.planning import SweepSetting, plan_sweep


def _depth_cells(phase: PhaseResult, setting: SweepSetting) -> np.ndarray:
    assert phase.depth_grid is not None
    with MemoryFile(phase.depth_grid.cog_bytes) as memory, memory.open() as dataset:
        return dataset.read(1).ravel()[setting.cells]


def _assert_same(
    plan: SweepPlan, setting: SweepSetting, draw: Draw, result: AnalysisResult
) -> None:
    """The draw's outcome in every phase is the analysis': targets, cells, MW, people, regions."""
    for p, phase in enumerate(result.phases):
        outcome = plan.outcome(p, draw)
        assert outcome.meets.tolist() == [t.meets_requirement for t in phase.targets]
        assert np.array_equal(outcome.depth, _depth_cells(phase, setting))
        measures = plan.measures(outcome.meets)
        features = distinct_features(phase.targets)
        energy = [t for t in features if t.kind == "energy" and t.meets_requirement]
        cities = [t for t in features if t.kind == "city" and t.meets_requirement]
        assert measures.mw == sum(t.weight for t in energy)
        assert measures.people == sum(t.weight for t in cities)
        rows = {row.region: row for row in phase.summary.regions}
        for r, code in enumerate(setting.region_codes):
            assert measures.region_mw[r] == rows[code].capacity_mw_meeting
            assert measures.region_people[r] == rows[code].population_meeting


def _with_values(document: dict[str, Any], model: DrawModel, draw: Draw) -> dict[str, Any]:
    """The scenario with the draw's tier ranges as plain numbers, its down assets removed."""
    changed = copy.deepcopy(document)
    for t, name in enumerate(model.tier_names):
        changed["tiers"][name]["range_km"] = float(draw.range_km[t])
        changed["tiers"][name]["min_range_km"] = float(draw.min_range_km[t])
    down = {asset_id for asset_id, up in zip(model.asset_ids, draw.up, strict=True) if not up}
    changed["assets"] = [a for a in changed["assets"] if a["id"] not in down]
    return changed


def test_with_nothing_to_draw_every_draw_is_the_analysis() -> None:
    scenario = parse_scenario(collapsed(example_document()))
    example_result = analyze(scenario)
    plan, setting = plan_sweep(scenario, scenario.phase_days())
    assert plan.model.varying() == [] and plan.model.availability.min() == 1.0
    for index in range(4):
        _assert_same(plan, setting, plan.model.draw(11, index), example_result)
    chunk = run_chunk(plan, 11, 0, 4)
    for p, phase in enumerate(example_result.phases):
        meets = np.array([t.meets_requirement for t in phase.targets])
        assert np.array_equal(chunk.meets[p], 4 * meets)
        depth = _depth_cells(phase, setting)
        for k, level in enumerate((1, 2, 3)):
            assert np.array_equal(chunk.depth_at_least[p, k], 4 * (depth >= level))


_SAMPLE = (0, 1, 2, 17)
_PLANS: dict[str, SweepPlan] = {}


def test_a_draw_is_the_analysis_of_the_scenario_with_its_values(
    small_plan: tuple[SweepPlan, SweepSetting],
) -> None:
    plan, setting = small_plan
    draws = [plan.model.draw(5, index) for index in _SAMPLE]
    assert not all(draw.up.all() for draw in draws)  # the sample takes some asset down
    for draw in draws:
        document = _with_values(sweep_document(), plan.model, draw)
        _assert_same(plan, setting, draw, analyze(parse_scenario(document)))


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**63 - 1), index=st.integers(0, 10**6))
def test_any_draw_is_the_analysis_of_the_scenario_with_its_values(
    small_plan: tuple[SweepPlan, SweepSetting], seed: int, index: int
) -> None:
    plan, setting = small_plan
    draw = plan.model.draw(seed, index)
    document = _with_values(sweep_document(), plan.model, draw)
    _assert_same(plan, setting, draw, analyze(parse_scenario(document)))


def test_the_nominal_draw_is_the_analysis(
    small_scenario: Scenario, small_plan: tuple[SweepPlan, SweepSetting]
) -> None:
    plan, setting = small_plan
    _assert_same(plan, setting, plan.model.nominal(), analyze(small_scenario))


_WIDEST = {"min": 5, "nominal": 50, "max": 100}  # the short tier's widest reach in the test


@settings(max_examples=25, deadline=None)
@given(
    low=st.floats(5, 20),
    rise=st.floats(0, 20),
    fall=st.floats(0, 20),
    shift=st.tuples(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10)),
    availability=st.floats(0, 1),
    raise_by=st.floats(0, 1),
)
def test_raising_a_distribution_never_lowers_a_share(
    low: float,
    rise: float,
    fall: float,
    shift: tuple[float, float, float],
    availability: float,
    raise_by: float,
) -> None:
    document = sweep_document()
    short = document["tiers"]["short"]
    short["range_km"] = {"min": low, "nominal": low + rise, "max": low + rise + fall}
    short["availability"] = availability
    raised = copy.deepcopy(document)
    lifted = [low + shift[0], low + rise + shift[0] + shift[1], low + rise + fall + sum(shift)]
    raised["tiers"]["short"]["range_km"] = dict(zip(("min", "nominal", "max"), lifted, strict=True))
    raised["tiers"]["short"]["availability"] = min(1.0, availability + raise_by)
    widest = copy.deepcopy(document)
    widest["tiers"]["short"]["range_km"] = _WIDEST
    assert lifted[2] <= _WIDEST["max"]
    base_plan, raised_plan = _replanned(document, widest), _replanned(raised, widest)
    before, after = run_chunk(base_plan, 3, 0, 24), run_chunk(raised_plan, 3, 0, 24)
    assert (after.meets >= before.meets).all()
    assert (after.depth_at_least >= before.depth_at_least).all()


def _replanned(document: dict[str, Any], widest: dict[str, Any]) -> SweepPlan:
    """The plan of ``document``: pairs of the scenario with the widest short tier (a superset
    that holds every pair any draw of ``document`` can cover) and the document's draws."""
    if "widest" not in _PLANS:
        scenario = parse_scenario(widest)
        _PLANS["widest"], _ = plan_sweep(scenario, scenario.phase_days())
    return dataclasses.replace(_PLANS["widest"], model=DrawModel.of(parse_scenario(document)))


def test_a_plan_of_wider_pairs_decides_draws_as_its_own(
    small_scenario: Scenario, small_plan: tuple[SweepPlan, SweepSetting]
) -> None:
    plan, _ = small_plan
    widest = sweep_document()
    widest["tiers"]["short"]["range_km"] = _WIDEST
    wider = _replanned(sweep_document(), widest)
    assert wider.targets.row.size > plan.targets.row.size
    own, borrowed = run_chunk(plan, 9, 0, 12), run_chunk(wider, 9, 0, 12)
    assert np.array_equal(own.meets, borrowed.meets)
    assert np.array_equal(own.depth_at_least, borrowed.depth_at_least)
