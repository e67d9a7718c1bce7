"""folium and branca as umbrella's interactive maps use them, loaded without pandas and with
their templates' compiled code kept (``umbrella.maps.template_code``).

folium imports pandas (about a third of a second) only to accept DataFrames as locations,
which umbrella never gives it. While folium loads, ``import pandas`` fails here as it would
were pandas not installed, and folium does without it. A process that has loaded pandas
already (the service) keeps it and folium uses it as usual.
"""

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from importlib.util import MAGIC_NUMBER

from umbrella.maps.template_code import load_with_kept_templates


@contextmanager
def _pandas_hidden() -> Iterator[None]:
    if "pandas" in sys.modules:
        yield
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" fails
    try:
        yield
    finally:
        del sys.modules["pandas"]


def _load_folium() -> None:
    if "folium" in sys.modules:
        return
    inputs = (*(version(name) for name in ("folium", "branca", "jinja2")), MAGIC_NUMBER.hex())
    with _pandas_hidden():
        load_with_kept_templates(
            "folium-templates", inputs, lambda: importlib.import_module("folium")
        )


_load_folium()

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
