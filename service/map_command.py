"""``umbrella map``: an interactive HTML map or a static figure of a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import load_scenario
from umbrella.maps import (
    FIGURE_FORMATS,
    FigureFormat,
    FigureSizeError,
    UnknownFormat,
    UnknownMapPhase,
    check_figure_size,
    render_figure,
    render_html,
)

__all__ = ["map_command"]

_HTML = "html"
_OPTION_OF_FIELD = {"width_px": "--width-px", "dpi": "--dpi"}


def _format_of(out: Path) -> str:
    """The output format named by the suffix of ``out``."""
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in (_HTML, *FIGURE_FORMATS):
        known = ", ".join(f".{name}" for name in (_HTML, *FIGURE_FORMATS))
        raise UnknownFormat("--out", str(out), f"must end in one of {known}")
    return suffix


def _check_size(width_px: int, dpi: int) -> None:
    """The figure size, checked before the analysis, errors naming the command's options."""
    try:
        check_figure_size(width_px, dpi)
    except FigureSizeError as error:
        option = _OPTION_OF_FIELD.get(error.field, error.field)
        raise FigureSizeError(option, error.value, error.reason) from error


def map_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).")],
    out: Annotated[
        Path,
        typer.Option("-o", "--out", help="Output: map.html, or figure.png, .svg or .pdf."),
    ],
    phase: Annotated[
        int | None,
        typer.Option("--phase", help="Phase day of a figure (default: the last phase)."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of a figure.")] = None,
    width_px: Annotated[int, typer.Option("--width-px", help="Figure width, pixels.")] = 2400,
    dpi: Annotated[int, typer.Option("--dpi", help="Figure resolution, dots per inch.")] = 200,
    online_tiles: Annotated[
        bool, typer.Option("--online-tiles", help="Add OpenStreetMap tiles to an HTML map.")
    ] = False,
) -> None:
    """Draw a scenario as an offline HTML map (every phase) or a static figure (one phase)."""
    kind = _format_of(out)
    _check_size(width_px, dpi)
    parsed = load_scenario(scenario)
    days = parsed.phase_days()
    if phase is not None and phase not in days:
        raise UnknownMapPhase("--phase", phase, f"must be one of the phase days {days}")
    day = days[-1] if phase is None else phase
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("starting", total=None)

        def report(step: str) -> None:
            progress.update(task, description=step)

        if kind == _HTML:
            result = analyze(parsed, with_grid=False, progress=report)
            report("drawing the map")
            data = render_html(parsed, result, online_tiles=online_tiles).encode()
        else:
            result = analyze(parsed, phases=[day], with_grid=False, progress=report)
            report(f"drawing the {kind.upper()} figure")
            data = render_figure(
                parsed,
                result,
                day=day,
                fmt=cast(FigureFormat, kind),
                title=title,
                width_px=width_px,
                dpi=dpi,
            )
    out.write_bytes(data)
    console.print(f"wrote {out} ({len(data) / 1e6:.2f} MB)")
