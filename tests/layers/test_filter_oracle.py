"""load_layer and list_layers against filters written here on the raw rows of the bundled files.

The oracle reads each file with geopandas (every row, the worldview tag included) and picks
rows with pandas and shapely alone: a worldview keeps the rows tagged ``all`` or with its
name; a country or region code picks countries and regions by code (a region's country by
its owner in the view), points whose source names their country (cities, energy) by that
country (the owner in the view for the regions the views disagree on, a country's other
ISO3 code too) and their ``iso_3166_2``, and any other layer by intersecting the union of
the region's rows; a bbox keeps what intersects the box.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from umbrella.layers import LAYERS, RegionNotFound, list_layers, load_layer, region_geometry
from umbrella.layers.catalogue import data_dir

TAG = "worldview"


@cache
def _raw(name: str) -> gpd.GeoDataFrame:
    """Every row of a bundled file, read with geopandas (not with umbrella.layers)."""
    return gpd.read_parquet(data_dir() / f"{name}.parquet")


def _view(name: str, worldview: str) -> gpd.GeoDataFrame:
    raw = _raw(name)
    if TAG not in raw.columns:
        return raw
    rows = raw.loc[raw[TAG].isin(["all", worldview])]
    return rows.drop(columns=TAG).reset_index(drop=True)


def _resolve(code: str, worldview: str) -> tuple[str, str]:
    """("country", adm0_a3) or ("region", ISO 3166-2 code), by the rows of the view."""
    code = code.upper()
    countries = _view("countries", worldview)
    hit = countries.loc[(countries["adm0_a3"] == code) | (countries["iso_a3"] == code)]
    if len(hit):
        return "country", str(hit["adm0_a3"].iloc[0])
    regions = _view("regions", worldview)
    assert (regions["iso_3166_2"] == code).any(), code
    return "region", code


def _owner(region: str, worldview: str) -> str:
    regions = _view("regions", worldview)
    (owner,) = set(regions.loc[regions["iso_3166_2"] == region, "adm0_a3"])
    return str(owner)


def _equal(column: pd.Series, value: str) -> np.ndarray:
    return column.eq(value).fillna(False).to_numpy(dtype=bool)


def _expected(
    name: str,
    worldview: str,
    region: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> gpd.GeoDataFrame:
    rows = _view(name, worldview)
    keep = np.ones(len(rows), dtype=bool)
    if region is not None:
        kind, code = _resolve(region, worldview)
        country = code if kind == "country" else _owner(code, worldview)
        if name == "countries":
            keep &= _equal(rows["adm0_a3"], country)
        elif name == "regions":
            keep &= _equal(rows["adm0_a3" if kind == "country" else "iso_3166_2"], code)
        elif "country_iso3" in rows.columns:
            tagged = _raw("regions")
            contested = tagged.loc[tagged[TAG] == worldview]
            owner_in_view = dict(zip(contested["iso_3166_2"], contested["adm0_a3"], strict=True))
            point_country = [
                owner_in_view.get(r, c)
                for r, c in zip(rows["iso_3166_2"], rows["country_iso3"], strict=True)
            ]
            countries = _view("countries", worldview)
            names = {country, *countries.loc[countries["adm0_a3"] == country, "iso_a3"]}
            keep &= np.isin(np.asarray(point_country, dtype=object), list(names))
            if kind == "region":
                keep &= _equal(rows["iso_3166_2"], code)
        else:
            source = _view("countries" if kind == "country" else "regions", worldview)
            column = "adm0_a3" if kind == "country" else "iso_3166_2"
            area = shapely.union_all(source.loc[source[column] == code].geometry.to_numpy())
            keep &= rows.intersects(area).to_numpy()
    if bbox is not None:
        keep &= rows.intersects(shapely.box(*bbox)).to_numpy()
    return rows.loc[keep].reset_index(drop=True)


def _same_rows(got: gpd.GeoDataFrame, expected: gpd.GeoDataFrame) -> None:
    assert sorted(got.columns) == sorted(expected.columns)
    assert len(got) == len(expected)
    assert shapely.equals_exact(
        got.geometry.to_numpy(), expected.geometry.to_numpy(), tolerance=0
    ).all()
    attributes = [c for c in expected.columns if c != "geometry"]
    pd.testing.assert_frame_equal(
        pd.DataFrame(got[attributes]), pd.DataFrame(expected[attributes]), check_dtype=False
    )


@pytest.mark.parametrize(
    ("name", "region", "worldview"),
    [
        ("countries", "UKR", "un"),
        ("countries", "RUS", "de_facto"),
        ("countries", "ua-43", "de_facto"),  # a region selects its owner, in the view
        ("countries", "SSD", "un"),  # by iso_a3: the row is SDS
        ("regions", "RUS", "de_facto"),
        ("regions", "RUS", "un"),
        ("regions", "UA-40", "un"),
        ("cities", "UKR", "un"),
        ("cities", "RUS", "de_facto"),
        ("cities", "UA-43", "de_facto"),
        ("cities", "SDS", "un"),  # cities give SSD
        ("energy", "UKR", "de_facto"),
        ("energy", "RUS", "un"),
        ("energy", "UA-12", "un"),
        ("rivers", "MDA", "un"),
        ("airports", "UA-30", "un"),
        ("borders", "UKR", "de_facto"),
        ("borders", "UKR", "un"),
        ("disputed", "UA-43", "de_facto"),
        ("urban", "UA-43", "un"),
        ("seas", "UKR", "un"),
    ],
)
def test_a_region_keeps_exactly_the_rows_a_filter_on_the_raw_rows_keeps(
    name: str, region: str, worldview: str
) -> None:
    expected = _expected(name, worldview, region=region)
    assert len(expected) > 0
    _same_rows(load_layer(name, region=region, worldview=worldview), expected)


@pytest.mark.parametrize(
    ("name", "region", "bbox", "worldview"),
    [
        ("cities", None, (30.0, 50.0, 31.0, 51.0), "un"),
        ("countries", None, (20.0, 40.0, 30.0, 50.0), "de_facto"),
        ("regions", None, (33.0, 44.0, 34.0, 45.0), "un"),
        ("energy", "UKR", (22.0, 44.0, 40.0, 49.0), "un"),
        ("energy", "RUS", (36.0, 50.0, 45.0, 58.0), "de_facto"),
        ("rivers", "UKR", (30.0, 46.0, 35.0, 52.0), "de_facto"),
        ("ports", None, (-10.0, 35.0, 5.0, 45.0), "un"),
    ],
)
def test_a_bbox_keeps_exactly_what_intersects_it(
    name: str,
    region: str | None,
    bbox: tuple[float, float, float, float],
    worldview: str,
) -> None:
    expected = _expected(name, worldview, region=region, bbox=bbox)
    assert 0 < len(expected) < len(_view(name, worldview))
    _same_rows(load_layer(name, region=region, bbox=bbox, worldview=worldview), expected)


@pytest.mark.parametrize("name", list(LAYERS))
@pytest.mark.parametrize("worldview", ["de_facto", "un"])
def test_a_whole_layer_is_its_rows_in_the_view(name: str, worldview: str) -> None:
    if name == "cities":  # 196,000 rows: compared by count and ids only
        got = load_layer(name, worldview=worldview)
        assert got["geonameid"].tolist() == _view(name, worldview)["geonameid"].tolist()
        return
    _same_rows(load_layer(name, worldview=worldview), _view(name, worldview))


@pytest.mark.parametrize("worldview", ["de_facto", "un"])
def test_list_layers_counts_the_rows_in_the_view(worldview: str) -> None:
    counts = {info.spec.name: info.count for info in list_layers(worldview)}
    assert counts == {name: len(_view(name, worldview)) for name in LAYERS}
    assert all(info.worldview == worldview for info in list_layers(worldview))


@pytest.mark.parametrize(
    ("code", "worldview"), [("UKR", "un"), ("RUS", "de_facto"), ("UA-43", "un"), ("ssd", "un")]
)
def test_region_geometry_is_the_union_of_the_region_s_rows(code: str, worldview: str) -> None:
    kind, resolved = _resolve(code, worldview)
    rows = _view("countries" if kind == "country" else "regions", worldview)
    column = "adm0_a3" if kind == "country" else "iso_3166_2"
    expected = shapely.union_all(rows.loc[rows[column] == resolved].geometry.to_numpy())
    got = region_geometry(code, worldview)
    assert shapely.symmetric_difference(got, expected).area < 1e-9 * expected.area


def test_an_unknown_code_suggests_three_codes_of_the_view() -> None:
    with pytest.raises(RegionNotFound) as raised:
        load_layer("cities", region="UA-4")  # close to UA-40, UA-43, UA-46, UA-48, ...
    suggested = raised.value.reason.split("did you mean ")[1].rstrip("?").split(", ")
    regions = set(_view("regions", "un")["iso_3166_2"])
    assert len(suggested) == 3 and set(suggested) <= regions
