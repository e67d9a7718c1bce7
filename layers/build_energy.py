"""Build the energy layer: GPPD's GEODB table merged with WRI's Ukraine table, deduplicated.

Deduplication rule (one GEODB plant against every WRI plant): the GEODB plant is the same
plant as a WRI plant when both are in the same country with the same primary fuel, and
either their geodesic distance is at most SAME_SITE_KM (whatever the names), or it is at most
NEAR_SITE_KM and their normalised names are similar (``name_similarity`` >= MIN_SIMILARITY).
WRI's own Ukraine table is preferred: a GEODB plant that duplicates a WRI plant is dropped,
and the WRI record takes its missing capacity or commissioning year and lists both sources.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from umbrella.geo import GEOD
from umbrella.layers.build_io import CRS

__all__ = [
    "MIN_SIMILARITY",
    "NEAR_SITE_KM",
    "SAME_SITE_KM",
    "EnergyMerge",
    "build_energy",
    "merge_plants",
    "name_similarity",
    "normalise_name",
    "read_geodb",
    "read_wri_ukraine",
    "ukraine_comparison",
]

SAME_SITE_KM: Final = 2.0
NEAR_SITE_KM: Final = 25.0
MIN_SIMILARITY: Final = 0.75

GEODB_SOURCE: Final = "GEODB"
WRI_SOURCE: Final = "WRI Ukraine"
COLUMNS: Final = (
    "id",
    "name",
    "capacity_mw",
    "primary_fuel",
    "commissioning_year",
    "source",
    "country_iso3",
)
# WRI's fuel names mapped to the GPPD primary_fuel vocabulary.
_WRI_FUELS: Final = {"Natural Gas": "Gas"}
# Words that say what a plant is, not which one it is.
_GENERIC_WORDS: Final = frozenset(
    [
        "power",
        "plant",
        "station",
        "hydroelectric",
        "thermal",
        "nuclear",
        "ukraine",
        "tes",
        "tpp",
        "npp",
        "hpp",
        "the",
        "of",
    ]
)
GEODB_FILE: Final = "gppd_source_geodb.csv"
WRI_UKRAINE_FILE: Final = "gppd_source_wri_ukraine.csv"
SUMMARY_FILE: Final = "gppd_country_summary.csv"


def normalise_name(name: str) -> list[str]:
    """Lower-case ASCII word tokens of a plant name without generic words (empty for '')."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    tokens = re.findall(r"[a-z]+|\d+", folded.lower())
    return [token for token in tokens if token not in _GENERIC_WORDS]


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two plant names.

    Numbers must agree (``CHP-5`` is not ``CHP-6``): different number sets give 0. Otherwise
    each word of the shorter name is matched to its closest word of the other (difflib ratio,
    so transliterations such as Zaporizhia/Zaporozhye score high) and the scores averaged.
    Names without words give 0.
    """
    tokens_a, tokens_b = normalise_name(a), normalise_name(b)
    numbers_a = {t for t in tokens_a if t.isdigit()}
    numbers_b = {t for t in tokens_b if t.isdigit()}
    if numbers_a != numbers_b:
        return 0.0
    words_a = [t for t in tokens_a if not t.isdigit()]
    words_b = [t for t in tokens_b if not t.isdigit()]
    if not words_a or not words_b:
        return 0.0
    shorter, longer = sorted((words_a, words_b), key=len)
    best = [max(difflib.SequenceMatcher(None, w, o).ratio() for o in longer) for w in shorter]
    return float(np.mean(best))


def _frame(data: pd.DataFrame, lon: pd.Series, lat: pd.Series) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        data[list(COLUMNS)].reset_index(drop=True),
        geometry=gpd.points_from_xy(lon.to_numpy(), lat.to_numpy()),
        crs=CRS,
    )


def read_geodb(path: Path) -> gpd.GeoDataFrame:
    """GPPD's GEODB source table as energy features (rows without coordinates dropped)."""
    table = pd.read_csv(path).dropna(subset=["latitude", "longitude"])
    table = table.assign(
        id=table["gppd_idnr"],
        source=GEODB_SOURCE,
        country_iso3=table["country"],
        commissioning_year=table["commissioning_year"].round().astype("Int64"),
    )
    return _frame(table, table["longitude"], table["latitude"])


