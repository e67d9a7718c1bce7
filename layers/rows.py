"""A layer's rows as maps draw them, without pandas: columns as numpy, geometries decoded.

Drawing a map reads a few columns of a few hundred rows; a GeoDataFrame would load pandas
(about a third of a second) for that alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from umbrella.layers.arrow import mask, numbers, values
from umbrella.layers.bbox import BBox
from umbrella.layers.catalogue import DEFAULT_WORLDVIEW
from umbrella.layers.loading import geometries, layer_rows

__all__ = ["LayerRows", "load_rows"]


@dataclass(frozen=True)
class LayerRows:
    """Layer rows: ``table`` as read (geometry as WKB, last) and ``geometry`` decoded."""

    table: pa.Table
    geometry: NDArray[np.object_]

    @classmethod
    def of(cls, table: pa.Table) -> LayerRows:
        """The rows of a table of layer rows (``layer_rows``), their geometries decoded."""
        return cls(table, geometries(table))

    def __len__(self) -> int:
        return self.table.num_rows

    def __getitem__(self, column: str) -> np.ndarray:
        """A column's values (``umbrella.layers.arrow.values``: text as str, NaN for a
        missing number)."""
        return values(self.table[column])

    def where(self, keep: NDArray[np.bool_]) -> LayerRows:
        """The rows where ``keep`` is true, in their order."""
        return LayerRows(self.table.filter(mask(keep)), self.geometry[keep])

    def sorted_by(self, column: str, *, descending: bool = False) -> LayerRows:
        """The rows in the order of a numeric column; equal values keep their order and
        missing values come last."""
        key = self[column].astype(np.float64)
        present = np.flatnonzero(~np.isnan(key))
        order = present[np.argsort(-key[present] if descending else key[present], kind="stable")]
        order = np.concatenate([order, np.flatnonzero(np.isnan(key))])
        return LayerRows(self.table.take(numbers(order)), self.geometry[order])


def load_rows(
    name: str,
    *,
    region: str | None = None,
    bbox: BBox | None = None,
    worldview: str = DEFAULT_WORLDVIEW,
) -> LayerRows:
    """A bundled layer's rows in EPSG:4326, filtered as ``layer_rows`` filters them."""
    return LayerRows.of(layer_rows(name, region=region, bbox=bbox, worldview=worldview))
