"""Paging of long lists (features of a layer, published scenarios): what a page shows and links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Paging"]


@dataclass(frozen=True)
class Paging:
    """One page of ``matched`` items: items ``first`` to ``last`` (1-based), and its links.

    ``href(offset)`` is the URL of the page that starts at ``offset``; links to pages that do
    not exist are None. ``last`` is ``first - 1`` for an empty page.
    """

    offset: int
    limit: int
    matched: int
    returned: int
    href: Callable[[int], str]

    @property
    def first(self) -> int:
        """The 1-based position of the page's first item."""
        return self.offset + 1

    @property
    def last(self) -> int:
        """The 1-based position of the page's last item."""
        return self.offset + self.returned

    @property
    def page(self) -> int:
        """The page's number (1-based), counting pages of ``limit`` items."""
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        """How many pages of ``limit`` items hold every item (at least one)."""
        return max(1, -(-self.matched // self.limit))

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, if any item follows this page."""
        following = self.offset + self.limit
        return following if following < self.matched else None

    @property
    def prev_offset(self) -> int | None:
        """Where the previous page starts (it ends where this page starts, or at the last
        item), if this is not the first page."""
        return max(0, min(self.offset, self.matched) - self.limit) if self.offset > 0 else None

    @property
    def next_href(self) -> str | None:
        """The next page, if any."""
        return None if self.next_offset is None else self.href(self.next_offset)

    @property
    def prev_href(self) -> str | None:
        """The previous page, if any."""
        return None if self.prev_offset is None else self.href(self.prev_offset)

    @property
    def first_href(self) -> str:
        """The first page."""
        return self.href(0)

    @property
    def last_href(self) -> str:
        """The last page."""
        return self.href((self.pages - 1) * self.limit)
