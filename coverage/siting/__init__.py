"""umbrella.coverage.siting: where N more assets of a tier would close the most of the gaps.

``prepare`` checks a ``SitingRequest`` against a scenario and places the candidates;
``solve`` chooses the sites by an integer programme on HiGHS (with the greedy heuristic's
choice beside it) and returns a ``SitingOutcome`` with the proposed scenario. The array-level
door (``CoverageProblem``, ``solve_highs``, ``solve_greedy``) serves benchmarks and tests.

Members load on first use (``umbrella.geo.lazy``): the request and its defaults are light, the
planning brings in numpy and HiGHS.
"""

from typing import TYPE_CHECKING

from umbrella.geo.lazy import lazy_members

if TYPE_CHECKING:
    from umbrella.coverage.siting.errors import SitingError
    from umbrella.coverage.siting.greedy import solve_greedy
    from umbrella.coverage.siting.plan import (
        PREPARE_STEPS,
        SOLVE_STEPS,
        Prepared,
        ProposedSite,
        SitingOutcome,
        prepare,
        solve,
    )
    from umbrella.coverage.siting.problem import CoverageProblem, Solution, aggregate_rows
    from umbrella.coverage.siting.request import SitingRequest, parse_weights
    from umbrella.coverage.siting.solver import solve_highs

__all__ = [
    "PREPARE_STEPS",
    "SOLVE_STEPS",
    "CoverageProblem",
    "Prepared",
    "ProposedSite",
    "SitingError",
    "SitingOutcome",
    "SitingRequest",
    "Solution",
    "aggregate_rows",
    "parse_weights",
    "prepare",
    "solve",
    "solve_greedy",
    "solve_highs",
]

__getattr__, __dir__ = lazy_members(
    __name__,
    {
        "PREPARE_STEPS": "plan",
        "SOLVE_STEPS": "plan",
        "CoverageProblem": "problem",
        "Prepared": "plan",
        "ProposedSite": "plan",
        "SitingError": "errors",
        "SitingOutcome": "plan",
        "SitingRequest": "request",
        "Solution": "problem",
        "aggregate_rows": "problem",
        "parse_weights": "request",
        "prepare": "plan",
        "solve": "plan",
        "solve_greedy": "greedy",
        "solve_highs": "solver",
    },
)
