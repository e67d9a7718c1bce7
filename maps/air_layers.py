"""The air picture on interactive maps: the sensors, and a layer per altitude band.

A band's layer holds, for the phase shown, where at least one sensor sees (light blue), where
two or more do (dark blue) and each gap in the picture (dashed red), in the styles of
``umbrella.maps.style``. The seen areas are drawn as the sensors see, beyond the regions too;
their popups give the areas inside the regions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shapely

from umbrella.coverage.result import AirPictureRow, PhaseResult
from umbrella.maps.features import Feature, area_style, feature, point_style
from umbrella.maps.page import picture_key
from umbrella.maps.popups import picture_gap_popup, picture_popup, sensor_popup
from umbrella.maps.style import AIR_GAP, AIR_SEEN, AIR_SEEN_TWICE, SENSOR

__all__ = ["Drawing", "picture_bands", "picture_layer", "picture_layers", "sensor_layer"]

Drawing = list[tuple[str, list[Feature]]]  # (pane, features)
PhaseDrawing = Callable[[Any, PhaseResult], Drawing]  # (scene, phase): the scene is not needed


def picture_bands(phases: tuple[PhaseResult, ...]) -> tuple[AirPictureRow, ...]:
    """The altitude bands of a result (the same in every phase), as the first phase has them."""
    return phases[0].summary.air_picture if phases else ()


def picture_layers(phases: tuple[PhaseResult, ...]) -> list[tuple[str, str, PhaseDrawing]]:
    """(layer key, name, drawing) of the air picture of each altitude band of a result."""
    return [
        (picture_key(b.band), f"Air picture: {b.band}, {b.altitude_m:,g} m", picture_layer(b.band))
        for b in picture_bands(phases)
    ]


def picture_layer(band: str) -> PhaseDrawing:
    """How the air picture of ``band`` is drawn for a phase."""

    def draw(_scene: Any, phase: PhaseResult) -> Drawing:
        row = next(r for r in phase.summary.air_picture if r.band == band)
        picture = next(p for p in phase.air_picture if p.band == band)
        features = [
            *feature(
                picture.seen.geometry,
                area_style(AIR_SEEN),
                popup=picture_popup(picture.seen, row),
            ),
            *feature(
                picture.redundant.geometry,
                {**area_style(AIR_SEEN_TWICE), "stroke": False},
                popup=picture_popup(picture.redundant, row),
            ),
        ]
        for gap in picture.gaps:
            features += feature(
                gap.geometry, area_style(AIR_GAP), popup=picture_gap_popup(gap, row)
            )
        return [("umbrella-areas", features)]

    return draw


def sensor_layer(_scene: Any, phase: PhaseResult) -> Drawing:
    """The sensors in place at a phase, as triangles."""
    features = [
        f
        for sensor in phase.sensors
        for f in feature(
            shapely.Point(sensor.geometry.x, sensor.geometry.y),
            point_style(SENSOR),
            popup=sensor_popup(sensor),
            tooltip=sensor.asset_id,
            id=sensor.asset_id,
            symbol="triangle",
        )
    ]
    return [("umbrella-points", features)]
