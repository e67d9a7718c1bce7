"""The data notice says exactly what the layers hold: what ``un`` changes, what the rules move."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest

from umbrella.layers import load_layer
from umbrella.layers.catalogue import data_dir

NOTICE = (data_dir() / "NOTICE.md").read_text()


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
