"""Static figures: exact pixel size, not blank, valid SVG and PDF, sizes checked, true scale."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import matplotlib.image
import numpy as np
import pytest
from pyproj import Geod

from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario
from umbrella.maps import FigureSizeError, UnknownFormat, UnknownMapPhase, render_figure
from umbrella.maps.projection import area_projection, nice_length_km

SMALL_FIGURE = {"width_px": 900, "dpi": 100}


def test_png_has_the_requested_size_and_is_not_blank(
    small: tuple[Scenario, AnalysisResult],
) -> None:
    data = render_figure(*small, day=30, fmt="png", **SMALL_FIGURE)
    assert data.startswith(b"\x89PNG")
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    assert image.shape[1] == SMALL_FIGURE["width_px"]
    colours = np.unique((image[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200
    background = image[0, image.shape[1] // 2, :3]
    differs = np.any(np.abs(image[..., :3] - background) > 0.05, axis=-1)
    assert differs.mean() > 0.2


@pytest.mark.parametrize(("width_px", "dpi"), [(640, 72), (1001, 300), (2400, 200)])
def test_width_and_dpi_give_the_pixel_size_exactly(
    small: tuple[Scenario, AnalysisResult], width_px: int, dpi: int
) -> None:
    data = render_figure(*small, day=0, fmt="png", width_px=width_px, dpi=dpi)
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    projection_extent = area_projection(_extent(small))
    assert image.shape[1] == width_px
    assert image.shape[0] == round(width_px * projection_extent.aspect)


def _extent(small: tuple[Scenario, AnalysisResult]) -> tuple[float, float, float, float]:
    from umbrella.maps.scene import build_scene

    return build_scene(*small).extent


def test_svg_is_xml_with_an_svg_root(small: tuple[Scenario, AnalysisResult]) -> None:
    root = ET.fromstring(render_figure(*small, day=0, fmt="svg", title="My title", **SMALL_FIGURE))
    assert root.tag.endswith("svg")
    text = ET.tostring(root, encoding="unicode")
    assert "My title" in text  # text stays text, editable in an article's layout


def test_pdf_has_pages(small: tuple[Scenario, AnalysisResult]) -> None:
    data = render_figure(*small, day=30, fmt="pdf", **SMALL_FIGURE)
    assert data.startswith(b"%PDF")
    assert b"/Type /Page" in data
    assert data.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(
    ("field", "size"),
    [
        ("width_px", {"width_px": 0, "dpi": 100}),
        ("width_px", {"width_px": -5, "dpi": 100}),
        ("width_px", {"width_px": 10**6, "dpi": 100}),
        ("dpi", {"width_px": 800, "dpi": 0}),
        ("dpi", {"width_px": 800, "dpi": 100_000}),
    ],
)
def test_bad_sizes_name_the_field(
    small: tuple[Scenario, AnalysisResult], field: str, size: dict[str, int]
) -> None:
    with pytest.raises(FigureSizeError) as raised:
        render_figure(*small, day=0, fmt="png", **size)
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
