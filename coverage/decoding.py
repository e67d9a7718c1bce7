"""Scenario text decoded safely: JSON by the JSON parser, YAML by libyaml, both bounded.

Nesting is refused before any value is built: deeper than ``MAX_DEPTH`` lists and mappings
(no scenario needs more than a dozen) could hold a parser for minutes or exhaust the stack. JSON
is checked by a byte scan of its brackets outside strings, YAML on libyaml's event stream, which
stops at the first level too deep. YAML aliases (``*name``) let a few hundred bytes stand for
billions of values (a "billion laughs"); the scenario's free-form GeoJSON members would carry
them through validation to the hash and the analysis. A YAML document may use at most
``MAX_ALIASES`` aliases and expand to at most ``MAX_VALUES`` values. JSON's non-standard
``NaN`` and ``Infinity`` are refused.
"""

from __future__ import annotations

import json
from typing import Any, Final, Literal

import yaml

from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_VALUES", "Syntax", "load_document"]

Syntax = Literal["json", "yaml"]
MAX_DEPTH: Final = 64
MAX_ALIASES: Final = 100
MAX_VALUES: Final = 1_000_000
_UNREADABLE: Final = "holds a value that cannot be read (an integer of over 4300 digits?)"
_TOO_DEEP: Final = f"is nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)"
# libyaml when it is there (PyYAML's wheels bundle it); the pure-Python loader otherwise.
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _error(source: str, reason: str) -> ScenarioError:
    return ScenarioError([FieldProblem(source, NO_VALUE, reason)])


def load_document(text: str | bytes, source: str, *, syntax: Syntax = "yaml") -> object:
    """The data of a JSON or YAML document; a ScenarioError names ``source`` when it is bad."""
    return _load_json(text, source) if syntax == "json" else _load_yaml(text, source)


class _NotANumber(ValueError):
    """JSON's non-standard NaN, Infinity or -Infinity."""


def _no_constant(name: str) -> object:
    raise _NotANumber(name)


def _load_json(text: str | bytes, source: str) -> object:
    try:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        raise _error(source, "is not UTF-8 text") from None
    if _json_depth(decoded.encode() if isinstance(text, str) else text) > MAX_DEPTH:
        raise _error(source, _TOO_DEEP)
    try:
        return json.loads(decoded, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        where = f" at line {error.lineno}, column {error.colno}"
        raise _error(source, f"is not valid JSON{where}: {error.msg}") from None
    except _NotANumber as error:
        raise _error(source, f"holds {error}, which JSON does not allow") from None
    except RecursionError:
        raise _error(source, _TOO_DEEP) from None
    except ValueError:
        raise _error(source, _UNREADABLE) from None


def _json_depth(raw: bytes) -> int:
    """The deepest nesting of brackets and braces outside strings (0 for a scalar).

    Only the brackets' positions are looked at: one is inside a string when an odd number of
    unescaped quotes comes before it.
    """
    import numpy as np

    codes = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.flatnonzero(codes == ord('"'))
    escaped = np.zeros(quotes.size, dtype=bool)
    for k in np.flatnonzero(codes[np.maximum(quotes - 1, 0)] == ord("\\")):
        start = end = int(quotes[k])  # a quote after an odd run of backslashes is escaped
        while start > 0 and codes[start - 1] == ord("\\"):
            start -= 1
        escaped[k] = (end - start) % 2 == 1
    opening = (codes == ord("[")) | (codes == ord("{"))
    brackets = np.flatnonzero(opening | (codes == ord("]")) | (codes == ord("}")))
    outside = np.searchsorted(quotes[~escaped], brackets) % 2 == 0
    steps = np.where(opening[brackets[outside]], 1, -1).astype(np.int32)
    return int(np.cumsum(steps).max(initial=0))


def _load_yaml(text: str | bytes, source: str) -> object:
    try:
        aliases = _scan_events(text)
    except yaml.YAMLError as error:
        raise _syntax_error(source, error) from None
    if aliases < 0:
        raise _error(source, _TOO_DEEP)
    if aliases > MAX_ALIASES:
        raise _error(source, f"must use at most {MAX_ALIASES} YAML aliases")
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise _syntax_error(source, error) from None
    except RecursionError:
        raise _error(source, _TOO_DEEP) from None
    except ValueError:
        raise _error(source, _UNREADABLE) from None
    if aliases:
        _check_expanded_size(data, source)
    return data


def _scan_events(text: str | bytes) -> int:
    """The number of aliases, counting no further than MAX_ALIASES + 1; -1 as soon as the
    nesting passes MAX_DEPTH (the parser stops there, before the deep part is read)."""
    aliases = depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return -1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                break
    return aliases


def _syntax_error(source: str, error: yaml.YAMLError) -> ScenarioError:
    if "maximum nesting depth" in str(getattr(error, "problem", "")):  # libyaml's own limit
        return _error(source, _TOO_DEEP)
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(error, "problem", None) or "syntax error"
    return _error(source, f"is not valid YAML or JSON{where}: {problem}")


def _check_expanded_size(data: object, source: str) -> None:
    pending: list[Any] = [data]
    seen = 0
    while pending:
        item = pending.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise _error(source, f"expands to more than {MAX_VALUES} values through YAML aliases")
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
