"""A sweep on the maps: its layers and classes on the interactive map, its assumptions in the
legend, and a figure with its classes (the sweep here is decided in-process, no cluster)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sweep_scenario import sweep_document

from umbrella.coverage.analysis import analyze, provenance_of
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.sweep.chunk import chunks, run_chunk
from umbrella.coverage.sweep.planning import plan_sweep
from umbrella.coverage.sweep.result import SweepResult
from umbrella.coverage.sweep.summary import sweep_result
from umbrella.coverage.sweep.tally import SweepTally
from umbrella.maps import render_figure, render_html
from umbrella.maps.features import point_style
from umbrella.maps.figure.size import figure_size
from umbrella.maps.style import PROBABILITY_AREA_STYLES, ROBUSTNESS_STYLES
from umbrella.maps.sweep import SYMBOLS, legend_rows, probability_features, target_features

DRAWS = 20


@pytest.fixture(scope="module")
def swept() -> tuple[Scenario, AnalysisResult, SweepResult]:
    scenario = parse_scenario(sweep_document())
    plan, setting = plan_sweep(scenario, scenario.phase_days())
    tally = SweepTally(plan, DRAWS)
    for first, count in chunks(DRAWS):
        tally.add(run_chunk(plan, 8, first, count))
    result = sweep_result(plan, setting, tally, 8, provenance_of(scenario))
    return scenario, analyze(scenario, with_grid=False), result


def _styles(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f["properties"]["style"] for f in features]


def test_targets_take_their_class_style(
    swept: tuple[Scenario, AnalysisResult, SweepResult],
) -> None:
    _, _, result = swept
    phase = result.phases[0]
    features = target_features(phase)
    assert len(features) == len(phase.targets)
    for target, drawn in zip(phase.targets, features, strict=True):
        look = ROBUSTNESS_STYLES[target.robustness]
        assert drawn["properties"]["style"]["color"] == look.edge
        if target.geometry.geom_type == "Point":
            assert drawn["properties"]["symbol"] == SYMBOLS[look.marker]
    contested = probability_features(phase, 1)
    fills = {style["fillColor"] for style in _styles(contested)}
    assert fills <= {style.fill for style in PROBABILITY_AREA_STYLES.values()}


def test_the_legend_states_every_assumption(
    swept: tuple[Scenario, AnalysisResult, SweepResult],
) -> None:
    _, _, result = swept
    text = "".join(legend_rows(result, "sweep-targets"))
    assert f"Sweep of {DRAWS} draws (seed 8)" in text
    for line in (
        "short: range 12 to 26 km, nominal 20 (triangular); each site up with chance 0.5, 0.8",
        "medium: range 45 to 80 km (uniform); minimum range 1 to 4 km, nominal 2 (triangular);"
        " each site up with chance 0.9",
        "long: each site up with chance 0.7",
    ):
        assert line in text


def test_the_interactive_map_carries_the_sweep(
    swept: tuple[Scenario, AnalysisResult, SweepResult],
) -> None:
    scenario, analysis, result = swept
    page = render_html(scenario, analysis, sweep=result)
    for text in ("Targets by robustness (sweep)", "Depth 1+ across draws (sweep)", "Depth 3+"):
        assert text in page
    assert "Sweep of 20 draws" in render_html(scenario, analysis, sweep=result)
    assert "Targets by robustness" not in render_html(scenario, analysis)


def test_a_figure_draws_the_sweep(swept: tuple[Scenario, AnalysisResult, SweepResult]) -> None:
    scenario, analysis, result = swept
    size = figure_size(width_px=900, dpi=100)
    plain = render_figure(scenario, analysis, day=0, fmt="svg", size=size)
    drawn = render_figure(scenario, analysis, day=0, fmt="svg", size=size, sweep=result)
    assert b"short: range 12 to 26 km, nominal 20 (triangular)" in drawn
    assert b"Targets across draws" in drawn and b"Targets across draws" not in plain
    assert b"requirement met" in plain and b"requirement met" not in drawn
    png = render_figure(scenario, analysis, day=0, fmt="png", size=size, sweep=result)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 22) or []}
    contested = ROBUSTNESS_STYLES["contested"].fill
    assert tuple(int(contested[i : i + 2], 16) for i in (1, 3, 5)) in colours


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_in_the_browser_the_sweep_replaces_the_targets_and_clusters_show_classes(
    swept: tuple[Scenario, AnalysisResult, SweepResult], open_map: Any, tmp_path: Path
) -> None:
    scenario, analysis, result = swept
    path = tmp_path / "sweep.html"
    path.write_text(render_html(scenario, analysis, sweep=result), encoding="utf-8")
    page, recorder = open_map(path.as_uri(), 1000, 700)
    legend = "#umbrella-legend"
    assert page.locator(f'{legend} [data-layer="sweep-targets"]').first.is_visible()
    for hidden in ("targets", "depth"):  # the analysis' own rows, while its layers are off
        assert page.locator(f'{legend} [data-layer="{hidden}"]').first.is_hidden()
    title = page.locator(".umbrella-title").bounding_box()
    assert page.locator(legend).bounding_box()["y"] >= title["y"] + title["height"]
    pies = page.locator(".umbrella-cluster span")
    for _ in range(4):  # zoom out until targets gather into clusters
        if pies.count():
            break
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(400)
    assert pies.count() > 0
    fills = {_rgb(point_style(look)["fillColor"]) for look in ROBUSTNESS_STYLES.values()}
    for background in pies.evaluate_all("spans => spans.map(s => s.style.background)"):
        found = {
            tuple(int(v) for v in match)
            for match in re.findall(r"rgb\((\d+), (\d+), (\d+)\)", background)
        }
        assert found and found <= fills, background  # a class's colour, never the grey of none
    assert recorder.errors == []
