"""The bundled example: a complete notional scenario for Ukraine.

It follows the public debate's framework of security guarantees: a timeline of three phases,
layered short-, medium- and long-range tiers over the largest cities and energy nodes,
counter-drone cover over energy nodes, depots just across the western border, logistics and
medical-evacuation corridors, and no-go zones over the contested areas and along the Russian
and Belarusian borders. Tier names are generic and ranges are round numbers: it describes
no real unit, system or deployment.
"""

from __future__ import annotations

from typing import Any

from umbrella.coverage.scenario import Scenario, parse_scenario

__all__ = ["example_document", "example_scenario"]

_SHORT = ["Kyiv", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Lviv"]
_SHORT_LATER = ["Kryvyy Rih", "Mykolayiv", "Vinnytsya", "Poltava", "Chernihiv", "Cherkasy"]
_MEDIUM = ["Kyiv", "Lviv", "Odesa", "Dnipro"]
_MEDIUM_LATER = ["Kharkiv", "Zaporizhzhia", "Vinnytsya", "Mykolayiv"]
_MEDIUM_LAST = ["Chernihiv", "Poltava", "Zhytomyr", "Rivne", "Ivano-Frankivsk", "Kropyvnytskyi"]

# Counter-drone teams at large energy nodes, by (label, lon, lat): notional positions near
# plants of the energy layer, rounded to 0.01 degree.
_ENERGY_NODES = [
    ("rivne-npp", 25.89, 51.33),
    ("khmelnytskyi-npp", 26.65, 50.30),
    ("south-ukraine-npp", 31.22, 47.81),
    ("burshtyn-tpp", 24.66, 49.21),
    ("ladyzhyn-tpp", 29.22, 48.68),
    ("trypillia-tpp", 30.74, 50.14),
    ("dnipro-hpp", 35.09, 47.87),
    ("kaniv-hpp", 31.46, 49.76),
]


def _asset(
    identifier: str, tier: str, place: str | list[float], day: int, **extra: Any
) -> dict[str, Any]:
    kind = "counter_drone" if tier == "counter_drone" else "air_defence"
    return {
        "id": identifier,
        "kind": kind,
        "tier": tier,
        "location": place,
        "from_day": day,
        **extra,
    }


def _slug(place: str) -> str:
    return place.lower().replace(" ", "-").split(",")[0]


def _assets() -> list[dict[str, Any]]:
    assets = [_asset("long-kyiv", "long", "Kyiv, UA", 0)]
    assets += [_asset(f"medium-{_slug(p)}", "medium", f"{p}, UA", 0) for p in _MEDIUM]
    assets += [_asset(f"short-{_slug(p)}", "short", f"{p}, UA", 0) for p in _SHORT]
    assets += [
        _asset(f"cuas-{label}", "counter_drone", [lon, lat], 0 if i < 4 else 90)
        for i, (label, lon, lat) in enumerate(_ENERGY_NODES)
    ]
    assets += [_asset(f"long-{_slug(p)}", "long", f"{p}, UA", 90) for p in ("Lviv", "Dnipro")]
    assets += [_asset(f"medium-{_slug(p)}", "medium", f"{p}, UA", 90) for p in _MEDIUM_LATER]
    assets += [_asset(f"short-{_slug(p)}", "short", f"{p}, UA", 90) for p in _SHORT_LATER]
    assets += [
        _asset(f"short-{label}", "short", [lon, lat], 90) for label, lon, lat in _ENERGY_NODES
    ]
    assets += [_asset(f"medium-{_slug(p)}", "medium", f"{p}, UA", 180) for p in _MEDIUM_LAST]
    assets += [
        _asset("long-odesa", "long", "Odesa, UA", 180),
        _asset(
            "long-kharkiv-fan",
            "long",
            "Poltava, UA",
            180,
            sector={"azimuth_deg": 70, "width_deg": 120},
        ),
        _asset(
            "medium-low-level-sumy-approach",
            "medium",
            "Romny, UA",
            180,
            sensor_height_m=15,
            target_altitude_m=100,
        ),
    ]
    return assets


def example_document() -> dict[str, Any]:
    """The example scenario as a plain mapping, ready to dump as YAML or JSON."""
    return {
        "name": "Notional layered air defence for Ukraine",
        "description": (
            "NOTIONAL example for analysis and teaching. Generic tiers, round ranges, "
            "sites placed at city centres and near large energy nodes; no real unit, "
            "system or deployment is described."
        ),
        "regions": ["UKR"],
        "worldview": "un",
        "tiers": {
            "short": {"range_km": 30, "label": "short range"},
            "medium": {"range_km": 120, "min_range_km": 3, "label": "medium range"},
            "long": {"range_km": 300, "min_range_km": 5, "label": "long range"},
            "counter_drone": {"range_km": 10, "label": "counter-drone"},
        },
        "phases": [
            {"day": 0, "label": "make it visible"},
            {"day": 90, "label": "harden and layer"},
            {"day": 180, "label": "deny the next offensive"},
        ],
        "assets": _assets(),
        "depots": [
            {"id": "depot-rzeszow", "location": "Rzeszow, PL", "from_day": 0},
            {"id": "depot-lublin", "location": "Lublin, PL", "from_day": 90},
            {"id": "depot-kosice", "location": "Kosice, SK", "from_day": 0},
            {"id": "depot-suceava", "location": "Suceava, RO", "from_day": 90},
        ],
        "resupply_radius_km": 700,
        "corridors": [
            {
                "id": "logistics-north",
                "kind": "logistics",
                "waypoints": ["Rzeszow, PL", "Lviv, UA", "Rivne, UA", "Zhytomyr, UA", "Kyiv, UA"],
                "width_km": 20,
            },
            {
                "id": "logistics-south",
                "kind": "logistics",
                "waypoints": [
                    "Suceava, RO",
                    "Chernivtsi, UA",
                    "Vinnytsya, UA",
                    "Uman, UA",
                    "Odesa, UA",
                ],
                "width_km": 20,
            },
            {
                "id": "medevac-west",
                "kind": "medevac",
                "waypoints": [
                    "Dnipro, UA",
                    "Kropyvnytskyi, UA",
                    "Vinnytsya, UA",
                    "Lviv, UA",
                    "Lublin, PL",
                ],
                "width_km": 10,
            },
        ],
        "no_go": [
            {"id": "contested-crimea", "label": "contested: Crimea", "region": "UA-43"},
            {"id": "contested-sevastopol", "label": "contested: Sevastopol", "region": "UA-40"},
            {
                "id": "border-belt",
                "label": "20 km belt along the Russian and Belarusian borders",
                "border_belt": {"countries": ["RUS", "BLR"], "within_km": 20},
            },
        ],
        "targets": [
            {"id": "energy", "layer": "energy", "min_depth": 2, "required_tiers": ["short"]},
            {"id": "cities", "layer": "cities", "min_population": 100_000, "min_depth": 1},
        ],
        "grid_cell_km": 10,
    }


def example_scenario() -> Scenario:
    """The example scenario, validated."""
    return parse_scenario(example_document())
