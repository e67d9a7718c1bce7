"""Elements of interactive maps put into the page plainly give the text branca would."""

from __future__ import annotations

import pytest
from branca.element import Element

from umbrella.maps.leaflet import _page_text

TEXTS = [
    "\n            feature_group_1.addTo(map_2);\n        ",
    "var g = L.featureGroup(\n    {}\n);\n  ",
    '{ "key": layer, }',
    "{{ 1 + 1 }}",
    "{% if true %}yes{% endif %}",
    "before {# a comment #} after",
    "ends with a newline\n",
    "carriage\r\nreturns\r",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_in_the_page_is_what_branca_renders(text: str) -> None:
    assert _page_text(text).render() == Element(text).render()
