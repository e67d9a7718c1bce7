"""``umbrella map``: each format writes its file; bad suffix, phase, size, path: exit 2."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.image
import pytest
import yaml
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


def test_png_figure_has_the_requested_width(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "figure.png"
    code, _, stderr = _run(
        str(scenario_file), "-o", str(out), "--width-px", "700", "--dpi", "100", "--phase", "0"
    )
    assert code == 0, stderr
    image = matplotlib.image.imread(io.BytesIO(out.read_bytes()), format="png")
    assert image.shape[1] == 700


def test_print_width_in_millimetres(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "figure.pdf"
    code, _, stderr = _run(str(scenario_file), "-o", str(out), "--width-mm", "85")
    assert code == 0, stderr
    (width_pt,) = re.findall(rb"/MediaBox \[ *0 0 ([0-9.]+)", out.read_bytes())[:1]
    assert float(width_pt) == pytest.approx(85 / 25.4 * 72, abs=0.5)


def test_a_preset_names_the_width(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "figure.svg"
    code, _, stderr = _run(str(scenario_file), "-o", str(out), "--preset", "double-column")
    assert code == 0, stderr
    width = ET.fromstring(out.read_text()).get("width") or ""
    assert float(width.removesuffix("pt")) == pytest.approx(180 / 25.4 * 72, abs=0.01)


def test_svg_figure_defaults_to_the_first_phase(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "figure.svg"
    code, _, stderr = _run(str(scenario_file), "-o", str(out), "--width-px", "600")
    assert code == 0, stderr
    text = out.read_text()
    assert ET.fromstring(text).tag.endswith("svg")
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
    assert out.read_bytes().startswith(b"%PDF")


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
