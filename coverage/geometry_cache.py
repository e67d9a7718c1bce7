"""Geometries that take long to draw, kept by their inputs: in memory, and on disk.

A geometry is keyed by its kind, its inputs (which must be all that its drawing depends on) and
the generation of what draws it: the software version, its code and the bundled layer files
(names, sizes and modification times of each). On disk it is WKB in ``cache_folder()``: the
folder given to ``use_folder``, else ``UMBRELLA_CACHE_DIR``, else ``umbrella`` in the user's
cache folder (``XDG_CACHE_HOME`` or ``~/.cache``). Files are written whole (to a temporary
name, then renamed), so readers never see half a file; a folder that cannot be written only
means that nothing is kept there.
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
from typing import Final

import shapely
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from umbrella.layers.catalogue import data_dir

__all__ = ["IN_MEMORY", "cache_folder", "cached_geometry", "use_folder"]

IN_MEMORY: Final = 32
_DRAWING_PACKAGES: Final = ("geo", "layers", "coverage")
_memory: OrderedDict[str, BaseGeometry] = OrderedDict()
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


@cache
def _generation() -> str:
    """The software version, its code and the bundled files (names, sizes, times), hashed."""
    packages = [importlib.import_module(f"umbrella.{name}") for name in _DRAWING_PACKAGES]
    code = [
        path for package in packages for path in Path(str(package.__file__)).parent.glob("*.py")
    ]
    paths = [*code, *data_dir().iterdir()]
    files = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)
    return hashlib.sha256(repr((version("umbrella"), files)).encode()).hexdigest()


def cached_geometry(kind: str, inputs: Hashable, draw: Callable[[], BaseGeometry]) -> BaseGeometry:
    """The geometry ``draw()`` gives for ``inputs``: from memory, from disk, or drawn now."""
    key = hashlib.sha256(repr((kind, inputs, _generation())).encode()).hexdigest()
    found = _memory.get(key)
    if found is None:
        path = cache_folder() / kind / f"{key}.wkb"
        found = _read(path)
        if found is None:
            found = draw()
            _write(path, found)
        _memory[key] = found
        while len(_memory) > IN_MEMORY:
            _memory.popitem(last=False)
    _memory.move_to_end(key)
    return found


def _read(path: Path) -> BaseGeometry | None:
    try:
        return shapely.from_wkb(path.read_bytes())
    except (OSError, GEOSException):  # not there (yet), or not whole: draw it again
        return None


def _write(path: Path, geometry: BaseGeometry) -> None:
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        with os.fdopen(handle, "wb") as file:
            file.write(shapely.to_wkb(geometry))
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
