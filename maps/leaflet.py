"""Folium elements of umbrella's interactive maps: styled layers, names, phases, shared views.

Each element calls a function of the page's script (``maps/web/map.js``, see
``umbrella.maps.assets``). Features carry their own look in ``properties``: ``style`` (Leaflet
path options), ``symbol`` (``circle``, ``square`` or ``cross``), ``popup`` and ``tooltip``
(HTML), ``label`` (a permanent tooltip) and ``id`` (set as ``data-id`` on the drawn element);
a layer writes each distinct style once (``styles``, referred to by index, with a point's
radius apart as ``r``). GeoJSON keeps ``[lon, lat]``; Leaflet's ``L.geoJSON`` turns it into
``[lat, lng]``, so Python never swaps coordinates except in ``leaflet_bounds``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from umbrella.maps.folium_stack import (
    Element,
    ElementAddToElement,
    FeatureGroup,
    Figure,
    Layer,
    MacroElement,
    Template,
)

if TYPE_CHECKING:
    from umbrella.maps.labels import Label

__all__ = [
    "PANES",
    "Attribution",
    "LabelLayer",
    "LayerGroup",
    "MapControls",
    "Panes",
    "PhaseSwitcher",
    "PlainMacro",
    "RawHtml",
    "ScriptElement",
    "VectorLayer",
    "control_name",
    "leaflet_bounds",
    "script_json",
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

_SCRIPT_SAFE: Final = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))
_BRACES: Final = str.maketrans({"{": "&#123;", "}": "&#125;"})


def script_json(value: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element, whatever strings it holds.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (the same string to a JSON reader), so
    no ``</script>``, ``<!--`` or markup of any kind appears in the page's source.
    """
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    for character, escaped in _SCRIPT_SAFE:  # str.replace: a fraction of translate's time
        text = text.replace(character, escaped)
    return text


def control_name(text: str) -> str:
    """A layer's name in folium's layer control, which shows it as HTML: escaped, and braces
    as character references (branca reads the control's script as a Jinja template)."""
    return html.escape(text).translate(_BRACES)


def leaflet_bounds(bbox: tuple[float, float, float, float]) -> list[list[float]]:
    """A lon/lat box as Leaflet's ``[[south, west], [north, east]]``."""
    west, south, east, north = bbox
    return [[south, west], [north, east]]


class RawHtml(Element):
    """Markup inserted as it is (branca would read an ``Element``'s text as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The markup, unchanged."""
        return self.text


_TEMPLATE_MARKS: Final = ("{{", "{%", "{#", "\r")


def _page_text(text: str) -> Element:
    """An element giving ``text`` in the page as branca's ``Element(text)`` does, without
    parsing it as a Jinja template (milliseconds each) when the template would be the text
    itself: nothing of Jinja's syntax in it, no carriage return, no final newline."""
    if text.endswith("\n") or any(mark in text for mark in _TEMPLATE_MARKS):
        return Element(text)
    return RawHtml(text)