def _first_year(value: object) -> object:
    match = re.search(r"\d{4}", str(value))  # NaN reads "nan": no year
    return int(match.group()) if match else pd.NA


def read_wri_ukraine(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """WRI's Ukraine table as energy features, and how many rows had no coordinates.

    The commissioning year is the first year of a range such as ``1982-1989``; a repeated
    WRI plant id gets a ``-2``, ``-3``, ... suffix so that ids stay unique.
    """
    table = pd.read_csv(path)
    lat = pd.to_numeric(table["Latitude"], errors="coerce")
    lon = pd.to_numeric(table["Longitude"], errors="coerce")
    located = lat.notna() & lon.notna()
    table = table.loc[located]
    ids = "WRI" + table["Power Plant ID"].astype(str)
    repeat = ids.groupby(ids).cumcount()
    table = table.assign(
        id=ids.where(repeat == 0, ids + "-" + (repeat + 1).astype(str)),
        name=table["Name"],
        capacity_mw=pd.to_numeric(table["Capacity (MW)"], errors="coerce"),
        primary_fuel=table["Fuel"].replace(_WRI_FUELS),
        commissioning_year=table["Commissioning Date"].map(_first_year).astype("Int64"),
        source=WRI_SOURCE,
        country_iso3="UKR",
    )
    return _frame(table, lon[located], lat[located]), int((~located).sum())


@dataclass(frozen=True)
class EnergyMerge:
    """The merged plants and, for each dropped duplicate, the kept plant it matched and why."""

    plants: gpd.GeoDataFrame
    matches: pd.DataFrame  # dropped_id, dropped_name, kept_id, kept_name, km, similarity


MATCH_COLUMNS: Final = ("dropped_id", "dropped_name", "kept_id", "kept_name", "km", "similarity")
_FILLED: Final = ("capacity_mw", "commissioning_year")


def _match(row: pd.Series, lon: float, lat: float, kept: gpd.GeoDataFrame) -> tuple[object, ...]:
    """The best kept plant that row duplicates (as a MATCH_COLUMNS tuple), or () if none."""
    candidates = kept.loc[
        (kept["country_iso3"] == row["country_iso3"])
        & (kept["primary_fuel"] == row["primary_fuel"])
    ]
    if candidates.empty:
        return ()
    n = len(candidates)
    _, _, metres = GEOD.inv(
        np.full(n, lon), np.full(n, lat), candidates.geometry.x, candidates.geometry.y
    )
    km = np.asarray(metres) / 1000.0
    similarity = np.array([name_similarity(row["name"], other) for other in candidates["name"]])
    same = (km <= SAME_SITE_KM) | ((km <= NEAR_SITE_KM) & (similarity >= MIN_SIMILARITY))
    ranked = [i for i in np.lexsort((km, -similarity)) if same[i]]  # most similar, then nearest
    if not ranked:
        return ()
    best = ranked[0]
    kept_row = candidates.iloc[best]
    return (
        row["id"],
        row["name"],
        kept_row["id"],
        kept_row["name"],
        round(float(km[best]), 3),
        round(float(similarity[best]), 3),
    )


def merge_plants(preferred: gpd.GeoDataFrame, other: gpd.GeoDataFrame) -> EnergyMerge:
    """The preferred plants plus the other plants that duplicate none of them.

    A kept plant that duplicates other plants takes their missing capacity and commissioning
    year and lists their source. Empty inputs give the other input (or an empty frame).
    """
    found = [
        match
        for (_, row), lon, lat in zip(
            other.iterrows(), other.geometry.x, other.geometry.y, strict=True
        )
        if (match := _match(row, lon, lat, preferred))
    ]
    matches = pd.DataFrame(found, columns=list(MATCH_COLUMNS))
    kept = preferred.copy()
    duplicates = (
        matches.merge(other[["id", *_FILLED, "source"]], left_on="dropped_id", right_on="id")
        .drop_duplicates("kept_id")
        .set_index("kept_id")
    )
    hit = kept["id"].isin(duplicates.index).to_numpy()
    for column in (*_FILLED, "source"):
        from_duplicate = kept.loc[hit, "id"].map(duplicates[column])
        if column == "source":
            kept.loc[hit, column] = kept.loc[hit, column] + "; " + from_duplicate
        else:
            kept.loc[hit, column] = kept.loc[hit, column].fillna(from_duplicate)
    added = other.loc[~other["id"].isin(matches["dropped_id"])]
    plants = gpd.GeoDataFrame(pd.concat([kept, added], ignore_index=True), crs=CRS)
    plants["commissioning_year"] = plants["commissioning_year"].astype("Int64")
    return EnergyMerge(plants=plants, matches=matches)


def _by_fuel(plants: pd.DataFrame) -> dict[str, dict[str, float]]:
    groups = plants.groupby(plants["primary_fuel"].str.lower())["capacity_mw"]
    return {
        str(fuel): {"plants": int(count), "gw": round(float(mw) / 1000.0, 3)}
        for (fuel, count), mw in zip(groups.size().items(), groups.sum(), strict=True)
    }


def _published_by_fuel(summary: pd.Series) -> dict[str, dict[str, float]]:
    fuels = [column.removeprefix("count_fuel_") for column in summary.index]
    return {
        fuel: {
            "plants": int(summary[f"count_fuel_{fuel}"]),
            "gw": round(float(summary[f"capacity_gw_fuel_{fuel}"]), 3),
        }
        for fuel in fuels
        if f"capacity_gw_fuel_{fuel}" in summary.index and int(summary[f"count_fuel_{fuel}"])
    }


def ukraine_comparison(
    merge: EnergyMerge, wri_rows: int, wri_unlocated: int, summary: pd.Series
) -> dict[str, object]:
    """Figures comparing the merged Ukrainian plants with GPPD's published totals (summary row)."""
    plants = merge.plants.loc[merge.plants["country_iso3"] == "UKR"]
    merged_gw = float(plants["capacity_mw"].sum()) / 1000.0
    published_gw = float(summary["total_capacity_gw"])
    return {
        "wri_rows": wri_rows,
        "wri_rows_without_coordinates": wri_unlocated,
        "geodb_duplicates_dropped": len(merge.matches),
        "geodb_only_plants": int((plants["source"] == GEODB_SOURCE).sum()),
        "geodb_only_gw": round(
            float(plants.loc[plants["source"] == GEODB_SOURCE, "capacity_mw"].sum()) / 1000.0, 3
        ),
        "wri_rows_sharing_an_id": int(plants["id"].str.fullmatch(r"WRI\d+-\d+").sum()),
        "merged_plants": len(plants),
        "merged_capacity_gw": round(merged_gw, 3),
        "merged_by_fuel": _by_fuel(plants),
        "published_plants": int(summary["count"]),
        "published_capacity_gw": round(published_gw, 3),
        "published_by_fuel": _published_by_fuel(summary),
        "difference_plants": len(plants) - int(summary["count"]),
        "difference_gw": round(merged_gw - published_gw, 3),
        "matches": merge.matches.to_dict(orient="records"),
    }


def build_energy(powerplants: Path) -> tuple[gpd.GeoDataFrame, dict[str, object]]:
    """The energy layer (WRI's Ukraine table preferred, then GEODB) and the Ukraine report."""
    geodb = read_geodb(powerplants / GEODB_FILE)
    wri, wri_unlocated = read_wri_ukraine(powerplants / WRI_UKRAINE_FILE)
    merge = merge_plants(wri, geodb)
    table = pd.read_csv(powerplants / SUMMARY_FILE)
    summary = table.loc[table["iso_code"] == "UKR"].iloc[0]
    report = ukraine_comparison(merge, len(wri) + wri_unlocated, wri_unlocated, summary)
    plants = merge.plants.sort_values(["country_iso3", "id"], ignore_index=True)
    return plants, report
