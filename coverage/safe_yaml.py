"""Reading YAML (and so JSON) scenario text without letting aliases blow it up.

YAML aliases (``*name``) let a few hundred bytes stand for billions of values (a "billion
laughs"); the scenario's free-form GeoJSON members would carry them through validation to
the hash and the analysis. A document may use at most ``MAX_ALIASES`` aliases and expand to
at most ``MAX_VALUES`` values.
"""

from __future__ import annotations

from typing import Any, Final

import yaml

from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError

__all__ = ["MAX_ALIASES", "MAX_VALUES", "load_document"]

MAX_ALIASES: Final = 100
MAX_VALUES: Final = 1_000_000
_UNREADABLE: Final = "holds a value that cannot be read (an integer of over 4300 digits?)"


def _error(source: str, reason: str) -> ScenarioError:
    return ScenarioError([FieldProblem(source, NO_VALUE, reason)])


def _syntax_error(source: str, error: yaml.YAMLError) -> ScenarioError:
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(error, "problem", None) or "syntax error"
    return _error(source, f"is not valid YAML or JSON{where}: {problem}")


def _alias_count(text: str | bytes) -> int:
    """The number of aliases, counting no further than MAX_ALIASES + 1."""
    count = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > MAX_ALIASES:
                break
    return count


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


def load_document(text: str | bytes, source: str) -> object:
    """The data of a YAML or JSON document; a ScenarioError names ``source`` when it is bad."""
    try:
        aliases = _alias_count(text)
    except yaml.YAMLError as error:
        raise _syntax_error(source, error) from None
    if aliases > MAX_ALIASES:
        raise _error(source, f"must use at most {MAX_ALIASES} YAML aliases")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _syntax_error(source, error) from None
    except RecursionError:
        raise _error(source, "is nested too deeply") from None
    except ValueError:
        raise _error(source, _UNREADABLE) from None
    if aliases:
        _check_expanded_size(data, source)
    return data
