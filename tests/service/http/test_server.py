"""The real server: uvicorn on a loopback port, spoken to over HTTP and by a browser."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
import yaml

from umbrella.layers import LAYERS, load_layer
from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

SCENARIO: dict[str, Any] = {
    "name": "served over HTTP",
    "regions": ["UA-43"],
    "tiers": {"short": {"range_km": 40}},
    "phases": [{"day": 0, "label": "start"}, {"day": 30, "label": "later"}],
    "assets": [{"id": "a1", "tier": "short", "location": "Simferopol, UA"}],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
    "grid_cell_km": 20,
}
LOOPBACK = {"127.0.0.1", "localhost"}


def _loopback_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), max_body_bytes=64 * 1024)
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    sock = _loopback_socket()
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    host, port = sock.getsockname()
    yield f"http://{host}:{port}"
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def scenario_url(base_url: str) -> str:
    response = httpx.post(
        f"{base_url}/scenarios",
        content=yaml.safe_dump(SCENARIO),
        headers={"Content-Type": "application/yaml"},
        timeout=60,
    )
    assert response.status_code == 201
    return f"{base_url}{response.headers['location']}"


def test_layers_and_coverage_over_http(base_url: str, scenario_url: str) -> None:
    with httpx.Client(timeout=60) as client:
        landing = client.get(f"{base_url}/")
        assert landing.status_code == 200
        assert {link["rel"] for link in landing.json()["links"]} >= {"data", "conformance"}
        targets = client.get(f"{scenario_url}/coverage/targets", params={"phase": 30})
        assert targets.status_code == 200
        assert targets.headers["content-type"] == "application/geo+json"
        assert targets.json()["umbrella"]["phase_day"] == 30
        cached = client.get(
            f"{scenario_url}/coverage/targets",
            params={"phase": 30},
            headers={"If-None-Match": targets.headers["etag"]},
        )
        assert cached.status_code == 304
        head = client.head(f"{scenario_url}/coverage/targets", params={"phase": 30})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(targets.content))


def test_limits_and_problems_over_http(base_url: str) -> None:
    with httpx.Client(timeout=60) as client:
        too_big = client.post(
            f"{base_url}/scenarios",
            content=b" " * (64 * 1024 + 1),
            headers={"Content-Type": "application/json"},
        )
        assert too_big.status_code == 413
        assert too_big.json()["field"] == "body"
        bad = client.get(f"{base_url}/collections/cities/items", params={"bbox": "0,0,1,91"})
        assert bad.status_code == 400
        assert bad.headers["content-type"] == "application/problem+json"


_GDAL_READER = """
import json, sys
import pyogrio
source = "OAPIF:" + sys.argv[1]
names = [str(name) for name, _ in pyogrio.list_layers(source)]
frame = pyogrio.read_dataframe(source, layer="energy", bbox=(22.0, 44.0, 40.0, 53.0))
print(json.dumps({"names": names, "ids": frame["id"].tolist(), "crs": frame.crs.to_string()}))
"""


def test_gdal_reads_the_layers_through_its_ogc_api_driver(base_url: str) -> None:
    # GDAL holds the GIL while it waits for HTTP: it runs in its own process, not the server's.
    done = subprocess.run(
        [sys.executable, "-c", _GDAL_READER, base_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    read = json.loads(done.stdout)
    assert read["names"] == list(LAYERS)
    expected = load_layer("energy", bbox=(22.0, 44.0, 40.0, 53.0))
    assert sorted(read["ids"]) == sorted(expected["id"])
    assert read["crs"] == "OGC:CRS84"


def _watch(page: Any) -> tuple[list[str], list[str]]:
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return requested, errors


def _only_loopback(requested: list[str]) -> None:
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts <= LOOPBACK, hosts


def test_map_page_loads_only_from_this_server(browser: Any, scenario_url: str) -> None:
    page = browser.new_page()
    requested, errors = _watch(page)
    response = page.goto(f"{scenario_url}/map", wait_until="networkidle", timeout=60_000)
    assert response is not None and response.ok
    assert page.locator(".leaflet-container").count() >= 1
    page.close()
    assert any("/assets/leaflet/leaflet.js" in url for url in requested)
    _only_loopback(requested)
    assert errors == []


def test_layer_page_maps_the_features(browser: Any, base_url: str) -> None:
    page = browser.new_page()
    requested, errors = _watch(page)
    url = f"{base_url}/collections/energy/items?f=html&country_iso3=UKR&limit=25"
    page.goto(url, wait_until="networkidle", timeout=60_000)
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('features shown')",
        timeout=30_000,
    )
    in_ukraine = int((load_layer("energy")["country_iso3"] == "UKR").sum())
    assert page.text_content("#status") == f"25 of {in_ukraine} features shown"
    assert page.locator("path.leaflet-interactive").count() == 25
    page.locator("path.leaflet-interactive").first.click()
    assert page.locator(".leaflet-popup-content table").count() == 1
    page.close()
    _only_loopback(requested)
    assert errors == []


def test_umbrella_serve_command(tmp_path: Path) -> None:
    sock = _loopback_socket()
    port = sock.getsockname()[1]
    sock.close()
    umbrella = str(Path(sys.executable).parent / "umbrella")
    process = subprocess.Popen(
        [umbrella, "serve", "--port", str(port), "--data-dir", str(tmp_path / "data")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answer = None
        for _ in range(300):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/conformance", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 200
        assert (tmp_path / "data" / "umbrella.sqlite3").exists()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()  # never leave a server behind
            process.wait()
            raise
    assert process.returncode == 0
