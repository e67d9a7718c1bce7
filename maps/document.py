"""The HTML document of an interactive map: its head, its panels, the Leaflet map and its script.

The document is written as text, as folium 0.20 laid it out when umbrella drew its maps with
folium (the same elements, order and spacing; the class ``folium-map`` of the map's element
is kept for the stylesheets): loading folium and compiling its templates cost more than the
rest of a map. Markup given to ``render_page`` is inserted as it is; JSON in the script is
written by ``umbrella.maps.leaflet`` (safe inside a ``<script>``). Variable names are random,
as folium's were, so that no two maps on one origin share one.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from umbrella.maps.leaflet import PANES, Layer, javascript_object, script_json, template_json

__all__ = ["MapPage", "render_page"]

_CHARSET: Final = '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />'
_CONTROL_OPTIONS: Final = {"position": "topright", "collapsed": False, "autoZIndex": True}
_MAP_HEAD: Final = """
            <meta name="viewport" content="width=device-width,
                initial-scale=1.0, maximum-scale=1.0, user-scalable=no" />
            <style>
                #{map} {{
                    position: relative;
                    width: 100.0%;
                    height: 100.0%;
                    left: 0.0%;
                    top: 0.0%;
                }}
                .leaflet-container {{ font-size: 1rem; }}
            </style>

            <style>html, body {{
                width: 100%;
                height: 100%;
                margin: 0;
                padding: 0;
            }}
            </style>

            <style>#map {{
                position:absolute;
                top:0;
                bottom:0;
                right:0;
                left:0;
                }}
            </style>

            <script>
                L_NO_TOUCH = false;
                L_DISABLE_3D = false;
            </script>

        """
_MAP_SCRIPT: Final = (
    """
            var {map} = L.map(
                "{map}",
                {{
                    center: [0.0, 0.0],
                    crs: L.CRS.EPSG3857,
                    ...{options}

                }}
            );
            L.control.scale().addTo({map});
"""
    + "\n            \n\n        "
)
_PANES_SCRIPT: Final = """
        (function (map) {{
          var panes = {panes};
          Object.keys(panes).forEach(function (name) {{
            var pane = map.createPane(name, map.getPane(panes[name][0]));
            pane.style.zIndex = panes[name][1];
          }});
        }})({map});
        """
_ATTRIBUTION_SCRIPT: Final = """
        {map}.attributionControl
            .setPrefix("Leaflet").addAttribution({text});
        """
_CONTROL_SCRIPT: Final = """
            var {control}_layers = {{
                base_layers : {{{bases}
                }},
                overlays :  {{{overlays}
                }},
            }};
            let {control} = L.control.layers(
                {control}_layers.base_layers,
                {control}_layers.overlays,
                {options}
            ).addTo({map});

        """


@dataclass(frozen=True)
class MapPage:
    """What an interactive map's page holds.

    ``title``: the page's title (markup). ``head``: markup in ``<head>`` (assets, styles);
    ``body``: markup before the map (panels). ``options``: Leaflet's map options. ``layers``:
    the map's layers, bottom to top; the layer control lists those with ``control``, in this
    order. ``phases``: each phase day's label, and for each layer group its sub-layers per day
    (``umbrellaPhases``). ``attribution``: plain text. ``overlays`` and ``bases``: (key, layer)
    of each layer a shared link names; ``bounds``: the first view, Leaflet's
    ``[[south, west], [north, east]]`` (``umbrellaControls``).
    """

    title: str
    head: Sequence[str]
    body: Sequence[str]
    options: Mapping[str, Any]
    layers: Sequence[Layer]
    phases: Mapping[int, str]
    phased: Sequence[tuple[Layer, Mapping[int, Sequence[Layer]]]]
    attribution: str
    overlays: Sequence[tuple[str, Layer]]
    bases: Sequence[tuple[str, Layer]]
    bounds: Sequence[Sequence[float]]


def _name(kind: str) -> str:
    return f"{kind}_{os.urandom(16).hex()}"


def _parts(parts: Sequence[str]) -> str:
    return "".join(f"\n    {part}" for part in parts)


def _phase_script(page: MapPage) -> str:
    groups = "".join(
        f"\n            [{group.var}, {{ "
        + "".join(
            f'\n              "{day}": [{", ".join(layer.var for layer in layers)}],'
            for day, layers in by_day.items()
        )
        + " }],"
        for group, by_day in page.phased
    )
    labels = script_json({str(day): text for day, text in page.phases.items()})
    return f"\n        umbrellaPhases([{groups}\n          ], {labels});\n        "


def _control_script(page: MapPage, map_name: str, control: str) -> str:
    bases: dict[str, str] = {}  # a repeated name lists the last of its layers, in first place
    overlays: dict[str, str] = {}
    for layer in page.layers:
        if layer.control:
            (overlays if layer.overlay else bases)[layer.name] = layer.var

    def entries(listed: dict[str, str]) -> str:
        indent = "\n" + " " * 20
        return "".join(f"{indent}{template_json(k)} : {v}," for k, v in listed.items())

    return _CONTROL_SCRIPT.format(
        control=control,
        map=map_name,
        bases=entries(bases),
        overlays=entries(overlays),
        options=javascript_object(_CONTROL_OPTIONS),
    )


def _controls_script(page: MapPage, map_name: str, control: str) -> str:
    def keyed(layers: Sequence[tuple[str, Layer]]) -> str:
        return "".join(f"{template_json(key)}: {layer.var}," for key, layer in layers)

    overlays, bases, bounds = keyed(page.overlays), keyed(page.bases), script_json(page.bounds)
    return (
        f"\n        umbrellaControls({map_name}, {control},\n          {{ {overlays} }},"
        f"\n          {{ {bases} }},\n          {bounds});\n        "
    )


def render_page(page: MapPage) -> str:
    """The page's HTML document."""
    map_name, control = _name("map"), _name("layer_control")
    head = [_CHARSET, *page.head, _MAP_HEAD.format(map=map_name)]
    body = [*page.body, f'\n            <div class="folium-map" id="{map_name}" ></div>\n        ']
    script = [
        _MAP_SCRIPT.format(map=map_name, options=javascript_object(page.options)),
        _PANES_SCRIPT.format(map=map_name, panes=script_json(PANES)),
        *(part for layer in page.layers for part in layer.script(map_name)),
        _phase_script(page),
        _ATTRIBUTION_SCRIPT.format(map=map_name, text=script_json(html.escape(page.attribution))),
        _control_script(page, map_name, control),
        _controls_script(page, map_name, control),
    ]
    title = f"<title>{page.title}</title>" if page.title else ""
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{title}    {_parts(head)}\n</head>\n<body>\n    "
        f"{_parts(body)}\n</body>\n<script>\n    {_parts(script)}\n</script>\n</html>"
    )
