"""``umbrella layers``: build, list and export the bundled public layers."""

from __future__ import annotations

import typer

app = typer.Typer(help="Build, list and export the bundled public layers.", no_args_is_help=True)