class PlainMacro(MacroElement):
    """A macro element (or folium layer) put into the page as folium puts it, its parts as
    ``_page_text``: a layer shown on opening is added to its parent (``addTo``), then the
    template's ``header``, ``html`` and ``script`` macros go into the page, then the children.
    """

    # branca types Element.render as giving text; MacroElement.render, overridden here, gives None
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """The element's parts in the page, then its children's."""
        if isinstance(self, Layer) and self.show and self._parent is not None:
            name = self.get_name()
            added = _AddTo(element_name=name, element_parent_name=self._parent.get_name())
            self.add_child(added, name=name + "_add")
        page = self.get_root()
        if not isinstance(page, Figure):
            raise TypeError(f"{self._name} is drawn within a page only")
        macros = self._template.module.__dict__
        sections = (("header", page.header), ("html", page.html), ("script", page.script))
        for part, section in sections:
            if part in macros:
                section.add_child(_page_text(macros[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _AddTo(PlainMacro, ElementAddToElement):
    """folium's ``addTo`` of a layer, put in plainly."""


class LayerGroup(PlainMacro, FeatureGroup):
    """folium's ``FeatureGroup``, put in plainly."""


class ScriptElement(PlainMacro):
    """An element whose script (``page_script``) goes into the page as it is.

    branca keeps the script an element's template writes as an ``Element``, which reads its
    text as a Jinja template: text holding ``{{`` or ``{%`` (a popup, a name) would be
    evaluated, and megabytes of GeoJSON parsed as a template for nothing.
    """

    def page_script(self) -> str:
        """The element's JavaScript."""
        raise NotImplementedError

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as PlainMacro's
        """The script in the element's place, then what folium adds (a layer's ``addTo``)."""
        page = self.get_root()
        if not isinstance(page, Figure):
            raise TypeError(f"{self._name} is drawn within a page only")
        page.script.add_child(RawHtml(self.page_script()), name=self.get_name())
        super().render(**kwargs)


class Attribution(PlainMacro):
    """Credits the data in the map's attribution control, without any link."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl
            .setPrefix("Leaflet").addAttribution({{ this.text }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = script_json(html.escape(text))


class Panes(PlainMacro):
    """Creates umbrella's panes; add it to the map before any layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
          var panes = {{ this.panes }};
          Object.keys(panes).forEach(function (name) {
            var pane = map.createPane(name, map.getPane(panes[name][0]));
            pane.style.zIndex = panes[name][1];
          });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Panes"
        self.panes = script_json(PANES)


def _collection_json(collection: Mapping[str, Any]) -> str:
    """The collection as script JSON, each distinct style written once and points' radii apart;
    each feature's geometry (``GeometryJson``) as it is written already."""
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
        geometry = item["geometry"].text
        features.append(
            f'{{"type":"Feature","geometry":{geometry},"properties":{script_json(properties)}}}'
        )
    return (
        f'{{"type":"FeatureCollection","styles":{script_json(styles)},'
        f'"features":[{",".join(features)}]}}'
    )


class VectorLayer(ScriptElement, Layer):
    """A FeatureCollection of ``umbrella.maps.features`` drawn with its features' own styles,
    popups and labels.

    ``cluster``: points that would overlap are gathered into one symbol (a pie of their
    colours, titled with their names) that spreads them out when clicked. ``min_zoom``: the
    layer is drawn only from that zoom level on.
    """

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
        self._name = "VectorLayer"
        self.data = _collection_json(collection)
        self.options = script_json(
            {"pane": pane, "interactive": interactive, "cluster": cluster, "minZoom": min_zoom}
        )

    def page_script(self) -> str:
        """Draws the layer (``umbrellaLayer``)."""
        return f"var {self.get_name()} = umbrellaLayer({self.data}, {self.options});"


class LabelLayer(ScriptElement, Layer):
    """Place names, each shown within its zoom range where it overlaps no earlier name."""

    def __init__(self, labels: Sequence[Label]) -> None:
        super().__init__(control=False)
        self._name = "LabelLayer"
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

    def page_script(self) -> str:
        """Places the names (``umbrellaLabels``)."""
        return f'var {self.get_name()} = umbrellaLabels({self.labels}, "umbrella-labels");'


class PhaseSwitcher(ScriptElement):
    """Shows one phase at a time: radio inputs ``name="umbrella-phase"`` choose the day.

    groups: for each layer group, its sub-layers per phase day. Add it after every layer.
    """

    def __init__(
        self,
        labels: Mapping[int, str],
        groups: Sequence[tuple[Layer, Mapping[int, Sequence[Layer]]]],
    ) -> None:
        super().__init__()
        self._name = "PhaseSwitcher"
        self.labels = script_json({str(day): text for day, text in labels.items()})
        self.groups = [
            (
                group.get_name(),
                [(day, [layer.get_name() for layer in layers]) for day, layers in by_day.items()],
            )
            for group, by_day in groups
        ]

    def page_script(self) -> str:
        """``umbrellaPhases`` with each group's layers per day, keyed by the day as text."""
        groups = []
        for group, layers in self.groups:
            days = ",".join(f"{script_json(str(day))}:[{','.join(names)}]" for day, names in layers)
            groups.append(f"[{group},{{{days}}}]")
        return f"umbrellaPhases([{','.join(groups)}], {self.labels});"


class MapControls(PlainMacro):
    """Collapsible layer control and legend, legend rows that follow their layers, shared links.

    The page's address keeps the phase, the view and the layers shown (``#phase=…&view=zoom/lat/
    lon&layers=key,key&base=key``) and restores them on opening; without a view in it, the map
    opens on ``bounds`` (Leaflet's ``[[south, west], [north, east]]``), without animation.
    overlays and bases: (key, layer) of every layer in the layer control. Add it last.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        umbrellaControls({{ this._parent.get_name() }}, {{ this.control.get_name() }},
          { {% for key, layer in this.overlays %}{{ key|tojson }}: {{ layer }},{% endfor %} },
          { {% for key, layer in this.bases %}{{ key|tojson }}: {{ layer }},{% endfor %} },
          {{ this.bounds }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        control: MacroElement,
        overlays: Sequence[tuple[str, Layer]],
        bases: Sequence[tuple[str, Layer]],
        bounds: Sequence[Sequence[float]],
    ) -> None:
        super().__init__()
        self._name = "MapControls"
        self.control = control
        self.bounds = script_json(bounds)
        self.overlays = [(key, layer.get_name()) for key, layer in overlays]
        self.bases = [(key, layer.get_name()) for key, layer in bases]
