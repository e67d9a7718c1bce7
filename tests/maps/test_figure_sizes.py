"""The example's figure at the sizes an editor asks for, checked from the drawn artists.

Each size is drawn once for the module (600 to 4,000 px as PNG; 60 to 400 mm as SVG and
PDF, with widths either side of the switch between the compact and the wide layout) and
every check runs on each: texts inside the page and clear of one another, the heading, key
and credits off the area analysed, names clear of the symbols, the smallest text at least
6 pt in print and 11 px on screen, the wide layout wherever its text keeps that floor, the
notional notice whole, the title and phase in the file's metadata, and the same picture at
every width of a layout.
"""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import matplotlib.image
import numpy as np
import pytest
import shapely
from figure_files import pdf_media_box, png_of, svg_size
from matplotlib.collections import PathCollection
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from umbrella.coverage.analysis import analyze
from umbrella.coverage.example import example_scenario
from umbrella.coverage.result import AnalysisResult
from umbrella.layers import region_geometry
from umbrella.maps.figure.size import FigureSize, figure_size
from umbrella.maps.scene import Scene, build_scene
from umbrella.maps.static import DrawnFigure, draw_figure, figure_rc, save_figure

SIZES = {
    "600px": figure_size(width_px=600),
    "700px": figure_size(width_px=700),
    "1200px": figure_size(width_px=1200),
    "2400px": figure_size(width_px=2400),
    "4000px": figure_size(width_px=4000),
    "60mm": figure_size(width_mm=60),
    "85mm": figure_size(width_mm=85),
    "110mm": figure_size(width_mm=110),
    "110.1mm": figure_size(width_mm=110.1),
    "120mm": figure_size(width_mm=120),
    "180mm": figure_size(width_mm=180),
    "400mm": figure_size(width_mm=400),
}
WIDE_EMS, COMPACT_EMS = 52.0, 27.0
"""The layouts' widths in em: the smallest text is 1 em."""
OFF_THE_AREA = ("title", "subtitle", "notice", "legend", "attribution", "scale-bar")
MAP_NAMES = ("no-go-label", "no-go-number", "country-label", "sea-label", "city-label")


@dataclass(frozen=True)
class Rendered:
    """A drawn figure and the files saved from it (PNG; or SVG and PDF for print)."""

    size: FigureSize
    drawn: DrawnFigure
    files: dict[str, bytes]


@pytest.fixture(scope="module")
def example() -> tuple[Scene, AnalysisResult]:
    scenario = example_scenario()
    result = analyze(scenario, phases=[0], with_grid=False)
    return build_scene(scenario, result), result


@pytest.fixture(scope="module")
def every_size(example: tuple[Scene, AnalysisResult]) -> dict[str, Rendered]:
    """The example's first phase drawn once at each size and saved in its formats."""
    drawings = {}
    for name, size in SIZES.items():
        formats = ("png",) if size.medium == "screen" else ("svg", "pdf")
        files = {}
        with figure_rc():
            drawn = draw_figure(*example, day=0, size=size, raster=formats == ("png",))
            for fmt in formats:
                files[fmt] = save_figure(drawn, fmt)
            drawn.figure.canvas.draw()  # every artist placed on this page, as saved
        drawings[name] = Rendered(size, drawn, files)
    return drawings


@pytest.fixture(params=list(SIZES))
def rendered(request: pytest.FixtureRequest, every_size: dict[str, Rendered]) -> Rendered:
    return every_size[request.param]


def _texts(drawn: DrawnFigure) -> list[Text]:
    return [
        t
        for t in drawn.figure.findobj(Text)
        if isinstance(t, Text) and t.get_visible() and t.get_text().strip()
    ]


def _box(text: Text, drawn: DrawnFigure) -> Bbox:
    """The box of the text itself (an Annotation's own would include its leader line)."""
    return Text.get_window_extent(text, drawn.figure.canvas.get_renderer())  # type: ignore[attr-defined]


def _overlap(a: Bbox, b: Bbox, tolerance: float = 0.5) -> bool:
    return (
        min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance
        and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance
    )


def test_every_text_lies_inside_the_page(rendered: Rendered) -> None:
    drawn = rendered.drawn
    page = drawn.figure.bbox.padded(0.5)
    boxes = [(t.get_text()[:30], _box(t, drawn)) for t in _texts(drawn)]
    outside = [
        (text, box.extents.round().tolist())
        for text, box in boxes
        if not (page.x0 <= box.x0 and page.y0 <= box.y0 and box.x1 <= page.x1 and box.y1 <= page.y1)
    ]
    assert outside == []


