"""Scenario text: the nesting of JSON is measured before parsing, as deep as the parser sees."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from umbrella.coverage.decoding import MAX_DEPTH, load_document
from umbrella.coverage.errors import ScenarioError

# text with the characters that could fool a scan: brackets, braces, quotes and backslashes
TEXT = st.text(alphabet='[]{}"\\ab\n', max_size=8)
DOCUMENTS = st.recursive(
    st.none() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=30,
)


def _depth(value: Any) -> int:
    """Nesting of a parsed document: 0 for a scalar, 1 for a flat list or object."""
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    return 0


def _nested(depth: int, inner: Any) -> Any:
    for level in range(depth):
        inner = [inner] if level % 2 else {'k[{\\"': inner}
    return inner


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS, st.integers(0, 3))
def test_documents_as_deep_as_allowed_load_and_deeper_ones_are_refused(
    inner: Any, extra: int
) -> None:
    for depth in (MAX_DEPTH - _depth(inner), MAX_DEPTH - _depth(inner) + 1 + extra):
        document = _nested(depth, inner)
        text = json.dumps(document, ensure_ascii=False, indent=extra or None)
        if _depth(document) <= MAX_DEPTH:
            assert load_document(text.encode(), "scenario.json", syntax="json") == document
        else:
            with pytest.raises(ScenarioError, match="nested too deeply"):
                load_document(text.encode(), "scenario.json", syntax="json")
