"""The ``umbrella`` command line: assembles the sub-commands and maps errors to exit codes."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from umbrella.service.cli import analyze, layers, result, ring, scenario, serve, site
from umbrella.service.cli import map as map_command
from umbrella.service.cli.exit_codes import exit_code_for

__all__ = ["app", "main"]


class _DomainErrorGroup(TyperGroup):
    """A command group that reports known domain errors in one line with their exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click Context type
        try:
            return super().invoke(ctx)
        except Exception as error:
            code = exit_code_for(error)
            if code is None:
                raise
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(code) from None


app = typer.Typer(
    name="umbrella",
    cls=_DomainErrorGroup,
    help="Geodesic coverage analysis of notional scenarios over public layers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("ring")(ring.ring)
app.add_typer(layers.app, name="layers")
app.add_typer(scenario.app, name="scenario")
app.add_typer(result.app, name="result")
app.command("analyze")(analyze.analyze)
app.command("map")(map_command.map_command)
app.command("site")(site.site)
app.command("serve")(serve.serve)


def main() -> None:
    """Entry point of the console script."""
    app()
