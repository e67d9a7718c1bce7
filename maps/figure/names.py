"""The names on a figure's map, most important first: no-go zones, countries, seas, cities.

A no-go zone is named on the zone itself (or, when its name cannot be placed there, numbered
there and named in the key); a country's or sea's name lies wholly inside its area (countries
in capitals, seas in italics); a city's name sits beside its target symbol, or beside a small
dot drawn for a city that is not a target.
``place_names`` hands them to a ``LabelPlacer``, which leaves out any that would collide.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Final

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.result import PhaseResult
from umbrella.layers.rows import load_rows
from umbrella.maps.figure.canvas import MapCanvas
from umbrella.maps.figure.labels import Candidate, Label, LabelPlacer, area_anchors, around
from umbrella.maps.figure.layers import Symbols
from umbrella.maps.figure.layout import TextStyle
from umbrella.maps.scene import Scene
from umbrella.maps.style import BASEMAP, NO_GO

__all__ = ["CITY", "COUNTRY", "LABELLED_CITY_POPULATION", "NO_GO_LABEL", "SEA", "place_names"]

LABELLED_CITY_POPULATION: Final = 300_000
NO_GO_LABEL: Final = TextStyle(1.0, "bold", colour=NO_GO.colour)
COUNTRY: Final = TextStyle(1.0, colour="#75706a")
SEA: Final = TextStyle(1.0, slant="italic", colour="#3d6a8a")
CITY: Final = TextStyle(1.0, colour=BASEMAP.city)
CITY_DOT_PX: Final = 2.2
_GAPS_EM: Final = (0.2, 0.6)
"""Distances from a symbol's edge to its name: near first, then a little further out."""
_CROWDED_EM: Final = 1.0
"""A city this close to a bigger one on the figure goes unnamed (a suburb, a city's part)."""
_NO_GO_WIDTH_EM: Final = 10.0
_NUMBER_GAPS_EM: Final = (0.6, 1.2, 2.0, 3.0)
_MIN_AREA_EM2: Final = 4.0


def _area_labels(
    placer: LabelPlacer,
    canvas: MapCanvas,
    named: Iterable[tuple[str, BaseGeometry]],
    style: TextStyle,
    gid: str,
    *,
    inside: bool,
    wrap_em: float | None = None,
) -> Iterator[Label]:
    """Labels of lon/lat areas, tried at points inside them (and, if ``inside``, kept wholly
    inside them)."""
    for name, geometry in named:
        area = placer.on_map(canvas.projection.geometry(geometry))
        if area.is_empty or (inside and area.area < _MIN_AREA_EM2):
            continue
        lines = [name] if wrap_em is None else placer.measure.wrap(name, style, wrap_em)
        points = placer.from_em(area_anchors(area, spacing=1.0))
        candidates = [Candidate(x, y) for x, y in points.tolist()]
        yield Label(lines, style, candidates, gid, within=area if inside else None)


def _cities(
    canvas: MapCanvas, scene: Scene, symbols: Symbols
) -> Iterator[tuple[Label, np.ndarray | None]]:
    """Each big city's label, biggest first, beside whatever symbols cover its point (never
    further out: a name set apart would seem to name another symbol); with the point of a
    dot to draw if none covers it (a city that is not a target)."""
    cities = scene.public.cities
    big = cities.where(cities["population"] >= LABELLED_CITY_POPULATION)
    big = big.sorted_by("population", descending=True)
    xy = canvas.projection.xy(shapely.get_x(big.geometry), shapely.get_y(big.geometry))
    minx, miny, maxx, maxy = canvas.projection.bounds
    metres_per_pt = canvas.metres_per_point()
    crowded = metres_per_pt * canvas.em(_CROWDED_EM)
    for i, (name, point) in enumerate(zip(big["name"], xy, strict=True)):
        outside = not (minx < point[0] < maxx and miny < point[1] < maxy)
        if outside or (i and float(np.hypot(*(xy[:i] - point).T).min()) < crowded):
            continue
        distance_pt = np.hypot(*(symbols.centres - point).T) / metres_per_pt
        covering = distance_pt < symbols.reach_pt
        if covering.any():  # clear of every symbol over the city, its own target's too
            radius_pt = float((distance_pt + symbols.reach_pt)[covering].max())
        else:
            radius_pt = canvas.px(CITY_DOT_PX + 1.0)
        x, y = float(point[0]), float(point[1])
        candidates = around(x, y, [radius_pt + canvas.em(gap) for gap in _GAPS_EM])
        yield Label([str(name)], CITY, candidates, "city-label"), None if covering.any() else point


def _no_go_names(placer: LabelPlacer, canvas: MapCanvas, phase: PhaseResult) -> list[str]:
    """Each no-go zone's name placed on it; or else its number, on it or beside it with a
    leader line. The result: the key's notes for the numbered zones (and any left unmarked)."""
    notes: list[str] = []
    unmarked: list[str] = []
    zones = [(zone.label or zone.id, zone.geometry) for zone in phase.no_go]
    labels = _area_labels(
        placer, canvas, zones, NO_GO_LABEL, "no-go-label", inside=False, wrap_em=_NO_GO_WIDTH_EM
    )
    for label in labels:
        if placer.place(label) is not None:
            continue
        name = " ".join(label.lines)
        number = str(len(notes) + 1)
        first = label.candidates[0]
        beside = around(first.x, first.y, [canvas.em(g) for g in _NUMBER_GAPS_EM], leader_pt=0.0)
        marker = replace(
            label, lines=[number], candidates=[*label.candidates, *beside], gid="no-go-number"
        )
        if placer.place(marker) is not None:
            notes.append(f"({number}) {name}")
        else:
            unmarked.append(name)
    if unmarked:
        notes.append(f"not marked, for want of room: {'; '.join(unmarked)}")
    return notes


def place_names(
    placer: LabelPlacer,
    canvas: MapCanvas,
    scene: Scene,
    phase: PhaseResult,
    symbols: Symbols,
) -> list[str]:
    """Place every name that fits, most important first; draw a dot for each placed city
    without a target symbol. The result: the key's notes naming the no-go zones that are
    numbered on the map, "(1) name", ...."""
    notes = _no_go_names(placer, canvas, phase)
    countries = scene.public.countries.sorted_by("pop_est", descending=True)
    names = [str(n).upper() for n in countries["name"]]
    for label in _area_labels(
        placer,
        canvas,
        zip(names, countries.geometry, strict=True),
        COUNTRY,
        "country-label",
        inside=True,
    ):
        placer.place(label)
    seas = load_rows("seas", bbox=scene.public.bbox).sorted_by("scalerank")
    for label in _area_labels(
        placer, canvas, zip(seas["name"], seas.geometry, strict=True), SEA, "sea-label", inside=True
    ):
        placer.place(label)
    dot_reach = canvas.px(CITY_DOT_PX + 1.0)
    dots = []
    for label, dot in _cities(canvas, scene, symbols):
        box = None if dot is None else placer.point_boxes(dot, dot_reach)[0]
        if box is not None and not placer.free(tuple(box)):
            continue
        if placer.place(label) is not None and dot is not None and box is not None:
            placer.block(box)
            dots.append(dot)
    canvas.points(  # one collection, drawn dot after dot as one each was
        np.reshape(dots, (-1, 2)),
        radius_px=CITY_DOT_PX,
        marker="o",
        fill=BASEMAP.city,
        edge="#ffffff",
        edge_px=0.8,
        zorder=13,
    )
    return notes
