"""Arrow arrays from Python and numpy values, and back, without loading pandas.

pyarrow converts every Python or numpy value (``pa.array``, ``pa.scalar``, a literal given to
a compute function) and every array it gives to numpy (``to_numpy``) through a check that
imports pandas, about a quarter of a second of a short command's start. These build the same
arrays from their buffers, and read them back from their buffers, instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import ArrayLike

__all__ = ["binaries", "mask", "numbers", "string", "strings", "values"]

_TYPES: dict[np.dtype[Any], pa.DataType] = {
    np.dtype(np.int32): pa.int32(),
    np.dtype(np.int64): pa.int64(),
    np.dtype(np.float64): pa.float64(),
}
_DTYPES: dict[pa.DataType, np.dtype[Any]] = {arrow: numpy for numpy, arrow in _TYPES.items()}


def numbers(values: ArrayLike, dtype: type[np.generic] = np.int64) -> pa.Array:
    """A numeric Arrow array (int32, int64 or float64) of the values, without nulls."""
    data = np.ascontiguousarray(values, dtype=dtype).ravel()
    return pa.Array.from_buffers(_TYPES[data.dtype], len(data), [None, pa.py_buffer(data)])


def mask(values: ArrayLike) -> pa.Array:
    """A boolean Arrow array of the values, without nulls."""
    flags = np.ascontiguousarray(values, dtype=bool).ravel()
    bits = np.packbits(flags, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(flags), [None, pa.py_buffer(bits)])


def strings(values: Sequence[str]) -> pa.Array:
    """A UTF-8 string Arrow array of the values, without nulls."""
    return _from_bytes(pa.string(), [value.encode() for value in values])


def binaries(values: Sequence[bytes]) -> pa.Array:
    """A binary Arrow array of the values (WKB, say), without nulls."""
    return _from_bytes(pa.binary(), values)


def _from_bytes(kind: pa.DataType, items: Sequence[bytes]) -> pa.Array:
    offsets = np.zeros(len(items) + 1, dtype=np.int32)
    np.cumsum([len(item) for item in items], out=offsets[1:])
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(items))]
    return pa.Array.from_buffers(kind, len(items), buffers)


def string(value: str, kind: pa.DataType | None = None) -> pa.Scalar:
    """A UTF-8 string Arrow scalar (of type ``kind``: string by default, or large_string)."""
    text = strings([value])
    return (text if kind is None else text.cast(kind))[0]


def values(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The values of an Arrow array as numpy: numbers and booleans read from their buffers
    (numbers with nulls as floats, NaN for the nulls), text and bytes as Python objects; other
    types (and nulls in booleans) as ``to_numpy`` gives.
    """
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    if not chunks:
        return column.to_numpy(zero_copy_only=False)
    return np.concatenate([_chunk_values(chunk) for chunk in chunks])


def _chunk_values(chunk: pa.Array) -> np.ndarray:
    kind, start, end = chunk.type, chunk.offset, chunk.offset + len(chunk)
    if kind in _DTYPES:
        numbers = np.frombuffer(chunk.buffers()[1], dtype=_DTYPES[kind])[start:end]
        if chunk.null_count == 0:
            return numbers
        bits = np.frombuffer(chunk.buffers()[0], dtype=np.uint8)
        valid = np.unpackbits(bits, count=end, bitorder="little")[start:].astype(bool)
        return np.where(valid, numbers, np.nan)  # as to_numpy gives them: float, NaN for nulls
    if kind == pa.bool_() and chunk.null_count == 0:
        bits = np.frombuffer(chunk.buffers()[1], dtype=np.uint8)
        return np.unpackbits(bits, count=end, bitorder="little")[start:].astype(bool)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind):
        objects = np.empty(len(chunk), dtype=object)
        objects[:] = chunk.to_pylist()
        return objects
    return chunk.to_numpy(zero_copy_only=False)
