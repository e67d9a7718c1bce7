"""What takes long to derive from the bundled layers, kept by its inputs: in memory, on disk.

Geometries (border belts) and tables (the index of place names) are keyed by their kind, their
inputs (which must be all that their making depends on) and the generation of what makes them:
the software version, its code and the bundled layer files (names, sizes and modification times
of each). On disk a geometry is WKB and a table Arrow IPC, in ``cache_folder()``: the folder
given to ``use_folder``, else ``UMBRELLA_CACHE_DIR``, else ``umbrella`` in the user's cache
folder (``XDG_CACHE_HOME`` or ``~/.cache``). Files are written whole (to a temporary name, then
renamed), so readers never see half a file; a folder that cannot be written only means that
nothing is kept there.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Final, TypeVar

import pyarrow as pa
import shapely
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from umbrella.layers.catalogue import data_dir

__all__ = [
    "IN_MEMORY",
    "cache_folder",
    "cached_geometry",
    "cached_table",
    "code_stamp",
    "use_folder",
]

IN_MEMORY: Final = 32
_DRAWING_PACKAGES: Final = ("geo", "layers", "coverage")
_memory: OrderedDict[str, object] = OrderedDict()
T = TypeVar("T")
_folder: Path | None = None


def use_folder(folder: Path | None) -> None:
    """Keep cached geometries in ``folder`` from now on (None: back to the default)."""
    global _folder
    _folder = folder


def cache_folder() -> Path:
    """Where cached geometries are kept on disk (see the module's docstring)."""
    if _folder is not None:
        return _folder
    if os.environ.get("UMBRELLA_CACHE_DIR"):
        return Path(os.environ["UMBRELLA_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "umbrella"


def _stamp(paths: list[Path]) -> list[tuple[str, int, int]]:
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)


@cache
def code_stamp(package: str) -> str:
    """The modules of ``package`` (not of its subpackages): names, sizes and times, hashed.

    Cached things made by code outside ``geo``, ``layers`` and ``coverage`` name it among their
    inputs, so that they are made again when that code changes.
    """
    folder = Path(str(importlib.import_module(package).__file__)).parent
    return hashlib.sha256(repr(_stamp(list(folder.glob("*.py")))).encode()).hexdigest()


@cache
def _generation() -> str:
    """The software version, its code and the bundled files (names, sizes, times), hashed."""
    code = [code_stamp(f"umbrella.{name}") for name in _DRAWING_PACKAGES]
    files = _stamp(list(data_dir().iterdir()))
    return hashlib.sha256(repr((version("umbrella"), code, files)).encode()).hexdigest()


def cached_geometry(kind: str, inputs: Hashable, draw: Callable[[], BaseGeometry]) -> BaseGeometry:
    """The geometry ``draw()`` gives for ``inputs``: from memory, from disk, or drawn now."""
    found = _cached(kind, inputs, "wkb", draw, _read_wkb, shapely.to_wkb)
    assert isinstance(found, BaseGeometry)
    return found


def cached_table(kind: str, inputs: Hashable, make: Callable[[], pa.Table]) -> pa.Table:
    """The Arrow table ``make()`` gives for ``inputs``: from memory, from disk, or made now."""
    found = _cached(kind, inputs, "arrow", make, _read_arrow, _arrow_bytes)
    assert isinstance(found, pa.Table)
    return found


def _cached(
    kind: str,
    inputs: Hashable,
    suffix: str,
    make: Callable[[], T],
    read: Callable[[bytes], T],
    dump: Callable[[T], bytes],
) -> object:
    key = hashlib.sha256(repr((kind, inputs, _generation())).encode()).hexdigest()
    found = _memory.get(key)
    if found is None:
        path = cache_folder() / kind / f"{key}.{suffix}"
        found = _read(path, read)
        if found is None:
            found = make()
            _write(path, dump(found))
        _memory[key] = found
        while len(_memory) > IN_MEMORY:
            _memory.popitem(last=False)
    _memory.move_to_end(key)
    return found


def _read(path: Path, read: Callable[[bytes], T]) -> T | None:
    try:
        return read(path.read_bytes())
    except (OSError, GEOSException, pa.ArrowInvalid):  # not there (yet), or not whole
        return None


def _read_wkb(data: bytes) -> BaseGeometry:
    return shapely.from_wkb(data)


def _read_arrow(data: bytes) -> pa.Table:
    return pa.ipc.open_file(pa.BufferReader(data)).read_all()


def _arrow_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue())


def _write(path: Path, data: bytes) -> None:
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
