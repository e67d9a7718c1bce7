"""``umbrella scenario``: the scenario's JSON Schema and the bundled example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(
    help="The scenario format: its schema and a complete example.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("schema")
def schema() -> None:
    """Print the scenario's JSON Schema."""
    from umbrella.coverage.scenario import Scenario

    typer.echo(json.dumps(Scenario.model_json_schema(), indent=2))


@app.command("example")
def example(
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write to this .yaml or .json file.")
    ] = None,
) -> None:
    """Write the notional example scenario for Ukraine (YAML, or JSON for a .json file)."""
    import yaml

    from umbrella.coverage.example import example_document

    document = example_document()
    if out is not None and out.suffix.lower() == ".json":
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
