"""matplotlib loaded without its artists' ``set`` docstrings draws the same figure as
matplotlib loaded as it comes, and is left as it comes in every other way."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from umbrella.coverage.analysis import AnalysisResult
from umbrella.coverage.scenario import Scenario

DRAW = """
import json, sys
{first}
import matplotlib
matplotlib.rcParams["svg.hashsalt"] = "the same names in both"
import umbrella.maps.static as static
from matplotlib.artist import kwdoc
from matplotlib.lines import Line2D
from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import parse_scenario
from umbrella.maps import figure_size
scenario = parse_scenario(json.loads(open({path!r}).read()))
result = analyze(scenario, phases=[0], with_grid=False)
sys.stdout.buffer.write(static.render_figure(
    scenario, result, day=0, fmt={fmt!r}, size=figure_size(width_px=700)
))
sys.stderr.write(repr((
    kwdoc.__module__,
    "drawstyle" in str(Line2D.set.__signature__),
    "drawstyle" in (Line2D.set.__doc__ or ""),
)))
"""


def _draw(path: Path, fmt: str, first: str, cache: Path) -> tuple[bytes, str]:
    code = DRAW.format(first=first, path=str(path), fmt=fmt)
    environment = {**os.environ, "UMBRELLA_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=environment)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout, done.stderr.decode()


def _fixed(drawn: bytes) -> bytes:
    """A figure without its time of writing (an SVG's)."""
    return re.sub(rb"<dc:date>[^<]*</dc:date>", b"", drawn)


def test_a_lean_matplotlib_draws_the_same_figures(
    tmp_path: Path, small: tuple[Scenario, AnalysisResult]
) -> None:
    path = tmp_path / "small.json"
    path.write_text(small[0].model_dump_json(exclude_unset=True))
    for fmt in ("png", "svg"):
        lean, lean_state = _draw(path, fmt, "", tmp_path / "cache")
        whole, whole_state = _draw(path, fmt, "import matplotlib.figure", tmp_path / "cache")
        assert _fixed(lean) == _fixed(whole), fmt
        assert len(lean) > 10_000
        # kwdoc put back, set signatures written; only the set docstrings left short
        assert lean_state == "('matplotlib.artist', True, False)"
        assert whole_state == "('matplotlib.artist', True, True)"
