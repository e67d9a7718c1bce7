"""Cached geometries: drawn once per inputs, kept in memory and on disk, exactly as drawn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely

from umbrella.coverage import cache, nogo
from umbrella.coverage.cache import cached_geometry, use_folder
from umbrella.coverage.example import example_scenario
from umbrella.coverage.places import resolve_places
from umbrella.layers import region_geometry

SHAPE = shapely.Polygon([(30.1, 50.2), (30.7, 50.2), (30.4, 50.9 + 1e-12)])


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    use_folder(tmp_path)
    cache._memory.clear()
    yield tmp_path
    use_folder(None)
    cache._memory.clear()


def _counted(drawn: list[str], name: str) -> shapely.Polygon:
    drawn.append(name)
    return SHAPE


def test_a_geometry_is_drawn_once_then_read_from_memory_or_disk(folder: Path) -> None:
    drawn: list[str] = []
    first = cached_geometry("shape", ("a", 1.5), lambda: _counted(drawn, "a"))
    again = cached_geometry("shape", ("a", 1.5), lambda: _counted(drawn, "a"))
    cache._memory.clear()  # as a new process would find it
    from_disk = cached_geometry("shape", ("a", 1.5), lambda: _counted(drawn, "a"))
    other = cached_geometry("shape", ("a", 1.25), lambda: _counted(drawn, "other"))
    assert drawn == ["a", "other"]
    assert again is first
    assert shapely.to_wkb(from_disk) == shapely.to_wkb(SHAPE) == shapely.to_wkb(other)
    assert len(list((folder / "shape").glob("*.wkb"))) == 2
    assert list(folder.rglob("*.partial")) == []


def test_a_damaged_file_is_drawn_again(folder: Path) -> None:
    drawn: list[str] = []
    cached_geometry("shape", "x", lambda: _counted(drawn, "x"))
    (path,) = (folder / "shape").glob("*.wkb")
    path.write_bytes(path.read_bytes()[:7])
    cache._memory.clear()
    assert cached_geometry("shape", "x", lambda: _counted(drawn, "x")).equals(SHAPE)
    assert drawn == ["x", "x"]


def test_a_folder_that_cannot_be_written_keeps_nothing_and_fails_nothing(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    use_folder(tmp_path / "a-file" / "cache")
    try:
        drawn: list[str] = []
        assert cached_geometry("shape", "y", lambda: _counted(drawn, "y")) is SHAPE
    finally:
        use_folder(None)
        cache._memory.clear()


def test_the_border_belt_is_drawn_once_per_inputs(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = resolve_places(example_scenario())
    area = shapely.union_all([region_geometry(code) for code in scenario.regions])
    calls: list[tuple[object, ...]] = []
    real = nogo.border_belt

    def counted(*args: object) -> object:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(nogo, "border_belt", counted)
    first = nogo.zone_areas(scenario, area)
    cache._memory.clear()
    second = nogo.zone_areas(scenario, area)
    belts = sum(zone.border_belt is not None for zone in scenario.no_go)
    assert belts >= 1 and len(calls) == belts
    for a, b in zip(first, second, strict=True):
        assert shapely.to_wkb(a.geometry) == shapely.to_wkb(b.geometry)


def test_a_code_stamp_changes_with_the_modules_of_its_package_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "stamped_package"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "draw.py").write_text("TOLERANCE = 1\n")
    (package / "inner" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = cache.code_stamp("stamped_package")
    cache.code_stamp.cache_clear()
    assert cache.code_stamp("stamped_package") == first
    (package / "inner" / "__init__.py").write_text("# a subpackage is not stamped\n")
    cache.code_stamp.cache_clear()
    assert cache.code_stamp("stamped_package") == first
    (package / "draw.py").write_text("TOLERANCE = 10\n")
    cache.code_stamp.cache_clear()
    assert cache.code_stamp("stamped_package") != first
