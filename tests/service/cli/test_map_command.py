"""``umbrella map``: each format writes its file; bad suffix, phase, size, path: exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from figure_files import pdf_media_box, png_of, svg_size
from typer.testing import CliRunner

from umbrella.coverage import analysis
from umbrella.service.cli.main import app

# One asset over Kyiv city, two phases: quick to analyse.
TINY = {
    "name": "Tiny notional map test",
    "regions": ["UA-30"],
    "tiers": {"short": {"range_km": 20}},
    "phases": [{"day": 0, "label": "start"}, {"day": 10, "label": "next"}],
    "assets": [
        {"id": "a-1", "tier": "short", "location": [30.52, 50.45]},
        {"id": "a-2", "tier": "short", "location": [30.40, 50.40], "from_day": 10},
    ],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 100_000}],
}


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "tiny.yaml"
    path.write_text(yaml.safe_dump(TINY))
    return path


def _no_analysis(*args: object, **kwargs: object) -> None:
    pytest.fail("bad input must be reported before the analysis starts")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["map", *args])
    return result.exit_code, result.stdout, result.stderr


def test_html_map_is_written_offline(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    code, _, stderr = _run(str(scenario_file), "-o", str(out))
    assert code == 0, stderr
    page = out.read_text()
    assert "Notional scenario" in page
    assert "tile.openstreetmap.org" not in page
    assert page.count('name="umbrella-phase"') == 2


def test_html_map_with_online_tiles(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    code, _, stderr = _run(str(scenario_file), "-o", str(out), "--online-tiles")
    assert code == 0, stderr
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in out.read_text()


# A figure's size from arithmetic: 25.4 mm and 72 pt to the inch; a screen figure's SVG and
# PDF count 96 pixels to the inch; without a size, 2400 px at 200 dpi (300 dpi for print).
MM, PT, CSS = 25.4, 72.0, 96.0


@pytest.mark.parametrize(
    ("options", "width_px", "dpi"),
    [
        (["--width-px", "700", "--dpi", "100"], 700, 100),
        ([], 2400, 200),
        (["--width-mm", "60", "--dpi", "600"], round(60 / MM * 600), 600),
        (["--preset", "single-column"], round(85 / MM * 300), 300),
        (["--preset", "double-column", "--dpi", "100"], round(180 / MM * 100), 100),
        (["--preset", "slide", "--dpi", "72"], 1920, 72),
    ],
)
def test_a_png_has_the_asked_pixels_and_dpi(
    scenario_file: Path, tmp_path: Path, options: list[str], width_px: int, dpi: int
) -> None:
    out = tmp_path / "figure.png"
    code, _, stderr = _run(str(scenario_file), "-o", str(out), "--phase", "0", *options)
    assert code == 0, stderr
    png = png_of(out.read_bytes())
    assert png.width == width_px
    assert png.dpi == pytest.approx(dpi, abs=0.02)  # pHYs holds whole dots per metre
    assert png.height > 0.5 * width_px  # the page: heading, map, key, credits


@pytest.mark.parametrize(
    ("fmt", "options", "width_pt"),
    [
        ("pdf", ["--width-mm", "85"], 85 / MM * PT),
        ("svg", ["--width-mm", "123.4", "--dpi", "96"], 123.4 / MM * PT),
        ("svg", ["--preset", "double-column"], 180 / MM * PT),
        ("pdf", ["--preset", "single-column"], 85 / MM * PT),
        ("svg", ["--preset", "slide"], 1920 / CSS * PT),
        ("pdf", ["--width-px", "600"], 600 / CSS * PT),
    ],
)
def test_a_page_has_the_asked_width_in_points_and_millimetres(
    scenario_file: Path, tmp_path: Path, fmt: str, options: list[str], width_pt: float
) -> None:
    out = tmp_path / f"figure.{fmt}"
    code, _, stderr = _run(str(scenario_file), "-o", str(out), "--phase", "0", *options)
    assert code == 0, stderr
    if fmt == "svg":
        width, height, view_box = svg_size(out.read_bytes())
        assert view_box == pytest.approx((0, 0, width, height), abs=1e-6)
    else:
        width, height = pdf_media_box(out.read_bytes())
    assert width == pytest.approx(width_pt, abs=0.01)
    if "--width-mm" in options:
        asked_mm = float(options[options.index("--width-mm") + 1])
        assert width * MM / PT == pytest.approx(asked_mm, abs=0.005)
    assert height > 0.5 * width


@pytest.fixture(scope="module")
def one_size_in_each_format(
    scenario_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, bytes]:
    """The 85 mm figure at 150 dpi written as PNG, SVG and PDF."""
    folder = tmp_path_factory.mktemp("formats")
    written = {}
    for fmt in ("png", "svg", "pdf"):
        out = folder / f"figure.{fmt}"
        code, _, stderr = _run(
            str(scenario_file), "-o", str(out), "--phase", "0", "--width-mm", "85", "--dpi", "150"
        )
        assert code == 0, stderr
        written[fmt] = out.read_bytes()
    return written


def test_one_size_is_one_page_in_every_format(one_size_in_each_format: dict[str, bytes]) -> None:
    """The PNG's pixels at its dpi cover the SVG's and the PDF's page, to within a pixel."""
    png = png_of(one_size_in_each_format["png"])
    svg_width, svg_height, _ = svg_size(one_size_in_each_format["svg"])
    pdf_width, pdf_height = pdf_media_box(one_size_in_each_format["pdf"])
    assert (png.width, png.dpi) == (round(85 / MM * 150), pytest.approx(150, abs=0.02))
    assert svg_width == pytest.approx(85 / MM * PT, abs=0.01)
    assert (pdf_width, pdf_height) == pytest.approx((svg_width, svg_height), abs=0.01)
    pixel_pt = PT / 150
    assert png.width * pixel_pt == pytest.approx(svg_width, abs=pixel_pt)
    assert png.height * pixel_pt == pytest.approx(svg_height, abs=pixel_pt)


