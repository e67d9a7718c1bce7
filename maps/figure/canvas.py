"""Drawing lon/lat geometries on a map axes in projected metres, sizes in the style's pixels.

``MapCanvas`` turns shapely geometries into matplotlib patches and collections. Line widths,
symbol radii and hatch spacing are given in the style's pixels (``umbrella.maps.style``, as
the interactive map draws them) and converted to points for the figure's page, so that they
keep their size relative to the map at every width.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry

from umbrella.maps.figure.size import Page
from umbrella.maps.projection import AreaProjection

__all__ = ["DASHES", "MapCanvas", "geometry_path", "line_parts"]

DASHES: tuple[float, tuple[float, float]] = (0.0, (3.0, 2.0))
"""Dash pattern in line widths (matplotlib scales dashes with the width)."""


def line_parts(geometry: BaseGeometry) -> list[np.ndarray]:
    """The coordinate arrays of every line and polygon ring in a geometry."""
    lines = []
    for part in shapely.get_parts(shapely.get_parts(geometry)):
        if part.geom_type in ("LineString", "LinearRing"):
            lines.append(shapely.get_coordinates(part))
        elif part.geom_type == "Polygon":
            lines += [shapely.get_coordinates(r) for r in (part.exterior, *part.interiors)]
    return lines


def geometry_path(geometries: Iterable[BaseGeometry]) -> Path | None:
    """One compound path of every polygon (holes as their own rings), or None if empty."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for geometry in geometries:
        for polygon in shapely.get_parts(shapely.get_parts(geometry)):
            if polygon.geom_type != "Polygon" or polygon.is_empty:
                continue
            for ring in (polygon.exterior, *polygon.interiors):
                xy = shapely.get_coordinates(ring)
                ring_codes = np.full(len(xy), Path.LINETO, dtype=np.uint8)
                ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
                vertices.append(xy)
                codes.append(ring_codes)
    if not vertices:
        return None
    return Path(np.concatenate(vertices), np.concatenate(codes))


class MapCanvas:
    """A map axes in projected metres, on a figure ``page``."""

    def __init__(self, ax: Axes, projection: AreaProjection, page: Page) -> None:
        self.ax = ax
        self.projection = projection
        self.page = page

    def px(self, style_px: float) -> float:
        """A length in the style's pixels, in points."""
        return float(style_px) * self.page.style_px_pt

    def em(self, em: float) -> float:
        """A length in em (text sizes), in points."""
        return em * self.page.em_pt

    def metres_per_point(self) -> float:
        """How many projected metres one point spans on the map."""
        (x0, _), (x1, _) = self.ax.transData.inverted().transform([(0.0, 0.0), (1.0, 0.0)])
        return abs(x1 - x0) * self.ax.figure.dpi / 72.0

    def area(
        self,
        geometries: Iterable[BaseGeometry],
        *,
        fill: str | None,
        alpha: float = 1.0,
        edge: str | None = None,
        width_px: float = 0.0,
        zorder: float,
        dashed: bool = False,
    ) -> PathPatch | None:
        """Polygons filled and outlined; None when there is nothing to draw."""
        path = geometry_path(self.projection.geometry(g) for g in geometries)
        if path is None:
            return None
        patch = PathPatch(
            path,
            facecolor=to_rgba(fill, alpha) if fill else "none",
            edgecolor=edge or "none",
            linewidth=self.px(width_px),
            linestyle=DASHES if dashed else "-",
            zorder=zorder,
        )
        self.ax.add_artist(patch)  # the limits are fixed: add_patch would walk every vertex
        return patch

    def hatch(self, patch: PathPatch, *, colour: str, spacing_px: float, width_px: float) -> None:
        """Diagonal lines ``spacing_px`` apart across a patch, clipped to it."""
        box = patch.get_path().get_extents()
        step = self.px(spacing_px) * self.metres_per_point() * np.sqrt(2.0)
        rise = box.height
        starts = np.arange(box.x0 - rise, box.x1 + step, step)
        segments = [((x, box.y0), (x + rise, box.y1)) for x in starts]
        lines = LineCollection(
            segments, colors=colour, linewidths=self.px(width_px), zorder=patch.get_zorder()
        )
        self.ax.add_collection(lines, autolim=False)
        lines.set_clip_path(patch)

    def lines(
        self,
        geometries: Iterable[BaseGeometry],
        *,
        colour: str,
        width_px: float,
        zorder: float,
        dashed: bool = False,
        alpha: float = 1.0,
    ) -> None:
        """Lines (and polygon outlines) ``width_px`` wide."""
        parts = [xy for g in geometries for xy in line_parts(g)]
        if parts:  # projected at once, then split back into lines
            lonlat = np.concatenate(parts)
            ends = np.cumsum([len(xy) for xy in parts])[:-1]
            segments = np.split(self.projection.xy(lonlat[:, 0], lonlat[:, 1]), ends)
            self.ax.add_collection(
                LineCollection(
                    segments,
                    colors=to_rgba(colour, alpha),
                    linewidths=self.px(width_px),
                    linestyles=DASHES if dashed else "-",
                    capstyle="round",
                    joinstyle="round",
                    zorder=zorder,
                ),
                autolim=False,
            )

    def points(
        self,
        xy: np.ndarray,
        *,
        radius_px: float | Sequence[float] | np.ndarray,
        marker: str,
        fill: str,
        edge: str,
        edge_px: float,
        zorder: float,
        halo_px: float = 0.0,
    ) -> PathCollection | None:
        """Symbols at projected (n, 2) points, ``radius_px`` in radius, with a white halo. One
        radius for all (a number) draws one marker shape stamped at every point, as it would
        be for each point alone; radii (an array) draw each symbol's shape on its own."""
        if len(xy) == 0:
            return None
        sizes = (2 * np.asarray(radius_px, dtype=float) * self.page.style_px_pt) ** 2
        if halo_px > 0:  # a white outline under the symbol's own: it reads on any ground
            self.ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=sizes,
                marker=marker,
                facecolors="none",
                edgecolors="#ffffff",
                linewidths=self.px(edge_px + 2 * halo_px),
                zorder=zorder,
            )
        return self.ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=sizes,
            marker=marker,
            facecolors=fill,
            edgecolors=edge,
            linewidths=self.px(edge_px),
            zorder=zorder,
        )
