"""The bundled example: a complete notional scenario for Ukraine.

It follows the public debate's framework of security guarantees: a timeline of three phases,
layered short-, medium- and long-range tiers over the largest cities and energy nodes,
counter-drone cover over energy nodes, depots just across the western border, logistics and
medical-evacuation corridors, no-go zones over the contested areas and along the Russian
and Belarusian borders, generic surveillance sensors (long-range radars on tall masts first,
low-level gap fillers later, one rotated out and replaced) whose air picture is drawn at three
altitude bands, and goals for each phase ("make it visible", "harden and layer", "deny the
next offensive") of which some are met and some missed. Tier names are generic and ranges
and heights are round numbers: it describes no real unit, system or deployment. Each tier's
range is a distribution around its nominal value and each site may be down on the day
(``availability``), for ``umbrella sweep``; the analysis uses the nominal values.
"""

from __future__ import annotations

from typing import Any

from umbrella.coverage.scenario import Scenario, parse_scenario

__all__ = ["example_document", "example_scenario"]

_SHORT = ["Kyiv", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhya", "Lviv"]
_SHORT_LATER = ["Kryvyy Rih", "Mykolayiv", "Vinnytsya", "Poltava", "Chernihiv", "Cherkasy"]
_MEDIUM = ["Kyiv", "Lviv", "Odesa", "Dnipro"]
_MEDIUM_LATER = ["Kharkiv", "Zaporizhzhya", "Vinnytsya", "Mykolayiv"]
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


# Generic surveillance sensors: long-range radars on 30 m masts (300 km detection range) and
# low-level gap fillers on 20 m masts (60 km), by (place or [lon, lat], first day, last day).
_SURVEILLANCE = [
    ("Kyiv", 0, None),
    ("Lviv", 0, None),
    ("Vinnytsya", 0, None),
    ("Dnipro", 0, 180),  # withdrawn for repair before the third phase
    ("Odesa", 0, None),
    ("Poltava", 90, None),
    ("Chernihiv", 90, None),
    ("Zaporizhzhya", 90, None),
    ("Kremenchuk", 180, None),  # replaces Dnipro
]
_GAP_FILLERS_LATER = ["Sumy", "Kharkiv", "Kropyvnytskyi", "Zhytomyr", "Cherkasy", "Mykolayiv"]


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


def _sensor(
    identifier: str, place: str | list[float], day: int, until: int | None, range_km: float
) -> dict[str, Any]:
    sensor = {
        "id": identifier,
        "kind": "sensor",
        "location": place,
        "range_km": range_km,
        "sensor_height_m": 30 if range_km > 100 else 20,
        "from_day": day,
    }
    return sensor if until is None else {**sensor, "until_day": until}


def _sensors() -> list[dict[str, Any]]:
    sensors = [
        _sensor(f"radar-{_slug(p)}", f"{p}, UA", day, until, 300) for p, day, until in _SURVEILLANCE
    ]
    sensors += [
        _sensor(f"gap-filler-{label}", [lon, lat], 90, None, 60)
        for label, lon, lat in _ENERGY_NODES
    ]
    sensors += [
        _sensor(f"gap-filler-{_slug(p)}", f"{p}, UA", 180, None, 60) for p in _GAP_FILLERS_LATER
    ]
    return sensors


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


def _tiers() -> dict[str, Any]:
    """Generic tiers. Every range is an assumption, so each is a range of plausible values
    around its nominal one (which the analysis uses), and each site may be down on the day."""
    return {
        "short": {
            "range_km": {"min": 20, "nominal": 30, "max": 35},
            "label": "short range",
            "availability": 0.9,
        },
        "medium": {
            "range_km": {"min": 90, "nominal": 120, "max": 130},
            "min_range_km": 3,
            "label": "medium range",
            "availability": 0.9,
        },
        "long": {
            "range_km": {"min": 240, "nominal": 300, "max": 320},
            "min_range_km": 5,
            "label": "long range",
            "availability": 0.85,
        },
        "counter_drone": {
            "range_km": {"low": 6, "high": 14},
            "label": "counter-drone",
            "availability": 0.8,
        },
    }


def _phases() -> list[dict[str, Any]]:
    """The debate's three phases, each with goals on the analysis' own measures."""
    return [
        {
            "day": 0,
            "label": "make it visible",
            "goals": [
                "air_picture_share[high] >= 0.9",
                "air_picture_share[medium] >= 0.9",
                "air_picture_share[low] >= 0.3",
                "violations == 0",
                "assets_beyond_resupply == 0",
            ],
        },
        {
            "day": 90,
            "label": "harden and layer",
            "goals": [
                "energy_mw_share_meeting >= 0.5",
                "population_share_meeting >= 0.9",
                "corridor_share_covered[logistics-north] >= 0.95",
                "air_picture_redundant_share[medium] >= 0.8",
                "energy_mw_share_seen[low] >= 0.5",
                "assets_beyond_resupply == 0",
            ],
        },
        {
            "day": 180,
            "label": "deny the next offensive",
            "goals": [
                "energy_mw_share_meeting >= 0.8",
                "population_share_meeting >= 0.9",
                "corridor_share_covered[logistics-south] >= 0.95",
                "corridor_share_covered[medevac-west] >= 0.95",
                "area_share_covered[long] >= 0.9",
                "air_picture_share[low] >= 0.7",
                "air_picture_redundant_share[high] >= 0.9",
                "violations == 0",
            ],
        },
    ]


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
        "tiers": _tiers(),
        "phases": _phases(),
        "assets": _assets() + _sensors(),
        "altitude_bands": {
            "low": {"altitude_m": 100, "label": "drones and cruise missiles"},
            "medium": {"altitude_m": 3000, "label": "medium altitude"},
            "high": {"altitude_m": 10000, "label": "aircraft at altitude"},
        },
        "depots": [
            {"id": "depot-rzeszow", "location": "Rzeszów, PL", "from_day": 0},
            {"id": "depot-lublin", "location": "Lublin, PL", "from_day": 90},
            {"id": "depot-kosice", "location": "Košice, SK", "from_day": 0},
            {"id": "depot-suceava", "location": "Suceava, RO", "from_day": 90},
        ],
        "resupply_radius_km": 700,
        "corridors": [
            {
                "id": "logistics-north",
                "kind": "logistics",
                "waypoints": ["Rzeszów, PL", "Lviv, UA", "Rivne, UA", "Zhytomyr, UA", "Kyiv, UA"],
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
