"""A live server for the tests that speak real HTTP: uvicorn on a loopback port, in a thread.

``serving(settings)`` runs the app of the settings until the block ends; the server records
the path and query of every request it answers (``requests``), so that tests can count what a
client asked for. ``conftest.live_server`` gives one per test module. ``SMALL_SCENARIO`` is a
scenario that analyses in a second (one asset over Crimea, two phases).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

SMALL_SCENARIO: dict[str, Any] = {
    "name": "served over HTTP",
    "regions": ["UA-43"],
    "tiers": {"short": {"range_km": 40}},
    "phases": [{"day": 0, "label": "start"}, {"day": 30, "label": "later"}],
    "assets": [{"id": "a1", "tier": "short", "location": "Simferopol, UA"}],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
    "grid_cell_km": 20,
}


@dataclass
class LiveServer:
    """A running server: its base URL, its app, and the requests it has answered."""

    url: str
    app: FastAPI
    requests: list[str] = field(default_factory=list)

    @property
    def example_id(self) -> str:
        """The id of the example scenario the app stored when it started."""
        found: str = self.app.state.services.example_id
        return found


def loopback_socket() -> socket.socket:
    """A TCP socket bound to a free port of 127.0.0.1."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serving(settings: Settings) -> Iterator[LiveServer]:
    """The app of the settings served on a loopback port while the block runs."""
    app = create_app(settings)
    sock = loopback_socket()
    host, port = sock.getsockname()
    server_state = LiveServer(f"http://{host}:{port}", app)

    async def recorded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope["query_string"].decode()
            server_state.requests.append(scope["path"] + (f"?{query}" if query else ""))
        await app(scope, receive, send)

    config = uvicorn.Config(recorded, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield server_state
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()
    assert not thread.is_alive()
