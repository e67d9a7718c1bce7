"""Maps of stored scenarios: the interactive offline map and static figures.

Without ``phase``, the interactive map holds every phase (the first one shown, the others a
click away in its layer control) and a figure shows the first phase; with it, only that
phase. Maps are cached like the other results (ETag, ``Cache-Control: public, max-age``). The map
page's policy allows its own inline scripts by hash (``headers``).

A figure's width is given by at most one of ``width_px`` (for screens), ``width_mm`` (for
print) and ``preset`` (``single-column``, ``double-column``, ``slide``), at ``dpi``; ``band``
shades that altitude band's air picture instead of depth and ``scorecard`` lists the phase's
goals under the key. Figures
over HTTP are smaller than the command line allows (a PNG at most 4000 px wide, ``dpi`` at
most 300; the height follows the area and the key): a figure's cost grows with its pixels.
Only the default size is kept in the store; other sizes are kept in memory only (up to
``results.MAX_BODY_IN_MEMORY``), so that arbitrary sizes cannot fill the disk. Rendering
waits for one of the ``analysis_workers`` slots.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from umbrella.maps import check_band, figure_size, render_figure, render_html
from umbrella.maps.figure.size import MAX_WIDTH_MM, MIN_DPI, MIN_WIDTH_MM, MIN_WIDTH_PX
from umbrella.service.http.answers import BINARY, HTML_PAGE, answers
from umbrella.service.http.dependencies import STRICT_QUERY, PhaseParam, ServicesDep
from umbrella.service.http.headers import policy_with_inline_scripts
from umbrella.service.http.http_cache import cacheable
from umbrella.service.http.media import HTML
from umbrella.service.http.pages import ASSETS_PREFIX
from umbrella.service.http.rate import RATE_LIMITS
from umbrella.service.http.results import phase_of
from umbrella.service.http.routes.scenarios import ScenarioId

__all__ = [
    "DEFAULT_DPI",
    "DEFAULT_WIDTH_PX",
    "FIGURE_MEDIA_TYPES",
    "MAX_DPI",
    "MAX_WIDTH_PX",
    "Preset",
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

Preset = Literal["single-column", "double-column", "slide"]
"""The names of ``umbrella.maps.PRESETS``, as a query's choices."""

router = APIRouter(
    tags=["maps"],
    dependencies=[STRICT_QUERY, RATE_LIMITS["renders"]],
    default_response_class=Response,
)


@router.get(
    "/scenarios/{scenario_id}/map",
    summary="Interactive map",
    responses=answers({"text/html": HTML_PAGE}, 400, 404, 422),
)
def scenario_map(
    request: Request, scenario_id: ScenarioId, services: ServicesDep, phase: PhaseParam
) -> Response:
    """An offline Leaflet map (assets from this service); every phase, or only ``phase``."""
    results = services.results
    scenario = results.scenario(scenario_id)
    day = None if phase is None else phase_of(scenario, phase)

    def produce() -> tuple[bytes, str]:
        result = results.analysis(scenario_id, days=None if day is None else [day])
        with results.slot():
            page = render_html(scenario, result, online_tiles=False, asset_base_url=ASSETS_PREFIX)
        return page.encode(), HTML

    stored = results.body(scenario_id, f"map/{'all' if day is None else day}.html", produce)
    answer = cacheable(request, stored, max_age=services.settings.cache_max_age)
    answer.headers["Content-Security-Policy"] = policy_with_inline_scripts(stored.body, stored.etag)
    return answer


@router.get(
    "/scenarios/{scenario_id}/map.{fmt}",
    summary="Static figure",
    responses=answers({media: BINARY for media in FIGURE_MEDIA_TYPES.values()}, 400, 404, 422),
)
def scenario_figure(
    request: Request,
    scenario_id: ScenarioId,
    fmt: Annotated[Literal["png", "svg", "pdf"], Path(description="png, svg or pdf.")],
    services: ServicesDep,
    phase: PhaseParam,
    width_px: Annotated[
        int | None,
        Query(ge=MIN_WIDTH_PX, le=MAX_WIDTH_PX, description="Width for screens, in pixels."),
    ] = None,
    width_mm: Annotated[
        float | None,
        Query(ge=MIN_WIDTH_MM, le=MAX_WIDTH_MM, description="Width for print, in millimetres."),
    ] = None,
    preset: Annotated[
        Preset | None,
        Query(description="A named width: 85 mm, 180 mm or 1920 px."),
    ] = None,
    dpi: Annotated[
        int | None, Query(ge=MIN_DPI, le=MAX_DPI, description="Dots per inch of a PNG.")
    ] = None,
    band: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=80,
            description="An altitude band of the scenario: its air picture instead of depth.",
        ),
    ] = None,
    scorecard: Annotated[
        bool, Query(description="List the phase's goals, met or missed, under the key.")
    ] = False,
) -> Response:
    """A static figure of one phase (the first by default)."""
    results = services.results
    scenario = results.scenario(scenario_id)
    day = phase_of(scenario, phase)
    if band is not None:
        check_band(scenario, band, "band")
    no_width = width_px is None and width_mm is None and preset is None
    size = figure_size(
        width_px=DEFAULT_WIDTH_PX if no_width else width_px,
        width_mm=width_mm,
        preset=preset,
        dpi=DEFAULT_DPI if dpi is None and no_width else dpi,
        raster=fmt == "png",
        max_width_px=MAX_WIDTH_PX,
        max_dpi=MAX_DPI,
    )
    default_size = size == figure_size(width_px=DEFAULT_WIDTH_PX, dpi=DEFAULT_DPI)

    def produce() -> tuple[bytes, str]:
        result = results.analysis(scenario_id)
        with results.slot():
            figure = render_figure(
                scenario,
                result,
                day=day,
                fmt=fmt,
                title=None,
                size=size,
                band=band,
                scorecard=scorecard,
            )
        return figure, FIGURE_MEDIA_TYPES[fmt]

    content = ("" if band is None else f"&band={band}") + ("&scorecard" if scorecard else "")
    key = f"map/{day}.{fmt}?size={size.key()}{content}"
    stored = results.body(scenario_id, key, produce, persist=default_size)
    return cacheable(request, stored, max_age=services.settings.cache_max_age)
