"""Targets to protect, gathered from the scenario's target sets, with their sample points.

A point target is covered by an asset when the asset covers the point. A polygon or line
target is covered by an asset only when the asset covers every one of its sample points:
its vertices, densified along the boundary to ``SAMPLE_SPACING_M``, and a point inside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.errors import FieldProblem, ScenarioError
from umbrella.coverage.scenario import Scenario, TargetSet
from umbrella.geo import densify_geodesic
from umbrella.layers import load_layer

__all__ = ["SAMPLE_SPACING_M", "TargetTable", "gather_targets"]

SAMPLE_SPACING_M = 1_000.0
MAX_SAMPLES_PER_TARGET = 5_000


@dataclass(frozen=True)
class TargetTable:
    """Every target of a scenario, in target-set order, with its sample points."""

    ids: tuple[str, ...]
    set_ids: tuple[str, ...]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
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


def gather_targets(
    scenario: Scenario, area_of_interest: BaseGeometry, regions: gpd.GeoDataFrame
) -> TargetTable:
    """Collect the targets of every target set; layer targets are kept inside the area."""
    frames = [
        _target_frame(scenario, i, target_set, area_of_interest)
        for i, target_set in enumerate(scenario.targets)
    ]
    targets = gpd.GeoDataFrame(
        [row for frame in frames for row in frame], columns=_COLUMNS, geometry="geometry", crs=4326
    )
    region_codes = _region_of(targets, regions)
    samples = [_sample_points(geometry) for geometry in targets.geometry]
    owners = np.repeat(np.arange(len(samples)), [len(s) for s in samples])
    stacked = np.concatenate(samples) if samples else np.empty((0, 2))
    return TargetTable(
        ids=tuple(targets["id"]),
        set_ids=tuple(targets["set_id"]),
        names=tuple(targets["name"]),
        kinds=tuple(targets["kind"]),
        weights=targets["weight"].to_numpy(dtype=float),
        regions=tuple(region_codes),
        geometries=tuple(targets.geometry),
        min_depth=tuple(int(d) for d in targets["min_depth"]),
        required_tiers=tuple(tuple(t) for t in targets["required_tiers"]),
        sample_lon=stacked[:, 0],
        sample_lat=stacked[:, 1],
        sample_owner=owners,
    )


_COLUMNS = ["id", "set_id", "name", "kind", "weight", "min_depth", "required_tiers", "geometry"]


def _target_frame(
    scenario: Scenario, index: int, target_set: TargetSet, area_of_interest: BaseGeometry
) -> list[list[Any]]:
    """Rows of one target set."""
    requirement = [target_set.min_depth, tuple(target_set.required_tiers)]
    if target_set.geojson is not None:
        geometries = _user_geometries(target_set.geojson, f"targets[{index}].geojson")
        return [
            [f"{target_set.id}:{i}", target_set.id, name, "user", 1.0, *requirement, geometry]
            for i, (name, geometry) in enumerate(geometries)
        ]
    layer = load_layer(target_set.layer or "", worldview=scenario.worldview)
    inside = layer[layer.intersects(area_of_interest)]
    if target_set.layer == "energy":
        chosen = inside[inside["capacity_mw"] >= target_set.min_capacity_mw]
        kind, id_column, weight_column = "energy", "id", "capacity_mw"
    else:
        chosen = inside[inside["population"] >= target_set.min_population]
        kind, id_column, weight_column = "city", "geonameid", "population"
    return [
        [
            f"{target_set.id}:{row[id_column]}",
            target_set.id,
            row["name"],
            kind,
            float(row[weight_column]),
            *requirement,
            row.geometry,
        ]
        for _, row in chosen.iterrows()
    ]


def _user_geometries(geojson: dict[str, Any], field: str) -> list[tuple[str, BaseGeometry]]:
    """(name, geometry) of the user's GeoJSON: a FeatureCollection, a Feature or a geometry."""
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        features = geojson.get("features") or []
    elif kind == "Feature":
        features = [geojson]
    else:
        features = [{"type": "Feature", "geometry": geojson, "properties": {}}]
    result = []
    for i, feature in enumerate(features):
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            raise ScenarioError(
                [
                    FieldProblem(
                        f"{field}.features[{i}]", feature, f"is not a GeoJSON feature ({error})"
                    )
                ]
            ) from None
        if geometry.is_empty or not shapely.is_valid(geometry):
            reason = "is empty" if geometry.is_empty else shapely.is_valid_reason(geometry)
            raise ScenarioError(
                [
                    FieldProblem(
                        f"{field}.features[{i}].geometry", geometry.wkt[:80], f"invalid: {reason}"
                    )
                ]
            )
        properties = feature.get("properties") or {}
        result.append((str(properties.get("name", f"feature {i}")), geometry))
    return result


def _region_of(targets: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> list[str]:
    """The ISO 3166-2 code of the admin-1 region holding each target's representative point."""
    if targets.empty:
        return []
    points = gpd.GeoDataFrame(geometry=targets.representative_point(), crs=4326)
    joined = gpd.sjoin(points, regions[["iso_3166_2", "geometry"]], how="left", predicate="within")
    first = joined[~joined.index.duplicated(keep="first")]
    return [code if isinstance(code, str) else "" for code in first["iso_3166_2"]]


def _sample_points(geometry: BaseGeometry) -> np.ndarray:
    """(k, 2) lon/lat samples deciding whether an asset covers the whole target."""
    if isinstance(geometry, shapely.Point):
        return np.array([[geometry.x, geometry.y]])
    boundary = geometry.boundary if geometry.geom_type.endswith("Polygon") else geometry
    dense = densify_geodesic(boundary, SAMPLE_SPACING_M)
    coordinates = shapely.get_coordinates(dense)
    if len(coordinates) > MAX_SAMPLES_PER_TARGET:
        step = int(np.ceil(len(coordinates) / MAX_SAMPLES_PER_TARGET))
        coordinates = coordinates[::step]
    inside = geometry.representative_point()
    return np.vstack([coordinates, [[inside.x, inside.y]]])
