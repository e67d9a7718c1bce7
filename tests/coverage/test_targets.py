"""Target sets: each filter of a public layer against a selection written in the test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
import shapely

from umbrella.coverage.analysis import analyze
from umbrella.coverage.scenario import parse_scenario
from umbrella.layers import load_layer

Document = Callable[..., dict[str, Any]]
REGION = "UA-32"  # Kyiv oblast


def _inside_region(layer: pd.DataFrame) -> pd.DataFrame:
    regions = load_layer("regions")
    area = regions[regions["iso_3166_2"] == REGION].geometry.union_all()
    inside = shapely.contains_xy(area, layer.geometry.x.to_numpy(), layer.geometry.y.to_numpy())
    return layer[inside]


# (layer, filter field, layer column, id column)
FILTERS = [
    ("energy", "min_capacity_mw", "capacity_mw", "id"),
    ("cities", "min_population", "population", "geonameid"),
]


@pytest.mark.parametrize(("layer", "field", "column", "id_column"), FILTERS)
def test_a_target_set_keeps_exactly_the_features_at_or_above_its_minimum(
    document: Document, layer: str, field: str, column: str, id_column: str
) -> None:
    features = _inside_region(load_layer(layer))
    # a threshold equal to one feature's value: that feature is kept (at or above)
    threshold = sorted(features[column])[len(features) * 3 // 4]
    kept = features[features[column] >= threshold]
    assert 0 < len(kept) < len(features)
    scenario = parse_scenario(
        document(
            regions=[REGION],
            targets=[
                {"id": "all", "layer": layer},
                {"id": "big", "layer": layer, field: threshold},
            ],
        )
    )
    (phase,) = analyze(scenario, with_grid=False).phases
    chosen = {t.id: t.weight for t in phase.targets if t.target_set == "big"}
    assert chosen == {
        f"big:{i}": pytest.approx(float(v))
        for i, v in zip(kept[id_column], kept[column], strict=True)
    }
    every = {t.id for t in phase.targets if t.target_set == "all"}
    assert every == {f"all:{i}" for i in features[id_column]}
    kind = "energy" if layer == "energy" else "city"
    assert {t.kind for t in phase.targets} == {kind}
    total = phase.summary.energy_mw_total if layer == "energy" else phase.summary.population_total
    assert total == pytest.approx(float(features[column].sum()))
