"""How domain exceptions become command-line exit codes."""

from __future__ import annotations

from umbrella.geo.errors import InputError

__all__ = ["EXIT_BAD_INPUT", "EXIT_GOALS_MISSED", "EXIT_OK", "exit_code_for"]

EXIT_OK = 0
EXIT_GOALS_MISSED = 1  # ``umbrella analyze --check``: the analysis ran, a goal was missed
EXIT_BAD_INPUT = 2


def exit_code_for(error: Exception) -> int | None:
    """The exit code for a known domain error, or None for a bug (let it surface)."""
    if isinstance(error, InputError):
        return EXIT_BAD_INPUT
    return None
