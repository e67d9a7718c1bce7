"""umbrella.maps: offline interactive maps (Leaflet) and static figures (PNG, SVG, PDF)."""

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
    PRESETS,
    FigureSize,
    figure_size,
)
from umbrella.maps.interactive import OSM_TILES, render_html
from umbrella.maps.static import FIGURE_FORMATS, FigureFormat, render_figure

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
