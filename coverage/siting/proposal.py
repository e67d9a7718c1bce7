"""The proposed scenario: the planner's scenario with the chosen sites added, marked as proposed.

Each proposed asset is named after the nearest bundled place (geodesically), as
``proposed-<tier>-<place>`` (with ``-2``, ``-3`` ... where a name is taken), stands from the
phase day, takes the tier's ranges, and carries its rank and gains (``Asset.proposed``). The
document keeps what the planner wrote (place names stay names), so ``analyze``, ``map`` and
the service read it unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from shapely.geometry.base import BaseGeometry

from umbrella.coverage.scenario import Scenario, parse_scenario
from umbrella.coverage.siting.evaluate import SiteGain
from umbrella.geo import nearest
from umbrella.layers import load_layer

__all__ = ["nearest_places", "proposed_document"]

_NAME_MARGIN_DEG = 1.0
_MAX_NAME = 200


def nearest_places(
    lon: np.ndarray, lat: np.ndarray, area: BaseGeometry, worldview: str
) -> list[tuple[str, float]]:
    """(name, distance in km) of the bundled place nearest each point (districts of a city
    left out: they are sections of it)."""
    minx, miny, maxx, maxy = area.bounds
    box = (
        max(minx - _NAME_MARGIN_DEG, -180.0),
        max(miny - _NAME_MARGIN_DEG, -90.0),
        min(maxx + _NAME_MARGIN_DEG, 180.0),
        min(maxy + _NAME_MARGIN_DEG, 90.0),
    )
    places = load_layer("cities", bbox=box, worldview=worldview)
    if "section_of" in places.columns:  # a district is named by its city
        places = places.loc[places["section_of"].isna()]
    index, distance_m = nearest(lon, lat, places.geometry.x, places.geometry.y)
    names = places["asciiname"].where(places["asciiname"].astype(bool), places["name"])
    return [
        (str(names.iloc[i]) if i >= 0 else "", float(d) / 1000.0)
        for i, d in zip(index.tolist(), distance_m.tolist(), strict=True)
    ]


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "site"


def _taken_ids(scenario: Scenario) -> set[str]:
    groups = (scenario.assets, scenario.depots, scenario.corridors, scenario.no_go)
    return {item.id for group in groups for item in group} | {t.id for t in scenario.targets}


def proposed_document(
    scenario: Scenario,
    tier: str,
    day: int,
    sites: Sequence[tuple[float, float, str]],
    gains: Sequence[SiteGain],
) -> tuple[dict[str, Any], Scenario]:
    """The proposed scenario as a document and validated; ``sites`` are (lon, lat, place) in
    candidate order of ``gains`` (one per gain, in rank order)."""
    document = scenario.model_dump(mode="json", exclude_unset=True)
    taken = _taken_ids(scenario)
    kinds = Counter(a.kind.value for a in scenario.assets if a.tier == tier and not a.is_sensor)
    kind = kinds.most_common(1)[0][0] if kinds else "air_defence"
    added = []
    for (lon, lat, place), gain in zip(sites, gains, strict=True):
        base = f"proposed-{tier}-{_slug(place)}"[:72]
        asset_id, n = base, 1
        while asset_id in taken:
            n += 1
            asset_id = f"{base}-{n}"
        taken.add(asset_id)
        added.append(
            {
                "id": asset_id,
                "kind": kind,
                "tier": tier,
                "location": [lon, lat],
                "from_day": day,
                "proposed": {
                    "rank": gain.rank,
                    "gain": gain.gain,
                    "gain_mw": gain.gain_mw,
                    "gain_population": gain.gain_population,
                },
            }
        )
    suffix = f" + {len(added)} proposed {tier} (day {day})"
    document["name"] = scenario.name[: _MAX_NAME - len(suffix)] + suffix
    document["assets"] = [*document.get("assets", []), *added]
    return document, parse_scenario(document)
