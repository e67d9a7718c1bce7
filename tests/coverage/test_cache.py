"""Cached geometries and tables: drawn once per inputs, kept in memory and on disk, exactly as
drawn, in a folder of bounded size."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyarrow as pa
import pytest
import shapely

from umbrella.coverage import cache, nogo
from umbrella.coverage.cache import cached_geometry, cached_table, use_folder
from umbrella.coverage.example import example_scenario
from umbrella.coverage.places import resolve_places
from umbrella.geo.errors import InputError
from umbrella.layers import region_geometry

SHAPE = shapely.Polygon([(30.1, 50.2), (30.7, 50.2), (30.4, 50.9 + 1e-12)])


def _counted(drawn: list[str], name: str) -> shapely.Polygon:
    drawn.append(name)
    return SHAPE


def test_a_geometry_is_drawn_once_then_read_from_memory_or_disk(empty_cache: Path) -> None:
    drawn: list[str] = []
    first = cached_geometry("shape", ("a", 1.5), lambda: _counted(drawn, "a"))
    again = cached_geometry("shape", ("a", 1.5), lambda: _counted(drawn, "a"))
    cache._memory.clear()  # as a new process would find it
    from_disk = cached_geometry("shape", ("a", 1.5), lambda: _counted(drawn, "a"))
    other = cached_geometry("shape", ("a", 1.25), lambda: _counted(drawn, "other"))
    assert drawn == ["a", "other"]
    assert again is first
    assert shapely.to_wkb(from_disk) == shapely.to_wkb(SHAPE) == shapely.to_wkb(other)
    assert len(list((empty_cache / "shape").glob("*.wkb"))) == 2
    assert list(empty_cache.rglob("*.partial")) == []


def test_a_damaged_file_is_drawn_again(empty_cache: Path) -> None:
    drawn: list[str] = []
    cached_geometry("shape", "x", lambda: _counted(drawn, "x"))
    (path,) = (empty_cache / "shape").glob("*.wkb")
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
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
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


def _table(value: float) -> pa.Table:
    return pa.table({"x": pa.array([value] * 50_000, pa.float64())})  # 0.38 MiB on disk


def _long_ago(path: Path, hours: int) -> None:
    then = time.time_ns() - hours * 3_600_000_000_000
    os.utime(path, ns=(then, then))


def test_the_folder_keeps_at_most_its_limit_least_recently_used_first(empty_cache: Path) -> None:
    use_folder(empty_cache, max_mib=1)
    cached_table("table", "a", lambda: _table(1.0))
    cached_table("table", "b", lambda: _table(2.0))
    for path in (empty_cache / "table").glob("*.arrow"):  # "a" used two hours ago, "b" one
        hours = 2 if pa.ipc.open_file(path).read_all()["x"][0].as_py() == 1.0 else 1
        _long_ago(path, hours)
    cache._memory.clear()
    assert cached_table("table", "a", lambda: _table(0.0))["x"][0].as_py() == 1.0  # read: used now
    cached_table("table", "c", lambda: _table(3.0))
    kept = {pa.ipc.open_file(p).read_all()["x"][0].as_py() for p in empty_cache.rglob("*.arrow")}
    assert kept == {1.0, 3.0}  # "b", used least recently, went; the three would exceed 1 MiB
    assert sum(p.stat().st_size for p in empty_cache.rglob("*") if p.is_file()) <= 1 << 20


def test_a_limit_of_0_keeps_nothing_on_disk(empty_cache: Path) -> None:
    use_folder(empty_cache, max_mib=0)
    drawn: list[str] = []
    assert cached_geometry("shape", "z", lambda: _counted(drawn, "z")) is SHAPE
    assert list(empty_cache.rglob("*.*")) == []


def test_the_limit_comes_from_the_environment_and_a_bad_one_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UMBRELLA_CACHE_MAX_MIB", "3")
    assert cache.max_bytes() == 3 << 20
    monkeypatch.setenv("UMBRELLA_CACHE_MAX_MIB", " 0 ")
    assert cache.max_bytes() == 0
    monkeypatch.delenv("UMBRELLA_CACHE_MAX_MIB")
    assert cache.max_bytes() == cache.DEFAULT_MAX_MIB << 20
    for bad in ("-5", "1.5", "lots"):
        monkeypatch.setenv("UMBRELLA_CACHE_MAX_MIB", bad)
        with pytest.raises(InputError, match=rf"UMBRELLA_CACHE_MAX_MIB: .*, got '{bad}'"):
            cache.max_bytes()


def test_the_folder_is_the_one_given_else_the_variable_else_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UMBRELLA_CACHE_DIR", str(tmp_path / "variable"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    use_folder(tmp_path / "given")
    try:
        assert cache.cache_folder() == tmp_path / "given"
    finally:
        use_folder(None)
    assert cache.cache_folder() == tmp_path / "variable"
    monkeypatch.delenv("UMBRELLA_CACHE_DIR")
    assert cache.cache_folder() == tmp_path / "xdg" / "umbrella"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_folder() == tmp_path / "home" / ".cache" / "umbrella"