def test_no_text_lies_over_another(rendered: Rendered) -> None:
    drawn = rendered.drawn
    boxes = [(t.get_text()[:30], _box(t, drawn)) for t in _texts(drawn)]
    assert len(boxes) > 40
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if _overlap(ba, bb)]
    assert clashes == []


def _region_interior(drawn: DrawnFigure, example: tuple[Scene, AnalysisResult]) -> shapely.Geometry:
    scene, _ = example
    area = shapely.union_all(
        [region_geometry(code, scene.worldview) for code in example_scenario().regions]
    )
    projected = drawn.projection.geometry(area)
    on_page = shapely.transform(projected, drawn.map_ax.transData.transform)
    return on_page.buffer(-1.0)


def test_heading_key_and_credits_keep_off_the_area_analysed(
    rendered: Rendered, example: tuple[Scene, AnalysisResult]
) -> None:
    """Title, phase, notice, key, scale bar and credits: none over the regions analysed."""
    drawn = rendered.drawn
    interior = _region_interior(drawn, example)
    assert interior.area > 0.2 * drawn.map_ax.bbox.width * drawn.map_ax.bbox.height
    renderer = drawn.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    blocks = [
        a
        for a in drawn.figure.findobj(lambda a: (a.get_gid() or "").startswith(OFF_THE_AREA))
        if a.get_visible()
    ]
    assert {str(a.get_gid()) for a in blocks} >= set(OFF_THE_AREA)
    over = [
        a.get_gid()
        for a in blocks
        if interior.intersects(shapely.box(*a.get_window_extent(renderer).extents))
    ]
    assert over == []


def _symbol_circles(drawn: DrawnFigure) -> np.ndarray:
    """(x, y, radius) in display pixels of every point symbol on the map (marker only)."""
    circles = []
    to_px = drawn.figure.dpi / 72.0
    for collection in drawn.map_ax.collections:
        if not isinstance(collection, PathCollection) or not len(collection.get_offsets()):
            continue
        centres = drawn.map_ax.transData.transform(collection.get_offsets())
        radii = np.sqrt(np.broadcast_to(collection.get_sizes(), (len(centres),))) / 2 * to_px
        circles.append(np.column_stack([centres, radii]))
    return np.vstack(circles)


def test_names_on_the_map_never_hide_a_symbol(rendered: Rendered) -> None:
    drawn = rendered.drawn
    circles = _symbol_circles(drawn)
    assert len(circles) > 100
    hidden = []
    for label in drawn.map_ax.texts:
        box = _box(label, drawn)
        nearest_x = np.clip(circles[:, 0], box.x0, box.x1)
        nearest_y = np.clip(circles[:, 1], box.y0, box.y1)
        inside = np.hypot(circles[:, 0] - nearest_x, circles[:, 1] - nearest_y) < circles[:, 2]
        if inside.any():
            hidden.append(label.get_text())
    assert hidden == []


def test_the_map_is_named(rendered: Rendered) -> None:
    gids = [t.get_gid() for t in rendered.drawn.map_ax.texts]
    names = {t.get_text() for t in rendered.drawn.map_ax.texts}
    assert {"UKRAINE", "POLAND", "BELARUS", "RUSSIA", "ROMANIA"} & names
    assert "Black Sea" in names
    assert {"Kyiv", "Odesa", "Kharkiv"} <= names
    assert set(gids) <= set(MAP_NAMES)


def test_each_no_go_zone_is_named_on_itself(rendered: Rendered) -> None:
    """A zone's name, or else its number (explained in the key), points into the zone."""
    drawn = rendered.drawn
    zones = [drawn.projection.geometry(zone.geometry) for zone in drawn.phase.no_go]
    names = [t for t in drawn.map_ax.texts if t.get_gid() in ("no-go-label", "no-go-number")]
    assert len(names) == len(zones)
    key = " ".join(t.get_text() for t in _texts(drawn) if t.get_gid() == "legend-text")
    for name in names:
        assert isinstance(name, Annotation)
        assert min(zone.distance(shapely.Point(name.xy)) for zone in zones) < 1.0  # metres
        if name.get_gid() == "no-go-number":
            assert f"({name.get_text()})" in key


