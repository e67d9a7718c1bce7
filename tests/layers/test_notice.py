"""The data notice says exactly what the layers hold: what ``un`` changes, what the rules move."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest

from umbrella.layers import load_layer
from umbrella.layers.catalogue import LAYERS, data_dir
from umbrella.layers.notice import notice_facts, render_notice

NOTICE = (data_dir() / "NOTICE.md").read_text()
FACT_LAYERS = ("countries", "regions", "cities", "energy")  # notice_facts' arguments


def _un_bullet() -> str:
    start = NOTICE.index("- `un` (default)")
    return NOTICE[start : NOTICE.index("- `de_facto`", start)]


def test_the_un_view_is_described_by_exactly_the_regions_it_moves() -> None:
    regions = load_layer("regions", worldview="un")
    de_facto = load_layer("regions", worldview="de_facto")
    both = regions.merge(de_facto, on="adm1_code", suffixes=("_un", "_de_facto"))
    moved = both.loc[both["adm0_a3_un"] != both["adm0_a3_de_facto"]]
    assert len(moved) > 0
    bullet = " ".join(_un_bullet().split())
    for row in moved.itertuples():
        assert f"{row.name_un} ({row.iso_3166_2_un})" in bullet
        assert f"from {row.adm0_a3_de_facto} to {row.adm0_a3_un}" in bullet
    assert "Nothing else differs between the views" in bullet
    assert "internationally recognised borders" not in bullet


def test_nothing_else_differs_between_the_views() -> None:
    moved_owners = {"RUS", "UKR"}
    un, de_facto = (load_layer("countries", worldview=v) for v in ("un", "de_facto"))
    merged = un.merge(de_facto, on="adm0_a3", suffixes=("_un", "_df"))
    differ = merged.loc[~merged["geometry_un"].geom_equals_exact(merged["geometry_df"], 0)]
    assert set(differ["adm0_a3"]) == moved_owners


@pytest.mark.parametrize("layer", ["energy", "cities"])
def test_the_number_of_moved_points_is_what_the_notice_says(layer: str) -> None:
    points = load_layer(layer)
    countries = load_layer("countries", worldview="un")
    joined = gpd.sjoin(points, countries[["adm0_a3", "iso_a3", "geometry"]], predicate="within")
    joined = joined[~joined.index.duplicated()]
    moved = (joined["country_iso3"] != joined["iso_a3"]) & (
        joined["country_iso3"] != joined["adm0_a3"]
    )
    said = re.search(r"\*\*([\d,]+) energy point\(s\) and ([\d,]+) city point\(s\)\*\*", NOTICE)
    assert said is not None
    number = said.group(1 if layer == "energy" else 2)
    assert int(moved.sum()) == int(number.replace(",", "")) > 0


def test_the_notice_tables_say_the_counts_sizes_and_fuels_given() -> None:
    """The layer and fuel tables of a rendered notice, read back, against its inputs."""
    raw = {name: gpd.read_parquet(data_dir() / f"{name}.parquet") for name in FACT_LAYERS}
    facts = notice_facts(*(raw[name] for name in FACT_LAYERS))
    counts = {
        name: {"de_facto": 1_000 * i + 7, "un": 1_000 * i + 9} for i, name in enumerate(LAYERS)
    }
    sizes = {name: 123_456 * (i + 1) for i, name in enumerate(LAYERS)}
    sizes["seas"] += 10_005_001 - sum(sizes.values())  # 10.005001 MB: rounds up to 10.01
    report = json.loads((data_dir() / "energy_report.json").read_text())
    report["merged_by_fuel"] = {
        "coal": {"plants": 3, "gw": 1.25},
        "wind": {"plants": 1, "gw": 0.5},
    }
    report["published_by_fuel"] = {
        "coal": {"plants": 4, "gw": 2.0},
        "solar": {"plants": 2, "gw": 0.1},
    }
    notice = render_notice(counts, sizes, report, facts)
    (views,) = re.findall(r"\| features \(([a-z_]+ / [a-z_]+)\) \|", notice)
    first, second = views.split(" / ")
    assert {first, second} == {"un", "de_facto"}
    for name in LAYERS:
        (row,) = [line for line in notice.splitlines() if line.startswith(f"| `{name}` |")]
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[2] == f"{counts[name][first]:,} / {counts[name][second]:,}"
        assert cells[3] == f"{round(sizes[name] / 1_000_000, 2):.2f} MB"
    assert "Total size of the layer files: 10.01 MB." in notice
    fuel_rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.strip("|").split("|")[1:]]
        for line in notice.splitlines()
        if re.match(r"\| (coal|wind|solar|\*\*total\*\*) \|", line)
    }
    assert fuel_rows == {
        "coal": ["3", "1.250", "4", "2.000"],
        "solar": ["0", "0.000", "2", "0.100"],
        "wind": ["1", "0.500", "0", "0.000"],
        "**total**": [
            str(report["merged_plants"]),
            f"{report['merged_capacity_gw']:.3f}",
            str(report["published_plants"]),
            f"{report['published_capacity_gw']:.3f}",
        ],
    }