def test_svg_figure_defaults_to_the_first_phase(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "figure.svg"
    code, _, stderr = _run(str(scenario_file), "-o", str(out), "--width-px", "600")
    assert code == 0, stderr
    text = out.read_text()
    assert svg_size(text)[0] == pytest.approx(600 / CSS * PT, abs=0.01)
    assert "day 0: start" in text
    assert "day 10" not in text


def test_html_map_of_one_phase_with_a_title(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    code, _, stderr = _run(
        str(scenario_file), "-o", str(out), "--phase", "10", "--title", "Kyiv <b>now</b>"
    )
    assert code == 0, stderr
    page = out.read_text()
    assert page.count('name="umbrella-phase"') == 1
    assert 'name="umbrella-phase" value="10"' in page
    assert "<title>Kyiv &lt;b&gt;now&lt;/b&gt; (notional scenario)</title>" in page
    assert "<h1>Kyiv &lt;b&gt;now&lt;/b&gt;</h1>" in page
    assert TINY["name"] not in page


def test_dollars_in_the_title_and_name_stay_dollars(tmp_path: Path) -> None:
    scenario = tmp_path / "dollars.yaml"
    scenario.write_text(yaml.safe_dump({**TINY, "name": r"Budget $\foo$ plan"}))
    for title, expected in ((None, r"Budget $\foo$ plan"), ("Cost $5 and $6", "Cost $5 and $6")):
        out = tmp_path / "figure.svg"
        extra = [] if title is None else ["--title", title]
        code, _, stderr = _run(str(scenario), "-o", str(out), "--width-px", "600", *extra)
        assert code == 0, stderr
        assert expected in out.read_text()


def test_pdf_figure_with_a_title(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "figure.PDF"
    code, _, stderr = _run(
        str(scenario_file), "-o", str(out), "--title", "Kyiv", "--width-px", "600"
    )
    assert code == 0, stderr
    assert pdf_media_box(out.read_bytes())[0] == pytest.approx(600 / CSS * PT, abs=0.01)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["-o", "{tmp}/figure.gif"], "figure.gif"),
        (["-o", "{tmp}/figure"], "--out"),
        (["-o", "{tmp}/figure.png", "--phase", "5"], "--phase"),
        (["-o", "{tmp}/map.html", "--phase", "5"], "--phase"),
        (["-o", "{tmp}/figure.png", "--width-px", "0"], "--width-px"),
        (["-o", "{tmp}/figure.png", "--width-px", "999999"], "--width-px"),
        (["-o", "{tmp}/figure.png", "--dpi", "-1"], "--dpi"),
        (["-o", "{tmp}/no-such-folder/figure.png"], "--out"),
        (["-o", "{tmp}/no-such-folder/map.html"], "--out"),
        (["-o", "{tmp}/figure.png", "--width-mm", "10"], "--width-mm"),
        (["-o", "{tmp}/figure.pdf", "--preset", "poster"], "--preset"),
        (["-o", "{tmp}/figure.png", "--width-px", "700", "--width-mm", "85"], "--width-mm"),
        (["-o", "{tmp}/map.html", "--width-px", "700"], "--width-px"),
        (["-o", "{tmp}/map.html", "--preset", "slide"], "--preset"),
        (["-o", "{tmp}/map.html", "--dpi", "100"], "--dpi"),
    ],
)
def test_bad_input_exits_2_before_the_analysis_and_writes_nothing(
    scenario_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    named: str,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(analysis, "analyze", _no_analysis)  # the command imports it when run
    code, _, stderr = _run(str(scenario_file), *(a.format(tmp=out_dir) for a in args))
    assert code == 2
    assert stderr.startswith("error: ")
    assert named in stderr
    assert "Traceback" not in stderr
    assert list(out_dir.iterdir()) == []


def test_a_folder_as_output_exits_2_before_the_analysis(
    scenario_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "figure.png"
    folder.mkdir()
    monkeypatch.setattr(analysis, "analyze", _no_analysis)  # the command imports it when run
    code, _, stderr = _run(str(scenario_file), "-o", str(folder))
    assert code == 2
    assert stderr.startswith("error: --out: ")
    assert "Traceback" not in stderr
    assert list(folder.iterdir()) == []
