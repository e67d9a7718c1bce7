"""The ``umbrella`` command line: assembles the sub-commands and maps errors to exit codes."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from umbrella.service.cli import analyze, keys, layers, result, ring, scenario, serve, site, sweep
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
    rich_markup_mode=None,  # plain help: typer's rich help formatting costs 0.3 s at each start
)
app.command("ring")(ring.ring)
app.add_typer(layers.app, name="layers")
app.add_typer(scenario.app, name="scenario")
app.add_typer(result.app, name="result")
app.command("analyze")(analyze.analyze)
app.command("map")(map_command.map_command)
app.command("site")(site.site)
app.command("sweep")(sweep.sweep)
app.command("serve")(serve.serve)
app.add_typer(keys.app, name="keys")


# Collections of the youngest generation start after this many new objects instead of 700:
# a command builds many long-lived objects (models, geometries, tables) in a short life.
_GC_THRESHOLD = 50_000
# What suits a long-lived process costs a short one: idle OpenBLAS threads spin (the products
# here are small), and fresh huge pages (numpy's and Arrow's mimalloc) are zeroed whole: with
# the defaults, a cold analysis of the example spent 0.25 to 1.17 s in the kernel, with these
# 0.23 to 0.29 s (benchmarks/README.md, bench_cli.py).
_SHORT_RUN_ENVIRONMENT = {
    "OPENBLAS_NUM_THREADS": "1",
    "NUMPY_MADVISE_HUGEPAGE": "0",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}


def main() -> None:
    """Entry point of the console script: run the command, flush, leave without teardown.

    Freeing every object and module at exit costs more than small commands themselves, and
    nothing is left to save once the output is flushed and the files are closed.
    """
    gc.set_threshold(_GC_THRESHOLD)
    for name, value in _SHORT_RUN_ENVIRONMENT.items():
        os.environ.setdefault(name, value)  # before numpy and pyarrow load; a user's choice wins
    try:
        app()
        code = 0
    except SystemExit as done:
        code = _exit_code(done.code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (``umbrella ... | head``)
        code = code or 1
    os._exit(code)


def _exit_code(code: object) -> int:
    """The process exit code of ``sys.exit(code)``: a message is printed and gives 1."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1
