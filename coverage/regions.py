"""The admin-1 regions of a scenario's area: codes, names and polygons, as plain arrays.

Targets take the region that holds them, summaries count per region; neither needs a data
frame, so the analysis reads the regions layer as Arrow rows (``umbrella.layers.layer_rows``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import shapely
from numpy.typing import NDArray

from umbrella.coverage.scenario import Scenario
from umbrella.layers.loading import distinct_rows, geometries, layer_rows

__all__ = ["AdminRegions"]


@dataclass(frozen=True, eq=False)
class AdminRegions:
    """Admin-1 regions: ISO 3166-2 code ("" where it has none), name and polygon of each."""

    codes: tuple[str, ...]
    names: tuple[str | None, ...]
    polygons: NDArray[np.object_]

    @classmethod
    def of(cls, scenario: Scenario) -> AdminRegions:
        """The admin-1 regions of the scenario's regions (countries or regions), each once."""
        tables = [
            layer_rows("regions", region=code, worldview=scenario.worldview)
            for code in scenario.regions
        ]
        # one ISO 3166-2 code may have several polygons: each admin-1 feature once
        rows = distinct_rows(pa.concat_tables(tables), "adm1_code")
        return cls(
            codes=tuple(code or "" for code in rows["iso_3166_2"].to_pylist()),
            names=tuple(rows["name"].to_pylist()),
            polygons=geometries(rows),
        )

    def names_by_code(self) -> dict[str, str | None]:
        """Each ISO 3166-2 code (sorted) with the first name its regions give (None if none)."""
        named: dict[str, str | None] = {}
        for code, name in zip(self.codes, self.names, strict=True):
            if code and named.get(code) is None:  # the first name given
                named[code] = name
        return dict(sorted(named.items()))

    def code_at(self, points: NDArray[np.object_]) -> list[str]:
        """The code of the first region holding each point ("" where none does).

        A region holds the points in its interior: a point on its boundary is not held.
        """
        # the first (lowest) index of a region holding each point; len(polygons): none does
        first = np.full(len(points), len(self.polygons), dtype=np.int64)
        if len(points) and len(self.polygons):
            # the points' tree queried with the polygons: the pairs of a "within" query of
            # the points in the polygons' tree, for less work (few polygons, many points)
            region_index, point_index = shapely.STRtree(points).query(
                self.polygons, predicate="contains"
            )
            np.minimum.at(first, point_index, region_index)
        codes = (*self.codes, "")
        return [codes[r] for r in first.tolist()]
