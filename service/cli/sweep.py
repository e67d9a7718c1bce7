"""``umbrella sweep``: draw the scenario's assumptions N times on a Dask cluster and write, per
phase, which targets are robust, contested or exposed, the spread of MW and people meeting
their requirement, the depth-probability raster and what moves the result most."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

if TYPE_CHECKING:
    from rich.table import Table

    from umbrella.coverage.scenario import Scenario
    from umbrella.coverage.sweep.result import Driver, SweepResult

__all__ = ["sweep", "sweep_table"]


def sweep(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).")],
    draws: Annotated[int, typer.Option("--draws", help="How many joint draws of the assumptions.")],
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Output folder (a name without a suffix).")
    ],
    seed: Annotated[
        int, typer.Option("--seed", help="Seed: the same seed gives the same result anywhere.")
    ] = 0,
    phase: Annotated[
        list[int] | None, typer.Option("--phase", help="Phase day to sweep (repeatable).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            envvar="UMBRELLA_DASK_SCHEDULER",
            help="A Dask scheduler, tcp://HOST:PORT (default: a local cluster).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Worker processes of the local cluster (default: cores)."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an output folder umbrella wrote.")
    ] = False,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="Also draw the sweep: map.html (every swept phase) or a figure .png, .svg,"
            " .pdf (the first swept phase).",
        ),
    ] = None,
) -> None:
    """Sweep the scenario's uncertain ranges and availability: robust, contested and exposed
    targets per phase."""
    from rich.console import Console

    from umbrella.coverage.scenario import load_scenario
    from umbrella.coverage.sweep.run import check_request
    from umbrella.coverage.sweep.writers import check_sweep_out
    from umbrella.service.cli.map import format_of
    from umbrella.service.cli.output_file import check_output_file

    check_sweep_out(out, overwrite)
    if map_file is not None:
        format_of(map_file, "--map")
        check_output_file(map_file, "--map")
    check_request(draws, seed, scheduler=scheduler, workers=workers)
    parsed = load_scenario(scenario)
    # Dask and the analysis stack load only once the request is known to be good.
    from umbrella.coverage.sweep.run import sweep as run_sweep
    from umbrella.coverage.sweep.writers import write_sweep
    from umbrella.service.cli.progress import amount_bar

    with amount_bar(draws, "draws") as update:
        result = run_sweep(
            parsed,
            draws=draws,
            seed=seed,
            phases=phase,
            scheduler=scheduler,
            workers=workers,
            progress=update,
        )
        update("writing outputs", 0)
        written = write_sweep(result, out, overwrite=overwrite)
        if map_file is not None:
            update("drawing the map", 0)
            map_file.write_bytes(_drawn(parsed, result, map_file))
            written.append(map_file)
    Console().print(sweep_table(result))
    Console(stderr=True, highlight=False).print(f"wrote {len(written)} files to {out}")


def _drawn(scenario: Scenario, result: SweepResult, path: Path) -> bytes:
    """The sweep drawn over the nominal analysis of its phases: HTML, or a figure of the
    first swept phase."""
    from umbrella.coverage.analysis import analyze
    from umbrella.maps import FigureFormat, render_figure, render_html
    from umbrella.service.cli.map import format_of

    days = [phase.day for phase in result.phases]
    kind = format_of(path, "--map")
    if kind == "html":
        analysis = analyze(scenario, phases=days, with_grid=False)
        return render_html(scenario, analysis, sweep=result).encode()
    analysis = analyze(scenario, phases=days[:1], with_grid=False)
    return render_figure(
        scenario, analysis, day=days[0], fmt=cast(FigureFormat, kind), sweep=result
    )


def _percent(value: float, total: float) -> str:
    return f"{100 * value / total:.0f}" if total > 0 else "-"


def _mover(drivers: tuple[Driver, ...], measure: str) -> str:
    """The assumption explaining most of a measure's spread, with its share."""
    if not drivers:
        return "-"
    top = max(drivers, key=lambda d: getattr(d, measure))
    name = top.assumption.removeprefix("tiers.").replace(".", " ").replace("_km", "")
    return f"{name} ({100 * getattr(top, measure):.0f}%)"


def sweep_table(result: SweepResult) -> Table:
    """Per phase: targets by class, MW and people meeting (P5 / P50 / P95 and nominal, as
    percentages of the whole), and the assumption that moves each most."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(
        title=f"{escape(result.provenance.scenario_name)} (NOTIONAL): "
        f"{result.draws:,} draws, seed {result.seed}",
        caption="Robust: meets its requirement in >= 95% of draws; exposed: in <= 5%. "
        "Meeting: percent of all MW or people in scope.",
    )
    table.add_column("")
    for phase in result.phases:
        table.add_column(f"day {phase.day}\n{escape(phase.label)}", justify="right")
    rows = [
        ("targets robust", [str(p.robust) for p in result.phases]),
        ("targets contested", [str(p.contested) for p in result.phases]),
        ("targets exposed", [str(p.exposed) for p in result.phases]),
    ]
    for label, name in (("MW", "energy_mw_meeting"), ("people", "population_meeting")):
        spreads = [getattr(p, name) for p in result.phases]
        rows += [
            (
                f"{label} meeting % P5 / P50 / P95",
                [" / ".join(_percent(v, s.total) for v in (s.p5, s.p50, s.p95)) for s in spreads],
            ),
            (f"{label} meeting % nominal", [_percent(s.nominal, s.total) for s in spreads]),
        ]
    rows += [
        ("moves MW most", [_mover(p.drivers, "mw_share_explained") for p in result.phases]),
        (
            "moves people most",
            [_mover(p.drivers, "population_share_explained") for p in result.phases],
        ),
    ]
    for label, texts in rows:
        table.add_row(label, *(escape(text) for text in texts))
    return table
