"""``umbrella layers``: build, list and export the bundled public layers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from umbrella.layers.catalogue import DEFAULT_WORLDVIEW

__all__ = ["app", "build", "export", "list_command"]

app = typer.Typer(
    help="Build, list and export the bundled public layers.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("build")
def build(
    source: Annotated[
        Path, typer.Option("--from", help="Folder of the raw data (naturalearth/, powerplants/).")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: the package's data).")
    ] = None,
) -> None:
    """Turn the raw public data into the compact GeoParquet files the package ships."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from umbrella.layers.build import BUILD_STEPS, build_layers
    from umbrella.layers.catalogue import data_dir

    target = out or data_dir()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("building layers", total=BUILD_STEPS)

        def advance(step: str) -> None:
            progress.update(task, advance=1, description=f"built {step}")

        result = build_layers(source, target, advance)
    total = sum(path.stat().st_size for path in result.files) / 1e6
    typer.echo(f"wrote {len(result.files)} files ({total:.1f} MB) to {target}")


@app.command("list")
def list_command(
    worldview: Annotated[str, typer.Option(help="un or de_facto")] = DEFAULT_WORLDVIEW,
) -> None:
    """Print the catalogue: name, geometry type, feature count, source and licence."""
    from rich.console import Console
    from rich.table import Table

    from umbrella.layers.loading import list_layers

    table = Table("name", "geometry", "count", "source", "licence")
    for info in list_layers(worldview):
        spec = info.spec
        table.add_row(spec.name, spec.geometry_type, f"{info.count:,}", spec.source, spec.licence)
    Console(width=200).print(table)


@app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="Layer name (see `umbrella layers list`).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File: .geojson, .json, .gpkg or .parquet.")
    ],
    region: Annotated[
        str | None, typer.Option(help="ISO3 country (UKR) or ISO 3166-2 region (UA-43).")
    ] = None,
    bbox: Annotated[str | None, typer.Option(help="minlon,minlat,maxlon,maxlat")] = None,
    worldview: Annotated[str, typer.Option(help="un or de_facto")] = DEFAULT_WORLDVIEW,
) -> None:
    """Write a layer, optionally filtered, to a file whose suffix names the format."""
    from umbrella.layers.bbox import parse_bbox
    from umbrella.layers.export import export_format, write_export
    from umbrella.layers.loading import load_layer
    from umbrella.service.cli.output_file import check_output_file

    export_format(output)
    check_output_file(output, "--output")
    box = parse_bbox(bbox) if bbox is not None else None
    frame = load_layer(name, region=region, bbox=box, worldview=worldview)
    write_export(frame, output, name)
    typer.echo(f"wrote {len(frame)} features of {name} to {output}")
