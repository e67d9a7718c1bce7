"""Where an analysis is written: its format, named by the suffix, and the checks made first.

``out`` ending in ``.gpkg`` is a GeoPackage, in ``.parquet`` a folder of GeoParquet files, and a
name without a suffix a folder of GeoJSON (see ``umbrella.coverage.writers``). Any other suffix
is refused rather than guessed. The checks are cheap, so callers make them before any work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

from umbrella.geo.errors import InputError

__all__ = ["MARKERS", "SUFFIXES", "OutputFormat", "OutputPathError", "check_destination"]

OutputFormat = Literal["folder", "gpkg", "parquet"]
SUFFIXES: Final[dict[str, OutputFormat]] = {"": "folder", ".gpkg": "gpkg", ".parquet": "parquet"}
MARKERS: Final = ("summary.json", "summary.parquet")
"""An umbrella output folder holds one of these; no other folder is ever replaced."""


class OutputPathError(InputError):
    """An output path that cannot be written: its folder is missing, or it may not be replaced."""


def check_destination(
    out: Path, *, overwrite: bool, field: str = "out", overwrite_name: str = "overwrite"
) -> OutputFormat:
    """The format of ``out``, or OutputPathError naming ``field`` if it cannot be written.

    Its suffix must name a format, its folder must exist, and an existing ``out`` is replaced
    only with ``overwrite`` (named ``overwrite_name`` in the message), and only a file or a
    folder that an earlier analysis wrote.
    """
    kind = SUFFIXES.get(out.suffix.lower())
    if kind is None:
        raise OutputPathError(
            field, str(out), "must end in .gpkg or .parquet, or be a folder name without a suffix"
        )
    if not out.parent.is_dir():
        raise OutputPathError(field, str(out), "its folder does not exist")
    if not (out.exists() or out.is_symlink()):
        return kind
    if not overwrite:
        raise OutputPathError(
            field, str(out), f"already exists (give {overwrite_name} to replace it)"
        )
    if out.is_dir() and not any((out / name).is_file() for name in MARKERS):
        raise OutputPathError(field, str(out), "is a folder that umbrella did not write")
    return kind
