"""PNG files of RGB pixels, written with zlib directly (the PNG specification, W3C 2003).

Figures are large flat areas of few colours: their rows compressed unfiltered at zlib's fastest
level make a smaller file than an encoder that tries a filter per row, in a third of the time
(a 2,400 x 2,925 px figure: 1.47 MB in 0.15 s against 1.79 MB in 0.45 s). Text is written as
``tEXt`` (Latin-1) or, for other text, uncompressed ``iTXt`` (UTF-8); the resolution as ``pHYs``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["png_bytes"]

_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_RGB_8_BIT: Final = struct.pack(">BBBBB", 8, 2, 0, 0, 0)  # depth, colour type, zlib, filters, -
_METRES_PER_INCH: Final = 0.0254


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind))
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _text(key: str, value: str) -> bytes:
    try:
        return _chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:  # uncompressed international text, no language tag
        return _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode())


def png_bytes(pixels: NDArray[np.uint8], *, dpi: float, text: Mapping[str, str]) -> bytes:
    """A PNG of ``pixels`` (height x width x RGB, 8 bits each, or RGBA with its alpha
    dropped) at ``dpi``, with ``text`` (keywords of 1 to 79 Latin-1 characters)."""
    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter 0, then RGB
    rows[:, 1:] = pixels[..., :3].reshape(height, 3 * width)
    per_metre = int(dpi / _METRES_PER_INCH + 0.5)
    return b"".join(
        [
            _SIGNATURE,
            _chunk(b"IHDR", struct.pack(">II", width, height) + _RGB_8_BIT),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            *(_text(key, value) for key, value in text.items()),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            _chunk(b"IEND", b""),
        ]
    )
