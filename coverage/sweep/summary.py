"""From a complete tally to the sweep's result: shares and classes of targets, percentiles of
MW and people meeting (in all and per region), the drivers, the depth-probability layer."""

from __future__ import annotations

import numpy as np

from umbrella.coverage.assumptions import Triangular, Uniform, Value, is_fixed
from umbrella.coverage.result import Provenance
from umbrella.coverage.scenario import Scenario
from umbrella.coverage.sweep.areas import probability_areas, probability_cog
from umbrella.coverage.sweep.plan import SweepPlan
from umbrella.coverage.sweep.planning import SweepSetting
from umbrella.coverage.sweep.result import (
    Assumption,
    Driver,
    RegionSpread,
    Spread,
    SweepPhase,
    SweepResult,
    TargetShare,
    robustness,
)
from umbrella.coverage.sweep.sensitivity import (
    DECILES,
    binary_share,
    decile_groups,
    noise_floor,
    share_explained,
)
from umbrella.coverage.sweep.tally import PERCENTILES, SweepTally

__all__ = ["MAX_SITES", "assumptions_of", "sweep_result"]

MAX_SITES = 10  # sites listed per phase, those whose being down tells most first


def _text(value: Value) -> str:
    if isinstance(value, Triangular):
        return f"{value.min:g} to {value.max:g} km, nominal {value.nominal:g} (triangular)"
    if isinstance(value, Uniform):
        return f"{value.low:g} to {value.high:g} km (uniform)"
    return f"{value:g} km"


def assumptions_of(scenario: Scenario) -> tuple[Assumption, ...]:
    """What a sweep of the scenario draws, in words: each tier range that varies, and each
    tier's availability (with its assets' own) where some asset may be down."""
    found = []
    for name, tier in scenario.tiers.items():
        for kind, value in (("range_km", tier.range_km), ("min_range_km", tier.min_range_km)):
            if not is_fixed(value):
                found.append(Assumption(f"tiers.{name}.{kind}", _text(value)))
    for name in scenario.tiers:
        chances = sorted(
            {
                scenario.availability(asset)
                for asset in scenario.assets
                if asset.tier == name and not asset.is_sensor
            }
        )
        if chances and chances != [1.0]:
            shown = ", ".join(f"{c:g}" for c in chances)
            text = f"each site up with chance {shown}"
            found.append(Assumption(f"tiers.{name}.availability", text))
    return tuple(found)


def _spread(values: tuple[float, ...], nominal: float, total: float) -> Spread:
    p5, p50, p95 = values
    return Spread(p5=p5, p50=p50, p95=p95, nominal=nominal, total=total)


def _drivers(plan: SweepPlan, tally: SweepTally, p: int) -> tuple[Driver, ...]:
    measures = (tally.mw[p], tally.people[p])
    drivers = []
    for name, kind, t in plan.model.varying():
        drawn = tally.range_km if kind == "range_km" else tally.min_range_km
        groups = decile_groups(drawn[:, t])
        drivers.append(Driver(name, *(share_explained(y, groups) for y in measures)))
    for t, tier in enumerate(plan.model.tier_names):
        standing = plan.in_place[p] & (plan.model.asset_tier == t)
        if (plan.model.availability[standing] < 1.0).any():
            groups = tally.tier_up[p, :, t]
            drivers.append(
                Driver(
                    f"tiers.{tier}.availability", *(share_explained(y, groups) for y in measures)
                )
            )
    return tuple(
        sorted(drivers, key=lambda d: -max(d.mw_share_explained, d.population_share_explained))
    )


def _sites(plan: SweepPlan, tally: SweepTally, p: int) -> tuple[Driver, ...]:
    down_mw, down_people = tally.site_sums()
    mw = binary_share(tally.mw[p], tally.down[p], down_mw[p])
    people = binary_share(tally.people[p], tally.down[p], down_people[p])
    chosen = np.flatnonzero(plan.in_place[p] & (plan.model.availability < 1.0))
    ranked = sorted(chosen.tolist(), key=lambda j: (-max(mw[j], people[j]), j))[:MAX_SITES]
    return tuple(
        Driver(f"assets.{plan.model.asset_ids[j]}", float(mw[j]), float(people[j])) for j in ranked
    )


