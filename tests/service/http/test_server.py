"""The real server: uvicorn on a loopback port, spoken to over HTTP and by a browser."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml
from live_server import SMALL_SCENARIO, LiveServer, loopback_socket

from umbrella.layers import LAYERS, load_layer

LOOPBACK = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="module")
def scenario_url(base_url: str) -> str:
    response = httpx.post(
        f"{base_url}/scenarios",
        content=yaml.safe_dump(SMALL_SCENARIO),
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


def test_umbrella_serve_command(tmp_path: Path) -> None:
    sock = loopback_socket()
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
