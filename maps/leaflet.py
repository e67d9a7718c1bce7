"""Folium elements of umbrella's interactive maps: styled GeoJSON layers, panes, phase switching.

Features carry their own look in ``properties``: ``style`` (Leaflet path options), ``symbol``
(``circle``, ``square`` or ``cross``), ``popup`` and ``tooltip`` (HTML), ``label`` (a permanent
tooltip) and ``id`` (set as ``data-id`` on the drawn element). GeoJSON keeps ``[lon, lat]``;
Leaflet's ``L.geoJSON`` turns it into ``[lat, lng]``, so Python never swaps coordinates except in
``leaflet_bounds``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Template

__all__ = [
    "HELPER_SCRIPT",
    "PANES",
    "Attribution",
    "Panes",
    "PhaseSwitcher",
    "RawHtml",
    "VectorLayer",
    "leaflet_bounds",
    "script_json",
]

PANES: Final = {
    "umbrella-basemap": ("mapPane", 250),
    "umbrella-areas": ("overlayPane", 1),
    "umbrella-lines": ("overlayPane", 2),
    "umbrella-points": ("overlayPane", 3),
}
"""Pane name -> (parent pane, z-index): areas under lines under points, whatever was added last."""

HELPER_SCRIPT: Final = """
function umbrellaLayer(data, pane, interactive) {
  function symbol(feature, latlng, style) {
    var kind = feature.properties.symbol || "circle";
    if (kind === "circle") {
      return L.circleMarker(latlng, Object.assign({pane: pane}, style));
    }
    var size = 2 * (style.radius || 6);
    var icon = L.divIcon({
      className: "umbrella-symbol umbrella-" + kind,
      iconSize: [size, size],
      html: "<span style='background:" + style.fillColor + ";border-color:" + style.color
        + ";color:" + style.fillColor + "'></span>"
    });
    return L.marker(latlng, {icon: icon, pane: pane, interactive: interactive});
  }
  return L.geoJSON(data, {
    pane: pane,
    interactive: interactive,
    style: function (feature) { return feature.properties.style || {}; },
    pointToLayer: function (feature, latlng) {
      return symbol(feature, latlng, feature.properties.style || {});
    },
    onEachFeature: function (feature, layer) {
      var p = feature.properties;
      if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 420}); }
      if (p.label) {
        layer.bindTooltip(p.label, {permanent: true, direction: "center",
                                    className: "umbrella-label"});
      } else if (p.tooltip) {
        layer.bindTooltip(p.tooltip, {sticky: true});
      }
      if (p.id) {
        layer.on("add", function () {
          var element = layer.getElement && layer.getElement();
          if (element) { element.setAttribute("data-id", p.id); }
        });
      }
    }
  });
}
"""


_SCRIPT_SAFE: Final = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(value: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element, whatever strings it holds.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (the same string to a JSON reader), so
    no ``</script>``, ``<!--`` or markup of any kind appears in the page's source.
    """
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_SAFE)


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


class Attribution(MacroElement):
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


class Panes(MacroElement):
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


class VectorLayer(Layer):
    """A GeoJSON FeatureCollection drawn with its features' own styles, popups and labels."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = umbrellaLayer(
            {{ this.data }}, {{ this.pane|tojson }}, {{ this.interactive|tojson }});
        {% endmacro %}
        """
    )

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
    ) -> None:
        if pane not in PANES:
            raise ValueError(f"unknown pane {pane!r}")
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "VectorLayer"
        self.data = script_json(collection)
        self.pane = pane
        self.interactive = interactive


class PhaseSwitcher(MacroElement):
    """Shows one phase at a time: radio inputs ``name="umbrella-phase"`` choose the day.

    groups: for each layer group, its sub-layers per phase day. Add it after every layer.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var groups = [{% for group, layers in this.groups %}
            [{{ group }}, { {% for day, names in layers %}
              "{{ day }}": [{{ names|join(", ") }}],{% endfor %} }],{% endfor %}
          ];
          var labels = {{ this.labels }};
          function show(day) {
            groups.forEach(function (entry) {
              Object.keys(entry[1]).forEach(function (key) {
                entry[1][key].forEach(function (layer) {
                  if (key === String(day)) { entry[0].addLayer(layer); }
                  else { entry[0].removeLayer(layer); }
                });
              });
            });
            var label = document.getElementById("umbrella-phase-label");
            if (label) { label.textContent = labels[String(day)]; }
            document.body.setAttribute("data-phase", String(day));
          }
          document.querySelectorAll("input[name=umbrella-phase]").forEach(function (input) {
            input.addEventListener("change", function () {
              if (input.checked) { show(input.value); }
            });
          });
          show({{ this.first_day }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        labels: Mapping[int, str],
        groups: Sequence[tuple[Layer, Mapping[int, Sequence[Layer]]]],
    ) -> None:
        super().__init__()
        self._name = "PhaseSwitcher"
        self.first_day = next(iter(labels))
        self.labels = script_json({str(day): text for day, text in labels.items()})
        self.groups = [
            (
                group.get_name(),
                [(day, [layer.get_name() for layer in layers]) for day, layers in by_day.items()],
            )
            for group, by_day in groups
        ]
