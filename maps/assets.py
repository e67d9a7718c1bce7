"""The browser assets of interactive maps: Leaflet, Leaflet.markercluster and jQuery from the
installed xstatic packages, and umbrella's own script and stylesheet (``maps/web``).

A map either inlines them (a self-contained file that makes no request at all) or links them
under ``asset_base_url``, which the service serves from ``ASSET_FILES``.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Final

import xstatic.pkg.jquery
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

__all__ = ["ASSET_FILES", "JS_ASSETS", "STYLESHEETS", "asset_tags"]

_LEAFLET_DIR: Final = Path(xstatic.pkg.leaflet.BASE_DIR)
_JQUERY_DIR: Final = Path(xstatic.pkg.jquery.BASE_DIR)
_CLUSTER_DIR: Final = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
_WEB_DIR: Final = Path(__file__).parent / "web"
_LEAFLET_IMAGES: Final = (
    "layers.png",
    "layers-2x.png",
    "marker-icon.png",
    "marker-icon-2x.png",
    "marker-shadow.png",
)

ASSET_FILES: Final[Mapping[str, Path]] = MappingProxyType(
    {
        "leaflet/leaflet.js": _LEAFLET_DIR / "leaflet.js",
        "leaflet/leaflet.css": _LEAFLET_DIR / "leaflet.css",
        "jquery/jquery.min.js": _JQUERY_DIR / "jquery.min.js",
        "markercluster/leaflet.markercluster.js": _CLUSTER_DIR / "leaflet.markercluster.js",
        "markercluster/MarkerCluster.css": _CLUSTER_DIR / "MarkerCluster.css",
        "umbrella/map.js": _WEB_DIR / "map.js",
        "umbrella/map.css": _WEB_DIR / "map.css",
        **{f"leaflet/images/{name}": _LEAFLET_DIR / "images" / name for name in _LEAFLET_IMAGES},
    }
)
"""URL sub-path -> file on disk, for every file a linked map may load."""

JS_ASSETS: Final = (
    "jquery/jquery.min.js",
    "leaflet/leaflet.js",
    "markercluster/leaflet.markercluster.js",
    "umbrella/map.js",
)
STYLESHEETS: Final = ("leaflet/leaflet.css", "markercluster/MarkerCluster.css", "umbrella/map.css")

_SOURCE_MAP: Final = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL: Final = re.compile(r"url\((images/[\w.-]+)\)")


def _inline_script(sub_path: str) -> str:
    text = _SOURCE_MAP.sub("", ASSET_FILES[sub_path].read_text(encoding="utf-8"))
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def _data_uri(match: re.Match[str]) -> str:
    """A CSS ``url(images/x.png)`` of Leaflet's stylesheet as an inline data URI."""
    payload = base64.b64encode(ASSET_FILES[f"leaflet/{match.group(1)}"].read_bytes()).decode()
    return f"url(data:image/png;base64,{payload})"


def _inline_stylesheet(sub_path: str) -> str:
    text = _CSS_URL.sub(_data_uri, ASSET_FILES[sub_path].read_text(encoding="utf-8"))
    return f"<style>{text}</style>"


def asset_tags(asset_base_url: str | None) -> str:
    """The ``<head>`` markup that loads every asset: inlined, or linked under a base URL."""
    if asset_base_url is None:
        return "\n".join([*map(_inline_stylesheet, STYLESHEETS), *map(_inline_script, JS_ASSETS)])
    base = html.escape(asset_base_url.rstrip("/"), quote=True)
    links = [f'<link rel="stylesheet" href="{base}/{path}"/>' for path in STYLESHEETS]
    scripts = [f'<script src="{base}/{path}"></script>' for path in JS_ASSETS]
    return "\n".join([*links, *scripts])
