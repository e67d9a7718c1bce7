"""``sweep``: draw a scenario's assumptions many times and say what holds under all of them.

Bad requests fail before any work, naming the field: a number of draws below 1 or above
``MAX_DRAWS``, a negative seed, both a scheduler and a number of workers, a scheduler that
cannot be reached (within seconds), a day that starts no phase.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from umbrella.coverage.analysis import chosen_days, provenance_of
from umbrella.coverage.scenario import Scenario
from umbrella.coverage.sweep.cluster import check_scheduler, run_draws
from umbrella.coverage.sweep.errors import SweepError
from umbrella.coverage.sweep.planning import plan_sweep
from umbrella.coverage.sweep.result import SweepResult
from umbrella.coverage.sweep.summary import sweep_result

__all__ = ["MAX_DRAWS", "MAX_SEED", "MAX_WORKERS", "SweepProgress", "check_request", "sweep"]

MAX_DRAWS = 1_000_000
MAX_SEED = 2**63 - 1
MAX_WORKERS = 1024
SweepProgress = Callable[[str, int], None]
"""Called with what the sweep does and how many more draws are done (0 for a step)."""


def check_request(
    draws: int, seed: int, *, scheduler: str | None = None, workers: int | None = None
) -> None:
    """SweepError naming the first bad field of a sweep request (see the module)."""
    if not 1 <= draws <= MAX_DRAWS:
        raise SweepError("draws", draws, f"must be between 1 and {MAX_DRAWS:,}")
    if not 0 <= seed <= MAX_SEED:
        raise SweepError("seed", seed, f"must be between 0 and {MAX_SEED}")
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise SweepError("workers", workers, f"must be between 1 and {MAX_WORKERS}")
    if scheduler is not None and workers is not None:
        raise SweepError("workers", workers, "give either a scheduler or a number of workers")
    if scheduler is not None:
        check_scheduler(scheduler)


def sweep(
    scenario: Scenario,
    *,
    draws: int,
    seed: int = 0,
    phases: Sequence[int] | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: SweepProgress | None = None,
) -> SweepResult:
    """Sweep every phase (or the given phase days) over ``draws`` draws of ``seed`` on a local
    cluster of ``workers`` processes (one per core by default) or the cluster of
    ``scheduler``."""
    report = progress or (lambda _step, _draws: None)
    check_request(draws, seed, scheduler=scheduler, workers=workers)
    days = chosen_days(scenario, phases)
    report("planning", 0)
    plan, setting = plan_sweep(scenario, days)
    report("drawing", 0)
    tally = run_draws(
        plan,
        seed,
        draws,
        scheduler=scheduler,
        workers=workers,
        progress=lambda done: report("drawing", done),
    )
    report("summarising", 0)
    return sweep_result(plan, setting, tally, seed, provenance_of(scenario))
