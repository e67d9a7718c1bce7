"""A small notional scenario with every kind of assumption a sweep draws, for the sweep tests.

Kyiv city and region; a triangular, a uniform and a fixed tier range, a drawn minimum range,
availability on tiers and on one asset, an asset's own range, a fan, a horizon-capped asset,
an asset that arrives and one that leaves, a sensor (never drawn), layer targets and the
user's own polygon, line and points. Every number is notional.
"""

from __future__ import annotations

from typing import Any

__all__ = ["collapsed", "sweep_document"]


def sweep_document() -> dict[str, Any]:
    """The scenario as a plain mapping (a fresh copy each call)."""
    return {
        "name": "Sweep test (notional)",
        "regions": ["UA-30", "UA-32"],
        "tiers": {
            "short": {"range_km": {"min": 12, "nominal": 20, "max": 26}, "availability": 0.8},
            "medium": {
                "range_km": {"low": 45, "high": 80},
                "min_range_km": {"min": 1, "nominal": 2, "max": 4},
                "availability": 0.9,
            },
            "long": {"range_km": 150, "min_range_km": 5, "availability": 0.7},
        },
        "phases": [{"day": 0, "label": "first"}, {"day": 30, "label": "second"}],
        "assets": [
            {"id": "short-kyiv", "tier": "short", "location": [30.52, 50.45]},
            {"id": "short-bila", "tier": "short", "location": [30.11, 49.80], "until_day": 30},
            {
                "id": "short-brovary",
                "tier": "short",
                "location": [30.79, 50.51],
                "availability": 0.5,
            },
            {"id": "short-own", "tier": "short", "location": [31.10, 50.20], "range_km": 15},
            {
                "id": "medium-fan",
                "tier": "medium",
                "location": [30.30, 50.30],
                "sector": {"azimuth_deg": 45, "width_deg": 120},
            },
            {"id": "medium-fastiv", "tier": "medium", "location": [29.92, 50.08]},
            {
                "id": "medium-low",
                "tier": "medium",
                "location": [31.40, 50.60],
                "sensor_height_m": 10,
                "target_altitude_m": 100,
            },
            {"id": "long-zhytomyr", "tier": "long", "location": [28.66, 50.25], "from_day": 30},
            {
                "id": "radar",
                "kind": "sensor",
                "location": [30.5, 50.4],
                "range_km": 200,
                "sensor_height_m": 30,
            },
        ],
        "altitude_bands": {"low": {"altitude_m": 100}},
        "targets": [
            {"id": "energy", "layer": "energy", "min_depth": 2, "required_tiers": ["short"]},
            {"id": "cities", "layer": "cities", "min_population": 20_000, "min_depth": 1},
            {
                "id": "own",
                "min_depth": 1,
                "geojson": {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"name": "depot yard"},
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [
                                    [
                                        [30.20, 50.30],
                                        [30.40, 50.30],
                                        [30.40, 50.40],
                                        [30.20, 50.40],
                                        [30.20, 50.30],
                                    ]
                                ],
                            },
                        },
                        {
                            "type": "Feature",
                            "properties": {"name": "rail spur"},
                            "geometry": {
                                "type": "LineString",
                                "coordinates": [[30.6, 50.1], [31.0, 50.3]],
                            },
                        },
                        {
                            "type": "Feature",
                            "properties": {"name": "pumps"},
                            "geometry": {
                                "type": "MultiPoint",
                                "coordinates": [[30.0, 50.5], [30.05, 50.55]],
                            },
                        },
                    ],
                },
            },
        ],
        "grid_cell_km": 8,
    }


def collapsed(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every distribution at its nominal value (min = nominal = max) and
    every availability 1: a sweep of it has nothing left to draw."""
    tiers = {}
    for name, tier in document["tiers"].items():
        tier = {**tier, "availability": 1}
        for key in ("range_km", "min_range_km"):
            value = tier.get(key)
            if isinstance(value, dict):
                nominal = value.get("nominal", (value.get("low", 0) + value.get("high", 0)) / 2)
                tier[key] = {"min": nominal, "nominal": nominal, "max": nominal}
        tiers[name] = tier
    assets = [
        {key: v for key, v in asset.items() if key != "availability"}
        for asset in document["assets"]
    ]
    return {**document, "tiers": tiers, "assets": assets}
