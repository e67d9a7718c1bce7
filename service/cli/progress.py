"""A progress bar on standard error for the commands that run an analysis.

The bar is transient: it goes when the work ends, so that what the command prints next (its
summary, or a one-line error) stands alone. It is drawn on a terminal only: written to a file
or a pipe, a bar is noise (and rich would leave a blank line behind).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["amount_bar", "progress_bar"]


@contextmanager
def progress_bar(total_steps: int) -> Iterator[Callable[[str], None]]:
    """A callback that advances a bar of ``total_steps`` and shows the step it starts."""
    columns = (
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    console = Console(stderr=True)
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_interactive
    ) as progress:
        task = progress.add_task("starting", total=total_steps)
        started = False

        def step(name: str) -> None:
            nonlocal started
            progress.update(task, description=name, advance=1 if started else 0)
            started = True

        yield step
        progress.update(task, description="done", completed=total_steps)


@contextmanager
def amount_bar(total: int, unit: str) -> Iterator[Callable[[str, int], None]]:
    """A callback ``(what, done)`` that shows what the work does and advances a bar of
    ``total`` ``unit`` by ``done`` (0 for a step that is not counted)."""
    columns = (
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task("starting", total=total)

        def update(what: str, done: int) -> None:
            progress.update(task, description=what, advance=done)

        yield update
        progress.update(task, description="done", completed=total)
