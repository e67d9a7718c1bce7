"""Fixtures of the HTTP tests: a live server per test module (see ``live_server.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from live_server import LiveServer, serving

from umbrella.service.http.settings import Settings


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The service over a fresh data folder, on a loopback port, for one test module."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), max_body_bytes=64 * 1024)
    with serving(settings) as server:
        yield server
