"""HTML pages for people: Jinja2 templates with one shared layout, rendered for one request.

Every page extends ``templates/layout.html``: a navigation bar, breadcrumbs (``crumbs``: the
trail from the landing page, the last one the page itself), the notional notice on scenario
pages, and a footer linking the page's JSON twin. Pages load nothing but this service's own
``/assets`` (``ASSET_FILES``: Leaflet from the maps, and the pages' stylesheet and script):
they work offline. Templates escape every value (autoescape); a missing value is an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from umbrella.coverage.analysis import NOTIONAL_NOTICE
from umbrella.layers import LAYERS
from umbrella.maps import ASSET_FILES as MAP_ASSET_FILES
from umbrella.maps.style import BASEMAP
from umbrella.service.http.links import local_url

__all__ = ["ASSETS_PREFIX", "ASSET_FILES", "DATA_CREDITS", "Crumb", "page", "render"]

ASSETS_PREFIX: Final = "/assets"
_HERE: Final = Path(__file__).parent
_STATIC: Final = _HERE / "static"

ASSET_FILES: Final[Mapping[str, Path]] = MappingProxyType(
    {
        **MAP_ASSET_FILES,
        **{f"umbrella/{path.name}": path for path in sorted(_STATIC.iterdir()) if path.is_file()},
    }
)
"""URL sub-path under ``/assets`` -> file: the maps' assets and the pages' own."""


DATA_CREDITS: Final = "; ".join(
    sorted(
        {f"{spec.source.split(' (')[0].split(',')[0]} ({spec.licence})" for spec in LAYERS.values()}
    )
)
"""The sources of the bundled layers and their licences, for the pages' footer."""


class Crumb(NamedTuple):
    """One step of a page's breadcrumb trail: its text, and its link (None for the page)."""

    text: str
    href: str | None = None


def _thousands(number: int | float) -> str:
    return f"{number:,}"


_ENVIRONMENT: Final = Environment(
    loader=FileSystemLoader(_HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_ENVIRONMENT.filters["thousands"] = _thousands


def _example_id(request: Request) -> str:
    example: str = request.app.state.services.example_id
    return example


def render(
    request: Request,
    template: str,
    *,
    title: str,
    crumbs: Sequence[Crumb],
    json_href: str | None = None,
    notional: bool = False,
    **context: Any,
) -> str:
    """The HTML of a template for this request, inside the shared layout.

    ``json_href`` is the page's JSON twin (linked in the footer); ``notional`` shows the
    notional notice. Templates get ``href(path, **query)`` for (root-relative) links on this
    service and ``asset(sub_path)`` for its assets.
    """

    def href(path: str, **params: object) -> str:
        return local_url(request, path, **params)

    def asset(sub_path: str) -> str:
        if sub_path not in ASSET_FILES:
            raise KeyError(f"no asset {sub_path}")
        return href(f"{ASSETS_PREFIX}/{sub_path}")

    return _ENVIRONMENT.get_template(template).render(
        title=title,
        crumbs=[Crumb("Home", href("/")), *crumbs],
        json_href=json_href,
        notional=notional,
        notional_notice=NOTIONAL_NOTICE,
        data_credits=DATA_CREDITS,
        basemap_colours=BASEMAP,
        example_map=href(f"/scenarios/{_example_id(request)}/map"),
        href=href,
        asset=asset,
        **context,
    )


def page(
    request: Request,
    template: str,
    *,
    title: str,
    crumbs: Sequence[Crumb],
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """``render`` as an HTML response (see ``render`` for the arguments)."""
    text = render(request, template, title=title, crumbs=crumbs, **context)
    return HTMLResponse(text, status_code=status_code, headers=headers)
