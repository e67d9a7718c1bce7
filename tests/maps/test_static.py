"""Static figures: exact pixel size, not blank, valid SVG and PDF, sizes checked, true scale.

The layout at the sizes an editor asks for is checked on the example in test_figure_sizes.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import matplotlib.image
import numpy as np
import pytest
from figure_files import pdf_media_box, png_of, svg_size
from pyproj import Geod

from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario
from umbrella.maps import (
    PRESETS,
    FigureSizeError,
    UnknownFormat,
    UnknownMapPhase,
    figure_size,
    render_figure,
)
from umbrella.maps.projection import area_projection, nice_length_km

SMALL_FIGURE = {"size": figure_size(width_px=900, dpi=100)}


def test_png_has_the_requested_size_and_is_not_blank(
    small: tuple[Scenario, AnalysisResult],
) -> None:
    data = render_figure(*small, day=30, fmt="png", **SMALL_FIGURE)
    png = png_of(data)
    assert (png.width, png.dpi) == (900, pytest.approx(100, abs=0.02))
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert image.shape[:2] == (png.height, png.width)
    colours = np.unique((image[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200
    background = image[0, image.shape[1] // 2, :3]
    differs = np.any(np.abs(image[..., :3] - background) > 0.05, axis=-1)
    assert differs.mean() > 0.2


@pytest.mark.parametrize(
    ("size", "width_px", "dpi"),
    [
        ({"width_px": 640, "dpi": 72}, 640, 72),
        ({"width_px": 1001, "dpi": 300}, 1001, 300),
        ({"width_mm": 85, "dpi": 300}, round(85 / 25.4 * 300), 300),
        ({"preset": "slide"}, 1920, 200),
        ({"preset": "single-column", "dpi": 150}, round(85 / 25.4 * 150), 150),
    ],
)
def test_png_width_follows_the_size_exactly(
    small: tuple[Scenario, AnalysisResult], size: dict[str, int | str], width_px: int, dpi: int
) -> None:
    data = render_figure(*small, day=0, fmt="png", size=figure_size(**size))  # type: ignore[arg-type]
    png = png_of(data)
    assert (png.width, png.dpi) == (width_px, pytest.approx(dpi, abs=0.02))
    assert png.height > 0.5 * width_px  # the page: heading, map, key, credits


def test_presets_are_an_editors_sizes() -> None:
    assert figure_size(preset="single-column") == figure_size(width_mm=85)
    assert figure_size(preset="double-column") == figure_size(width_mm=180)
    assert figure_size(preset="slide") == figure_size(width_px=1920)
    assert set(PRESETS) == {"single-column", "double-column", "slide"}


def test_a_screen_svg_counts_96_pixels_to_the_inch(small: tuple[Scenario, AnalysisResult]) -> None:
    data = render_figure(*small, day=0, fmt="svg", size=figure_size(width_px=960))
    width, height, view_box = svg_size(data)
    assert width == 720.0  # 960 px at 96 per inch: 10 in
    assert view_box == (0.0, 0.0, width, height)
    assert (height * 96 / 72).is_integer()  # whole pixels of the screen


def test_svg_is_xml_with_an_svg_root(small: tuple[Scenario, AnalysisResult]) -> None:
    root = ET.fromstring(render_figure(*small, day=0, fmt="svg", title="My title", **SMALL_FIGURE))
    assert root.tag.endswith("svg")
    text = ET.tostring(root, encoding="unicode")
    assert "My title" in text  # text stays text, editable in an article's layout


def test_pdf_has_pages(small: tuple[Scenario, AnalysisResult]) -> None:
    data = render_figure(*small, day=30, fmt="pdf", **SMALL_FIGURE)
    width_pt, height_pt = pdf_media_box(data)
    assert width_pt == pytest.approx(900 / 96 * 72, abs=0.01)  # 900 px at 96 per inch
    assert height_pt > 0.5 * width_pt
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1


@pytest.mark.parametrize(
    ("field", "size"),
    [
        ("width_px", {"width_px": 0}),
        ("width_px", {"width_px": -5}),
        ("width_px", {"width_px": 599}),  # its text would be under 11 px
        ("width_px", {"width_px": 10**6}),
        ("width_px", {"width_px": 800.5}),
        ("dpi", {"width_px": 800, "dpi": 0}),
        ("dpi", {"width_px": 800, "dpi": 100_000}),
        ("width_mm", {"width_mm": 59}),  # its text would be under 6 pt
        ("width_mm", {"width_mm": float("nan")}),
        ("width_mm", {"width_mm": 900, "dpi": 1200}),  # a PNG over 20,000 px
        ("preset", {"preset": "poster"}),
        ("width_mm", {"width_px": 800, "width_mm": 85}),
        ("preset", {"width_mm": 85, "preset": "slide"}),
    ],
)
def test_bad_sizes_name_the_field(field: str, size: dict[str, object]) -> None:
    with pytest.raises(FigureSizeError) as raised:
        figure_size(**size)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert str(size[field]) in str(raised.value)


def test_unknown_format_and_day_are_input_errors(small: tuple[Scenario, AnalysisResult]) -> None:
    with pytest.raises(UnknownFormat, match="fmt"):
        render_figure(*small, day=0, fmt="gif", **SMALL_FIGURE)  # type: ignore[arg-type]
    with pytest.raises(UnknownMapPhase, match="day: must be one of the phase days"):
        render_figure(*small, day=7, fmt="png", **SMALL_FIGURE)


def test_projection_is_equal_area_and_centred() -> None:
    projection = area_projection((22.0, 44.0, 40.0, 52.5))
    method = projection.crs.coordinate_operation.method_name
    assert method == "Lambert Azimuthal Equal Area"
    assert projection.centre == (31.0, 48.25)
    x, y = projection.xy(np.array([31.0]), np.array([48.25]))[0]
    assert abs(x) < 1e-6 and abs(y) < 1e-6


def test_scale_bar_has_its_true_length_at_the_centre() -> None:
    projection = area_projection((22.0, 44.0, 40.0, 52.5))
    km, metres = projection.scale_bar()
    geod = Geod(ellps="WGS84")
    lon, lat = projection.centre
    # Independent check: a short geodesic segment at the centre, projected, keeps its length.
    end_lon, end_lat, _ = geod.fwd(lon, lat, 90.0, 1000.0)
    ends = projection.xy(np.array([lon, end_lon]), np.array([lat, end_lat]))
    local_scale = float(np.hypot(*(ends[1] - ends[0]))) / 1000.0
    assert local_scale == pytest.approx(1.0, abs=1e-6)
    assert metres == pytest.approx(km * 1000.0, rel=0.01)
    assert km in (100.0, 200.0, 500.0)


@pytest.mark.parametrize(
    ("approximate", "nice"), [(1.0, 1.0), (3.7, 2.0), (7.0, 5.0), (260.0, 200.0), (0.42, 0.2)]
)
def test_nice_lengths(approximate: float, nice: float) -> None:
    assert nice_length_km(approximate) == pytest.approx(nice)
