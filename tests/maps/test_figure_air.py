"""Figures with the air picture of a band and the scorecard: both asked for, neither by default.

The shading is read back from the drawn pixels at places whose view by the sensors is worked
out here from the 4/3-earth horizon and Geod.inv, not from the analysis.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text
from pyproj import Geod

from umbrella.coverage.analysis import analyze
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.maps import UnknownBand, figure_size, render_figure
from umbrella.maps.scene import build_scene
from umbrella.maps.static import DrawnFigure, draw_figure, figure_rc
from umbrella.maps.style import AIR_GAP, AIR_SEEN, AIR_SEEN_TWICE

GEOD = Geod(ellps="WGS84")
K_R = 4.0 / 3.0 * 6_371_008.8  # the effective earth radius, metres
SENSORS = {"east": (31.2, 50.3, 20.0), "west": (30.9, 50.3, 20.0)}  # lon, lat, mast m
SIZE = figure_size(width_px=1200, dpi=100)


def _reach_m(mast_m: float, altitude_m: float) -> float:
    return math.sqrt(2 * K_R * mast_m) + math.sqrt(2 * K_R * altitude_m)


@pytest.fixture(scope="module")
def pictured() -> tuple[Scenario, AnalysisResult]:
    document: dict[str, Any] = {
        "name": "Two radars east of Kyiv",
        "regions": ["UA-32"],
        "tiers": {"short": {"range_km": 30}},
        "phases": [
            {"day": 0, "label": "start", "goals": ["sensors_in_place == 2", "violations > 0"]}
        ],
        "assets": [{"id": "a1", "tier": "short", "location": [30.0, 49.6]}]
        + [
            {"id": f"radar-{name}", "kind": "sensor", "location": [lon, lat], "range_km": 300,
             "sensor_height_m": mast}
            for name, (lon, lat, mast) in SENSORS.items()
        ],
        "altitude_bands": {"low": {"altitude_m": 100, "label": "drones"}},
        "targets": [{"id": "plants", "layer": "energy", "min_capacity_mw": 100_000}],
    }  # fmt: skip
    scenario = parse_scenario(document)
    return scenario, analyze(scenario, with_grid=False)


def _drawn(pictured: tuple[Scenario, AnalysisResult], **content: Any) -> DrawnFigure:
    scenario, result = pictured
    with figure_rc():
        drawn = draw_figure(
            build_scene(scenario, result), result, day=0, size=SIZE, raster=True, **content
        )
        drawn.figure.canvas.draw()
    return drawn


def _pixel(drawn: DrawnFigure, lon: float, lat: float) -> np.ndarray:
    """The most common colour of the 5 x 5 pixels around a place (names and lines are thin)."""
    image = np.asarray(drawn.figure.canvas.buffer_rgba())[..., :3]
    x, y = drawn.map_ax.transData.transform(
        drawn.projection.xy(np.array([lon]), np.array([lat]))[0]
    )
    row, col = round(image.shape[0] - y), round(x)
    patch = image[row - 2 : row + 3, col - 2 : col + 3].reshape(-1, 3)
    colours, counts = np.unique(patch, axis=0, return_counts=True)
    return colours[np.argmax(counts)] / 255.0


def _seen_by(lon: float, lat: float) -> int:
    """How many of the sensors see 100 m over a place, by Geod.inv and the horizon."""
    return sum(
        GEOD.inv(s_lon, s_lat, lon, lat)[2] <= _reach_m(mast, 100.0)
        for s_lon, s_lat, mast in SENSORS.values()
    )


def test_a_band_shades_the_area_by_the_sensors_seeing_it(
    pictured: tuple[Scenario, AnalysisResult],
) -> None:
    drawn = _drawn(pictured, band="low")
    places = {
        "twice": (31.05, 50.45),
        "once": (31.75, 50.35),
        "gap": (29.6, 50.9),  # in the oblast, far west of both radars
    }
    expected = {2: AIR_SEEN_TWICE.fill, 1: AIR_SEEN.fill, 0: AIR_GAP.fill}
    counts = {name: _seen_by(*place) for name, place in places.items()}
    assert counts == {"twice": 2, "once": 1, "gap": 0}  # the places test what they mean to
    for name, place in places.items():
        colour = _pixel(drawn, *place)
        assert np.allclose(colour, to_rgb(expected[counts[name]]), atol=0.02), name
    texts = " ".join(t.get_text() for t in drawn.figure.findobj(Text))
    assert "air picture at 100 m (drones)" in texts
    assert "Air picture, 100 m" in texts and "Depth: tiers covering" not in texts


def test_without_a_band_the_figure_shows_depth_and_no_scorecard(
    pictured: tuple[Scenario, AnalysisResult],
) -> None:
    drawn = _drawn(pictured)
    texts = " ".join(t.get_text() for t in drawn.figure.findobj(Text))
    assert "Depth: tiers covering" in texts and "Air picture" not in texts
    assert "Scorecard" not in texts
    assert "sensor (adds no depth)" in texts
    assert not np.allclose(_pixel(drawn, 31.05, 50.45), to_rgb(AIR_SEEN_TWICE.fill), atol=0.02)


def test_the_scorecard_lies_between_the_key_and_the_credits(
    pictured: tuple[Scenario, AnalysisResult],
) -> None:
    drawn = _drawn(pictured, scorecard=True)
    renderer = drawn.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = {
        gid: [
            t.get_window_extent(renderer) for t in drawn.figure.findobj(Text) if t.get_gid() == gid
        ]
        for gid in ("scorecard", "legend-text", "attribution")
    }
    (card,) = boxes["scorecard"]
    (credits,) = boxes["attribution"]
    assert card.y0 > credits.y1  # above the credits (y grows upwards)
    assert all(card.y1 < key.y0 for key in boxes["legend-text"])  # below the whole key
    assert card.x0 >= 0 and card.x1 <= drawn.figure.bbox.width
    text = next(t.get_text() for t in drawn.figure.findobj(Text) if t.get_gid() == "scorecard")
    assert text.splitlines() == [
        "Scorecard: 1 of 2 goals met.",
        "met: sensors_in_place == 2 (measured 2, margin +0)",
        "MISSED: violations > 0 (measured 0, margin +0)",
    ]


def test_an_unknown_band_is_named(pictured: tuple[Scenario, AnalysisResult]) -> None:
    with pytest.raises(UnknownBand) as raised:
        render_figure(*pictured, day=0, fmt="svg", size=SIZE, band="high")
    assert (raised.value.field, raised.value.value) == ("band", "high")
    assert "['low']" in raised.value.reason
