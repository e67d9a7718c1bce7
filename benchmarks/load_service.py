"""Load test of the HTTP service: concurrent clients against a cached coverage GeoJSON.

Starts ``umbrella serve`` itself on a free loopback port with its data in a temporary folder,
stores the example scenario, computes its coverage once (the warm-up), then runs ``--clients``
threads, each with its own keep-alive httpx client, that GET the same cached output until
``--duration`` seconds have passed or ``--max-requests`` were sent. Prints requests per second,
latency percentiles and the number of errors (any answer but 200, or a transport error), then
stops the server. Everything stays on 127.0.0.1; nothing here asserts a time.

Run: ``.venv/bin/python benchmarks/load_service.py [--clients 32] [--duration 30]``.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

LOOPBACK = "127.0.0.1"


@dataclass
class Tally:
    """What the clients saw: a latency per successful request, and the errors."""

    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    """A port that is free on the loopback interface now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def start_server(port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    """``umbrella serve`` on the loopback port, without access logs."""
    umbrella = Path(sys.executable).parent / "umbrella"
    environment = {**os.environ, "UMBRELLA_LOG_LEVEL": "warning"}
    command = [str(umbrella), "serve", "--host", LOOPBACK, "--port", str(port)]
    return subprocess.Popen([*command, "--data-dir", str(data_dir)], env=environment)


def wait_until_up(base_url: str, timeout_s: float) -> None:
    """Poll the landing page until it answers (at most timeout_s)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/conformance", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer within {timeout_s} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server (SIGINT, then SIGKILL after 60 s: never leave one behind)."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise


def warm_up(base_url: str, output: str, phase: int) -> str:
    """Store the example scenario and compute the output once; its URL."""
    with httpx.Client(base_url=base_url, timeout=300) as client:
        example = client.get("/scenarios/example").json()
        location = client.post("/scenarios", json=example).headers["location"]
        target = f"{base_url}{location}/coverage/{output}?phase={phase}"
        started = time.perf_counter()
        response = client.get(target)
        response.raise_for_status()
        print(
            f"warm-up: first GET (analysis) {time.perf_counter() - started:.1f} s, "
            f"{len(response.content):,} bytes"
        )
    return target


def run_client(url: str, deadline: float, budget: threading.Semaphore, tally: Tally) -> None:
    """GET url until the deadline or until the shared request budget is spent."""
    latencies: list[float] = []
    errors = 0
    with httpx.Client(timeout=30) as client:
        while time.monotonic() < deadline and budget.acquire(blocking=False):
            started = time.perf_counter()
            try:
                ok = client.get(url).status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
    with tally.lock:
        tally.latencies_s += latencies
        tally.errors += errors


def load(url: str, clients: int, duration_s: float, max_requests: int) -> tuple[Tally, float]:
    """Run the clients; the tally and the wall time they took."""
    tally = Tally()
    budget = threading.Semaphore(max_requests)
    started = time.monotonic()
    deadline = started + duration_s
    threads = [
        threading.Thread(target=run_client, args=(url, deadline, budget, tally))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def report(tally: Tally, wall_s: float, clients: int) -> None:
    """Print throughput, latency percentiles and errors."""
    done = len(tally.latencies_s)
    print(f"clients: {clients}, wall time: {wall_s:.1f} s, requests: {done + tally.errors:,}")
    print(f"requests per second: {done / wall_s:,.0f}")
    if done:
        p50, p95, p99 = np.percentile(np.array(tally.latencies_s) * 1000, [50, 95, 99])
        print(f"latency ms: p50 {p50:.1f}, p95 {p95:.1f}, p99 {p99:.1f}")
    print(f"errors: {tally.errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (30)")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="request cap")
    parser.add_argument("--output", default="targets", help="coverage output (targets)")
    parser.add_argument("--phase", type=int, default=0, help="phase day (0)")
    parser.add_argument("--startup-timeout", type=float, default=120.0, help="seconds")
    args = parser.parse_args()
    port = free_port()
    base_url = f"http://{LOOPBACK}:{port}"
    with tempfile.TemporaryDirectory(prefix="umbrella-load-") as folder:
        server = start_server(port, Path(folder) / "data")
        try:
            wait_until_up(base_url, args.startup_timeout)
            url = warm_up(base_url, args.output, args.phase)
            print(f"load: GET {url}")
            tally, wall_s = load(url, args.clients, args.duration, args.max_requests)
            report(tally, wall_s, args.clients)
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
