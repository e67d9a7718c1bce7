"""Bounding boxes: what check_bbox and parse_bbox accept, and boxes at the antimeridian."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from umbrella.layers import load_layer, parse_bbox
from umbrella.layers.bbox import bbox_geometry, check_bbox
from umbrella.layers.errors import BBoxError


def _numbers() -> Iterator[float]:
    yield from (1.0, 2.0, 3.0, 4.0)


@pytest.mark.parametrize("bbox", ["1234", b"1234", "1,2,3,4", {1.0, 2.0, 3.0, 4.0}, 1234])
def test_a_string_or_a_non_sequence_is_refused_naming_it(bbox: object) -> None:
    with pytest.raises(BBoxError) as error:
        check_bbox(bbox)
    assert error.value.field == "bbox"
    assert error.value.value == bbox


def test_a_generator_is_refused() -> None:
    numbers = _numbers()
    with pytest.raises(BBoxError, match="sequence"):
        check_bbox(numbers)


@pytest.mark.parametrize(
    "bbox", [(1, 2, 3, 4), [1.0, 2.0, 3.0, 4.0], np.array([1.0, 2.0, 3.0, 4.0])]
)
def test_sequences_and_arrays_of_four_numbers_are_accepted(bbox: object) -> None:
    assert check_bbox(bbox) == (1.0, 2.0, 3.0, 4.0)


def test_a_box_from_180_to_minus_180_is_refused_as_ambiguous() -> None:
    with pytest.raises(BBoxError, match="ambiguous") as error:
        check_bbox((180.0, -20.0, -180.0, -15.0))
    assert error.value.value == (180.0, -20.0, -180.0, -15.0)
    with pytest.raises(BBoxError) as parsed:
        parse_bbox("180,-20,-180,-15")
    assert parsed.value.value == "180,-20,-180,-15"
    assert "ambiguous" in parsed.value.reason


@pytest.mark.parametrize(
    ("given", "same_as"),
    [
        ((180.0, -20.0, -178.0, -15.0), (-180.0, -20.0, -178.0, -15.0)),
        ((178.0, -20.0, -180.0, -15.0), (178.0, -20.0, 180.0, -15.0)),
    ],
)
def test_a_crossing_box_with_an_edge_on_the_antimeridian_does_not_cross(
    given: tuple[float, float, float, float], same_as: tuple[float, float, float, float]
) -> None:
    assert check_bbox(given) == same_as
    cities = load_layer("cities", bbox=given)
    minlon, minlat, maxlon, maxlat = same_as
    assert cities.geometry.x.between(minlon, maxlon).all()
    assert cities.geometry.y.between(minlat, maxlat).all()
    assert set(cities["geonameid"]) == set(load_layer("cities", bbox=same_as)["geonameid"])


@pytest.mark.parametrize(
    "bbox",
    [(-180.0, -90.0, 180.0, 90.0), (10.0, 5.0, 20.0, 5.0), (10.0, 5.0, 10.0, 6.0), (0, 90, 1, 90)],
)
def test_boxes_on_their_bounds_and_without_width_or_height_are_accepted(
    bbox: tuple[float, float, float, float],
) -> None:
    assert check_bbox(bbox) == tuple(float(v) for v in bbox)


@pytest.mark.parametrize("bbox", [(10.0, 5.0, 10.0, 6.0), (10.0, 5.0, 11.0, 5.0)])
def test_a_box_without_width_or_height_is_that_segment_not_the_world(
    bbox: tuple[float, float, float, float],
) -> None:
    geometry = bbox_geometry(bbox)
    assert geometry.bounds == bbox
    assert geometry.area == 0.0
