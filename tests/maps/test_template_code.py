"""Templates whose compiled code is kept give what freshly compiled ones give, and a process
that finds their code kept compiles none of them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest

from umbrella.coverage import cache
from umbrella.coverage.analysis import AnalysisResult
from umbrella.coverage.scenario import Scenario
from umbrella.maps.template_code import load_with_kept_templates

TEXTS = [
    "{% macro script(this) %}var {{ this.name }} = {{ this.value|tojson }};{% endmacro %}",
    "<b>{{ name|e }}</b>{# a comment #}{% for x in items %}[{{ x }}]{% endfor %}",
    "plain text, no syntax",
]
FIELDS: dict[str, Any] = {"name": "<Київ>", "items": [1, 2], "this": None}


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources Jinja compiles to Python from now on."""
    seen: list[str] = []
    original = jinja2.Environment._compile

    def counted(environment: jinja2.Environment, source: str, filename: str) -> Any:
        seen.append(source)
        return original(environment, source, filename)

    monkeypatch.setattr(jinja2.Environment, "_compile", counted)
    return seen


def _made(kind: str) -> list[jinja2.Template]:
    made: list[jinja2.Template] = []
    load_with_kept_templates(kind, ("test", 1), lambda: made.extend(map(jinja2.Template, TEXTS)))
    return made


def test_kept_code_renders_as_compiled_code(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiles = _compiles(monkeypatch)
    first = _made("test-templates")
    assert len(compiles) == len(TEXTS)
    cache._memory.clear()  # as a new process finds them
    again = _made("test-templates")
    assert len(compiles) == len(TEXTS)  # none compiled again
    for fresh, kept in zip(first, again, strict=True):
        assert kept.render(**FIELDS) == fresh.render(**FIELDS)
    assert again[0].module.script(type("This", (), {"name": "a", "value": [1]})) == ("var a = [1];")


def test_templates_of_other_environments_are_compiled_as_usual(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiles = _compiles(monkeypatch)

    def load() -> None:
        jinja2.Environment(autoescape=lambda name: True).from_string(TEXTS[1])
        jinja2.Environment(loader=jinja2.DictLoader({"page": TEXTS[1]})).get_template("page")

    for _ in range(2):
        cache._memory.clear()
        load_with_kept_templates("test-others", ("test", 2), load)
    assert len(compiles) == 4  # neither kept: each compiled both times
    assert jinja2.Environment.compile.__qualname__ == "Environment.compile"  # put back


def test_a_second_process_compiles_none_of_folium_s_templates_and_draws_the_same_page(
    tmp_path: Path, small: tuple[Scenario, AnalysisResult]
) -> None:
    scenario_file = tmp_path / "small.json"
    scenario_file.write_text(small[0].model_dump_json(exclude_unset=True))
    code = f"""
import json, sys
import jinja2
compiled = []
original = jinja2.Environment._compile
def counted(env, source, name):  # templates made from text (folium's, branca's)
    if env.shared:
        compiled.append(source)
    return original(env, source, name)
jinja2.Environment._compile = counted
import umbrella.maps.folium_stack
print(len(compiled))
from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import parse_scenario
from umbrella.maps import render_html
scenario = parse_scenario(json.loads(open({str(scenario_file)!r}).read()))
sys.stderr.write(render_html(scenario, analyze(scenario)))
"""
    environment = {**os.environ, "UMBRELLA_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=environment,
            check=True,
        )
        for _ in range(2)
    ]
    assert int(runs[0].stdout) > 30 and int(runs[1].stdout) == 0
    pages = [re.sub(r"_[0-9a-f]{32}", "_ID", run.stderr) for run in runs]
    assert pages[0].startswith("<!DOCTYPE html>") and pages[1] == pages[0]
