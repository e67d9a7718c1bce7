"""Jinja's compiled code of the templates a library makes as it loads, kept on disk.

folium makes about fifty Jinja templates from text as it loads, and compiling them is half of
its import (about 0.2 s). A template's code depends only on its text, Jinja's version and its
environment's syntax, so it is compiled once and kept (``umbrella.coverage.cache``) as
marshalled code objects, the form in which Jinja's own bytecode caches keep templates read from
files. Only templates made from text by Jinja's shared environments (``jinja2.Template(text)``)
with plain settings are kept; any other compiles as usual.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from types import CodeType
from typing import Any

import jinja2
import pyarrow as pa

from umbrella.coverage.cache import cached_table
from umbrella.layers.arrow import binaries, strings

__all__ = ["load_with_kept_templates"]


def _key(environment: jinja2.Environment, source: str) -> str | None:
    """What a template's code depends on besides Jinja's version, or None for a template not
    kept (one from a loader, or an environment with extensions or computed settings)."""
    plain = (
        environment.shared
        and not environment.extensions
        and environment.finalize is None
        and isinstance(environment.autoescape, bool)
    )
    if not plain:
        return None
    syntax = (
        type(environment).__module__,
        type(environment).__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.autoescape,
        environment.undefined.__qualname__,
    )
    return hashlib.sha256(repr((syntax, source)).encode()).hexdigest()


@contextmanager
def _compiled(known: Mapping[str, bytes], compiled: dict[str, bytes]) -> Iterator[None]:
    """Within it, kept templates take their code from ``known``; the others compiled are added
    to ``compiled``."""
    original: Callable[..., Any] = jinja2.Environment.compile

    def compile_kept(
        environment: jinja2.Environment,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        plain_text = isinstance(source, str) and name is filename is None and not raw
        key = _key(environment, source) if plain_text and not defer_init else None
        if key is None:
            return original(environment, source, name, filename, raw, defer_init)
        if key in known:
            return marshal.loads(known[key])
        code = original(environment, source)
        assert isinstance(code, CodeType)
        compiled[key] = marshal.dumps(code)
        return code

    jinja2.Environment.compile = compile_kept  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        jinja2.Environment.compile = original  # type: ignore[method-assign]


def load_with_kept_templates(kind: str, inputs: Hashable, load: Callable[[], object]) -> None:
    """Run ``load`` (an import) with the code of the templates it makes kept under ``kind`` and
    ``inputs``: these must name the versions of every library whose templates it makes."""
    compiled: dict[str, bytes] = {}
    loaded = False

    def load_and_keep() -> pa.Table:
        nonlocal loaded
        with _compiled({}, compiled):
            load()
        loaded = True
        return pa.table({"key": strings(list(compiled)), "code": binaries(list(compiled.values()))})

    kept = cached_table(kind, inputs, load_and_keep)
    if not loaded:
        known = dict(zip(kept["key"].to_pylist(), kept["code"].to_pylist(), strict=True))
        with _compiled(known, compiled):
            load()
