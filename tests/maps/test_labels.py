"""Place names of the basemap: where they stand and from which zoom they are drawn."""

from __future__ import annotations

import pyarrow as pa
import shapely
from pyproj import Geod

from umbrella.layers.loading import rows_frame
from umbrella.layers.rows import LayerRows, load_rows
from umbrella.maps.labels import city_labels, country_labels, sea_labels

GEOD = Geod(ellps="WGS84")
KYIV = (30.5234, 50.4501)
BBOX = (20.0, 42.0, 42.0, 57.0)


def _places(places: list[tuple[str, int, float, float]]) -> LayerRows:
    names, people, lons, lats = zip(*places, strict=True)
    points = shapely.points(lons, lats)
    return LayerRows.of(
        pa.table({"name": names, "population": people, "geometry": shapely.to_wkb(points)})
    )


def _east_of(origin: tuple[float, float], km: float) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(*origin, 90.0, km * 1000.0)
    return float(lon), float(lat)


def test_bigger_places_are_named_from_wider_views() -> None:
    places = [
        (f"p{people}", people, *_east_of(KYIV, 100.0 * i))
        for i, people in enumerate((60_000, 150_000, 400_000, 3_000_000))
    ]
    labels = city_labels(_places(places))
    assert [label.text for label in labels] == ["p3000000", "p400000", "p150000", "p60000"]
    zooms = [label.min_zoom for label in labels]
    assert zooms == sorted(zooms) and len(set(zooms)) == len(zooms)


def test_sea_names_stand_on_their_sea_in_natural_earths_zoom_range() -> None:
    seas = load_rows("seas", bbox=BBOX)
    labels = {label.text: label for label in sea_labels(seas)}
    for row in rows_frame(seas.table).itertuples():
        label = labels[row.name]
        assert row.geometry.contains(shapely.Point(label.lon, label.lat))
        assert (label.min_zoom, label.max_zoom) == (row.min_label, row.max_label)


def test_country_names_stand_inside_and_big_countries_come_first() -> None:
    countries = load_rows("countries", bbox=BBOX)
    labels = country_labels(countries)
    by_name = {label.text: label for label in labels}
    for row in rows_frame(countries.table).itertuples():
        label = by_name[row.name]
        assert row.geometry.buffer(0.05).contains(shapely.Point(label.lon, label.lat))
    order = [label.text for label in labels]
    assert order.index("Russia") < order.index("Ukraine") < order.index("Moldova")
    assert by_name["Russia"].min_zoom <= by_name["Ukraine"].min_zoom <= by_name["Moldova"].min_zoom
    assert by_name["Ukraine"].min_zoom < by_name["Moldova"].min_zoom


def test_a_country_is_named_from_the_zoom_at_which_its_largest_part_is_48_px_wide() -> None:
    countries = load_rows("countries", bbox=BBOX)
    labels = {label.text: label for label in country_labels(countries)}
    for row in rows_frame(countries.table).itertuples():
        part = max(shapely.get_parts(row.geometry), key=lambda p: p.area)
        zoom = labels[row.name].min_zoom
        width_px = (part.area**0.5) * 256 * 2**zoom / 360
        if 1 < zoom < 10:  # not held at the first or the last zoom
            assert 48 / 2**0.5 <= width_px <= 48 * 2**0.5, (row.name, zoom, width_px)
