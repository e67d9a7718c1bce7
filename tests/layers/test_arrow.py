"""Arrow arrays built and read from their buffers agree with pyarrow's own conversions."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from umbrella.layers.arrow import binaries, mask, numbers, string, strings, values

TEXT = ["", "Kyiv", "Київ", "Łódź", "a" * 300]


def test_built_arrays_equal_pyarrows() -> None:
    assert strings(TEXT).equals(pa.array(TEXT, pa.string()))
    assert strings([]).equals(pa.array([], pa.string()))
    wkb = [b"\x01\x01\x00\x00\x00", b"", b"\x00" * 300]
    assert binaries(wkb).equals(pa.array(wkb, pa.binary()))
    assert binaries([]).equals(pa.array([], pa.binary()))
    flags = np.array([True, False, True] * 7 + [False])  # more than a byte of bits
    assert mask(flags).equals(pa.array(flags))
    for dtype in (np.int32, np.int64, np.float64):
        assert numbers([3, -1, 7], dtype).equals(pa.array(np.array([3, -1, 7], dtype=dtype)))
    assert string("Київ", pa.large_string()).equals(pa.scalar("Київ", pa.large_string()))


@pytest.mark.parametrize(
    "column",
    [
        pa.chunked_array([pa.array([1, 2, 3]), pa.array([4, 5])]),
        pa.chunked_array([pa.array([1.5, -2.0])]),
        pa.chunked_array([pa.array([True, False] * 9), pa.array([False, True, True])]),
        pa.chunked_array([pa.array(TEXT)]),
        pa.chunked_array([pa.array(["x", None, "z"], pa.large_string())]),
        pa.chunked_array([pa.array([b"\x01\x02", b""])]),
        pa.chunked_array([pa.array([1, None, 3])]),  # nulls: as to_numpy gives them
        pa.chunked_array([pa.array([None, 2.5] * 5), pa.array([None], pa.float64())]),
        pa.chunked_array([pa.array([7, None] * 6, pa.int32())]),
        pa.chunked_array([], pa.string()),  # no chunks: a layer's column with no rows
        pa.chunked_array([], pa.float64()),
    ],
)
def test_values_equal_to_numpy(column: pa.ChunkedArray) -> None:
    expected = column.to_numpy(zero_copy_only=False)
    np.testing.assert_array_equal(values(column), expected)
    assert values(column).shape == expected.shape
    assert values(column).dtype == expected.dtype


def test_values_of_slices_start_at_their_offset() -> None:
    flags = pa.array([True, False, False, True, True, False, True, False, True, True])
    ints = pa.array(np.arange(10))
    gappy = pa.array([1.0, None, 3.0, 4.0, None, None, 7.0, 8.0, None, 10.0])
    for array in (flags, ints, gappy):
        part = array.slice(3, 5)
        np.testing.assert_array_equal(values(part), part.to_numpy(zero_copy_only=False))
