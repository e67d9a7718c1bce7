"""Targets to protect, gathered from the scenario's target sets, with their sample points.

A point target is covered by an asset when the asset covers the point. Any other target is
covered by an asset only when the asset covers every one of its sample points (its vertices,
densified along the boundary as GeoJSON draws it, straight in lon/lat, to
``SAMPLE_SPACING_M``, and a point inside) and, for an asset
with a minimum range, when the asset does not stand on the target (its blind disc would
then lie inside the target, out of reach of the boundary samples).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.scenario import Scenario, TargetSet
from umbrella.geo import densify_drawn, geodesic_length
from umbrella.layers import load_layer

__all__ = ["SAMPLE_SPACING_M", "TargetTable", "gather_targets", "layer_points"]

SAMPLE_SPACING_M = 1_000.0
MAX_SAMPLES_PER_TARGET = 5_000


@dataclass(frozen=True)
class TargetTable:
    """Every target of a scenario, in target-set order, with its sample points."""

    ids: tuple[str, ...]
    set_ids: tuple[str, ...]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    fuels: tuple[str, ...]  # an energy node's primary fuel (lower case), "" otherwise
    weights: np.ndarray
    regions: tuple[str, ...]
    geometries: tuple[BaseGeometry, ...]
    min_depth: tuple[int, ...]
    required_tiers: tuple[tuple[str, ...], ...]
    sample_lon: np.ndarray
    sample_lat: np.ndarray
    sample_owner: np.ndarray  # index of the target each sample belongs to

    def __len__(self) -> int:
        return len(self.ids)


def gather_targets(scenario: Scenario, regions: gpd.GeoDataFrame) -> TargetTable:
    """Collect the targets of every target set; layer targets are those of the regions."""
    frames = [_target_frame(scenario, target_set) for target_set in scenario.targets]
    targets = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=4326)
    region_codes = _region_of(targets, regions)
    samples = _samples(targets.geometry.to_numpy())
    return TargetTable(
        ids=tuple(targets["id"]),
        set_ids=tuple(targets["set_id"]),
        names=tuple(targets["name"]),
        kinds=tuple(targets["kind"]),
        fuels=tuple(targets["fuel"]),
        weights=targets["weight"].to_numpy(dtype=float),
        regions=tuple(region_codes),
        geometries=tuple(targets.geometry),
        min_depth=tuple(int(d) for d in targets["min_depth"]),
        required_tiers=tuple(tuple(t) for t in targets["required_tiers"]),
        sample_lon=samples[:, 0],
        sample_lat=samples[:, 1],
        sample_owner=samples[:, 2].astype(np.int64),
    )


def _target_frame(scenario: Scenario, target_set: TargetSet) -> pd.DataFrame:
    """The targets of one target set, one row each (columns: id, set_id, name, kind, ...)."""
    if target_set.geojson is not None:
        named = target_set.geojson.features  # parsed when the scenario was validated
        ids = [f"{target_set.id}:{i}" for i in range(len(named))]
        names = [name for name, _ in named]
        geometries = [geometry for _, geometry in named]
        kind, weights = "user", [1.0] * len(named)
        regions, fuels = [None] * len(named), [""] * len(named)
    else:
        inside = layer_points(scenario, target_set.layer or "")
        if target_set.layer == "energy":
            chosen = inside[inside["capacity_mw"] >= target_set.min_capacity_mw]
            kind, id_column, weight_column = "energy", "id", "capacity_mw"
        else:
            chosen = inside[inside["population"] >= target_set.min_population]
            kind, id_column, weight_column = "city", "geonameid", "population"
        ids = [f"{target_set.id}:{value}" for value in chosen[id_column]]
        regions = list(chosen["iso_3166_2"].fillna(""))
        names = list(chosen["name"])
        fuels = (
            list(chosen["primary_fuel"].fillna("").str.lower())
            if kind == "energy"
            else [""] * len(chosen)
        )
        geometries = list(chosen.geometry)
        weights = chosen[weight_column].astype(float).tolist()
    return pd.DataFrame(
        {
            "id": ids,
            "set_id": target_set.id,
            "name": names,
            "kind": kind,
            "weight": weights,
            "region": regions,
            "fuel": fuels,
            "min_depth": target_set.min_depth,
            "required_tiers": [tuple(target_set.required_tiers)] * len(ids),
            "geometry": geometries,
        }
    )


def layer_points(scenario: Scenario, layer: str) -> gpd.GeoDataFrame:
    """The features of a point layer in the scenario's regions, each once.

    A point belongs to the country its source names (see ``umbrella.layers.load_layer``);
    sections of cities (``section_of`` set) are counted in their city and left out.
    """
    frames = [
        load_layer(layer, region=code, worldview=scenario.worldview) for code in scenario.regions
    ]
    points = pd.concat(frames, ignore_index=True)
    if "section_of" in points.columns:
        points = points.loc[points["section_of"].isna()]
    key = "id" if "id" in points.columns else "geonameid"
    return points.drop_duplicates(subset=key, ignore_index=True)


def _region_of(targets: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> list[str]:
    """Each target's ISO 3166-2 code: its layer's (the region of its source's country), or
    for the user's own the admin-1 region holding its representative point ("" if none)."""
    if targets.empty:
        return []
    points = gpd.GeoDataFrame(geometry=targets.representative_point(), crs=4326)
    joined = gpd.sjoin(points, regions[["iso_3166_2", "geometry"]], how="left", predicate="within")
    first = joined[~joined.index.duplicated(keep="first")]
    drawn = [code if isinstance(code, str) else "" for code in first["iso_3166_2"]]
    return [
        given if isinstance(given, str) else code
        for given, code in zip(targets["region"], drawn, strict=True)
    ]


def _samples(geometries: np.ndarray) -> np.ndarray:
    """(k, 3) rows of lon, lat and owning target index: one per point target, many otherwise."""
    is_point = shapely.get_type_id(geometries) == shapely.GeometryType.POINT
    point_rows = np.column_stack(
        [
            shapely.get_x(geometries[is_point]),
            shapely.get_y(geometries[is_point]),
            np.flatnonzero(is_point),
        ]
    )
    shaped_rows = []
    for i in np.flatnonzero(~is_point):
        lonlat = _shape_samples(geometries[i])
        shaped_rows.append(np.column_stack([lonlat, np.full(len(lonlat), i)]))
    rows = np.vstack([point_rows, *shaped_rows]) if len(geometries) else np.empty((0, 3))
    return rows[np.argsort(rows[:, 2], kind="stable")]


def _shape_samples(geometry: BaseGeometry) -> np.ndarray:
    """(k, 2) lon/lat samples deciding whether an asset covers a whole target.

    A MultiPoint is its points; a line or a polygon's boundary is densified as drawn to
    SAMPLE_SPACING_M (wider for very long ones, to keep MAX_SAMPLES_PER_TARGET), keeping
    every vertex, plus a point inside.
    """
    if isinstance(geometry, shapely.MultiPoint):
        return shapely.get_coordinates(geometry)
    boundary = geometry.boundary if geometry.geom_type.endswith("Polygon") else geometry
    spacing = max(SAMPLE_SPACING_M, geodesic_length(boundary) / MAX_SAMPLES_PER_TARGET)
    coordinates = shapely.get_coordinates(densify_drawn(boundary, spacing))
    inside = geometry.representative_point()
    return np.vstack([coordinates, [[inside.x, inside.y]]])
