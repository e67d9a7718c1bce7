"""The air picture and the scorecard in a figure, both asked for (neither is drawn by default).

``draw_air_picture`` shades the area analysed as one altitude band's picture (seen by one
sensor, by two or more, not seen) in place of the depth shading, in the opaque colours of
``umbrella.maps.style``; ``scorecard_lines`` words the phase's scorecard for the block under
the key.
"""

from __future__ import annotations

import shapely

from umbrella.coverage.report import scorecards
from umbrella.coverage.result import AirPictureRow, PhaseResult
from umbrella.coverage.scenario import Scenario
from umbrella.maps.errors import UnknownBand
from umbrella.maps.figure.canvas import MapCanvas
from umbrella.maps.style import AIR_GAP, AIR_SEEN, AIR_SEEN_TWICE

__all__ = ["band_of", "check_band", "draw_air_picture", "picture_words", "scorecard_lines"]


def check_band(scenario: Scenario, band: str, field: str) -> str:
    """``band`` if the scenario names it; UnknownBand naming ``field`` otherwise (so that a
    figure's band is refused before the analysis runs)."""
    if band not in scenario.altitude_bands:
        names = sorted(scenario.altitude_bands)
        raise UnknownBand(field, band, f"must be one of the scenario's altitude bands {names}")
    return band


def band_of(phase: PhaseResult, band: str) -> AirPictureRow:
    """The figures of an altitude band of the phase; UnknownBand (naming ``band``) if none."""
    for row in phase.summary.air_picture:
        if row.band == band:
            return row
    names = [row.band for row in phase.summary.air_picture]
    raise UnknownBand("band", band, f"must be one of the scenario's altitude bands {names}")


def picture_words(row: AirPictureRow) -> str:
    """How the figure names a band's picture: "air picture at 100 m (drones)"."""
    label = f" ({row.label})" if row.label != row.band else ""
    return f"air picture at {row.altitude_m:,g} m{label}"


def draw_air_picture(canvas: MapCanvas, phase: PhaseResult, band: str) -> None:
    """Shade the area analysed as the band's air picture, opaque, where depth would be."""
    picture = next(p for p in phase.air_picture if p.band == band)
    area = shapely.union_all([d.geometry for d in phase.depth] + [phase.gaps.geometry])
    for look, seen in ((AIR_SEEN, picture.seen), (AIR_SEEN_TWICE, picture.redundant)):
        inside = shapely.intersection(seen.geometry, area)
        canvas.area([inside], fill=look.fill, zorder=4)
    canvas.area(
        [gap.geometry for gap in picture.gaps],
        fill=AIR_GAP.fill,
        edge=AIR_GAP.colour,
        width_px=AIR_GAP.line_width,
        dashed=AIR_GAP.dashed,
        zorder=4,
    )


def scorecard_lines(phase: PhaseResult) -> list[str]:
    """The phase's scorecard in words: a heading, then a line per goal."""
    (card,) = scorecards([phase])
    if not card.lines:
        return ["Scorecard: no goals in this phase."]
    return [f"Scorecard: {card.met} of {card.goals} goals met."] + [
        f"{line.verdict}: {line.goal} (measured {line.value}, margin {line.margin})"
        for line in card.lines
    ]
