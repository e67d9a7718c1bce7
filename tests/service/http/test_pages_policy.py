"""Answers safe to open: every page sends a content security policy that allows only its own
scripts, and chromium loads each page without a violation; nosniff and no referrer on every
answer; cross-origin reads on GET routes, none on writes.

Violations are caught as the browser reports them (``securitypolicyviolation`` events, and
console errors); that this catches one is checked too, by serving the map with a policy that
leaves out its scripts' hashes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jobs_helper import POLL_S, POLLS
from live_server import SMALL_SCENARIO, LiveServer

from umbrella.layers import load_layer

WAIT_MS = 120_000
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""
SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture(scope="module")
def stored(live_server: LiveServer) -> dict[str, str]:
    """A stored and analysed scenario, its job, and a feature id to open."""
    posted = httpx.post(f"{live_server.url}/scenarios", json=SMALL_SCENARIO, timeout=60)
    scenario_id = posted.json()["id"]
    job = httpx.post(f"{live_server.url}/scenarios/{scenario_id}/analysis", timeout=60)
    job_path = job.headers["location"]
    for _ in range(POLLS):
        if httpx.get(f"{live_server.url}{job_path}").json()["state"] in ("done", "failed"):
            break
        time.sleep(POLL_S)
    return {
        "id": scenario_id,
        "job": job_path,
        "feature": str(load_layer("energy")["id"].iloc[0]),
        "example": live_server.example_id,
    }


PAGES = [
    "/",
    "/collections?f=html",
    "/collections/energy?f=html",
    "/collections/energy/queryables?f=html",
    "/collections/energy/items?f=html&limit=50",
    "/collections/energy/items/{feature}?f=html",
    "/conformance?f=html",
    "/scenarios?f=html",
    "/scenarios/example?f=html",
    "/scenarios/{id}?f=html",
    "/scenarios/{id}/coverage?f=html",
    "{job}?f=html",
    "/scenarios/{id}/map",
    "/scenarios/{id}/map?phase=30",
    "/scenarios/{example}/map",
    "/docs",
    "/collections/nothing?f=html",
    "/scenarios/{id}/map.svg",
]


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    opened = browser.new_page(viewport={"width": 1280, "height": 800})
    opened.set_default_timeout(WAIT_MS)
    opened.add_init_script(LISTEN)
    errors: list[str] = []
    opened.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened, errors
    opened.close()


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_a_strict_policy_and_loads_without_a_violation(
    live_server: LiveServer, stored: dict[str, str], page: tuple[Any, list[str]], path: str
) -> None:
    opened, errors = page
    answer = opened.goto(f"{live_server.url}{path.format(**stored)}", wait_until="networkidle")
    policy = _directives(answer.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]  # what no other directive allows, nothing may
    assert "'unsafe-eval'" not in str(policy) and "http" not in str(policy)
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    if answer.headers["content-type"].startswith("image/svg+xml"):
        assert "script-src" not in policy  # a figure runs nothing
    else:
        assert answer.headers["content-type"].startswith("text/html")
        scripts = policy["script-src"]
        assert scripts[0] == "'self'"
        body = answer.body().decode()
        expected = {
            "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
            for text in SCRIPT.findall(body)
        }
        assert set(scripts[1:]) == expected  # the page's own inline scripts, and only those
    violations = opened.evaluate("window.__violations || []")
    assert violations == []
    expected_errors = ["404 (Not Found)"] if "nothing" in path else []
    assert [e for e in errors if not any(x in e for x in expected_errors)] == []


def test_the_served_map_switches_phase_under_its_policy(
    live_server: LiveServer, stored: dict[str, str], page: tuple[Any, list[str]]
) -> None:
    opened, errors = page
    opened.goto(f"{live_server.url}/scenarios/{stored['id']}/map", wait_until="networkidle")
    opened.locator("input[name=umbrella-phase][value='30']").check()
    opened.wait_for_function(
        "document.getElementById('umbrella-phase-label').textContent.includes('30')"
    )
    assert opened.locator(".leaflet-overlay-pane path").count() > 0
    assert opened.evaluate("window.__violations") == [] and errors == []


def test_a_violation_would_be_seen(
    live_server: LiveServer, stored: dict[str, str], page: tuple[Any, list[str]]
) -> None:
    """The map served with the policy of a page without inline scripts: both are reported."""
    opened, errors = page
    address = f"{live_server.url}/scenarios/{stored['id']}/map"

    def without_hashes(route: Any) -> None:
        fetched = route.fetch()
        headers = dict(fetched.headers)
        policy = _directives(headers["content-security-policy"])
        policy["script-src"] = ["'self'"]
        headers["content-security-policy"] = "; ".join(
            " ".join([name, *values]) for name, values in policy.items()
        )
        route.fulfill(response=fetched, headers=headers)

    opened.route(address, without_hashes)
    opened.goto(address, wait_until="networkidle")
    assert len(opened.evaluate("window.__violations")) >= 1
    assert any("Content Security Policy" in error for error in errors)


def test_answers_carry_nosniff_and_no_referrer(live_server: LiveServer) -> None:
    for path in ("/", "/collections/energy/items?limit=1", "/nothing", "/openapi.json"):
        answer = httpx.get(f"{live_server.url}{path}")
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"


def test_reads_are_open_to_other_origins_and_writes_are_not(live_server: LiveServer) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    read = httpx.get(f"{live_server.url}/collections/energy/items?limit=1", headers=origin)
    assert read.headers["access-control-allow-origin"] == "*"
    assert "ETag" in read.headers["access-control-expose-headers"]
    preflight = httpx.options(
        f"{live_server.url}/collections/energy/items",
        headers={**origin, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert set(preflight.headers["access-control-allow-methods"].split(", ")) == {"GET", "HEAD"}
    write = httpx.post(f"{live_server.url}/scenarios", json=SMALL_SCENARIO, headers=origin)
    assert write.status_code in (200, 201)
    assert "access-control-allow-origin" not in write.headers
    for method in ("POST", "PUT", "DELETE"):
        refused = httpx.options(
            f"{live_server.url}/scenarios",
            headers={**origin, "Access-Control-Request-Method": method},
        )
        assert "access-control-allow-origin" not in refused.headers, method
