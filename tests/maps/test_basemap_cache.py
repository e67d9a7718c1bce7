"""The world basemap of interactive maps: drawn once per worldview and maps code, then read
back from the cache folder exactly as drawn."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from umbrella.coverage import cache
from umbrella.maps import basemap


@pytest.fixture
def folder(empty_cache: Path) -> Iterator[Path]:
    basemap._world.cache_clear()
    yield empty_cache
    basemap._world.cache_clear()


def _as_a_new_process_finds_it() -> None:
    cache._memory.clear()
    basemap._world.cache_clear()


def test_the_world_is_drawn_once_per_worldview_then_read_from_disk(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    draw = basemap._draw_world

    def counted(worldview: str) -> object:
        drawn.append(worldview)
        return draw(worldview)

    monkeypatch.setattr(basemap, "_draw_world", counted)
    first = basemap._world("un")
    _as_a_new_process_finds_it()
    again = basemap._world("un")
    other = basemap._world("de_facto")
    assert drawn == ["un", "de_facto"]
    assert len(list((folder / "world-basemap").glob("*.arrow"))) == 2
    assert again == first
    fresh = json.loads(draw("un").column("json")[0].as_py())
    assert [[f["geometry"].text, f["properties"]] for f in again[0]] == fresh["land"]
    names = [[n.text, n.lon, n.lat, n.kind, n.min_zoom, n.max_zoom] for n in again[1]]
    assert names == fresh["names"]
    assert again[0] and again[1] and other[0]


def test_names_keep_their_zooms_whole_or_not_as_drawn(folder: Path) -> None:
    basemap._world("un")
    _as_a_new_process_finds_it()
    _, names = basemap._world("un")
    countries = [name for name in names if name.kind == "country"]
    seas = [name for name in names if name.kind == "sea"]
    assert countries and seas
    assert all(type(name.min_zoom) is int for name in countries)  # written "3", not "3.0"
    assert all(type(name.min_zoom) is float for name in seas)
