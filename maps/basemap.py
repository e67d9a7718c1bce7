"""The public layers of interactive maps: the offline basemap, its place names, the overlays.

The basemap is the land of the whole world, coarse (``WORLD_TOLERANCE_DEG``), each country
outlined; over it, the scene's box is painted afresh at the scene's detail: sea, land (one
shape, with the coast as a line, so that the box's own edges are never drawn), lakes, rivers.
Names of countries, seas and cities lie over it by zoom level (``umbrella.maps.labels``). The
public overlays (borders, contested areas, regions, cities, energy nodes) have panes of their
own, under the scenario's results.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Final, NamedTuple

import pyarrow as pa
import shapely

from umbrella.coverage.cache import cached_table, code_stamp
from umbrella.layers.arrow import strings
from umbrella.layers.rows import load_rows
from umbrella.maps.features import (
    PUBLIC,
    Detail,
    Feature,
    GeometryJson,
    area_style,
    border_style,
    city_style,
    collection,
    energy_style,
    feature,
)
from umbrella.maps.labels import Label, city_labels, country_labels, sea_labels
from umbrella.maps.leaflet import LabelLayer, VectorLayer
from umbrella.maps.popups import energy_popup
from umbrella.maps.scene import PublicLayers
from umbrella.maps.style import BASEMAP, DISPUTED

__all__ = [
    "RIVERS_FROM_ZOOM",
    "WORLD_MIN_PART_DEG2",
    "WORLD_TOLERANCE_DEG",
    "Overlay",
    "basemap_layers",
    "public_overlays",
]

WORLD_TOLERANCE_DEG: Final = 0.1
"""Simplification of the land outside the scene's box (display only, about 10 km)."""
WORLD_MIN_PART_DEG2: Final = 0.1
"""Islands smaller than this (square degrees) are left out of the coarse land."""
RIVERS_FROM_ZOOM: Final = 6
_WORLD: Final = Detail(0.0, 1)
_WORLD_LATS: Final = (-60.0, 85.0)  # Antarctica is off the maps of these scenarios


class Overlay(NamedTuple):
    """A public layer that the reader switches on and off; ``key`` names it in shared links."""

    key: str
    name: str
    shown: bool
    pane: str
    features: list[Feature]
    cluster: bool = False
    interactive: bool = True


def _land_style(outlined: bool) -> dict[str, object]:
    outline = {"color": BASEMAP.region, "weight": 0.5} if outlined else {"stroke": False}
    return {**outline, "fillColor": BASEMAP.land, "fillOpacity": 1}


def _draw_world(worldview: str) -> pa.Table:
    """The coarse land of every country, outlined, and the names of countries and seas, as
    one JSON document (``land``: each feature's geometry as JSON text and its properties;
    ``names``: each label's fields)."""
    countries = load_rows("countries", worldview=worldview)
    parts = shapely.get_parts(countries.geometry)
    parts = parts[shapely.area(parts) >= WORLD_MIN_PART_DEG2]
    land = shapely.clip_by_rect(parts, -180.0, _WORLD_LATS[0], 180.0, _WORLD_LATS[1])
    land = shapely.simplify(land, WORLD_TOLERANCE_DEG, preserve_topology=False)  # display only
    features = [
        [f["geometry"].text, f["properties"]]
        for g in land
        for f in feature(g, _land_style(outlined=True), _WORLD)
    ]
    labels = [*country_labels(countries), *sea_labels(load_rows("seas"))]
    names = [[n.text, n.lon, n.lat, n.kind, n.min_zoom, n.max_zoom] for n in labels]
    document = json.dumps({"land": features, "names": names}, allow_nan=False)
    return pa.table({"json": strings([document])})


@cache
def _world(worldview: str) -> tuple[tuple[Feature, ...], tuple[Label, ...]]:
    """The coarse land of every country, outlined, and the names of countries and seas.

    They depend on the worldview and on this code alone, so they are drawn once and kept
    (``umbrella.coverage.cache``): JSON keeps each number as it was, integer or not.
    """
    inputs = (worldview, code_stamp("umbrella.maps"))
    table = cached_table("world-basemap", inputs, lambda: _draw_world(worldview))
    document = json.loads(table.column("json")[0].as_py())
    land = (
        {"type": "Feature", "geometry": GeometryJson(text), "properties": properties}
        for text, properties in document["land"]
    )
    return tuple(land), tuple(Label(*fields) for fields in document["names"])


