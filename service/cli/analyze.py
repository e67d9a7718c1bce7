"""``umbrella analyze``: run a scenario, write its outputs, print its summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from umbrella.coverage.analysis import analyze as run_analysis
from umbrella.coverage.analysis import step_count
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import load_scenario
from umbrella.coverage.writers import write_result
from umbrella.service.cli.progress import progress_bar

__all__ = ["analyze"]


def analyze(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).")],
    out: Annotated[
        Path,
        typer.Option(
            "-o",
            "--out",
            help="Output: a folder, or a .gpkg (GeoPackage) or .parquet (GeoParquet).",
        ),
    ],
    phase: Annotated[
        list[int] | None, typer.Option("--phase", help="Phase day to analyse (repeatable).")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUT if an earlier analysis wrote it.")
    ] = False,
) -> None:
    """Analyse a scenario: coverage, depth, gaps, corridors, depots and no-go violations."""
    parsed = load_scenario(scenario)
    with progress_bar(step_count(parsed, phase) + 1) as step:
        result = run_analysis(parsed, phases=phase, progress=step)
        step("writing outputs")
        written = write_result(result, out, overwrite=overwrite)
    Console().print(summary_table(result))
    Console(stderr=True).print(f"wrote {len(written)} files to {out}")


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def summary_table(result: AnalysisResult) -> Table:
    """The timeline: one column per phase, one row per headline figure."""
    table = Table(title=f"{result.provenance.scenario_name} (NOTIONAL)")
    table.add_column("")
    for phase in result.phases:
        table.add_column(f"day {phase.summary.day}\n{phase.summary.label}", justify="right")
    summaries = [phase.summary for phase in result.phases]
    rows: list[tuple[str, list[str]]] = [
        ("assets in place", [str(s.assets_in_place) for s in summaries]),
        ("energy MW meeting requirement", [_percent(s.energy_mw_share_meeting) for s in summaries]),
        (
            "population meeting requirement",
            [_percent(s.population_share_meeting) for s in summaries],
        ),
        ("region area uncovered", [_percent(s.gap_area_share) for s in summaries]),
        ("no-go violations", [str(s.violations) for s in summaries]),
        ("assets beyond resupply", [str(s.assets_beyond_resupply) for s in summaries]),
    ]
    for depth_label, _ in summaries[0].energy_mw_share_by_depth if summaries else ():
        rows.append(
            (
                f"energy MW at depth {depth_label}",
                [_percent(dict(s.energy_mw_share_by_depth)[depth_label]) for s in summaries],
            )
        )
    for tier, _ in summaries[0].region_area_share_by_tier if summaries else ():
        rows.append(
            (
                f"area covered: {tier}",
                [_percent(dict(s.region_area_share_by_tier)[tier]) for s in summaries],
            )
        )
    for label, values in rows:
        table.add_row(label, *values)
    return table
