"""The HTML pages of the layer collections: a Leaflet map of features, and link pages.

Leaflet comes from this service's own ``/assets`` (``umbrella.maps.ASSET_FILES``); the page's
inline script fetches the features as GeoJSON from the same origin. Nothing is loaded from
anywhere else: the map has no tile background.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any, Final

from umbrella.maps import ASSET_FILES

__all__ = ["ASSETS_PREFIX", "document_page", "layer_map_page"]

ASSETS_PREFIX: Final = "/assets"
Link = tuple[str, str]  # (href, text)

_STYLE: Final = """
body { font-family: system-ui, sans-serif; margin: 0; }
header { padding: 0.5rem 1rem; }
header h1 { margin: 0.2rem 0; font-size: 1.3rem; }
nav a { margin-right: 0.8rem; }
#map { height: 72vh; border-top: 1px solid #ccc; background: #eef3f7; }
.popup th { text-align: left; padding-right: 0.5rem; vertical-align: top; }
pre { background: #f6f6f6; padding: 0.8rem; overflow: auto; }
"""

_SCRIPT: Final = """
(function () {
  const element = document.getElementById("map");
  const map = L.map(element, { worldCopyJump: true }).setView([20, 0], 2);
  function popup(feature) {
    const table = document.createElement("table");
    table.className = "popup";
    const rows = [["id", feature.id], ...Object.entries(feature.properties || {})];
    for (const [key, value] of rows) {
      const row = table.insertRow();
      const name = document.createElement("th");
      name.textContent = key;
      row.appendChild(name);
      row.insertCell().textContent = value === null ? "" : String(value);
    }
    return table;
  }
  fetch(element.dataset.src, { headers: { Accept: "application/geo+json" } })
    .then((response) => response.json())
    .then((data) => {
      const layer = L.geoJSON(data, {
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 5, weight: 1 }),
        style: { weight: 1 },
        onEachFeature: (feature, drawn) => drawn.bindPopup(() => popup(feature)),
      }).addTo(map);
      const bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 10 }); }
      document.getElementById("status").textContent =
        (data.numberReturned ?? 1) + " of " + (data.numberMatched ?? 1) + " features shown";
    })
    .catch((error) => {
      document.getElementById("status").textContent = "could not load the features: " + error;
    });
})();
"""


def _asset(suffix: str) -> str:
    path = next(path for path in ASSET_FILES if path.endswith(suffix))
    return f"{ASSETS_PREFIX}/{path}"


def _links(links: Sequence[Link]) -> str:
    items = (f'<a href="{html.escape(href)}">{html.escape(text)}</a>' for href, text in links)
    return "<nav>" + " ".join(items) + "</nav>"


def _page(title: str, head: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style>{head}</head>"
        f"<body>{body}</body></html>"
    )


def layer_map_page(
    title: str,
    description: str,
    geojson_url: str,
    navigation: Sequence[Link],
    layers: Sequence[Link],
) -> str:
    """A page with a Leaflet map of the GeoJSON at ``geojson_url``, with popups and links."""
    head = (
        f'<link rel="stylesheet" href="{_asset("leaflet.css")}">'
        f'<script src="{_asset("leaflet.js")}"></script>'
    )
    body = (
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(description)}</p>"
        f'{_links(navigation)}<p>Other layers: {_links(layers)}</p><p id="status">loading…</p>'
        f'</header><div id="map" data-src="{html.escape(geojson_url)}"></div>'
        f"<script>{_SCRIPT}</script>"
    )
    return _page(title, head, body)


def document_page(title: str, document: dict[str, Any], more: Sequence[Link] = ()) -> str:
    """A page that lists a JSON document's links (and ``more``) and shows the document."""
    own = [
        (str(link["href"]), str(link.get("title") or link.get("rel", link["href"])))
        for link in document.get("links", [])
    ]
    links = [*own, *more]
    text = html.escape(json.dumps(document, indent=2, ensure_ascii=False))
    body = f"<header><h1>{html.escape(title)}</h1>{_links(links)}</header><pre>{text}</pre>"
    return _page(title, "", body)
