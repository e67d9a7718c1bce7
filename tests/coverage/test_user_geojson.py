"""A user's GeoJSON features, points parsed in bulk, are what shapely's ``shape`` makes of each
feature alone, named by its ``name`` property or its place."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from umbrella.coverage.user_geojson import user_features

NUMBERS = st.integers(-90, 90) | st.floats(-90, 90) | st.booleans()
POINTS = st.builds(
    lambda xy: {"type": "Point", "coordinates": xy},
    st.lists(NUMBERS, min_size=2, max_size=3) | st.tuples(NUMBERS, NUMBERS),
)
SHAPES = st.just({"type": "LineString", "coordinates": [[30, 50], [31.5, 50.25]]})
PROPERTIES = st.none() | st.fixed_dictionaries({}, optional={"name": st.text(max_size=4) | NUMBERS})
FEATURES = st.builds(
    lambda geometry, properties: {
        "type": "Feature",
        "geometry": geometry,
        "properties": properties,
    },
    POINTS | SHAPES,
    PROPERTIES,
)


@settings(max_examples=80, deadline=None)
@given(st.lists(FEATURES, min_size=1, max_size=8))
def test_features_are_each_feature_parsed_alone(features: list[dict[str, Any]]) -> None:
    found = user_features({"type": "FeatureCollection", "features": features})
    expected = [
        (str((f["properties"] or {}).get("name", f"feature {i}")), shape(f["geometry"]))
        for i, f in enumerate(features)
    ]
    assert [name for name, _ in found] == [name for name, _ in expected]
    assert [g.wkb for _, g in found] == [g.wkb for _, g in expected]
