"""folium and branca as umbrella's interactive maps use them, loaded without pandas.

folium imports pandas (about a third of a second) only to accept DataFrames as locations,
which umbrella never gives it. While folium loads, ``import pandas`` fails here as it would
were pandas not installed, and folium does without it. A process that has loaded pandas
already (the service) keeps it and folium uses it as usual.
"""

import sys


def _load_folium_without_pandas() -> None:
    if "pandas" in sys.modules or "folium" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" fails
    try:
        import folium  # noqa: F401
    finally:
        del sys.modules["pandas"]


_load_folium_without_pandas()

from branca.element import Element, Figure, MacroElement  # noqa: E402
from folium import FeatureGroup, LayerControl, Map, TileLayer  # noqa: E402
from folium.elements import ElementAddToElement  # noqa: E402
from folium.map import Layer  # noqa: E402
from folium.template import Template  # noqa: E402

__all__ = [
    "Element",
    "ElementAddToElement",
    "FeatureGroup",
    "Figure",
    "Layer",
    "LayerControl",
    "MacroElement",
    "Map",
    "Template",
    "TileLayer",
]
