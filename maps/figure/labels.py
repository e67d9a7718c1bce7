"""Labels that never collide: each tries its candidate places in turn and takes the first free.

A place is free when the label's box (with its halo) lies inside the map frame, overlaps no
label placed before it and no symbol, and, for a label that names an area (a country, a sea),
lies inside that area. Labels are placed in the order given (most important first); one that
finds no free place is left out, never drawn under a symbol or another label.

Candidate places are given in data coordinates with an offset in points, so a label keeps its
place whatever resolution the figure is saved at; collisions are tested in display pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.text import Annotation
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from umbrella.maps.figure.layout import Measure, TextStyle, font

__all__ = ["HALO_EM", "LEADER_EM", "Candidate", "Label", "LabelPlacer", "area_anchors", "around"]

HALO_EM: Final = 0.18
"""The white outline around label text, in em."""
LEADER_EM: Final = 0.06
_PAD_EM: Final = 0.12
_LINE_SPACING: Final = 1.1
_SHARE_BEFORE: Final = {"left": 0.0, "center": 0.5, "right": 1.0}
_SHARE_BELOW: Final = {"bottom": 0.0, "center": 0.5, "top": 1.0}

_AROUND: Final = (  # direction (unit offsets) and alignment, in order of preference
    ((1, 0), "left", "center"),
    ((0.71, 0.71), "left", "bottom"),
    ((0.71, -0.71), "left", "top"),
    ((-1, 0), "right", "center"),
    ((-0.71, 0.71), "right", "bottom"),
    ((-0.71, -0.71), "right", "top"),
    ((0, 1), "center", "bottom"),
    ((0, -1), "center", "top"),
    ((0.92, 0.38), "left", "bottom"),
    ((0.92, -0.38), "left", "top"),
    ((-0.92, 0.38), "right", "bottom"),
    ((-0.92, -0.38), "right", "top"),
    ((0.38, 0.92), "left", "bottom"),
    ((-0.38, 0.92), "right", "bottom"),
    ((0.38, -0.92), "left", "top"),
    ((-0.38, -0.92), "right", "top"),
)


@dataclass(frozen=True)
class Candidate:
    """A place for a label: an anchor (data coordinates), an offset (points), an alignment."""

    x: float
    y: float
    dx_pt: float = 0.0
    dy_pt: float = 0.0
    ha: str = "center"
    va: str = "center"
    leader_pt: float | None = None  # a leader line to the anchor, stopping this far from it


@dataclass(frozen=True)
class Label:
    """A label to place: its lines, style, places to try, and the area it must stay in."""

    lines: Sequence[str]
    style: TextStyle
    candidates: Sequence[Candidate]
    gid: str
    within: BaseGeometry | None = None  # in em from the map frame's lower-left corner


def around(
    x: float, y: float, gaps_pt: Sequence[float], leader_pt: float | None = None
) -> list[Candidate]:
    """Sixteen places around a point at each distance of ``gaps_pt`` from it, nearest first,
    right side first; with ``leader_pt``, each with a leader line stopping that far from it."""
    return [
        Candidate(x, y, dx * gap, dy * gap, ha, va, leader_pt)
        for gap in gaps_pt
        for (dx, dy), ha, va in _AROUND
    ]


def area_anchors(area: BaseGeometry, spacing: float, limit: int = 40) -> list[tuple[float, float]]:
    """Points inside an area (em), its pole of inaccessibility first, then the
    points of a grid ``spacing`` apart, deepest inside first; at most ``limit``."""
    if area.is_empty:
        return []
    parts = sorted(shapely.get_parts(area), key=lambda p: -p.area)
    first = polylabel(parts[0], tolerance=spacing / 4)
    minx, miny, maxx, maxy = area.bounds
    grid_x, grid_y = np.meshgrid(np.arange(minx, maxx, spacing), np.arange(miny, maxy, spacing))
    inside = shapely.contains_xy(area, grid_x.ravel(), grid_y.ravel())
    gx, gy = grid_x.ravel()[inside], grid_y.ravel()[inside]
    depth = shapely.distance(shapely.points(gx, gy), area.boundary)
    order = np.argsort(-depth)[: max(limit - 1, 0)]
    return [(first.x, first.y), *zip(gx[order].tolist(), gy[order].tolist(), strict=True)]


class LabelPlacer:
    """Places labels on a map axes, clear of the frame's edge, of symbols and of each other.

    Collisions are tested in em measured from the map frame's lower-left corner, with text
    sizes from ``Measure``: the same labels find the same places at every width.
    """

    def __init__(self, ax: Axes, em_pt: float, measure: Measure) -> None:
        self.ax = ax
        self.em_pt = em_pt
        self.measure = measure
        frame = ax.get_window_extent()
        self._origin = np.array([frame.x0, frame.y0])
        self._em_px = em_pt * ax.figure.dpi / 72.0
        width, height = frame.width / self._em_px, frame.height / self._em_px
        self._frame = (_PAD_EM, _PAD_EM, width - _PAD_EM, height - _PAD_EM)
        self._taken = np.empty((0, 4))
        self.placed: list[Annotation] = []

    def to_em(self, xy: np.ndarray) -> np.ndarray:
        """Data coordinates (n, 2) in em from the frame's lower-left corner."""
        display = self.ax.transData.transform(np.asarray(xy, dtype=float).reshape(-1, 2))
        return np.round((display - self._origin) / self._em_px, 6)

    def from_em(self, xy: np.ndarray | Sequence[tuple[float, float]]) -> np.ndarray:
        """Points (n, 2) in em from the frame's lower-left corner, in data coordinates."""
        display = np.asarray(xy, dtype=float).reshape(-1, 2) * self._em_px + self._origin
        return np.asarray(self.ax.transData.inverted().transform(display))

    def block(self, boxes: np.ndarray) -> None:
        """Keep labels off these (n, 4) boxes (x0, y0, x1, y1 in em)."""
        self._taken = np.vstack([self._taken, np.asarray(boxes, dtype=float).reshape(-1, 4)])

    def point_boxes(self, xy: np.ndarray, reach_pt: np.ndarray | float) -> np.ndarray:
        """The boxes (em) of symbols at data points (n, 2), each ``reach_pt`` from its centre."""
        centres = self.to_em(xy)
        reach = np.broadcast_to(np.asarray(reach_pt, dtype=float) / self.em_pt, (len(centres),))
        return np.column_stack([centres - reach[:, None], centres + reach[:, None]])

    def on_map(self, geometry: BaseGeometry) -> BaseGeometry:
        """A projected geometry cut to the map frame, in em from its lower-left corner."""
        x0, x1 = self.ax.get_xlim()
        y0, y1 = self.ax.get_ylim()
        visible = shapely.intersection(geometry, shapely.box(x0, y0, x1, y1))
        return visible if visible.is_empty else shapely.transform(visible, self.to_em)

    def free(
        self, box: tuple[float, float, float, float], within: BaseGeometry | None = None
    ) -> bool:
        """Whether a box (em) lies in the frame (and ``within``), clear of everything taken."""
        x0, y0, x1, y1 = box
        fx0, fy0, fx1, fy1 = self._frame
        if x0 < fx0 or y0 < fy0 or x1 > fx1 or y1 > fy1:
            return False
        t = self._taken
        if len(t) and np.any((t[:, 0] < x1) & (t[:, 2] > x0) & (t[:, 1] < y1) & (t[:, 3] > y0)):
            return False
        return within is None or bool(within.contains(shapely.box(*box)))

    def _annotation(self, label: Label, c: Candidate) -> Annotation:
        arrow = None
        if c.leader_pt is not None:
            arrow = {
                "arrowstyle": "-",
                "color": label.style.colour,
                "linewidth": LEADER_EM * self.em_pt,
                "shrinkA": 0.0,
                "shrinkB": c.leader_pt,
            }
        return self.ax.annotate(
            "\n".join(label.lines),
            (c.x, c.y),
            xytext=(c.dx_pt, c.dy_pt),
            textcoords="offset points",
            ha=c.ha,
            va=c.va,
            fontproperties=font(label.style, self.em_pt),
            color=label.style.colour,
            linespacing=_LINE_SPACING,
            annotation_clip=False,
            arrowprops=arrow,
            zorder=50,
            gid=label.gid,
            path_effects=[
                patheffects.withStroke(
                    linewidth=2 * HALO_EM * self.em_pt, foreground="#ffffff", alpha=0.9
                )
            ],
        )

    def place(self, label: Label) -> Annotation | None:
        """The label drawn at its first free candidate place, or None if none is free."""
        if not label.candidates:
            return None
        w, h = self.measure.box(label.lines, label.style, _LINE_SPACING)
        anchors = self.to_em(np.array([(c.x, c.y) for c in label.candidates]))
        for c, (ax_, ay) in zip(label.candidates, anchors, strict=True):
            x = ax_ + c.dx_pt / self.em_pt - w * _SHARE_BEFORE[c.ha]
            y = ay + c.dy_pt / self.em_pt - h * _SHARE_BELOW[c.va]
            box = (x - _PAD_EM, y - _PAD_EM, x + w + _PAD_EM, y + h + _PAD_EM)
            if self.free(box, label.within):
                self.block(np.array(box))
                text = self._annotation(label, c)
                self.placed.append(text)
                return text
        return None