def _floor_and_width(rendered: Rendered) -> tuple[float, float]:
    """The text floor of the figure's medium and its page width in the same unit (px, pt)."""
    width_in = rendered.drawn.figure.get_figwidth()
    if rendered.size.medium == "print":
        return 6.0, width_in * 72.0
    return 11.0, width_in * rendered.drawn.figure.dpi


def test_smallest_text(rendered: Rendered) -> None:
    drawn = rendered.drawn
    smallest_pt = min(t.get_fontsize() for t in _texts(drawn))
    if rendered.size.medium == "print":
        assert smallest_pt >= 6.0
    else:
        assert smallest_pt * drawn.page.px_per_pt >= 11.0


def test_the_wide_layout_wherever_its_text_keeps_the_floor(rendered: Rendered) -> None:
    """The smallest text is 1/52 of the width where that keeps the floor, else 1/27."""
    floor, width = _floor_and_width(rendered)
    ems = WIDE_EMS if width / WIDE_EMS >= floor else COMPACT_EMS
    smallest_pt = min(t.get_fontsize() for t in _texts(rendered.drawn))
    width_pt = rendered.drawn.figure.get_figwidth() * 72.0
    assert smallest_pt == pytest.approx(width_pt / ems, rel=1e-9)
    assert rendered.size.layout == ("wide" if ems == WIDE_EMS else "compact")


@pytest.mark.parametrize("dpi", [96, 300, 600])
def test_print_turns_wide_where_52_em_of_6_pt_fit(dpi: int) -> None:
    """52 em of 6 pt are 312 pt, 110.067 mm: narrower is compact, wider is wide, as PNG too."""
    switch_mm = 52 * 6.0 / 72.0 * 25.4
    for width_mm, layout in ((switch_mm - 0.2, "compact"), (switch_mm + 0.2, "wide")):
        assert figure_size(width_mm=width_mm, dpi=dpi).layout == layout, width_mm
    assert figure_size(width_mm=60, dpi=dpi).layout == "compact"
    assert figure_size(preset="single-column", dpi=dpi).layout == "compact"
    assert figure_size(preset="double-column", dpi=dpi).layout == "wide"
    assert figure_size(width_px=600, dpi=dpi).layout == "wide"