def _detail(public: PublicLayers) -> tuple[list[Feature], list[Feature]]:
    """The scene's box painted over the coarse land (sea, land) and its coast as a line."""
    box = shapely.box(*public.bbox)
    land = shapely.union_all(public.countries.geometry)  # clipped to the box
    coast = shapely.difference(shapely.boundary(land), shapely.buffer(shapely.boundary(box), 1e-6))
    sea = {"stroke": False, "fillColor": BASEMAP.sea, "fillOpacity": 1}
    coastline = {"color": BASEMAP.region, "weight": 0.5, "fill": False}
    areas = [*feature(box, sea, PUBLIC), *feature(land, _land_style(outlined=False), PUBLIC)]
    return areas, feature(coast, coastline, PUBLIC)


def basemap_layers(public: PublicLayers, worldview: str) -> list[VectorLayer | LabelLayer]:
    """The offline basemap: coarse land everywhere and detail in the scene's box; the coast,
    lakes and rivers in a pane above the depth and gap shading; then the names."""
    world_land, world_names = _world(worldview)
    land, coast = _detail(public)
    water = {"color": BASEMAP.water, "weight": 0.8, "fillColor": BASEMAP.water, "fillOpacity": 1}
    drawings = [
        (list(world_land), None, "umbrella-basemap"),
        (land, None, "umbrella-basemap"),
        (coast, None, "umbrella-water"),
        (
            [f for g in public.lakes.geometry for f in feature(g, water, PUBLIC)],
            None,
            "umbrella-water",
        ),
        (
            [
                f
                for g in public.rivers.geometry
                for f in feature(g, {**water, "fill": False}, PUBLIC)
            ],
            RIVERS_FROM_ZOOM,
            "umbrella-water",
        ),
    ]
    layers: list[VectorLayer | LabelLayer] = [
        VectorLayer(
            collection(features), pane=pane, control=False, interactive=False, min_zoom=zoom
        )
        for features, zoom, pane in drawings
    ]
    layers.append(LabelLayer([*world_names, *city_labels(public.cities)]))
    return layers


def _borders(public: PublicLayers) -> list[Feature]:
    return [
        f
        for kind, g in zip(public.borders["kind"], public.borders.geometry, strict=True)
        for f in feature(g, border_style(not str(kind).startswith("International")), PUBLIC)
    ]


def public_overlays(public: PublicLayers, worldview: str) -> list[Overlay]:
    """The public layers a reader may switch on, each in the pane of its kind of geometry."""
    disputed = [
        f
        for name, note, g in zip(
            public.disputed["name"],
            public.disputed["note_brk"],
            public.disputed.geometry,
            strict=True,
        )
        for f in feature(
            g, area_style(DISPUTED), PUBLIC, tooltip=f"{name}: {note}" if note else str(name)
        )
    ]
    region_line = {"color": BASEMAP.region, "weight": 0.7, "fill": False}
    regions = [
        f
        for name, g in zip(public.regions["name"], public.regions.geometry, strict=True)
        for f in feature(g, region_line, PUBLIC, tooltip=str(name))
    ]
    cities = [
        f
        for name, people, g in zip(
            public.cities["name"], public.cities["population"], public.cities.geometry, strict=True
        )
        for f in feature(g, city_style(), PUBLIC, tooltip=f"{name} ({int(people):,} people)")
    ]
    energy = [
        f
        for name, mw, fuel, g in zip(
            public.energy["name"],
            public.energy["capacity_mw"],
            public.energy["primary_fuel"],
            public.energy.geometry,
            strict=True,
        )
        for f in feature(
            g,
            energy_style(float(mw)),
            PUBLIC,
            popup=energy_popup(str(name), float(mw), fuel if isinstance(fuel, str) else ""),
            tooltip=str(name),
        )
    ]
    view = "UN" if worldview == "un" else "de facto"
    return [
        Overlay(
            "boundaries",
            f"Boundaries ({view} worldview)",
            True,
            "umbrella-public",
            _borders(public),
            interactive=False,
        ),
        Overlay("contested", "Contested areas", True, "umbrella-public", disputed),
        Overlay("regions", "Regions", False, "umbrella-public", regions),
        Overlay("cities", "Cities", False, "umbrella-public-points", cities, cluster=True),
        Overlay(
            "energy",
            "Energy nodes (all, by MW)",
            False,
            "umbrella-public-points",
            energy,
            cluster=True,
        ),
    ]
