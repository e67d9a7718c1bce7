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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.regions import AdminRegions
from umbrella.coverage.scenario import Scenario, TargetSet
from umbrella.geo import densify_drawn, geodesic_length
from umbrella.layers.arrow import numbers
from umbrella.layers.loading import distinct_rows, geometries, layer_rows

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


@dataclass(frozen=True)
class _SetRows:
    """The targets of one target set, column by column."""

    ids: list[str]
    names: list[str]
    kind: str
    weights: list[float]
    regions: list[str | None]  # a layer target's region (its source's); None: find it
    fuels: list[str]
    geometries: list[BaseGeometry]


def gather_targets(scenario: Scenario, regions: AdminRegions) -> TargetTable:
    """Collect the targets of every target set; layer targets are those of the regions."""
    parts = [(target_set, _set_rows(scenario, target_set)) for target_set in scenario.targets]
    geometries = np.array([g for _, rows in parts for g in rows.geometries], dtype=object)
    given = [region for _, rows in parts for region in rows.regions]
    samples = _samples(geometries)
    return TargetTable(
        ids=tuple(i for _, rows in parts for i in rows.ids),
        set_ids=tuple(t.id for t, rows in parts for _ in rows.ids),
        names=tuple(name for _, rows in parts for name in rows.names),
        kinds=tuple(rows.kind for _, rows in parts for _ in rows.ids),
        fuels=tuple(fuel for _, rows in parts for fuel in rows.fuels),
        weights=np.array([w for _, rows in parts for w in rows.weights], dtype=float),
        regions=tuple(_region_of(geometries, given, regions)),
        geometries=tuple(geometries),
        min_depth=tuple(t.min_depth for t, rows in parts for _ in rows.ids),
        required_tiers=tuple(tuple(t.required_tiers) for t, rows in parts for _ in rows.ids),
        sample_lon=samples[:, 0],
        sample_lat=samples[:, 1],
        sample_owner=samples[:, 2].astype(np.int64),
    )


def _set_rows(scenario: Scenario, target_set: TargetSet) -> _SetRows:
    """The targets of one target set."""
    if target_set.geojson is not None:
        named = target_set.geojson.features  # parsed when the scenario was validated
        return _SetRows(
            ids=[f"{target_set.id}:{i}" for i in range(len(named))],
            names=[name for name, _ in named],
            kind="user",
            weights=[1.0] * len(named),
            regions=[None] * len(named),
            fuels=[""] * len(named),
            geometries=[geometry for _, geometry in named],
        )
    points = layer_points(scenario, target_set.layer or "")
    if target_set.layer == "energy":
        kind, id_column, weight_column = "energy", "id", "capacity_mw"
        least = target_set.min_capacity_mw
    else:
        kind, id_column, weight_column = "city", "geonameid", "population"
        least = target_set.min_population
    chosen = points.filter(pc.greater_equal(points[weight_column], numbers([least], np.float64)[0]))
    fuels = (
        [(fuel or "").lower() for fuel in chosen["primary_fuel"].to_pylist()]
        if kind == "energy"
        else [""] * chosen.num_rows
    )
    return _SetRows(
        ids=[f"{target_set.id}:{value}" for value in chosen[id_column].to_pylist()],
        names=chosen["name"].to_pylist(),
        kind=kind,
        weights=[float(w) for w in chosen[weight_column].to_pylist()],
        regions=[region or "" for region in chosen["iso_3166_2"].to_pylist()],
        fuels=fuels,
        geometries=list(geometries(chosen)),
    )


def layer_points(scenario: Scenario, layer: str) -> pa.Table:
    """The rows of a point layer in the scenario's regions, each once (Arrow, WKB geometry).

    A point belongs to the country its source names (see ``umbrella.layers.load_layer``);
    sections of cities (``section_of`` set) are counted in their city and left out.
    """
    tables = [
        layer_rows(layer, region=code, worldview=scenario.worldview) for code in scenario.regions
    ]
    points = pa.concat_tables(tables)
    if "section_of" in points.column_names:
        points = points.filter(pc.is_null(points["section_of"]))
    return distinct_rows(points, "id" if "id" in points.column_names else "geonameid")


def _region_of(geometries: np.ndarray, given: list[str | None], regions: AdminRegions) -> list[str]:
    """Each target's ISO 3166-2 code: its layer's (the region of its source's country), or
    for the user's own the admin-1 region holding its representative point ("" if none)."""
    unknown = np.array([i for i, region in enumerate(given) if region is None], dtype=np.int64)
    inside = geometries[unknown]  # a point is its own representative point
    shaped = shapely.get_type_id(inside) != shapely.GeometryType.POINT
    inside[shaped] = shapely.point_on_surface(inside[shaped])
    drawn = regions.code_at(inside) if len(unknown) else []
    found = dict(zip(unknown.tolist(), drawn, strict=True))
    return [found[i] if region is None else region for i, region in enumerate(given)]


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
