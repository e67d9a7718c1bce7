"""What takes long to derive from the bundled layers, kept by its inputs: in memory, on disk.

Geometries (border belts) and tables (the index of place names) are keyed by their kind, their
inputs (which must be all that their making depends on) and the generation of what makes them:
the software version, its code and the bundled layer files (names, sizes and modification times
of each). On disk a geometry is WKB and a table Arrow IPC, in ``cache_folder()``: the folder
given to ``use_folder``, else ``UMBRELLA_CACHE_DIR``, else ``umbrella`` in the user's cache
folder (``XDG_CACHE_HOME`` or ``~/.cache``). Files are written whole (to a temporary name, then
renamed), so readers never see half a file; a folder that cannot be written only means that
nothing is kept there.

The folder is bounded: after each write, the files least recently used (written or read) are
removed until the folder holds at most the MiB given to ``use_folder``, else
``UMBRELLA_CACHE_MAX_MIB``, else ``DEFAULT_MAX_MIB`` (0 keeps nothing on disk). Files of an
earlier generation are never read again, so they go first.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Final, TypeVar

import pyarrow as pa
import shapely
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from umbrella.geo.errors import InputError
from umbrella.layers.catalogue import data_dir

__all__ = [
    "DEFAULT_MAX_MIB",
    "IN_MEMORY",
    "cache_folder",
    "cached_geometry",
    "cached_table",
    "code_stamp",
    "max_bytes",
    "use_folder",
]

IN_MEMORY: Final = 32
DEFAULT_MAX_MIB: Final = 512
_MIB: Final = 1 << 20
_DRAWING_PACKAGES: Final = ("geo", "layers", "coverage")
_memory: OrderedDict[str, object] = OrderedDict()
T = TypeVar("T")
_folder: Path | None = None
_max_mib: int | None = None


def use_folder(folder: Path | None, max_mib: int | None = None) -> None:
    """Keep cached things in ``folder``, at most ``max_mib`` MiB, from now on (None: back to
    the defaults)."""
    global _folder, _max_mib
    _folder = folder
    _max_mib = max_mib


def cache_folder() -> Path:
    """Where cached geometries are kept on disk (see the module's docstring)."""
    if _folder is not None:
        return _folder
    if os.environ.get("UMBRELLA_CACHE_DIR"):
        return Path(os.environ["UMBRELLA_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "umbrella"


def max_bytes() -> int:
    """How many bytes the folder may hold: the MiB given to ``use_folder``, else
    ``UMBRELLA_CACHE_MAX_MIB``, else ``DEFAULT_MAX_MIB``."""
    if _max_mib is not None:
        return _max_mib * _MIB
    text = os.environ.get("UMBRELLA_CACHE_MAX_MIB", "").strip()
    if not text:
        return DEFAULT_MAX_MIB * _MIB
    try:
        mib = int(text)
    except ValueError:
        mib = -1
    if mib < 0:
        raise InputError("UMBRELLA_CACHE_MAX_MIB", text, "must be a whole number of MiB, >= 0")
    return mib * _MIB


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
    limit = max_bytes()  # a bad setting is named on every use, not only when writing
    key = hashlib.sha256(repr((kind, inputs, _generation())).encode()).hexdigest()
    found = _memory.get(key)
    if found is None:
        folder = cache_folder()
        path = folder / kind / f"{key}.{suffix}"
        found = _read(path, read)
        if found is None:
            found = make()
            data = dump(found)
            if len(data) <= limit:
                _write(path, data)
                _prune(folder, limit)
        _memory[key] = found
        while len(_memory) > IN_MEMORY:
            _memory.popitem(last=False)
    _memory.move_to_end(key)
    return found


def _read(path: Path, read: Callable[[bytes], T]) -> T | None:
    try:
        found = read(path.read_bytes())
    except (OSError, GEOSException, pa.ArrowInvalid):  # not there (yet), or not whole
        return None
    with suppress(OSError):  # a folder that cannot be written is only read
        os.utime(path)  # used now: among the last to be pruned
    return found


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


def _prune(folder: Path, limit: int) -> None:
    """Remove the least recently used files of ``folder``'s kinds until it holds ``limit``."""
    files: list[tuple[int, int, str]] = []
    for kind in _entries(folder):
        if kind.is_dir(follow_symlinks=False):
            for entry in _entries(Path(kind.path)):
                try:
                    status = entry.stat(follow_symlinks=False)
                except OSError:  # removed by another process meanwhile
                    continue
                files.append((status.st_mtime_ns, status.st_size, entry.path))
    held = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if held <= limit:
            break
        with suppress(OSError):
            Path(path).unlink(missing_ok=True)
        held -= size


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
