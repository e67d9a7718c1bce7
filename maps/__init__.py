"""umbrella.maps: offline interactive maps (Leaflet) and static figures (PNG, SVG, PDF).

Members load on first use (``umbrella.geo.lazy``): sizes, formats and errors cost nothing,
figures load matplotlib and HTML maps folium only when drawn.
"""

from typing import TYPE_CHECKING

from umbrella.geo.lazy import lazy_members

if TYPE_CHECKING:
    from umbrella.maps.assets import ASSET_FILES
    from umbrella.maps.errors import (
        FigureSizeError,
        MapInputError,
        UnknownBand,
        UnknownFormat,
        UnknownMapPhase,
    )
    from umbrella.maps.figure.air import check_band
    from umbrella.maps.figure.size import (
        DEFAULT_DPI,
        DEFAULT_WIDTH_PX,
        FIGURE_FORMATS,
        PRESETS,
        FigureFormat,
        FigureSize,
        figure_size,
    )
    from umbrella.maps.interactive import OSM_TILES, render_html
    from umbrella.maps.static import render_figure

__all__ = [
    "ASSET_FILES",
    "DEFAULT_DPI",
    "DEFAULT_WIDTH_PX",
    "FIGURE_FORMATS",
    "OSM_TILES",
    "PRESETS",
    "FigureFormat",
    "FigureSize",
    "FigureSizeError",
    "MapInputError",
    "UnknownBand",
    "UnknownFormat",
    "UnknownMapPhase",
    "check_band",
    "figure_size",
    "render_figure",
    "render_html",
]

__getattr__, __dir__ = lazy_members(
    __name__,
    {
        "ASSET_FILES": "assets",
        "DEFAULT_DPI": "figure.size",
        "DEFAULT_WIDTH_PX": "figure.size",
        "FIGURE_FORMATS": "figure.size",
        "OSM_TILES": "interactive",
        "PRESETS": "figure.size",
        "FigureFormat": "figure.size",
        "FigureSize": "figure.size",
        "FigureSizeError": "errors",
        "MapInputError": "errors",
        "UnknownBand": "errors",
        "UnknownFormat": "errors",
        "UnknownMapPhase": "errors",
        "check_band": "figure.air",
        "figure_size": "figure.size",
        "render_figure": "static",
        "render_html": "interactive",
    },
)
