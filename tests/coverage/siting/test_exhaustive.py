"""Siting on small generated instances equals exhaustive enumeration of every choice.

Each instance (hypothesis) is a scenario over Moldova with existing assets of three tiers
(one with a minimum range, some with a sector, some from a later phase), point, polygon and
line targets with depth and required-tier requirements, a no-go polygon, depots with a
resupply radius, an optional minimum spacing, and up to 30 candidate points. The reference
is computed here, independently of the code under test: coverage by ``Geod.inv`` on every
(asset, sample) pair, the constraints by shapely and ``Geod.inv``, and the best choice by
trying every subset of N candidates (lexicographically: weight meeting the requirement,
then weight gaining depth).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from umbrella.coverage.scenario import parse_scenario
from umbrella.coverage.siting import SitingError, SitingRequest, prepare, solve
from umbrella.layers import region_geometry

GEOD = Geod(ellps="WGS84")
TIERS = {
    "a": {"range_km": 40.0},
    "b": {"range_km": 60.0, "min_range_km": 8.0},
    "c": {"range_km": 30.0},
}
PHASES = (0, 90)
MOLDOVA = region_geometry("MDA")
WEST, SOUTH, EAST, NORTH = MOLDOVA.bounds
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Instance:
    document: dict[str, Any]
    request: SitingRequest
    candidates: np.ndarray  # (k, 2) lon/lat as given in the request
    target_samples: list[np.ndarray]  # per target: (s, 2) samples deciding its coverage
    target_shapes: list[shapely.Geometry | None]  # None for a point target
    weights: list[float]
    min_depth: list[int]
    required: list[set[str]]


def _inside_points(rng: np.random.Generator, n: int) -> np.ndarray:
    points: list[tuple[float, float]] = []
    while len(points) < n:
        lon, lat = rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)
        lon, lat = round(lon, 6), round(lat, 6)
        if shapely.intersects_xy(MOLDOVA, lon, lat):
            points.append((lon, lat))
    return np.array(points).reshape(-1, 2)


def _tiny_shape(rng: np.random.Generator, line: bool) -> shapely.Geometry:
    """A triangle or a two-segment line with edges under 1 km (its vertices are its samples)."""
    lon, lat = _inside_points(rng, 1)[0]
    offsets = rng.uniform(-0.003, 0.003, size=(3, 2))
    coordinates = [(lon + dx, lat + dy) for dx, dy in offsets]
    if line:
        return shapely.LineString(coordinates)
    polygon = shapely.Polygon(coordinates)
    return polygon if polygon.is_valid and polygon.area > 1e-9 else _tiny_shape(rng, line)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    tier = draw(st.sampled_from(sorted(TIERS)))
    n_existing = draw(st.integers(0, 4))
    existing = _inside_points(rng, n_existing)
    assets = []
    for i, (lon, lat) in enumerate(existing):
        asset: dict[str, Any] = {
            "id": f"e{i}",
            "tier": draw(st.sampled_from(sorted(TIERS))),
            "location": [lon, lat],
            "from_day": draw(st.sampled_from(PHASES)),
        }
        if draw(st.booleans()):
            asset["sector"] = {"azimuth_deg": draw(st.floats(0, 359)), "width_deg": 120.0}
        assets.append(asset)
    points = _inside_points(rng, draw(st.integers(1, 8)))
    shapes = [_tiny_shape(rng, line=draw(st.booleans())) for _ in range(draw(st.integers(0, 2)))]
    point_set = {
        "id": "pts",
        "geojson": {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": shapely.geometry.mapping(shapely.Point(p)),
                    "properties": {"name": f"p{i}"},
                }
                for i, p in enumerate(points)
            ],
        },
        "min_depth": draw(st.integers(1, 2)),
        "required_tiers": draw(st.lists(st.sampled_from(sorted(TIERS)), max_size=1, unique=True)),
    }
    target_sets = [point_set]
    if shapes:
        target_sets.append(
            {
                "id": "shapes",
                "geojson": {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": shapely.geometry.mapping(s),
                            "properties": {},
                        }
                        for s in shapes
                    ],
                },
                "min_depth": draw(st.integers(1, 2)),
            }
        )
    depots = _inside_points(rng, draw(st.integers(1, 2)))
    zone_lon, zone_lat = _inside_points(rng, 1)[0]
    zone = shapely.box(zone_lon - 0.3, zone_lat - 0.2, zone_lon + 0.3, zone_lat + 0.2)
    document = {
        "name": "siting check",
        "regions": ["MDA"],
        "tiers": TIERS,
        "phases": [{"day": day} for day in PHASES],
        "assets": assets,
        "depots": [{"id": f"d{i}", "location": [x, y]} for i, (x, y) in enumerate(depots)],
        "resupply_radius_km": draw(st.sampled_from([None, 80.0, 150.0])),
        "no_go": [{"id": "zone", "polygon": shapely.geometry.mapping(zone)}],
        "targets": target_sets,
    }
    if document["resupply_radius_km"] is None:
        del document["resupply_radius_km"]
    candidates = _inside_points(rng, draw(st.integers(1, 30)))
    point_weight = draw(st.sampled_from(["count", "2.5", "1"]))
    request = SitingRequest(
        tier=tier,
        add=draw(st.integers(1, 4)),
        phase=draw(st.sampled_from(PHASES)),
        candidates={
            "type": "MultiPoint",
            "coordinates": [[float(x), float(y)] for x, y in candidates],
        },
        weights={"pts": point_weight},
        min_spacing_km=draw(st.sampled_from([0.0, 0.0, 15.0, 40.0])),
    )
    per_point = 1.0 if point_weight == "count" else float(point_weight)
    samples = [p.reshape(1, 2) for p in points] + [
        np.vstack(
            [
                shapely.get_coordinates(s.boundary if s.geom_type == "Polygon" else s),
                shapely.get_coordinates(s.representative_point()),
            ]
        )
        for s in shapes
    ]
    return Instance(
        document=document,
        request=request,
        candidates=candidates,
        target_samples=samples,
        target_shapes=[None] * len(points) + shapes,
        weights=[per_point] * len(points) + [1.0] * len(shapes),
        min_depth=[point_set["min_depth"]] * len(points)
        + [target_sets[-1]["min_depth"]] * len(shapes),
        required=[set(point_set["required_tiers"])] * len(points) + [set()] * len(shapes),
    )


def _covers(lon: float, lat: float, reach: dict[str, Any], instance: Instance) -> np.ndarray:
    """(targets,) whether an asset at lon/lat covers each whole target (by Geod.inv)."""
    low = reach.get("min_range_km", 0.0) * 1000.0
    high = reach["range_km"] * 1000.0
    sector = reach.get("sector")
    found = []
    for samples, shape in zip(instance.target_samples, instance.target_shapes, strict=True):
        n = len(samples)
        azimuth, _, distance = GEOD.inv([lon] * n, [lat] * n, samples[:, 0], samples[:, 1])
        ok = (np.asarray(distance) >= low) & (np.asarray(distance) <= high)
        if sector is not None:
            off = np.abs((np.asarray(azimuth) - sector["azimuth_deg"] + 180.0) % 360.0 - 180.0)
            ok &= (off <= sector["width_deg"] / 2) | (np.asarray(distance) == 0)
        stands = shape is not None and low > 0 and shapely.intersects_xy(shape, lon, lat)
        found.append(bool(ok.all()) and not stands)
    return np.array(found, dtype=bool)


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def _reference(instance: Instance) -> tuple[list[int], tuple[float, float] | None]:
    """(allowed candidate indices, best (primary, secondary) over every choice or None)."""
    doc, request = instance.document, instance.request
    day, tier = request.phase, request.tier
    standing = [a for a in doc["assets"] if a["from_day"] <= day]
    present = [set() for _ in instance.weights]
    for asset in standing:
        reach = {**TIERS[asset["tier"]], "sector": asset.get("sector")}
        for t in np.flatnonzero(_covers(*asset["location"], reach, instance)):
            present[t].add(asset["tier"])
    zone = shapely.geometry.shape(doc["no_go"][0]["polygon"])
    radius = doc.get("resupply_radius_km")
    depots = [tuple(d["location"]) for d in doc["depots"]]
    spacing_m = request.min_spacing_km * 1000.0
    same = [tuple(a["location"]) for a in standing if a["tier"] == tier]
    allowed = []
    for j, point in enumerate(map(tuple, instance.candidates)):
        if shapely.intersects_xy(zone, *point):
            continue
        if radius is not None and min(_distance_m(point, d) for d in depots) / 1000.0 > radius:
            continue
        if any(_distance_m(point, s) < spacing_m for s in same):
            continue
        allowed.append(j)
    cover = np.array([_covers(*instance.candidates[j], TIERS[tier], instance) for j in allowed])
    weights = np.array(instance.weights)

    def meets(tiers: set[str], t: int) -> bool:
        return len(tiers) >= instance.min_depth[t] and instance.required[t] <= tiers

    before = np.array([meets(p, t) for t, p in enumerate(present)])
    with_tier = np.array([meets(p | {tier}, t) for t, p in enumerate(present)])
    deepens = np.array([tier not in p for p in present])
    best = None
    for choice in itertools.combinations(range(len(allowed)), request.add):
        if spacing_m > 0 and any(
            _distance_m(
                tuple(instance.candidates[allowed[i]]), tuple(instance.candidates[allowed[k]])
            )
            < spacing_m
            for i, k in itertools.combinations(choice, 2)
        ):
            continue
        covered = cover[list(choice)].any(axis=0)
        value = (
            math.fsum(weights[before | (with_tier & covered)]),
            math.fsum(weights[deepens & covered]),
        )
        if (
            best is None
            or value[0] > best[0] + TOLERANCE
            or (abs(value[0] - best[0]) <= TOLERANCE and value[1] > best[1] + TOLERANCE)
        ):
            best = value
    return allowed, best


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instances())
def test_the_optimum_equals_exhaustive_enumeration(instance: Instance) -> None:
    scenario = parse_scenario(instance.document)
    allowed, best = _reference(instance)
    if len(allowed) < instance.request.add or best is None:
        event("no full choice")
        with pytest.raises(SitingError) as raised:
            solve(prepare(scenario, instance.request), confirm=False)
        assert raised.value.field in ("candidates", "add", "min_spacing_km")
        return
    event("solved")
    outcome = solve(prepare(scenario, instance.request), confirm=False)
    assert outcome.optimum.status == "optimal"
    assert outcome.objective == pytest.approx(best[0], abs=TOLERANCE)
    assert outcome.optimum.secondary == pytest.approx(best[1], abs=TOLERANCE)
    assert outcome.greedy_objective <= outcome.objective + TOLERANCE
    below = outcome.greedy_objective < outcome.objective - TOLERANCE
    event("greedy below the optimum" if below else "greedy at the optimum")
    chosen = [(s.lon, s.lat) for s in outcome.sites]
    assert len(chosen) == instance.request.add
    allowed_points = {tuple(instance.candidates[j]) for j in allowed}
    assert set(chosen) <= allowed_points  # none in the zone, beyond resupply or too near
    for a, b in itertools.combinations(chosen, 2):
        assert _distance_m(a, b) >= instance.request.min_spacing_km * 1000.0


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instances())
def test_analysing_the_proposal_gives_exactly_the_objective(instance: Instance) -> None:
    scenario = parse_scenario(instance.document)
    try:
        prepared = prepare(scenario, instance.request)
        outcome = solve(prepared)
    except SitingError:
        event("no full choice")
        return
    event("solved")
    assert outcome.confirmed == outcome.objective
    assert math.fsum(s.gain.gain for s in outcome.sites) == pytest.approx(
        outcome.objective - outcome.before, abs=TOLERANCE
    )
