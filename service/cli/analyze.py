"""``umbrella analyze``: run a scenario, write its outputs, print its summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from umbrella.service.cli.exit_codes import EXIT_GOALS_MISSED

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from umbrella.coverage.result import AnalysisResult

__all__ = ["analyze"]


EXPLAINED_MIN_COLUMNS = 120
"""Terminal width from which the summary table also says what each row counts."""


def analyze(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).")],
    out: Annotated[
        Path,
        typer.Option(
            "-o",
            "--out",
            help="Output: a folder (a name without a suffix), or a .gpkg (GeoPackage) or"
            " .parquet (GeoParquet).",
        ),
    ],
    phase: Annotated[
        list[int] | None, typer.Option("--phase", help="Phase day to analyse (repeatable).")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUT if an earlier analysis wrote it.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help=f"Exit {EXIT_GOALS_MISSED} when a goal of an analysed phase is missed "
            "(outputs are written all the same).",
        ),
    ] = False,
) -> None:
    """Analyse a scenario: coverage, depth, gaps, corridors, depots, no-go violations, the air
    picture and each phase's scorecard."""
    from rich.console import Console

    from umbrella.coverage.destination import check_destination
    from umbrella.coverage.scenario import load_scenario
    from umbrella.service.cli.progress import progress_bar

    check_destination(out, overwrite=overwrite, field="--out", overwrite_name="--overwrite")
    parsed = load_scenario(scenario)
    # The analysis stack loads only once the output and the scenario are known to be good.
    from umbrella.coverage.analysis import analyze as run_analysis
    from umbrella.coverage.analysis import step_count
    from umbrella.coverage.writers import write_result

    with progress_bar(step_count(parsed, phase) + 1) as step:
        result = run_analysis(parsed, phases=phase, progress=step)
        step("writing outputs")
        written = write_result(result, out, overwrite=overwrite)
    console = Console()
    console.print(summary_table(result, explained=console.width >= EXPLAINED_MIN_COLUMNS))
    errors = Console(stderr=True, highlight=False)
    errors.print(f"wrote {len(written)} files to {out}")
    if check:
        _check_goals(result, errors)


def _check_goals(result: AnalysisResult, errors: Console) -> None:
    """Say how many goals were missed, naming them; exit EXIT_GOALS_MISSED if any was."""
    from rich.markup import escape

    from umbrella.coverage.report import goal_text

    scored = [(p.summary.day, goal) for p in result.phases for goal in p.summary.scorecard]
    missed = [(day, goal) for day, goal in scored if not goal.met]
    if not scored:
        errors.print("check: the analysed phases set no goals")
        return
    errors.print(f"check: {len(scored) - len(missed)} of {len(scored)} goals met")
    for day, goal in missed:
        measure = goal.measure + (f"[{goal.of}]" if goal.of is not None else "")
        errors.print(escape(f"day {day}: {measure}: {goal_text(goal)}"), soft_wrap=True)
    if missed:
        raise typer.Exit(EXIT_GOALS_MISSED)


def summary_table(result: AnalysisResult, *, explained: bool = True) -> Table:
    """The timeline: one column per phase, one row per headline figure and, when
    ``explained``, what it counts (left out on narrow terminals, where it would squeeze the
    figures into a column a word wide; ``umbrella result schema`` says it too)."""
    from rich.markup import escape
    from rich.table import Table

    from umbrella.coverage.report import summary_rows

    caption = "Shares are percentages; each plant and each settlement is counted once."
    if not explained:
        caption += " What each row counts: umbrella result schema, or a wider terminal."
    table = Table(title=f"{escape(result.provenance.scenario_name)} (NOTIONAL)", caption=caption)
    table.add_column("")
    if explained:
        table.add_column("what it counts", style="dim", max_width=48)
    for phase in result.phases:
        table.add_column(f"day {phase.summary.day}\n{phase.summary.label}", justify="right")
    for row in summary_rows(result):  # escaped: goal labels hold brackets (measure[key])
        cells = (row.label, row.counts, *row.texts) if explained else (row.label, *row.texts)
        table.add_row(*(escape(text) for text in cells))
    return table
