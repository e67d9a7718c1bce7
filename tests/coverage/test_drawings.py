"""Rings kept by their drawing inputs are, vertex for vertex, the rings range_rings draws."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from umbrella.coverage import cache, drawings
from umbrella.coverage.cache import use_folder
from umbrella.coverage.drawings import drawn_rings
from umbrella.geo import range_rings

_SITE = st.tuples(
    st.floats(-180.0, 180.0),
    st.floats(-89.0, 89.0),
    st.floats(1_000.0, 400_000.0),
    st.booleans(),  # an annulus
    st.one_of(st.none(), st.tuples(st.floats(-360.0, 360.0), st.floats(5.0, 360.0))),
)


def _wkb(shapes: np.ndarray) -> list[bytes]:
    return [shapely.to_wkb(shape) for shape in shapes]


@settings(max_examples=15, deadline=None)
@given(sites=st.lists(_SITE, min_size=1, max_size=4), tolerance=st.sampled_from([None, 25.0]))
def test_kept_rings_are_the_drawn_rings_from_memory_and_disk(
    tmp_path_factory: pytest.TempPathFactory,
    sites: list[tuple[float, float, float, bool, tuple[float, float] | None]],
    tolerance: float | None,
) -> None:
    use_folder(tmp_path_factory.mktemp("rings"))
    cache._memory.clear()
    try:
        arguments = {
            "lon": [s[0] for s in sites],
            "lat": [s[1] for s in sites],
            "radius_m": [s[2] for s in sites],
            "min_radius_m": [s[2] / 3.0 if s[3] else 0.0 for s in sites],
            "azimuth_deg": [s[4][0] if s[4] else 0.0 for s in sites],
            "width_deg": [s[4][1] if s[4] else 360.0 for s in sites],
        }
        if tolerance is not None:  # else both functions' own default
            arguments["tolerance_m"] = tolerance  # type: ignore[assignment]
        drawn = _wkb(range_rings(**arguments))  # type: ignore[arg-type]
        first = drawn_rings(**arguments)  # type: ignore[arg-type]
        cache._memory.clear()  # as a new process finds them: on disk
        again = drawn_rings(**arguments)  # type: ignore[arg-type]
        assert _wkb(first) == drawn
        assert _wkb(again) == drawn
    finally:
        use_folder(None)
        cache._memory.clear()


def test_rings_are_drawn_once_per_inputs(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def counted(lon: np.ndarray, *args: object, **kwargs: object) -> np.ndarray:
        calls.append(len(lon))
        return range_rings(lon, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(drawings, "range_rings", counted)
    sites = {"azimuth_deg": [0.0, 45.0], "width_deg": [360.0, 90.0]}
    drawn_rings([30.0, 31.0], [50.0, 49.0], [90_000.0, 120_000.0], **sites)
    drawn_rings([30.0, 31.0], [50.0, 49.0], [90_000.0, 120_000.0], **sites)
    cache._memory.clear()
    drawn_rings([30.0, 31.0], [50.0, 49.0], [90_000.0, 120_000.0], **sites)
    drawn_rings([30.0, 31.0], [50.0, 49.0], [90_000.0, 120_001.0], **sites)  # a new radius
    drawn_rings([30.0, 31.0], [50.0, 49.0], [90_000.0, 120_000.0], **sites, tolerance_m=5.0)
    assert calls == [2, 2, 2]
    assert len(list((empty_cache / "range_rings").glob("*.wkb"))) == 3


def test_no_sites_give_no_rings(empty_cache: Path) -> None:
    assert len(drawn_rings([], [], [], azimuth_deg=[], width_deg=[])) == 0
