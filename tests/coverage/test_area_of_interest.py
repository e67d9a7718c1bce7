"""The area of interest is kept on disk: read back, it is the union of the regions as drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from umbrella.coverage import cache
from umbrella.coverage.analysis import AREA_EDGE_M, area_and_regions
from umbrella.coverage.example import example_scenario
from umbrella.geo import densify_drawn
from umbrella.layers import region_geometry


@pytest.mark.parametrize("regions", [["UKR"], ["MDA", "UKR"], ["UKR", "MDA"]])
def test_the_kept_area_is_the_regions_union_densified_as_drawn(
    empty_cache: Path, regions: list[str]
) -> None:
    scenario = example_scenario().model_copy(update={"regions": regions})
    drawn = densify_drawn(
        shapely.union_all([region_geometry(code, scenario.worldview) for code in regions]),
        AREA_EDGE_M,
    )
    first, _ = area_and_regions(scenario)
    cache._memory.clear()  # as a new process finds it: on disk
    again, _ = area_and_regions(scenario)
    assert shapely.to_wkb(first) == shapely.to_wkb(drawn) == shapely.to_wkb(again)
    assert len(list((empty_cache / "area_of_interest").glob("*.wkb"))) == 1
