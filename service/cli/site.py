"""``umbrella site``: where N more assets of a tier would bring the most targets to their
requirement; writes the proposed scenario and prints the before-and-after table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from umbrella.coverage.siting.request import DEFAULT_CANDIDATES, DEFAULT_TIME_LIMIT_S
from umbrella.service.cli.output_file import check_output_file

if TYPE_CHECKING:
    from rich.table import Table

    from umbrella.coverage.siting import SitingOutcome

__all__ = ["outcome_tables", "site"]


def site(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).")],
    tier: Annotated[str, typer.Option("--tier", help="Tier of the assets to add.")],
    add: Annotated[int, typer.Option("--add", help="How many assets to add (N >= 1).")],
    out: Annotated[
        Path,
        typer.Option("-o", "--out", help="The proposed scenario: .yaml (or .json) file."),
    ],
    phase: Annotated[
        int | None, typer.Option("--phase", help="Phase day they join (default: the first).")
    ] = None,
    candidates: Annotated[
        str,
        typer.Option(
            "--candidates", help="grid:KM (a grid KM apart), cities, or a .geojson of points."
        ),
    ] = DEFAULT_CANDIDATES,
    weights: Annotated[
        str,
        typer.Option(
            "--weights",
            help="SET=RULE,...: mw, population, count, a number or K*mw (default: MW, people).",
        ),
    ] = "",
    min_spacing_km: Annotated[
        float,
        typer.Option("--min-spacing-km", help="Least distance between sites of the tier."),
    ] = 0.0,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds for the integer programme.")
    ] = DEFAULT_TIME_LIMIT_S,
    gap: Annotated[
        float, typer.Option("--gap", help="Stop at this relative gap (0: proven optimum).")
    ] = 0.0,
) -> None:
    """Propose sites for N more assets of a tier (integer programme on HiGHS)."""
    from rich.console import Console

    from umbrella.coverage.scenario import load_scenario
    from umbrella.coverage.siting import (
        PREPARE_STEPS,
        SOLVE_STEPS,
        SitingRequest,
        parse_weights,
        prepare,
        solve,
    )
    from umbrella.service.cli.progress import progress_bar

    check_output_file(out, "--out")
    parsed = load_scenario(scenario)
    request = SitingRequest(
        tier=tier,
        add=add,
        phase=phase,
        candidates=candidates,
        weights=parse_weights(weights),
        min_spacing_km=min_spacing_km,
        time_limit_s=time_limit,
        gap=gap,
    )
    with progress_bar(len(PREPARE_STEPS) + len(SOLVE_STEPS) + 1) as step:
        outcome = solve(prepare(parsed, request, step), step)
        step("writing the proposed scenario")
        _write(outcome, out)
    console = Console()
    for table in outcome_tables(outcome):
        console.print(table)
    Console(stderr=True).print(f"wrote {out}")


def _write(outcome: SitingOutcome, out: Path) -> None:
    import yaml

    if out.suffix.lower() == ".json":
        text = json.dumps(outcome.document, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(outcome.document, sort_keys=False, allow_unicode=True)
    out.write_text(text, encoding="utf-8")


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}"


def outcome_tables(outcome: SitingOutcome) -> list[Table]:
    """The solver's figures, the before-and-after table and the proposed sites."""
    from rich.table import Table

    best, greedy = outcome.optimum, outcome.greedy
    figures = Table(title=f"Siting {len(outcome.sites)} {outcome.tier} at day {outcome.day}")
    figures.add_column("")
    figures.add_column("", justify="right")
    sites = outcome.candidates
    rows = [
        ("candidates placed", f"{sites.placed:,} ({sites.source})"),
        (
            "dropped: no-go / resupply / spacing",
            f"{sites.in_no_go:,} / {sites.beyond_resupply:,} / {sites.near_same_tier:,}",
        ),
        ("candidates left", f"{len(sites):,}"),
        ("targets (features) / programme rows", f"{outcome.features:,} / {outcome.rows:,}"),
        ("weight meeting requirement before", _number(outcome.before)),
        ("after (HiGHS)", _number(outcome.objective)),
        ("bound", "none proven" if outcome.bound is None else _number(outcome.bound)),
        ("gap", "unknown" if best.gap is None else f"{100 * best.gap:.4f}%"),
        ("status / tie-break", f"{best.status} / {best.tie_break}"),
        ("HiGHS time", f"{best.seconds:.2f} s"),
        ("greedy heuristic", f"{_number(outcome.greedy_objective)} in {greedy.seconds:.2f} s"),
    ]
    if outcome.confirmed is not None:
        verdict = "equal" if outcome.confirmed == outcome.objective else "DIFFERS"
        rows.append(("analysis of the proposal", f"{_number(outcome.confirmed)} ({verdict})"))
    for label, value in rows:
        figures.add_row(label, value)

    table = Table(title="Before and after (each feature once)")
    for name in ("", "unit", "before", "after", "change"):
        table.add_column(name, justify="left" if name in ("", "unit") else "right")
    for row in outcome.table:
        table.add_row(
            row.label,
            row.unit,
            _number(row.before),
            _number(row.after),
            f"{row.after - row.before:+,.0f}",
        )

    proposed = Table(title="Proposed sites (gains in rank order add up to the total)")
    columns = ["rank", "site", "gain", "+MW", "+people", "+depth", "loss if removed"]
    for name in columns:
        proposed.add_column(name, justify="left" if name == "site" else "right")
    for s in outcome.sites:
        g = s.gain
        where = f"{s.lon:.4f}, {s.lat:.4f}: {s.place_km:.0f} km from {s.place}"
        proposed.add_row(
            str(g.rank),
            f"{s.asset_id}\n{where}",
            _number(g.gain),
            _number(g.gain_mw),
            _number(g.gain_population),
            _number(g.depth_gain),
            _number(g.loss_if_removed),
        )
    return [figures, table, proposed]
