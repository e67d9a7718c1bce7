"""``umbrella map``: an interactive HTML map or a static figure of a scenario."""

from __future__ import annotations


def map_command() -> None:
    """Draw a scenario as an offline HTML map or a static figure (not yet implemented)."""
    raise NotImplementedError
