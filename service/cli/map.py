"""``umbrella map``: an interactive HTML map or a static figure of a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from umbrella.maps.errors import FigureSizeError, MapInputError, UnknownFormat, UnknownMapPhase
from umbrella.maps.figure.size import (
    DEFAULT_DPI,
    DEFAULT_WIDTH_PX,
    FIGURE_FORMATS,
    PRESETS,
    FigureFormat,
    FigureSize,
    figure_size,
)
from umbrella.service.cli.output_file import check_output_file

if TYPE_CHECKING:
    from umbrella.coverage.scenario import Scenario

__all__ = ["format_of", "map_command"]

_HTML = "html"
_OPTION_OF_FIELD = {
    "width_px": "--width-px",
    "width_mm": "--width-mm",
    "preset": "--preset",
    "dpi": "--dpi",
}


def format_of(out: Path, option: str = "--out") -> str:
    """The map format named by the suffix of ``out`` (UnknownFormat naming ``option``)."""
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in (_HTML, *FIGURE_FORMATS):
        known = ", ".join(f".{name}" for name in (_HTML, *FIGURE_FORMATS))
        raise UnknownFormat(option, str(out), f"must end in one of {known}")
    return suffix


def _size(
    kind: str, width_px: int | None, width_mm: float | None, preset: str | None, dpi: int | None
) -> FigureSize | None:
    """The figure's size (None for an HTML map), checked before the analysis; errors name
    the command's options."""
    given = {"width_px": width_px, "width_mm": width_mm, "preset": preset, "dpi": dpi}
    if kind == _HTML:
        for field, value in given.items():
            if value is not None:
                reason = "applies to figures (.png, .svg, .pdf) only"
                raise MapInputError(_OPTION_OF_FIELD[field], value, reason)
        return None
    try:
        return figure_size(
            width_px=width_px, width_mm=width_mm, preset=preset, dpi=dpi, raster=kind == "png"
        )
    except FigureSizeError as error:
        reason = error.reason
        for field, option in _OPTION_OF_FIELD.items():
            reason = reason.replace(field, option)
        raise FigureSizeError(_OPTION_OF_FIELD[error.field], error.value, reason) from error


def _check_figure_content(kind: str, scenario: Scenario, band: str | None, scorecard: bool) -> None:
    """The air picture and the scorecard are options of figures; the band must be named."""
    if kind == _HTML and (band is not None or scorecard):
        option, value = ("--air-picture", band) if band is not None else ("--scorecard", True)
        raise MapInputError(option, value, "applies to figures (.png, .svg, .pdf) only")
    if band is not None:
        from umbrella.maps.figure.air import check_band

        check_band(scenario, band, "--air-picture")


def map_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML or JSON).")],
    out: Annotated[
        Path,
        typer.Option("-o", "--out", help="Output: map.html, or figure.png, .svg or .pdf."),
    ],
    phase: Annotated[
        int | None,
        typer.Option(
            "--phase",
            help="Phase day: a figure's (default: the first phase); an HTML map shows only it"
            " (default: every phase).",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title (default: the scenario's name).")
    ] = None,
    width_px: Annotated[
        int | None,
        typer.Option(
            "--width-px", help=f"Figure width for screens, pixels (default {DEFAULT_WIDTH_PX})."
        ),
    ] = None,
    width_mm: Annotated[
        float | None,
        typer.Option("--width-mm", help="Figure width for print, millimetres (60 to 1000)."),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help="A named width: single-column (85 mm), double-column (180 mm), slide (1920 px).",
            metavar="|".join(PRESETS),
        ),
    ] = None,
    dpi: Annotated[
        int | None,
        typer.Option(
            "--dpi",
            help=f"PNG resolution, dots per inch (default {DEFAULT_DPI}; 300 for print widths).",
        ),
    ] = None,
    online_tiles: Annotated[
        bool, typer.Option("--online-tiles", help="Add OpenStreetMap tiles to an HTML map.")
    ] = False,
    air_picture: Annotated[
        str | None,
        typer.Option(
            "--air-picture",
            help="A figure shades this altitude band's air picture instead of depth.",
            metavar="BAND",
        ),
    ] = None,
    scorecard: Annotated[
        bool,
        typer.Option("--scorecard", help="A figure lists the phase's goals under its key."),
    ] = False,
) -> None:
    """Draw a scenario as an offline HTML map (every phase) or a static figure (one phase)."""
    from rich.console import Console

    from umbrella.coverage.scenario import load_scenario
    from umbrella.service.cli.progress import progress_bar

    kind = format_of(out)
    check_output_file(out, "--out")
    size = _size(kind, width_px, width_mm, preset, dpi)
    parsed = load_scenario(scenario)
    _check_figure_content(kind, parsed, air_picture, scorecard)
    days = parsed.phase_days()
    if phase is not None and phase not in days:
        raise UnknownMapPhase("--phase", phase, f"must be one of the phase days {days}")
    if kind == _HTML:
        chosen = None if phase is None else [phase]  # every phase unless one is asked for
    else:
        chosen = [days[0] if phase is None else phase]  # a figure shows one phase
    # The analysis stack, and the map stack the format needs, load only now.
    from umbrella.coverage.analysis import analyze, step_count

    with progress_bar(step_count(parsed, chosen) + 1) as report:
        result = analyze(parsed, phases=chosen, with_grid=False, progress=report)
        if kind == _HTML:
            from umbrella.maps.interactive import render_html

            report("drawing the map")
            data = render_html(parsed, result, online_tiles=online_tiles, title=title).encode()
        else:
            from umbrella.maps.static import render_figure

            day = result.phases[0].summary.day
            report(f"drawing the {kind.upper()} figure")
            data = render_figure(
                parsed,
                result,
                day=day,
                fmt=cast(FigureFormat, kind),
                title=title,
                size=size,
                band=air_picture,
                scorecard=scorecard,
            )
    out.write_bytes(data)
    Console(stderr=True).print(f"wrote {out} ({len(data) / 1e6:.2f} MB)")
