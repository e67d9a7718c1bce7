"""Scenario text: the nesting of JSON is measured before parsing, as deep as the parser sees;
the bounds at their edges: 64 levels of nesting (brackets inside strings and escaped quotes do
not count), 100 YAML aliases, a million values, no NaN in JSON; errors name the source and say
where the text is wrong."""

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


LEVELS, ALIASES, VALUES = 64, 100, 1_000_000  # written here, as the README states them


def _nested_json(depth: int, inside: str = "1") -> str:
    opening = "".join("[" if k % 2 else '{"k":' for k in range(depth))
    closing = "".join("]" if k % 2 else "}" for k in reversed(range(depth)))
    return opening + inside + closing


def _refusal(text: str, syntax: str) -> str:
    with pytest.raises(ScenarioError) as raised:
        load_document(text, "body", syntax=syntax)  # type: ignore[arg-type]
    (problem,) = raised.value.problems
    assert problem.field == "body"
    return problem.reason


@pytest.mark.parametrize(
    "inside",
    ["1", '"[[[{{{"', '"a \\" [[[ {{{ \\\\"', '"\\\\\\\\"'],  # brackets in strings, escapes
)
def test_json_of_64_levels_is_read_and_of_65_refused(inside: str) -> None:
    document = _nested_json(LEVELS, inside)
    assert load_document(document, "body", syntax="json") == json.loads(document)
    assert "nested too deeply" in _refusal(_nested_json(LEVELS + 1, inside), "json")


def test_an_escaped_quote_does_not_end_a_string_but_an_escaped_backslash_does() -> None:
    # "\\" ends after the two backslashes: the brackets after it count
    deep = '{"a": "\\\\", "b": ' + _nested_json(LEVELS) + "}"
    assert "nested too deeply" in _refusal(deep, "json")
    # "\"[" and "\\\"[" keep the bracket inside the string: 64 levels in all
    for string in ('"\\"["', '"\\\\\\"["'):
        shallow = '{"a": ' + string + ', "b": ' + _nested_json(LEVELS - 1) + "}"
        assert load_document(shallow, "body", syntax="json") == json.loads(shallow)
        deep = '{"a": ' + string + ', "b": ' + _nested_json(LEVELS) + "}"
        assert "nested too deeply" in _refusal(deep, "json")


def test_closed_collections_do_not_count_towards_the_depth() -> None:
    siblings = "[" + ", ".join(["[]"] * 100)
    assert load_document(siblings + "]", "body") == [[]] * 100
    deep = siblings + ", " + _nested_json(LEVELS) + "]"  # 65 levels
    assert "nested too deeply" in _refusal(deep, "yaml")


@pytest.mark.parametrize(("extra", "refused"), [("", False), ("z: [1]\n", True)])
def test_a_million_values_are_read_and_one_more_refused(extra: str, refused: bool) -> None:
    """Values: every mapping, key, list and scalar, aliases expanded. {a: 9,899 ones, b: 100
    aliases of a, 48 (or 47 and a list) more keys} holds 1,000,000 (or 1,000,001)."""
    pairs = 48 if not extra else 47
    text = "a: &a [" + ", ".join(["1"] * 9_899) + "]\nb: [" + ", ".join(["*a"] * 100) + "]\n"
    text += "".join(f"k{i}: {i}\n" for i in range(pairs)) + extra
    count = 1 + 2 + (1 + 9_899) + (1 + 100 * (1 + 9_899)) + 2 * pairs + (3 if extra else 0)
    assert count == VALUES + refused
    if refused:
        assert f"more than {VALUES} values" in _refusal(text, "yaml")
    else:
        assert len(load_document(text, "body")) == 2 + pairs  # type: ignore[arg-type]


def test_yaml_of_64_levels_is_read_and_of_65_refused() -> None:
    assert load_document(_nested_json(LEVELS), "body") == json.loads(_nested_json(LEVELS))
    assert "nested too deeply" in _refusal(_nested_json(LEVELS + 1), "yaml")


def test_100_yaml_aliases_are_read_and_101_refused() -> None:
    def document(n: int) -> str:
        return "a: &x [1, 2]\nb: [" + ", ".join(["*x"] * n) + "]\n"

    assert load_document(document(ALIASES), "body") == {"a": [1, 2], "b": [[1, 2]] * ALIASES}
    assert f"at most {ALIASES} YAML aliases" in _refusal(document(ALIASES + 1), "yaml")


def test_aliases_expanding_past_a_million_values_are_refused() -> None:
    # 10 aliases of a list of 10 aliases of a list of 10,000 ones: 1,000,000 ones and more
    text = "a: &a [" + ", ".join(["1"] * 10_000) + "]\nb: &b [" + ", ".join(["*a"] * 10) + "]\n"
    text += "c: [" + ", ".join(["*b"] * 10) + "]\n"
    assert f"more than {VALUES} values" in _refusal(text, "yaml")
    # 8 of them: 800,000 ones in c, 100,000 in b, 10,000 in a, and their lists and keys
    smaller = text.replace("c: [" + ", ".join(["*b"] * 10), "c: [" + ", ".join(["*b"] * 8))
    assert len(load_document(smaller, "body")["c"]) == 8  # type: ignore[index]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_without_nan_or_infinity(constant: str) -> None:
    assert f"holds {constant}, which JSON does not allow" in _refusal(
        f'{{"a": {constant}}}', "json"
    )


def test_syntax_errors_say_where_and_what() -> None:
    reason = _refusal("a: [1, 2\nb: 3\n", "yaml")
    assert reason.startswith("is not valid YAML or JSON at line ")
    assert "expected ',' or ']'" in reason
    reason = _refusal('{"a": 1,}', "json")
    expected = "Expecting property name enclosed in double quotes"
    assert reason == f"is not valid JSON at line 1, column 9: {expected}"
    assert _refusal(b"\xff\xfe", "json") == "is not UTF-8 text"
