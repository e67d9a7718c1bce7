"""The Leaflet layers of umbrella's interactive maps: styled features, place names, groups, tiles.

Each layer is a variable of the page's script, made by a function of ``maps/web/map.js`` (see
``umbrella.maps.assets``) or of Leaflet; ``umbrella.maps.document`` writes the page around
them. Features carry their own look in ``properties``: ``style`` (Leaflet path options),
``symbol`` (``circle``, ``square`` or ``cross``), ``popup`` and ``tooltip``
(HTML), ``label`` (a permanent tooltip) and ``id`` (set as ``data-id`` on the drawn element);
a layer writes each distinct style once (``styles``, referred to by index, with a point's
radius apart as ``r``). GeoJSON keeps ``[lon, lat]``; Leaflet's ``L.geoJSON`` turns it into
``[lat, lng]``, so Python never swaps coordinates except in ``leaflet_bounds``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final

if TYPE_CHECKING:
    from umbrella.maps.labels import Label

__all__ = [
    "PANES",
    "FeatureGroup",
    "LabelLayer",
    "Layer",
    "TileLayer",
    "VectorLayer",
    "javascript_object",
    "leaflet_bounds",
    "script_json",
    "template_json",
]

PANES: Final = {
    "umbrella-basemap": ("mapPane", 250),
    "umbrella-shading": ("mapPane", 260),
    "umbrella-water": ("mapPane", 270),
    "umbrella-public": ("overlayPane", 1),
    "umbrella-areas": ("overlayPane", 2),
    "umbrella-lines": ("overlayPane", 3),
    "umbrella-labels": ("overlayPane", 4),
    "umbrella-public-points": ("overlayPane", 5),
    "umbrella-points": ("overlayPane", 6),
}
"""Pane name -> (parent pane, z-index), bottom to top, whatever was switched on last: land
and sea; the depth and the gap, opaque as the figures draw them; coast, lakes and rivers;
public areas and lines under the scenario's, place names over both, public points under the
scenario's points (targets, depots, violations)."""

_STATEMENT: Final = "\n            {}\n        "  # Leaflet's own calls, as the page lays them out
_CALL: Final = "\n        {}\n        "  # calls of umbrella's script
_ARGUMENT: Final = "\n" + " " * 16


