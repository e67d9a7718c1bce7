"""The energy merge: reading both GPPD tables and the proximity-and-name deduplication."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod

from umbrella.layers.build_energy import (
    MATCH_COLUMNS,
    MIN_SIMILARITY,
    NEAR_SITE_KM,
    SAME_SITE_KM,
    EnergyMerge,
    merge_plants,
    name_similarity,
    normalise_name,
    read_geodb,
    read_wri_ukraine,
    ukraine_comparison,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "energy"
GEOD = Geod(ellps="WGS84")


def plants(rows: list[tuple[str, str, str, float, float]]) -> gpd.GeoDataFrame:
    """Plants from (id, name, fuel, lon, lat) rows, all in Ukraine."""
    ids, names, fuels, lons, lats = zip(*rows, strict=True)
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": names,
            "capacity_mw": 100.0,
            "primary_fuel": fuels,
            "commissioning_year": pd.array([pd.NA] * len(rows), dtype="Int64"),
            "source": "test",
            "country_iso3": "UKR",
        }
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")


def moved(lon: float, lat: float, km: float) -> tuple[float, float]:
    """The point km kilometres east of (lon, lat), computed geodesically by pyproj."""
    east_lon, east_lat, _ = GEOD.fwd(lon, lat, 90.0, km * 1000.0)
    return east_lon, east_lat


def test_normalise_name_drops_generic_words_and_folds_to_ascii() -> None:
    assert normalise_name("Zaporiska Thermal Power Plant Ukraine") == ["zaporiska"]
    assert normalise_name("Kiev CHP-5 Power Plant") == ["kiev", "chp", "5"]
    assert normalise_name("Mälaren") == ["malaren"]
    assert normalise_name("") == []


def test_name_similarity_requires_equal_numbers_and_accepts_transliterations() -> None:
    assert name_similarity("Kiev CHP-5", "Kiev CHP-5 Power Plant Ukraine") == 1.0
    assert name_similarity("Kiev CHP-5", "Kiev CHP-6 Power Plant Ukraine") == 0.0
    assert name_similarity("Zuevskaya", "Zuyevskaya Thermal Power Plant") >= MIN_SIMILARITY
    assert name_similarity("Kaniv", "Zaporozhye") < MIN_SIMILARITY
    assert name_similarity("Power Plant", "Kaniv") == 0.0


@pytest.mark.parametrize(
    ("name", "km", "duplicate"),
    [
        # the rule of NOTICE.md, written here: within 2 km whatever the name, within 25 km
        # with a similar name
        ("Completely Different", 1.99, True),
        ("Completely Different", 2.01, False),
        ("Alpha Thermal Power Plant", 24.9, True),
        ("Alpha Thermal Power Plant", 25.1, False),
    ],
)
def test_duplicates_within_2_km_or_25_km_with_a_similar_name(
    name: str, km: float, duplicate: bool
) -> None:
    lon, lat = 30.0, 48.0
    preferred = plants([("W1", "Alpha", "Coal", lon, lat)])
    merge = merge_plants(preferred, plants([("G1", name, "Coal", *moved(lon, lat, km))]))
    assert list(merge.matches["dropped_id"]) == (["G1"] if duplicate else [])
    assert sorted(merge.plants["id"]) == (["W1"] if duplicate else ["G1", "W1"])
    if duplicate:
        assert merge.matches["km"].item() == pytest.approx(km, abs=1e-3)


def test_duplicate_rule_by_distance_name_and_fuel() -> None:
    lon, lat = 30.0, 48.0
    near = moved(lon, lat, SAME_SITE_KM * 0.75)
    mid = moved(lon, lat, (SAME_SITE_KM + NEAR_SITE_KM) / 2)
    far = moved(lon, lat, NEAR_SITE_KM * 1.2)
    preferred = plants([("W1", "Alpha", "Coal", lon, lat)])
    other = plants(
        [
            ("G1", "Completely Different", "Coal", *near),  # same site whatever the name
            ("G2", "Alpha Thermal Power Plant", "Coal", *mid),  # near and same name
            ("G3", "Omega", "Coal", *mid),  # near but another name
            ("G4", "Alpha", "Coal", *far),  # same name but too far
            ("G5", "Alpha", "Gas", lon, lat),  # same site, another fuel
        ]
    )
    merge = merge_plants(preferred, other)
    assert sorted(merge.matches["dropped_id"]) == ["G1", "G2"]
    assert set(merge.matches["kept_id"]) == {"W1"}
    assert sorted(merge.plants["id"]) == ["G3", "G4", "G5", "W1"]
    km = merge.matches.set_index("dropped_id")["km"]
    assert km["G2"] == pytest.approx((SAME_SITE_KM + NEAR_SITE_KM) / 2, abs=1e-3)


def test_merge_of_empty_tables_keeps_the_other_rows() -> None:
    one = plants([("W1", "Alpha", "Coal", 30.0, 48.0)])
    assert list(merge_plants(one.iloc[:0], one).plants["id"]) == ["W1"]
    assert list(merge_plants(one, one.iloc[:0]).plants["id"]) == ["W1"]


def test_fixture_tables_merge_into_one_record_per_plant() -> None:
    geodb = read_geodb(FIXTURES / "geodb.csv")
    wri, unlocated = read_wri_ukraine(FIXTURES / "wri_ukraine.csv")
    assert (len(geodb), len(wri), unlocated) == (8, 7, 1)
    assert wri["id"].is_unique  # Kiev CHP-5/6 and Dnipro HPP 1/2 share a WRI plant id
    assert wri.loc[wri["name"] == "Kiev CHP-6", "primary_fuel"].item() == "Gas"

    merge = merge_plants(wri, geodb)
    dropped = dict(zip(merge.matches["dropped_id"], merge.matches["kept_name"], strict=True))
    assert dropped == {
        "GEODB0006207": "Zaporozhye",
        "GEODB0042988": "Zaporizhia power station",
        "GEODB0042997": "Kiev CHP-5",
        "GEODB0042998": "Kiev CHP-6",
        "GEODB0043016": dropped["GEODB0043016"],
    }
    assert dropped["GEODB0043016"] in {"Dneipro HPP 1", "Dneipro HPP 2"}
    kept = merge.plants.set_index("id")
    assert len(kept) == 7 + 1 + 2  # WRI plants, Alexandrovka HPP, two Polish plants
    assert kept.loc["WRI1005114", "source"] == "WRI Ukraine; GEODB"
    assert kept.loc["WRI1005114", "commissioning_year"] == 1984
    assert kept.loc["GEODB0043026", "source"] == "GEODB"
    assert kept.index.is_unique


def test_ukraine_comparison_counts_against_published_totals() -> None:
    geodb = read_geodb(FIXTURES / "geodb.csv")
    wri, unlocated = read_wri_ukraine(FIXTURES / "wri_ukraine.csv")
    merge = merge_plants(wri, geodb)
    summary = pd.read_csv(FIXTURES / "country_summary.csv").iloc[0]
    report = ukraine_comparison(merge, len(wri) + unlocated, unlocated, summary)
    ukraine = merge.plants.loc[merge.plants["country_iso3"] == "UKR"]
    assert report["merged_plants"] == len(ukraine) == 8
    assert report["published_plants"] == 64
    assert report["published_capacity_gw"] == pytest.approx(48.570, abs=1e-3)
    gw = ukraine["capacity_mw"].sum() / 1000
    assert report["difference_gw"] == pytest.approx(gw - 48.5698, abs=1e-3)
    assert report["wri_rows_sharing_an_id"] == 2


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_wri_ids_are_unique_with_a_suffix_for_each_repeat() -> None:
    located = [r for r in _rows("wri_ukraine.csv") if r["Latitude"] and r["Longitude"]]
    expected, seen = [], Counter[str]()
    for row in located:
        seen[row["Power Plant ID"]] += 1
        n = seen[row["Power Plant ID"]]
        expected.append(f"WRI{row['Power Plant ID']}" + ("" if n == 1 else f"-{n}"))
    wri, unlocated = read_wri_ukraine(FIXTURES / "wri_ukraine.csv")
    assert list(wri["id"]) == expected
    assert any("-2" in i for i in expected)
    assert unlocated == len(_rows("wri_ukraine.csv")) - len(located) == 1


def test_every_figure_of_the_energy_report_from_the_rows() -> None:
    """The report on the fixtures against sums written here over the CSV rows and the merge."""
    geodb = read_geodb(FIXTURES / "geodb.csv")
    wri, unlocated = read_wri_ukraine(FIXTURES / "wri_ukraine.csv")
    merge = merge_plants(wri, geodb)
    (published,) = _rows("country_summary.csv")
    report = ukraine_comparison(merge, len(wri) + unlocated, unlocated, pd.Series(published))
    ukraine = [r for _, r in merge.plants.iterrows() if r["country_iso3"] == "UKR"]
    by_fuel: dict[str, list[float]] = {}
    for plant in ukraine:
        by_fuel.setdefault(plant["primary_fuel"].lower(), []).append(plant["capacity_mw"])
    geodb_only = [p["capacity_mw"] for p in ukraine if p["source"] == "GEODB"]
    merged_mw = sum(p["capacity_mw"] for p in ukraine)
    fuels = [k.removeprefix("count_fuel_") for k in published if k.startswith("count_fuel_")]
    expected = {
        "wri_rows": len(_rows("wri_ukraine.csv")),
        "wri_rows_without_coordinates": 1,
        "geodb_duplicates_dropped": len(geodb) + len(wri) - len(merge.plants),
        "geodb_only_plants": len(geodb_only),
        "geodb_only_gw": round(sum(geodb_only) / 1000, 3),
        "wri_rows_sharing_an_id": 2,
        "merged_plants": len(ukraine),
        "merged_capacity_gw": round(merged_mw / 1000, 3),
        "merged_by_fuel": {
            fuel: {"plants": len(mw), "gw": round(sum(mw) / 1000, 3)}
            for fuel, mw in by_fuel.items()
        },
        "published_plants": int(published["count"]),
        "published_capacity_gw": round(float(published["total_capacity_gw"]), 3),
        "published_by_fuel": {
            fuel: {
                "plants": int(published[f"count_fuel_{fuel}"]),
                "gw": round(float(published[f"capacity_gw_fuel_{fuel}"]), 3),
            }
            for fuel in fuels
            if f"capacity_gw_fuel_{fuel}" in published and int(published[f"count_fuel_{fuel}"])
        },
        "difference_plants": len(ukraine) - int(published["count"]),
        "difference_gw": round(merged_mw / 1000 - float(published["total_capacity_gw"]), 3),
    }
    figures = {k: v for k, v in report.items() if k != "matches"}
    assert figures == expected
    assert expected["geodb_only_plants"] == 1 and expected["difference_plants"] == -56
    assert len(expected["published_by_fuel"]) == 5  # coal, gas, hydro, nuclear, solar
    assert len(report["matches"]) == expected["geodb_duplicates_dropped"] == 5


def test_a_wri_row_with_only_one_coordinate_is_unlocated(tmp_path: Path) -> None:
    header = "Power Plant ID,Name,Fuel,Capacity (MW),Commissioning Date,Latitude,Longitude\n"
    rows = [
        "1,Both,Coal,10,1990,48.0,30.0",
        "2,Latitude only,Coal,10,1990,48.0,",
        "3,None,Coal,10,,,",
        "4,Longitude only,Gas,10,1990,,30.0",
    ]
    path = tmp_path / "wri.csv"
    path.write_text(header + "\n".join(rows) + "\n")
    wri, unlocated = read_wri_ukraine(path)
    assert (list(wri["id"]), unlocated) == (["WRI1"], 3)


def test_report_figures_round_to_the_megawatt() -> None:
    """1,500 MW only in GEODB and 1,000 MW merged: 1.5 and 2.5 GW, not a MW less."""
    merged = plants([("W1", "Alpha", "Gas", 30.0, 48.0), ("G1", "Beta", "Coal", 31.0, 48.0)])
    merged["capacity_mw"] = [1_000.0, 1_500.0]
    merged["source"] = ["WRI Ukraine", "GEODB"]
    merge = EnergyMerge(plants=merged, matches=pd.DataFrame(columns=list(MATCH_COLUMNS)))
    summary = pd.Series({"count": 3, "total_capacity_gw": 4.0})
    report = ukraine_comparison(merge, 1, 0, summary)
    assert (report["geodb_only_gw"], report["merged_capacity_gw"]) == (1.5, 2.5)
    assert (report["difference_gw"], report["difference_plants"]) == (-1.5, -1)
    assert report["merged_by_fuel"] == {
        "coal": {"plants": 1, "gw": 1.5},
        "gas": {"plants": 1, "gw": 1.0},
    }
