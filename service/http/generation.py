"""The generation of cached results: the software version and the bundled data behind them.

A result computed by one version from one build of the layers may differ from another's, so
the store keys its cached results by ``cache_generation()`` and drops other generations.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

from umbrella.layers.catalogue import data_dir

__all__ = ["cache_generation", "data_fingerprint"]


def data_fingerprint(folder: Path) -> str:
    """The SHA-256 (first 16 hex digits) of the names and bytes of the files in folder.

    Files are taken in name order, sub-folders are not read; an empty folder has the
    fingerprint of no bytes.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


@cache
def cache_generation() -> str:
    """``<umbrella version>+<fingerprint of the bundled layers>``, computed once per process."""
    return f"{version('umbrella')}+{data_fingerprint(data_dir())}"