def script_json(value: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element, whatever strings it holds.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (the same string to a JSON reader), so
    no ``</script>``, ``<!--`` or markup of any kind appears in the page's source.
    """
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def leaflet_bounds(bbox: tuple[float, float, float, float]) -> list[list[float]]:
    """A lon/lat box as Leaflet's ``[[south, west], [north, east]]``."""
    west, south, east, north = bbox
    return [[south, west], [north, east]]


def _compact(collection: Mapping[str, Any]) -> dict[str, Any]:
    """The collection with each distinct style written once and points' radii apart."""
    index: dict[str, int] = {}
    styles: list[dict[str, Any]] = []
    features = []
    for item in collection["features"]:
        properties = dict(item["properties"])
        style = dict(properties.pop("style", {}))
        radius = style.pop("radius", None)
        key = json.dumps(style, sort_keys=True)
        if key not in index:
            index[key] = len(styles)
            styles.append(style)
        properties["style"] = index[key]
        if radius is not None:
            properties["r"] = radius
        features.append({**item, "properties": properties})
    return {"type": "FeatureCollection", "styles": styles, "features": features}


def template_json(value: Any) -> str:
    """JSON with ``<``, ``>``, ``&`` and ``'`` as ``\\u`` escapes, spaced as Python writes it
    (the form of the page's layer names and of Leaflet's options)."""
    text = json.dumps(value)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


def javascript_object(options: Mapping[str, Any]) -> str:
    """A JavaScript object literal of ``options``, one member a line."""
    members = "".join(f'  "{key}": {template_json(value)},\n' for key, value in options.items())
    return "{\n" + members + "}"


class Layer:
    """A layer of the page: its script variable ``var``, its ``name`` in the layer control (if
    ``control``), a base layer unless ``overlay``, added to its parent on opening if ``show``."""

    kind: ClassVar[str] = "layer"

    def __init__(
        self,
        *,
        name: str | None = None,
        overlay: bool = True,
        control: bool = True,
        show: bool = True,
    ) -> None:
        self.var = f"{self.kind}_{os.urandom(16).hex()}"
        self.name = self.var if name is None else name
        self.overlay = overlay
        self.control = control
        self.show = show
        self.children: list[Layer] = []

    def definition(self) -> str:
        """The script that makes the layer's variable."""
        raise NotImplementedError

    def script(self, parent: str) -> Iterator[str]:
        """The scripts of the layer, of its children, then the one adding it to ``parent``."""
        yield self.definition()
        for child in self.children:
            yield from child.script(self.var)
        if self.show:
            yield _STATEMENT.format(f"{self.var}.addTo({parent});")


class FeatureGroup(Layer):
    """Layers switched on and off together (``children``)."""

    kind = "feature_group"

    def definition(self) -> str:
        """``L.featureGroup``, without options."""
        no_options = f"{_ARGUMENT}{{\n}}\n            "
        return _STATEMENT.format(f"var {self.var} = L.featureGroup({no_options});")


class TileLayer(Layer):
    """Map tiles from ``url`` (``{z}/{x}/{y}``), credited with ``attribution`` (HTML)."""

    kind = "tile_layer"

    def __init__(self, url: str, *, attribution: str, name: str, overlay: bool = False) -> None:
        super().__init__(name=name, overlay=overlay)
        self.url = url
        self.options = {
            "minZoom": 0,
            "maxZoom": 18,
            "maxNativeZoom": 18,
            "noWrap": False,
            "attribution": attribution,
            "subdomains": "abc",
            "detectRetina": False,
            "tms": False,
            "opacity": 1,
        }

    def definition(self) -> str:
        """``L.tileLayer`` of the URL and options."""
        url, options = template_json(self.url), javascript_object(self.options)
        arguments = f"{_ARGUMENT}{url},{_ARGUMENT}{options}\n\n            "
        return _STATEMENT.format(f"var {self.var} = L.tileLayer({arguments});")


class VectorLayer(Layer):
    """A GeoJSON FeatureCollection drawn with its features' own styles, popups and labels.

    ``cluster``: points that would overlap are gathered into one symbol (a pie of their
    colours, titled with their names) that spreads them out when clicked. ``min_zoom``: the
    layer is drawn only from that zoom level on.
    """

    kind = "vector_layer"

    def __init__(
        self,
        collection: Mapping[str, Any],
        *,
        pane: str,
        name: str | None = None,
        overlay: bool = True,
        control: bool = True,
        show: bool = True,
        interactive: bool = True,
        cluster: bool = False,
        min_zoom: float | None = None,
    ) -> None:
        if pane not in PANES:
            raise ValueError(f"unknown pane {pane!r}")
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self.data = script_json(_compact(collection))
        self.options = script_json(
            {"pane": pane, "interactive": interactive, "cluster": cluster, "minZoom": min_zoom}
        )

    def definition(self) -> str:
        """``umbrellaLayer`` of the features and options."""
        return _CALL.format(f"var {self.var} = umbrellaLayer({self.data}, {self.options});")


class LabelLayer(Layer):
    """Place names, each shown within its zoom range where it overlaps no earlier name."""

    kind = "label_layer"

    def __init__(self, labels: Sequence[Label]) -> None:
        super().__init__(control=False)
        self.labels = script_json(
            [
                [
                    label.text,
                    round(label.lon, 3),
                    round(label.lat, 3),
                    label.kind,
                    label.min_zoom,
                    label.max_zoom,
                ]
                for label in labels
            ]
        )

    def definition(self) -> str:
        """``umbrellaLabels`` of the names, in their pane."""
        return _CALL.format(f'var {self.var} = umbrellaLabels({self.labels}, "umbrella-labels");')
