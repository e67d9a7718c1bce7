"""A siting outcome as a JSON-ready document (the service's job result)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from umbrella.coverage.siting.plan import SitingOutcome

__all__ = ["outcome_document"]


def outcome_document(outcome: SitingOutcome) -> dict[str, Any]:
    """The figures of a siting outcome: solver, greedy, candidates, table and sites."""
    best, greedy, sites = outcome.optimum, outcome.greedy, outcome.candidates
    return {
        "tier": outcome.tier,
        "phase": outcome.day,
        "objective": {
            "before": outcome.before,
            "after": outcome.objective,
            "bound": outcome.bound,
            "gap": best.gap,
            "status": best.status,
            "tie_break": best.tie_break,
            "seconds": best.seconds,
            "confirmed_by_analysis": outcome.confirmed,
        },
        "greedy": {"after": outcome.greedy_objective, "seconds": greedy.seconds},
        "candidates": {
            "source": sites.source,
            "placed": sites.placed,
            "in_no_go": sites.in_no_go,
            "beyond_resupply": sites.beyond_resupply,
            "near_same_tier": sites.near_same_tier,
            "left": len(sites),
        },
        "targets": outcome.features,
        "programme_rows": outcome.rows,
        "table": [asdict(row) for row in outcome.table],
        "sites": [
            {
                "id": site.asset_id,
                "location": [site.lon, site.lat],
                "nearest_place": site.place,
                "nearest_place_km": site.place_km,
                **{k: v for k, v in asdict(site.gain).items() if k != "candidate"},
            }
            for site in outcome.sites
        ],
    }
