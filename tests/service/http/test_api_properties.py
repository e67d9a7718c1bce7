"""Property-based API test: schemathesis sends requests built from the app's own OpenAPI.

Every operation gets up to ``EXAMPLES`` generated requests (paths, queries and scenario bodies,
valid and not). No answer may be a 5xx, contradict what the document declares (status codes,
media types, headers, response schemas), or take longer than 10 s (schemathesis's
``max_response_time`` default). The cases are derandomized (the suite's hypothesis profile,
under ``CI=true`` as anywhere), so a run can be repeated exactly; ``--hypothesis-profile=explore``
draws new ones. Analyses are bounded here as the service bounds them (``analysis_seconds``), so
a generated scenario too heavy to analyse is a problem document, not a slow answer.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import max_response_time, not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from umbrella.service.http.app import create_app
from umbrella.service.http.settings import Settings

EXAMPLES = 25  # per operation: a few hundred cases in all
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    max_response_time,
]


DATA = Path(tempfile.mkdtemp(prefix="umbrella-api-properties-"))
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(data_dir=DATA, analysis_seconds=5.0))
)


@pytest.fixture(scope="module", autouse=True)
def _remove_the_data_folder() -> Iterator[None]:
    yield
    shutil.rmtree(DATA, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_get_documented_answers_in_time(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
