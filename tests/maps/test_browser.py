"""The offline map page in headless chromium: no request leaves, layers toggle, popups, phases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pytest
from pyproj import Geod

from umbrella.coverage.result import AnalysisResult, TargetCoverage
from umbrella.coverage.scenario import Scenario

OVERLAY_PATHS = ".leaflet-overlay-pane path"
WAIT_MS = 5_000


@dataclass
class Recorder:
    """Every request and every console error of a page."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        """Requests to anything but file:, data: or a loopback host."""
        return [url for url in self.requests if not _local(url)]


def _local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    host = parsed.hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def opened(browser: Any, small_html_path: Path) -> Iterator[tuple[Any, Recorder]]:
    """The small map page, opened from its file, with a recorder attached before loading."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(WAIT_MS)
    recorder = Recorder()
    page.on("request", lambda request: recorder.requests.append(request.url))
    page.on(
        "console",
        lambda message: recorder.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: recorder.errors.append(str(error)))
    page.goto(small_html_path.as_uri())
    page.wait_for_selector(OVERLAY_PATHS, state="attached")
    yield page, recorder
    page.close()


def _overlay(page: Any, name: str) -> Any:
    return page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input")


def _choose_phase(page: Any, day: int) -> None:
    page.locator(f"input[name=umbrella-phase][value='{day}']").check()
    page.wait_for_function(f"document.body.dataset.phase === '{day}'")


def test_the_page_requests_nothing_outside_and_logs_no_error(opened: tuple[Any, Recorder]) -> None:
    page, recorder = opened
    _overlay(page, "Footprints").check()
    _overlay(page, "Energy nodes").check()
    _choose_phase(page, 30)
    page.wait_for_timeout(300)
    assert recorder.requests, "the recorder saw no request at all"
    assert recorder.external_requests() == []
    assert recorder.errors == []


def test_turning_a_layer_off_and_on_changes_the_paths(
    opened: tuple[Any, Recorder], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    footprints = len(small[1].phases[0].footprints)
    before = page.locator(OVERLAY_PATHS).count()
    _overlay(page, "Footprints").check()
    assert page.locator(OVERLAY_PATHS).count() == before + footprints
    _overlay(page, "Footprints").uncheck()
    assert page.locator(OVERLAY_PATHS).count() == before
    depth = sum(
        1 for area in small[1].phases[0].depth if area.depth > 0 and not area.geometry.is_empty
    )
    _overlay(page, "Depth").uncheck()
    assert page.locator(OVERLAY_PATHS).count() == before - depth
    _overlay(page, "Depth").check()
    assert page.locator(OVERLAY_PATHS).count() == before


def _isolated_energy_target(targets: tuple[TargetCoverage, ...]) -> TargetCoverage:
    """The covered energy node farthest from every other target (easy to click)."""
    geod = Geod(ellps="WGS84")
    lon = np.array([t.geometry.x for t in targets])
    lat = np.array([t.geometry.y for t in targets])
    best, best_gap = None, -1.0
    for i, target in enumerate(targets):
        if target.kind != "energy" or not target.asset_ids:
            continue
        others = np.arange(len(targets)) != i
        _, _, distance = geod.inv(
            np.full(others.sum(), lon[i]), np.full(others.sum(), lat[i]), lon[others], lat[others]
        )
        if distance.min() > best_gap:
            best, best_gap = target, float(distance.min())
    assert best is not None
    return best


def test_clicking_an_energy_node_shows_its_covering_assets(
    opened: tuple[Any, Recorder], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    _choose_phase(page, 30)
    target = _isolated_energy_target(small[1].phase(30).targets)
    page.locator(f'[data-id="{target.id}"]').click()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert target.name in popup
    for asset in target.asset_ids:
        assert asset in popup
    assert ("Meets its requirement" in popup) is target.meets_requirement


def test_switching_phase_changes_what_is_drawn(
    opened: tuple[Any, Recorder], small: tuple[Scenario, AnalysisResult]
) -> None:
    page, _ = opened
    first, later = small[1].phases
    assert len(first.violations) == 0 and len(later.violations) == 1
    assert page.locator(".umbrella-cross").count() == 0
    paths_first = page.locator(OVERLAY_PATHS).count()
    _choose_phase(page, 30)
    assert page.locator(".umbrella-cross").count() == 1
    assert page.locator(OVERLAY_PATHS).count() != paths_first
    assert "later" in page.locator("#umbrella-phase-label").inner_text()
    _choose_phase(page, 0)
    assert page.locator(".umbrella-cross").count() == 0
    assert page.locator(OVERLAY_PATHS).count() == paths_first


def test_the_no_go_zone_is_hatched_and_labelled(opened: tuple[Any, Recorder]) -> None:
    page, _ = opened
    zone = page.locator('path[data-id="zone-north"]')
    assert "umbrella-hatched" in (zone.get_attribute("class") or "")
    fill = zone.evaluate("element => getComputedStyle(element).fill")
    assert "umbrella-hatch" in fill
    assert page.locator(".umbrella-label", has_text="test zone").is_visible()
