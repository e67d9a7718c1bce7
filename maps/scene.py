"""What a map of a scenario draws, whatever draws it: extent, public layers, phases, symbols.

``build_scene`` gathers it once from the user's scenario and its analysis result: the public
layers clipped to the area around the scenario's regions (so maps stay small), each corridor's
band (the geodesic buffer of half its width around its waypoints' geodesic path), the depots
resolved to coordinates, and the attribution of the data shown. Geometries stay in lon/lat
(EPSG:4326).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.assets import lonlat
from umbrella.coverage.cache import cached_table, code_stamp
from umbrella.coverage.places import resolve_places
from umbrella.coverage.result import AnalysisResult, PhaseResult
from umbrella.coverage.scenario import Scenario
from umbrella.coverage.sweep.result import SweepResult
from umbrella.geo import geodesic_buffer
from umbrella.layers import LAYERS, region_geometry
from umbrella.layers.arrow import binaries, mask, values
from umbrella.layers.bbox import bbox_geometry
from umbrella.layers.loading import geometries, layer_rows, layer_table
from umbrella.layers.rows import LayerRows
from umbrella.maps.proposed import ProposedSite, proposed_sites

__all__ = [
    "BASEMAP_LAYERS",
    "EXTENT_MARGIN_DEG",
    "MIN_CITY_POPULATION",
    "PUBLIC_MARGIN_DEG",
    "DepotSite",
    "PublicLayers",
    "Scene",
    "attribution",
    "build_scene",
]

EXTENT_MARGIN_DEG: Final = 0.5
"""Margin around the regions, depots and corridors of the first view, in degrees."""
PUBLIC_MARGIN_DEG: Final = 5.0
"""Margin around that view within which the public layers are kept, in degrees."""
MIN_CITY_POPULATION: Final = 50_000
PUBLIC_TOLERANCE_DEG: Final = 0.01
"""Simplification of the public layers for display only (about 1 km; never for analysis)."""
CORRIDOR_TOLERANCE_M: Final = 50.0

BASEMAP_LAYERS: Final = ("countries", "lakes", "rivers")
_PUBLIC_LAYERS: Final = (*BASEMAP_LAYERS, "borders", "disputed", "regions", "cities", "energy")

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class PublicLayers:
    """The public layers around the scenario, clipped to ``bbox`` and simplified for display."""

    bbox: BBox
    countries: LayerRows
    lakes: LayerRows
    rivers: LayerRows
    borders: LayerRows
    disputed: LayerRows
    regions: LayerRows
    cities: LayerRows
    energy: LayerRows  # the biggest first


@dataclass(frozen=True)
class DepotSite:
    """A depot at its coordinates and the day from which it stands."""

    id: str
    lon: float
    lat: float
    from_day: int


@dataclass(frozen=True)
class Scene:
    """Everything a map draws; ``phases`` in timeline order, as in the result."""

    name: str
    worldview: str
    tiers: tuple[tuple[str, str], ...]  # (name, label)
    extent: BBox  # lon/lat box of the first view
    public: PublicLayers
    phases: tuple[PhaseResult, ...]
    corridor_bands: Mapping[str, BaseGeometry]
    depots: tuple[DepotSite, ...]
    attribution: str
    notice: str
    proposed: tuple[ProposedSite, ...] = ()
    sweep: SweepResult | None = None  # drawn over the analysis when given

    def phase(self, day: int) -> PhaseResult:
        """The result of the phase starting on ``day`` (KeyError if there is none)."""
        for phase in self.phases:
            if phase.summary.day == day:
                return phase
        raise KeyError(day)

    def depots_on(self, day: int) -> list[DepotSite]:
        """The depots standing on ``day``."""
        return [depot for depot in self.depots if depot.from_day <= day]


def attribution(layer_names: tuple[str, ...] = _PUBLIC_LAYERS) -> str:
    """Credit for the public layers drawn: each source once, with its licence."""
    credits: dict[str, str] = {}
    for name in layer_names:
        spec = LAYERS[name]
        credits.setdefault(spec.source.split(",")[0].split(" via ")[0], spec.licence)
    return "; ".join(f"{source} ({licence})" for source, licence in credits.items())


def _bounds(geometries: list[BaseGeometry], margin: float) -> BBox:
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(geometries, dtype=object))
    return (
        max(float(minx) - margin, -180.0),
        max(float(miny) - margin, -90.0),
        min(float(maxx) + margin, 180.0),
        min(float(maxy) + margin, 90.0),
    )


def _clipped(rows: pa.Table, bbox: BBox) -> pa.Table:
    """Layer rows clipped to ``bbox`` and simplified for display; rows left empty dropped."""
    geometry = shapely.clip_by_rect(geometries(rows), *bbox)
    geometry = shapely.simplify(geometry, PUBLIC_TOLERANCE_DEG, preserve_topology=True)
    kept = ~shapely.is_empty(geometry)
    wkb = binaries(shapely.to_wkb(geometry[kept]))
    return rows.drop_columns(["geometry"]).filter(mask(kept)).append_column("geometry", wkb)


def _settlements(worldview: str, bbox: BBox) -> pa.Table:
    """The cities within ``bbox``: settlements (a city's sections are counted and labelled with
    it) of at least ``MIN_CITY_POPULATION`` people, chosen before their points are decoded."""
    table = layer_table("cities", worldview)
    big = values(table["population"]) >= MIN_CITY_POPULATION
    rows = table.filter(mask(big & values(pc.is_null(table["section_of"]))))
    inside = shapely.intersects(bbox_geometry(bbox), geometries(rows))
    return _clipped(rows.filter(mask(inside)), bbox)


def _public_layers(scenario: Scenario, bbox: BBox, extent: BBox) -> PublicLayers:
    """The public layers around the scenario, kept on disk by what they depend on (the
    worldview, the boxes and the maps code; ``umbrella.coverage.cache``)."""
    view = scenario.worldview
    inputs = (view, bbox, extent, code_stamp("umbrella.maps"))

    def kept(name: str, make: Callable[[], pa.Table]) -> LayerRows:
        return LayerRows.of(cached_table(f"public-{name}", inputs, make))

    def layer(name: str, within: BBox = bbox) -> LayerRows:
        return kept(name, lambda: _clipped(layer_rows(name, bbox=within, worldview=view), within))

    return PublicLayers(
        bbox=bbox,
        countries=layer("countries"),
        lakes=layer("lakes"),
        rivers=layer("rivers"),
        borders=layer("borders"),
        disputed=layer("disputed"),
        regions=layer("regions", extent),  # the densest layer: the first view only
        cities=kept("cities", lambda: _settlements(view, bbox)),
        energy=layer("energy").sorted_by("capacity_mw", descending=True),
    )


def build_scene(
    scenario: Scenario, result: AnalysisResult, sweep: SweepResult | None = None
) -> Scene:
    """The scene of a scenario (place names may be unresolved), its analysis result and, if
    given, a sweep of it."""
    resolved = resolve_places(scenario)
    depots = tuple(
        DepotSite(depot.id, *lonlat(depot.location), depot.from_day) for depot in resolved.depots
    )
    centrelines = {
        corridor.id: shapely.LineString([lonlat(point) for point in corridor.waypoints])
        for corridor in resolved.corridors
    }
    bands = {
        key: geodesic_buffer(line, width_km * 500.0, tolerance_m=CORRIDOR_TOLERANCE_M)
        for (key, line), width_km in zip(
            centrelines.items(), (c.width_km for c in resolved.corridors), strict=True
        )
    }
    area = [region_geometry(code, scenario.worldview) for code in scenario.regions]
    sites = [shapely.Point(depot.lon, depot.lat) for depot in depots]
    extent = _bounds([*area, *sites, *centrelines.values()], EXTENT_MARGIN_DEG)
    public_bbox = _bounds([shapely.box(*extent)], PUBLIC_MARGIN_DEG)
    return Scene(
        name=scenario.name,
        worldview=scenario.worldview,
        tiers=tuple((name, tier.label or name) for name, tier in scenario.tiers.items()),
        extent=extent,
        public=_public_layers(scenario, public_bbox, extent),
        phases=result.phases,
        corridor_bands=MappingProxyType(bands),
        depots=depots,
        attribution=attribution(),
        notice=result.provenance.notice,
        proposed=proposed_sites(resolved),
        sweep=sweep,
    )