def _regions(
    plan: SweepPlan, setting: SweepSetting, tally: SweepTally, p: int, nominal: np.ndarray
) -> tuple[RegionSpread, ...]:
    totals, at_nominal = plan.totals(), plan.measures(nominal)
    rows = []
    for r, (code, name) in enumerate(zip(setting.region_codes, setting.region_names, strict=True)):
        mw = tally.region_mw[p][r].percentiles()
        people = tally.region_people[p][r].percentiles()
        rows.append(
            RegionSpread(
                region=code,
                name=name,
                capacity_mw=float(totals.region_mw[r]),
                capacity_mw_meeting_p5=mw[0],
                capacity_mw_meeting_p50=mw[1],
                capacity_mw_meeting_p95=mw[2],
                capacity_mw_meeting_nominal=float(at_nominal.region_mw[r]),
                population=float(totals.region_people[r]),
                population_meeting_p5=people[0],
                population_meeting_p50=people[1],
                population_meeting_p95=people[2],
                population_meeting_nominal=float(at_nominal.region_people[r]),
            )
        )
    return tuple(rows)


def _targets(
    setting: SweepSetting, shares: np.ndarray, nominal: np.ndarray
) -> tuple[TargetShare, ...]:
    table = setting.targets
    return tuple(
        TargetShare(
            id=table.ids[t],
            target_set=table.set_ids[t],
            name=table.names[t],
            kind=table.kinds[t],
            fuel=table.fuels[t],
            weight=float(table.weights[t]),
            region=table.regions[t],
            geometry=table.geometries[t],
            min_depth=table.min_depth[t],
            required_tiers=table.required_tiers[t],
            meets_nominal=bool(nominal[t]),
            share_meeting=float(shares[t]),
            robustness=robustness(float(shares[t])),
        )
        for t in range(len(table))
    )


def sweep_result(
    plan: SweepPlan, setting: SweepSetting, tally: SweepTally, seed: int, provenance: Provenance
) -> SweepResult:
    """The sweep's result from a complete tally."""
    n = tally.n_draws
    totals = plan.totals()
    labels = {phase.day: phase.label for phase in setting.scenario.phases}
    phases = []
    for p, day in enumerate(plan.days):
        nominal = plan.outcome(p, plan.model.nominal())
        at_nominal = plan.measures(nominal.meets)
        shares = tally.meets[p] / n
        targets = _targets(setting, shares, nominal.meets)
        classes = [t.robustness for t in targets]
        grid_shares = tally.depth_at_least[p] / n
        tags = {
            "scenario_hash": provenance.scenario_hash,
            "phase_day": str(day),
            "draws": str(n),
            "seed": str(seed),
        }
        phases.append(
            SweepPhase(
                day=day,
                label=labels[day],
                robust=classes.count("robust"),
                contested=classes.count("contested"),
                exposed=classes.count("exposed"),
                energy_mw_meeting=_spread(
                    tuple(float(v) for v in np.percentile(tally.mw[p], PERCENTILES)),
                    at_nominal.mw,
                    totals.mw,
                ),
                population_meeting=_spread(
                    tuple(float(v) for v in np.percentile(tally.people[p], PERCENTILES)),
                    at_nominal.people,
                    totals.people,
                ),
                regions=_regions(plan, setting, tally, p, nominal.meets),
                drivers=_drivers(plan, tally, p),
                sites=_sites(plan, tally, p),
                noise_floor=noise_floor(DECILES, n),
                targets=targets,
                probability_areas=probability_areas(setting.layout, setting.cells, grid_shares),
                probability_cog=probability_cog(setting.layout, setting.cells, grid_shares, tags),
            )
        )
    return SweepResult(
        provenance=provenance,
        draws=n,
        seed=seed,
        assumptions=assumptions_of(setting.scenario),
        phases=tuple(phases),
    )
