"""The JSON Schema of ``summary.json``: every field with its description and unit.

Shares are fractions from 0 to 1 (the console shows them as percentages). Each field carries
``unit`` (an annotation keyword: JSON Schema lets a schema add its own) next to its
``description``. The schema lists every field of the records it describes and allows no
other, so a field added to the summary without a description fails its test.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["SCHEMA_ID", "summary_schema"]

SCHEMA_ID: Final = "https://umbrella.invalid/schemas/summary.json"

_FRACTION: Final = {"type": "number", "minimum": 0, "maximum": 1}
_COUNT: Final = {"type": "integer", "minimum": 0}
_AMOUNT: Final = {"type": "number", "minimum": 0}
_TEXT: Final = {"type": "string"}
_DAY: Final = {"type": "integer", "minimum": 0}


def _field(kind: dict[str, Any], unit: str, description: str) -> dict[str, Any]:
    return {**kind, "unit": unit, "description": description}


def _shares(keys: str, description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "unit": "fraction (0-1)",
        "description": f"{description} Keys: {keys}.",
        "additionalProperties": _FRACTION,
    }


def _record(description: str, fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": list(fields),
        "additionalProperties": False,
        "properties": fields,
    }


_REGION: Final = _record(
    "One admin-1 region of the area of interest; each public-layer feature counted once.",
    {
        "region": _field(_TEXT, "ISO 3166-2 code", "The region's code."),
        "name": _field(_TEXT, "text", "The region's name (Natural Earth)."),
        "targets": _field(_COUNT, "targets", "Targets in the region."),
        "targets_meeting": _field(_COUNT, "targets", "Of those, the ones meeting a requirement."),
        "capacity_mw": _field(_AMOUNT, "MW", "Capacity of the energy targets in the region."),
        "capacity_mw_meeting": _field(
            _AMOUNT, "MW", "Of that capacity, the part at plants meeting their requirement."
        ),
        "population": _field(_AMOUNT, "people", "People of the city targets in the region."),
        "population_meeting": _field(
            _AMOUNT, "people", "Of those people, the ones in cities meeting their requirement."
        ),
    },
)

_TARGET_SET: Final = _record(
    "One target set of the scenario: what it selects, what it requires, and how much meets it.",
    {
        "target_set": _field(_TEXT, "identifier", "The target set's id in the scenario."),
        "source": _field(
            {"enum": ["energy", "cities", "user"]},
            "text",
            "Where its targets come from: a public layer, or the scenario's own GeoJSON.",
        ),
        "selection": _field(_TEXT, "text", "Which features the set holds, in words."),
        "requirement": _field(_TEXT, "text", "What each of its targets needs, in words."),
        "min_depth": _field(_COUNT, "tiers", "Distinct tiers each target needs at least."),
        "required_tiers": {
            "type": "array",
            "items": _TEXT,
            "unit": "tier names",
            "description": "Tiers each target needs among those covering it.",
        },
        "targets": _field(_COUNT, "targets", "Targets in the set."),
        "targets_meeting": _field(_COUNT, "targets", "Of those, targets meeting the requirement."),
        "weight_unit": _field(
            {"enum": ["MW", "people", "targets"]}, "text", "The unit of weight and weight_meeting."
        ),
        "weight": _field(_AMOUNT, "weight_unit", "Total weight of the set's targets."),
        "weight_meeting": _field(
            _AMOUNT, "weight_unit", "Weight of the set's targets meeting the requirement."
        ),
    },
)

_AIR_PICTURE: Final = _record(
    "The air picture at one altitude band: where the sensors in place see a target flying at "
    "that altitude (within detection range and the 4/3-earth radar horizon).",
    {
        "band": _field(_TEXT, "identifier", "The altitude band's name in the scenario."),
        "label": _field(_TEXT, "text", "The band's label."),
        "altitude_m": _field(_AMOUNT, "m", "The altitude of the band, above the ground."),
        "sensors": _field(_COUNT, "sensors", "Sensors in place in the phase."),
        "seen_km2": _field(
            _AMOUNT, "km²", "Area of the area of interest seen by at least one sensor."
        ),
        "seen_share": _field(
            _FRACTION,
            "fraction (0-1)",
            "Share of the area of interest seen by at least one sensor.",
        ),
        "redundant_km2": _field(
            _AMOUNT, "km²", "Area of the area of interest seen by at least two sensors."
        ),
        "redundant_share": _field(
            _FRACTION,
            "fraction (0-1)",
            "Share of the area of interest seen by at least two sensors.",
        ),
        "gaps": _field(_COUNT, "gaps", "Connected parts of the area of interest no sensor sees."),
        "largest_gap_km2": _field(_AMOUNT, "km²", "Area of the largest of those gaps (0 if none)."),
        "targets_seen": _field(
            _COUNT,
            "targets",
            "Targets seen at the band's altitude, each public-layer feature once.",
        ),
        "energy_mw_share_seen": _field(
            _FRACTION, "fraction (0-1)", "Share of the energy capacity at plants seen."
        ),
        "population_share_seen": _field(
            _FRACTION, "fraction (0-1)", "Share of the cities' population in cities seen."
        ),
    },
)

_GOAL: Final = _record(
    "One goal of the phase against the analysis: met or not, and by what margin.",
    {
        "goal": _field(_TEXT, "text", "The goal as written: measure[key] comparison threshold."),
        "measure": _field(
            _TEXT, "text", "The measure's name (see the scenario's schema for every measure)."
        ),
        "of": _field(
            {"type": ["string", "null"]},
            "identifier",
            "The tier, corridor, altitude band or depth class the measure is of; null if none.",
        ),
        "op": _field({"enum": [">=", "<=", "==", ">", "<"]}, "text", "The comparison."),
        "threshold": _field({"type": "number"}, "unit", "The goal's threshold."),
        "unit": _field(
            {"enum": ["share", "count", "km2"]},
            "text",
            "The unit of value and threshold: share (fraction 0-1), count, or km².",
        ),
        "value": _field({"type": "number"}, "unit", "The measured value."),
        "met": _field({"type": "boolean"}, "flag", "Whether the value meets the goal."),
        "margin": _field(
            {"type": "number"},
            "unit",
            "How far the value is on the good side of the threshold (negative: short of it); "
            "0 at the threshold, where a strict comparison (> or <) is missed.",
        ),
    },
)

_PHASE: Final = _record(
    "The figures of one phase. A feature of a public layer that several target sets select "
    "is counted once, and meets its requirement only if it meets that of every such set.",
    {
        "day": _field(_DAY, "day", "The phase's first day on the scenario's timeline."),
        "label": _field(_TEXT, "text", "The phase's label."),
        "assets_in_place": _field(
            _COUNT, "assets", "Covering assets (not sensors) standing on the phase's day."
        ),
        "energy_mw_total": _field(
            _AMOUNT, "MW", "Capacity of the energy targets in the regions, each plant once."
        ),
        "energy_mw_share_meeting": _field(
            _FRACTION, "fraction (0-1)", "Share of that capacity at plants meeting the requirement."
        ),
        "energy_mw_share_by_depth": _shares(
            '"1", "2", "3+"',
            "Share of the energy capacity covered by exactly 1, exactly 2, and 3 or more "
            "distinct tiers.",
        ),
        "population_total": _field(
            _AMOUNT, "people", "People of the city targets in the regions, each settlement once."
        ),
        "population_share_meeting": _field(
            _FRACTION, "fraction (0-1)", "Share of those people in cities meeting the requirement."
        ),
        "population_share_by_depth": _shares(
            '"1", "2", "3+"',
            "Share of the population covered by exactly 1, exactly 2, and 3 or more distinct "
            "tiers.",
        ),
        "region_area_km2": _field(_AMOUNT, "km²", "Geodesic area of the area of interest."),
        "region_area_share_by_tier": _shares(
            "tier names", "Share of the area of interest within reach of each tier."
        ),
        "gap_area_share": _field(
            _FRACTION, "fraction (0-1)", "Share of the area of interest that no tier covers."
        ),
        "violations": _field(
            _COUNT, "violations", "Assets and depots inside a no-go zone, once per zone."
        ),
        "assets_beyond_resupply": _field(
            _COUNT, "assets", "Assets farther than the resupply radius from any standing depot."
        ),
        "regions": {
            "type": "array",
            "items": _REGION,
            "unit": "rows",
            "description": "A row per admin-1 region of the area of interest.",
        },
        "target_sets": {
            "type": "array",
            "items": _TARGET_SET,
            "unit": "rows",
            "description": "A row per target set, with its requirement stated.",
        },
        "sensors_in_place": _field(
            _COUNT, "sensors", "Sensors standing in the phase (they add nothing to depth)."
        ),
        "air_picture": {
            "type": "array",
            "items": _AIR_PICTURE,
            "unit": "rows",
            "description": "A row per altitude band of the scenario, in its order.",
        },
        "scorecard": {
            "type": "array",
            "items": _GOAL,
            "unit": "rows",
            "description": "A row per goal of the phase, in the phase's order.",
        },
    },
)

_PROVENANCE: Final = _record(
    "Where the result comes from.",
    {
        "scenario_hash": _field(_TEXT, "text", "Content hash of the scenario (sha256:...)."),
        "scenario_name": _field(_TEXT, "text", "The scenario's name."),
        "software_version": _field(_TEXT, "text", "Version of umbrella that wrote the file."),
        "notional": _field({"const": True}, "flag", "Always true: the scenario is notional."),
        "notice": _field(_TEXT, "text", "The notional notice shown with every output."),
        "attribution": {
            "type": "array",
            "unit": "rows",
            "description": "Each public layer used, with its source and licence.",
            "items": _record(
                "A layer's attribution.",
                {
                    "layer": _field(_TEXT, "text", "The layer's name."),
                    "source": _field(_TEXT, "text", "Who publishes the data."),
                    "licence": _field(_TEXT, "text", "The data's licence."),
                },
            ),
        },
    },
)


def summary_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``summary.json``, as a JSON-ready mapping."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "umbrella analysis summary",
        **_record(
            "The summary of every analysed phase of a notional scenario. Shares are fractions "
            "from 0 to 1; areas are geodesic on WGS84.",
            {
                "umbrella": _PROVENANCE,
                "timeline": {
                    "type": "array",
                    "unit": "rows",
                    "description": "The analysed phases, in timeline order.",
                    "items": _record(
                        "A phase of the timeline.",
                        {
                            "day": _field(_DAY, "day", "The phase's first day."),
                            "label": _field(_TEXT, "text", "The phase's label."),
                        },
                    ),
                },
                "phases": {
                    "type": "array",
                    "unit": "rows",
                    "description": "The summary of each analysed phase, in timeline order.",
                    "items": _PHASE,
                },
            },
        ),
    }
