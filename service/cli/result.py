"""``umbrella result``: the analysis result's formats."""

from __future__ import annotations

import json

import typer

__all__ = ["app"]

app = typer.Typer(
    help="The analysis result's formats.", no_args_is_help=True, rich_markup_mode=None
)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of summary.json: each field with its description and unit."""
    from umbrella.coverage.summary_schema import summary_schema

    typer.echo(json.dumps(summary_schema(), indent=2, ensure_ascii=False))