def test_notional_notice_is_whole_and_the_title_in_the_metadata(
    rendered: Rendered, example: tuple[Scene, AnalysisResult]
) -> None:
    _, result = example
    drawn = rendered.drawn
    (notice,) = [t for t in _texts(drawn) if t.get_gid() == "notice"]
    assert " ".join(notice.get_text().split()) == result.provenance.notice
    assert "day 0" in drawn.title and drawn.scene.name in drawn.title
    for fmt, data in rendered.files.items():
        if fmt == "svg":
            root = ET.fromstring(data)
            (title,) = [e for e in root if e.tag.endswith("}title")]
            assert title.text == drawn.title
            words = " ".join(" ".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
            assert all(word in words for word in result.provenance.notice.split())
        elif fmt == "pdf":
            assert _pdf_title(data) == drawn.title
        else:
            assert _png_text(data)["Title"] == drawn.title


def test_the_files_have_the_asked_size(rendered: Rendered, request: pytest.FixtureRequest) -> None:
    """Read from the files' bytes: a screen width is the PNG's pixels at 200 dpi (the default);
    a print width is the SVG's and the PDF's page, the same page, in points (72 to 25.4 mm)."""
    name = request.node.callspec.params["rendered"]
    files = rendered.files
    if name.endswith("px"):
        png = png_of(files["png"])
        assert (png.width, png.dpi) == (int(name[:-2]), pytest.approx(200, abs=0.02))
        image = matplotlib.image.imread(io.BytesIO(files["png"]), format="png")
        assert image.shape[:2] == (png.height, png.width)
        return
    width_mm = float(name[:-2])
    svg_width, svg_height, view_box = svg_size(files["svg"])
    assert svg_width == pytest.approx(width_mm / 25.4 * 72, abs=0.01)
    assert svg_width * 25.4 / 72 == pytest.approx(width_mm, abs=0.005)
    assert view_box == (0.0, 0.0, svg_width, svg_height)
    assert pdf_media_box(files["pdf"]) == pytest.approx((svg_width, svg_height), abs=0.01)


def _pdf_title(data: bytes) -> str:
    """The document title of a PDF: a literal string (UTF-16 if it starts with a byte-order
    mark, its backslash escapes undone), or hexadecimal UTF-16."""
    found = re.search(rb"/Title (?:\(((?:[^\\)]|\\.)*)\)|<([0-9A-Fa-f]+)>)", data, re.DOTALL)
    assert found is not None
    if found.group(2) is not None:
        return bytes.fromhex(found.group(2).decode()).decode("utf-16")
    raw = re.sub(rb"\\(.)", rb"\1", found.group(1))
    return raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def _png_text(data: bytes) -> dict[str, str]:
    """The tEXt and iTXt entries of a PNG (keyword: text)."""
    entries, at = {}, 8
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            key, _, text = body.partition(b"\0")
            entries[key.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            entries[key.decode("latin-1")] = rest[2:].split(b"\0", 2)[2].decode("utf-8")
        at += 12 + length
    return entries


TOLERANCE = {"aspect": 2e-3, "map frame": 2e-3, "text sizes": 1e-7, "marker sizes": 1e-7}


def _picture(rendered: Rendered) -> dict[str, list[float] | list[tuple[str, str]]]:
    """What must not change with the width: shares of the page width, texts, names."""
    drawn = rendered.drawn
    width_pt = drawn.figure.get_figwidth() * 72.0
    texts = sorted(_texts(drawn), key=lambda t: (t.get_gid() or "", t.get_text()))
    markers = [c for c in drawn.map_ax.collections if isinstance(c, PathCollection)]
    return {
        "aspect": [drawn.figure.get_figheight() / drawn.figure.get_figwidth()],
        "map frame": list(drawn.map_ax.get_position().bounds),
        "texts": [(t.get_gid() or "", t.get_text()) for t in texts],
        "text sizes": [t.get_fontsize() / width_pt for t in texts],
        "marker sizes": list(np.concatenate([np.sqrt(c.get_sizes()) / width_pt for c in markers])),
    }


@pytest.mark.parametrize(
    ("layout", "others"),
    [
        # (size, drawn for a PNG): raster pages of screen and print widths, a vector page
        ("wide", [(figure_size(width_px=900, dpi=72), True), (figure_size(width_mm=150), True)]),
        (
            "compact",
            [(figure_size(width_mm=85, dpi=150), False), (figure_size(width_mm=100, dpi=96), True)],
        ),
    ],
)
def test_one_picture_at_every_width_of_a_layout(
    layout: str,
    others: list[tuple[FigureSize, bool]],
    every_size: dict[str, Rendered],
    example: tuple[Scene, AnalysisResult],
) -> None:
    """Within a layout every figure is the same picture, larger or smaller, on a screen or in
    print, whatever its resolution: the same page proportions, map frame, texts (names on the
    map included) and sizes relative to the width."""
    pictures = {n: _picture(r) for n, r in every_size.items() if r.size.layout == layout}
    assert len(pictures) >= 3
    for another, raster in others:
        assert another.layout == layout
        with figure_rc():
            drawn = draw_figure(*example, day=0, size=another, raster=raster)
            drawn.figure.canvas.draw()
        pictures[another.key()] = _picture(Rendered(another, drawn, {}))
    first = next(iter(pictures.values()))
    for name, picture in pictures.items():
        assert picture["texts"] == first["texts"], name
        for key, tolerance in TOLERANCE.items():
            assert picture[key] == pytest.approx(first[key], abs=tolerance), (name, key)


def test_a_png_is_what_matplotlib_draws_without_its_empty_alpha(
    every_size: dict[str, Rendered],
) -> None:
    from PIL import Image

    screens = [rendered for rendered in every_size.values() if "png" in rendered.files]
    assert screens
    for rendered in screens:
        buffer = io.BytesIO()
        rendered.drawn.figure.savefig(buffer, format="png", dpi=rendered.drawn.page.dpi)
        drawn = np.asarray(Image.open(io.BytesIO(buffer.getvalue())))
        saved = Image.open(io.BytesIO(rendered.files["png"]))
        assert saved.mode == "RGB" and (drawn[..., 3] == 255).all()
        assert np.array_equal(np.asarray(saved), drawn[..., :3])
        assert saved.info["dpi"] == Image.open(io.BytesIO(buffer.getvalue())).info["dpi"]
        assert saved.text["Title"] == rendered.drawn.title
