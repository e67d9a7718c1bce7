"""A figure file's size as written, read from its bytes with the standard library only (never
with matplotlib or the code under test): a PNG's IHDR and pHYs chunks, an SVG's width,
height and viewBox, a PDF's MediaBox.

The expected sizes in the tests come from arithmetic written there: 25.4 mm and 72 pt to
the inch, 96 CSS pixels to the inch for a screen figure's SVG and PDF.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass

__all__ = ["Png", "pdf_media_box", "png_of", "svg_size"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
INCH_M = 0.0254


@dataclass(frozen=True)
class Png:
    """A PNG's width and height in pixels and its resolution in dots per inch (None without a
    pHYs chunk in metres)."""

    width: int
    height: int
    dpi: float | None


def png_of(data: bytes) -> Png:
    """The IHDR width and height and the pHYs resolution of a PNG, every chunk's CRC checked."""
    assert data[:8] == PNG_SIGNATURE, data[:8]
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.setdefault(kind, body)
        at += 12 + length
        if kind == b"IEND":
            break
    assert at == len(data), "bytes after IEND"
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    dpi = None
    if b"pHYs" in chunks:
        per_x, per_y, unit = struct.unpack(">IIB", chunks[b"pHYs"])
        assert per_x == per_y
        dpi = per_x * INCH_M if unit == 1 else None
    return Png(width, height, dpi)


def svg_size(data: bytes | str) -> tuple[float, float, tuple[float, ...]]:
    """An SVG's width and height in points (its attributes must say ``pt``) and its viewBox."""
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    width, height = root.get("width", ""), root.get("height", "")
    assert width.endswith("pt") and height.endswith("pt"), (width, height)
    view_box = tuple(float(v) for v in root.get("viewBox", "").split())
    return float(width[:-2]), float(height[:-2]), view_box


def pdf_media_box(data: bytes) -> tuple[float, float]:
    """The width and height in points of a one-page PDF's MediaBox (its origin at 0 0)."""
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    number = rb"(-?[0-9.]+)"
    boxes = re.findall(rb"/MediaBox\s*\[\s*" + rb"\s+".join([number] * 4) + rb"\s*\]", data)
    assert len(boxes) == 1, boxes
    x0, y0, x1, y1 = (float(v) for v in boxes[0])
    assert (x0, y0) == (0.0, 0.0)
    return x1, y1
