"""Which clients get a page: browsers' Accept headers do, programs' do not."""

from __future__ import annotations

import pytest

from umbrella.service.http.negotiation import accepts_html

CHROMIUM = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (CHROMIUM, True),
        (FIREFOX, True),
        ("text/html", True),
        ("TEXT/HTML; q=0.5", True),
        ("application/json, text/html;q=0.9", False),
        ("text/html;q=0.5, application/geo+json", False),
        ("application/geo+json, application/json", False),  # GDAL
        ("*/*", False),  # curl, httpx, requests
        ("", False),
        ("text/html;q=0", False),
        ("text/html;q=abc", False),
        ("application/json;q=0.5, text/html;q=0.5", True),
    ],
)
def test_accepts_html(accept: str, html: bool) -> None:
    assert accepts_html(accept) is html
