"""The wheel carries every Python folder and every bundled data file of the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOP_LEVEL_FOLDERS = ("geo", "layers", "coverage", "service", "maps")


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Build the wheel from the working tree and list the files in it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("umbrella-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _source_files(pattern: str) -> list[Path]:
    files = []
    for folder in TOP_LEVEL_FOLDERS:
        files += [p for p in (REPO / folder).rglob(pattern) if "__pycache__" not in p.parts]
    return files


def _wheel_name(path: Path) -> str:
    return "umbrella/" + path.relative_to(REPO).as_posix()


def test_every_python_module_is_in_the_wheel(wheel_names: set[str]) -> None:
    modules = _source_files("*.py")
    assert modules, "no Python modules found in the source folders"
    missing = [m.relative_to(REPO).as_posix() for m in modules if _wheel_name(m) not in wheel_names]
    assert missing == []


@pytest.mark.parametrize("folder", ["layers/data", "maps/web"])
def test_every_bundled_data_file_is_in_the_wheel(wheel_names: set[str], folder: str) -> None:
    data = [p for p in (REPO / folder).glob("*") if p.is_file()]
    assert data, f"no files in {folder}"
    missing = [d.relative_to(REPO).as_posix() for d in data if _wheel_name(d) not in wheel_names]
    assert missing == []


def test_every_template_and_page_asset_is_in_the_wheel(wheel_names: set[str]) -> None:
    folder = REPO / "service" / "http"
    files = [p for sub in ("templates", "static") for p in (folder / sub).iterdir() if p.is_file()]
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".js" for p in files)
    missing = [f.relative_to(REPO).as_posix() for f in files if _wheel_name(f) not in wheel_names]
    assert missing == []
