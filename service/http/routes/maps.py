"""Maps of stored scenarios: the interactive offline map and static figures.

Without ``phase``, the interactive map holds every phase (the first one shown, the others a
click away in its layer control) and a figure shows the first phase; with it, only that
phase. Maps are cached like the other results (ETag, ``Cache-Control: public, max-age``).

Figures over HTTP are smaller than the command line allows (``width_px`` at most 4000,
``dpi`` at most 300; the height follows the area, at most 20,000 px): a figure's cost grows
with its pixels. Only the default size is kept in the store; other sizes are kept in
memory only (up to ``results.MAX_BODY_IN_MEMORY``), so that arbitrary sizes cannot fill the
disk. Rendering waits for one of the ``analysis_workers`` slots.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from umbrella.maps import render_figure, render_html
from umbrella.maps.static import MIN_DPI, MIN_PIXELS
from umbrella.service.http.answers import BINARY, HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, PhaseParam, ServicesDep
from umbrella.service.http.http_cache import cacheable
from umbrella.service.http.media import HTML
from umbrella.service.http.pages import ASSETS_PREFIX
from umbrella.service.http.results import phase_of
from umbrella.service.http.routes.scenarios import ScenarioId

__all__ = [
    "DEFAULT_DPI",
    "DEFAULT_WIDTH_PX",
    "FIGURE_MEDIA_TYPES",
    "MAX_DPI",
    "MAX_WIDTH_PX",
    "router",
]

FIGURE_MEDIA_TYPES: Final = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
DEFAULT_WIDTH_PX: Final = 1600
DEFAULT_DPI: Final = 150
MAX_WIDTH_PX: Final = 4000
MAX_DPI: Final = 300

router = APIRouter(tags=["maps"], dependencies=[STRICT_QUERY], default_response_class=Response)


@router.get(
    "/scenarios/{scenario_id}/map",
    summary="Interactive map",
    responses=answers({"text/html": HTML_PAGE}, 400, 404),
)
def scenario_map(
    request: Request, scenario_id: ScenarioId, services: ServicesDep, phase: PhaseParam
) -> Response:
    """An offline Leaflet map (assets from this service); every phase, or only ``phase``."""
    results = services.results
    scenario = results.scenario(scenario_id)
    day = None if phase is None else phase_of(scenario, phase)

    def produce() -> tuple[bytes, str]:
        result = results.analysis(scenario_id)
        if day is not None:
            result = replace(result, phases=(result.phase(day),))
        with results.slot():
            page = render_html(scenario, result, online_tiles=False, asset_base_url=ASSETS_PREFIX)
        return page.encode(), HTML

    stored = results.body(scenario_id, f"map/{'all' if day is None else day}.html", produce)
    return cacheable(request, stored, max_age=services.settings.cache_max_age)


@router.get(
    "/scenarios/{scenario_id}/map.{fmt}",
    summary="Static figure",
    responses=answers({media: BINARY for media in FIGURE_MEDIA_TYPES.values()}, 400, 404),
)
def scenario_figure(
    request: Request,
    scenario_id: ScenarioId,
    fmt: Annotated[Literal["png", "svg", "pdf"], Path(description="png, svg or pdf.")],
    services: ServicesDep,
    phase: PhaseParam,
    width_px: Annotated[
        int, Query(ge=MIN_PIXELS, le=MAX_WIDTH_PX, description="Width in pixels.")
    ] = DEFAULT_WIDTH_PX,
    dpi: Annotated[int, Query(ge=MIN_DPI, le=MAX_DPI, description="Dots per inch.")] = DEFAULT_DPI,
) -> Response:
    """A static figure of one phase (the first by default)."""
    results = services.results
    scenario = results.scenario(scenario_id)
    day = phase_of(scenario, phase)

    def produce() -> tuple[bytes, str]:
        result = results.analysis(scenario_id)
        with results.slot():
            figure = render_figure(
                scenario, result, day=day, fmt=fmt, title=None, width_px=width_px, dpi=dpi
            )
        return figure, FIGURE_MEDIA_TYPES[fmt]

    key = f"map/{day}.{fmt}?width_px={width_px}&dpi={dpi}"
    default_size = (width_px, dpi) == (DEFAULT_WIDTH_PX, DEFAULT_DPI)
    stored = results.body(scenario_id, key, produce, persist=default_size)
    return cacheable(request, stored, max_age=services.settings.cache_max_age)
