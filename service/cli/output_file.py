"""The output file of a command, checked before any work: errors name the command's option."""

from __future__ import annotations

from pathlib import Path

from umbrella.coverage.destination import OutputPathError

__all__ = ["check_output_file"]


def check_output_file(path: Path, option: str) -> None:
    """OutputPathError naming ``option`` unless ``path`` can be written as a file.

    Its folder must exist, and it must not be a folder itself; an existing file is replaced.
    """
    if not path.parent.is_dir():
        raise OutputPathError(option, str(path), "its folder does not exist")
    if path.is_dir():
        raise OutputPathError(option, str(path), "is a folder, not a file")
