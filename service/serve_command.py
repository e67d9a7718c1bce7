"""``umbrella serve``: run the HTTP service."""

from __future__ import annotations


def serve() -> None:
    """Run the HTTP service (not yet implemented)."""
    raise NotImplementedError
