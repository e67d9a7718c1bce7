"""Settings and fixtures shared by every test folder.

Hypothesis runs derandomized everywhere (its examples follow from each test's source, with no
example database), so a failure seen once is seen on every run and on every machine. To
explore new examples, run ``pytest --hypothesis-profile=explore``: a failure there prints a
``@reproduce_failure`` blob to paste on the test.

Geometries the analysis caches on disk go to a folder of the session's
(``UMBRELLA_CACHE_DIR``), never to the user's cache; ``empty_cache`` gives a test a cache
folder of its own.

``browser`` is a headless Debian chromium driven by playwright; it fails (never skips) when
chromium or playwright is missing: the browser tests are part of the suite, and a machine
without them cannot vouch for the maps or the pages.

``dask_scheduler`` is the address of a Dask cluster of its own processes (a scheduler and two
workers on localhost, see ``dask_cluster``), started once for the session when a test asks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_cluster import external_cluster
from hypothesis import settings

from umbrella.coverage import cache
from umbrella.coverage.cache import use_folder

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile("repeatable")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session", autouse=True)
def _geometry_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Cached geometries (border belts) in a folder of this session's."""
    os.environ["UMBRELLA_CACHE_DIR"] = str(tmp_path_factory.mktemp("geometry-cache"))


@pytest.fixture
def empty_cache(tmp_path: Path) -> Iterator[Path]:
    """An empty cache folder of the test's own (``umbrella.coverage.cache``), nothing in memory."""
    use_folder(tmp_path)
    cache._memory.clear()
    yield tmp_path
    use_folder(None)
    cache._memory.clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless chromium (playwright sync ``Browser``) launched from /usr/bin/chromium."""
    if not CHROMIUM.exists():
        pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM} (apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("browser tests need the python package playwright (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """The address of a scheduler with two worker processes on localhost, for the session."""
    with external_cluster(workers=2) as cluster:
        yield cluster.address
