"""The layer build: raw public data in, compact GeoParquet files and their notice out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

import geopandas as gpd

from umbrella.layers import build_boundaries as boundaries
from umbrella.layers import build_features as features
from umbrella.layers.build_cities import build_cities
from umbrella.layers.build_energy import build_energy
from umbrella.layers.build_io import write_layer
from umbrella.layers.build_points import own_country_regions
from umbrella.layers.catalogue import LAYERS, VIEW_ALL, WORLDVIEW_COLUMN, WORLDVIEWS, layer_path
from umbrella.layers.errors import BuildSourceError
from umbrella.layers.notice import ENERGY_REPORT, NOTICE, notice_facts, render_notice

__all__ = ["BUILD_STEPS", "BuildResult", "build_layers", "check_source"]

_NATURAL_EARTH: Final = "naturalearth"
_POWERPLANTS: Final = "powerplants"
# one step per layer, then the notice
BUILD_STEPS: Final = len(LAYERS) + 1


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the files, feature counts per layer and view, the energy report."""

    files: tuple[Path, ...]
    counts: MappingProxyType[str, MappingProxyType[str, int]]
    energy_report: MappingProxyType[str, object]


def check_source(source: Path) -> None:
    """Raise BuildSourceError unless source holds the naturalearth/ and powerplants/ folders."""
    for folder in (_NATURAL_EARTH, _POWERPLANTS):
        if not (source / folder).is_dir():
            raise BuildSourceError(str(source), f"has no {folder}/ folder of raw data")


def _view_counts(frame: gpd.GeoDataFrame) -> MappingProxyType[str, int]:
    if WORLDVIEW_COLUMN not in frame.columns:
        return MappingProxyType(dict.fromkeys(WORLDVIEWS, len(frame)))
    tags = frame[WORLDVIEW_COLUMN]
    return MappingProxyType({view: int(tags.isin([VIEW_ALL, view]).sum()) for view in WORLDVIEWS})


def build_layers(
    source: Path, out: Path, on_step: Callable[[str], None] = lambda _: None
) -> BuildResult:
    """Build every catalogued layer from the raw data in source into out.

    on_step is called with a short label after each of the BUILD_STEPS steps.
    """
    check_source(source)
    natural_earth, powerplants = source / _NATURAL_EARTH, source / _POWERPLANTS
    regions = boundaries.read_regions(natural_earth)
    countries = boundaries.build_countries(natural_earth, regions)
    energy, report = build_energy(powerplants)
    alpha2 = countries.drop_duplicates("iso_a3").set_index("iso_a3")["iso_a2"]
    energy["iso_3166_2"] = own_country_regions(
        energy.geometry, energy["country_iso3"].map(alpha2), regions
    )
    cities = build_cities(regions, natural_earth)
    builders: dict[str, Callable[[], gpd.GeoDataFrame]] = {
        "countries": lambda: countries,
        "regions": lambda: boundaries.build_regions(regions),
        "borders": lambda: boundaries.build_borders(natural_earth, regions),
        "disputed": lambda: boundaries.build_disputed(natural_earth),
        "cities": lambda: cities,
        "energy": lambda: energy,
        "airports": lambda: features.build_airports(natural_earth),
        "ports": lambda: features.build_ports(natural_earth),
        "rivers": lambda: features.build_rivers(natural_earth),
        "lakes": lambda: features.build_lakes(natural_earth),
        "urban": lambda: features.build_urban(natural_earth),
        "seas": lambda: features.build_seas(natural_earth),
    }
    files: list[Path] = []
    counts: dict[str, MappingProxyType[str, int]] = {}
    for name in LAYERS:
        frame = builders[name]()
        files.append(write_layer(frame, layer_path(name, out)))
        counts[name] = _view_counts(frame)
        on_step(name)
    report_path = out / ENERGY_REPORT
    report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    sizes = {path.stem: path.stat().st_size for path in files}
    notice_path = out / NOTICE
    facts = notice_facts(countries, regions, cities, energy)
    notice_path.write_text(render_notice(counts, sizes, report, facts))
    on_step("notice")
    return BuildResult(
        files=(*files, report_path, notice_path),
        counts=MappingProxyType(counts),
        energy_report=MappingProxyType(report),
    )
