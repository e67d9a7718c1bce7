"""The pages of scenarios: the published list, a scenario, its coverage, an analysis job.

A scenario's page shows its summary per phase as the command line's table
(``umbrella.coverage.report.summary_rows``) and each phase's scorecard
(``umbrella.coverage.report.scorecards``) once its analysis is in memory; before that it
offers to run the analysis as a job, whose page shows the progress and leads back. Every
scenario page carries the notional notice.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse

from umbrella.coverage.analysis import step_count
from umbrella.coverage.outputs import OUTPUTS
from umbrella.coverage.report import scorecards, summary_rows
from umbrella.coverage.result import AnalysisResult
from umbrella.coverage.scenario import Scenario
from umbrella.maps import FIGURE_FORMATS
from umbrella.service.http.dependencies import Services
from umbrella.service.http.jobs import Job, JobState
from umbrella.service.http.links import link, local_url, url
from umbrella.service.http.pages import Crumb, page
from umbrella.service.http.paging import Paging

__all__ = [
    "coverage_page",
    "job_page",
    "scenario_links",
    "scenario_list_page",
    "scenario_page",
]

_NO_STORE: Final = {"Cache-Control": "no-store"}
_REFRESH_S: Final = 2


def scenario_links(request: Request, scenario_id: str) -> list[dict[str, Any]]:
    """The JSON links of a stored scenario: itself, its page, summary, map and analysis."""
    base = f"/scenarios/{scenario_id}"
    return [
        link(url(request, base), "self", "application/json", "The stored scenario"),
        link(url(request, base, f="html"), "alternate", "text/html", "Its page"),
        link(url(request, f"{base}/map"), "map", "text/html", "Interactive map"),
        link(url(request, f"{base}/coverage"), "coverage", "application/json", "Summary"),
        link(url(request, f"{base}/analysis"), "analysis", "application/json", "Start analysis"),
    ]


def _scenarios_crumb(request: Request) -> Crumb:
    return Crumb("Scenarios", local_url(request, "/scenarios", f="html"))


def _scenario_crumb(request: Request, scenario_id: str, scenario: Scenario) -> Crumb:
    return Crumb(scenario.name, local_url(request, f"/scenarios/{scenario_id}", f="html"))


def _summary(result: AnalysisResult, day: int | None = None) -> dict[str, Any]:
    """The summary table (header and rows) of every phase, or of the phase of ``day``."""
    phases = [(p.summary.day, p.summary.label) for p in result.phases]
    columns = [i for i, (d, _) in enumerate(phases) if day is None or d == day]
    return {
        "phases": [phases[i] for i in columns],
        "rows": [
            {"label": row.label, "counts": row.counts, "texts": [row.texts[i] for i in columns]}
            for row in summary_rows(result)
        ],
        "scorecards": [
            card for card in scorecards(result.phases) if day is None or card.day == day
        ],
    }


def _results(request: Request, scenario_id: str, scenario: Scenario) -> dict[str, Any]:
    """The links of a scenario's results: per phase, its map, figures and outputs."""
    base = f"/scenarios/{scenario_id}"
    return {
        "map": local_url(request, f"{base}/map"),
        "coverage": local_url(request, f"{base}/coverage", f="html"),
        "phases": [
            {
                "day": phase.day,
                "label": phase.label,
                "map": local_url(request, f"{base}/map", phase=phase.day),
                "figures": [
                    (fmt.upper(), local_url(request, f"{base}/map.{fmt}", phase=phase.day))
                    for fmt in FIGURE_FORMATS
                ],
                "outputs": [
                    (output, local_url(request, f"{base}/coverage/{output}", phase=phase.day))
                    for output in OUTPUTS
                ],
            }
            for phase in sorted(scenario.phases, key=lambda p: p.day)
        ],
        "json": local_url(request, base, f="json"),
        "yaml": local_url(request, base, f="yaml"),
        "analysis": local_url(request, f"{base}/analysis"),
    }


def scenario_page(
    request: Request, services: Services, scenario_id: str, *, example: bool = False
) -> HTMLResponse:
    """A scenario's page: what it holds, its summary if analysed, and links to its results."""
    results = services.results
    scenario = results.scenario(scenario_id)
    record = results.record(scenario_id)
    analysed = results.is_analysed(scenario_id)
    return page(
        request,
        "scenario.html",
        title=f"{scenario.name} (notional)",
        crumbs=[_scenarios_crumb(request), Crumb("Example" if example else scenario.name)],
        json_href=local_url(
            request, "/scenarios/example" if example else f"/scenarios/{scenario_id}", f="json"
        ),
        notional=True,
        headers=_NO_STORE,
        scenario=scenario,
        scenario_id=scenario_id,
        record=record,
        example=example,
        summary=_summary(results.analysis(scenario_id)) if analysed else None,
        job=services.jobs.latest(scenario_id),
        links=_results(request, scenario_id, scenario),
        keys_needed=services.keys is not None,
    )


def coverage_page(
    request: Request, scenario_id: str, scenario: Scenario, result: AnalysisResult, day: int | None
) -> HTMLResponse:
    """The coverage summary of every phase (or one) with each output's GeoJSON."""
    links = _results(request, scenario_id, scenario)
    phases = [p for p in links["phases"] if day is None or p["day"] == day]
    return page(
        request,
        "coverage.html",
        title=f"Coverage of {scenario.name} (notional)",
        crumbs=[
            _scenarios_crumb(request),
            _scenario_crumb(request, scenario_id, scenario),
            Crumb("Coverage" if day is None else f"Coverage, day {day}"),
        ],
        json_href=local_url(request, f"/scenarios/{scenario_id}/coverage", phase=day, f="json"),
        notional=True,
        scenario=scenario,
        summary=_summary(result, day),
        phases=phases,
        links=links,
    )


def scenario_list_page(
    request: Request, items: list[dict[str, Any]], paging: Paging
) -> HTMLResponse:
    """The page of the published scenarios."""
    for item in items:
        item["href"] = local_url(request, f"/scenarios/{item['id']}", f="html")
        item["map_href"] = local_url(request, f"/scenarios/{item['id']}/map")
    return page(
        request,
        "scenarios.html",
        title="Published scenarios",
        crumbs=[Crumb("Scenarios")],
        json_href=local_url(
            request, "/scenarios", offset=paging.offset, limit=paging.limit, f="json"
        ),
        notional=True,
        headers={"Cache-Control": "no-cache"},
        items=items,
        paging=paging,
    )


def job_page(request: Request, services: Services, job: Job) -> HTMLResponse:
    """A job's page: state and steps, refreshed every few seconds until it is finished."""
    scenario = services.results.scenario(job.scenario_id)
    finished = job.state in (JobState.DONE, JobState.FAILED)
    return page(
        request,
        "job.html",
        title=f"Analysis of {scenario.name}: {job.state.value}",
        crumbs=[
            _scenarios_crumb(request),
            _scenario_crumb(request, job.scenario_id, scenario),
            Crumb("Analysis job"),
        ],
        json_href=local_url(request, f"/jobs/{job.id}", f="json"),
        notional=True,
        headers=_NO_STORE,
        job=job,
        scenario=scenario,
        total_steps=step_count(scenario),
        refresh_s=None if finished else _REFRESH_S,
        links=_results(request, job.scenario_id, scenario),
        scenario_href=local_url(request, f"/scenarios/{job.scenario_id}", f="html"),
    )
