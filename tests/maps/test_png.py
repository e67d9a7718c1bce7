"""PNG files written with zlib read back, by Pillow's decoder, as the pixels, resolution and
text they were given."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from umbrella.maps.png import png_bytes


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (9, 1), (37, 53), (300, 401)])
def test_pixels_read_back_exactly(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(shape[0] * 1000 + shape[1])
    pixels = rng.integers(0, 256, size=(*shape, 3), dtype=np.uint8)
    pixels[: shape[0] // 2] = [255, 255, 255]  # flat areas, as figures have
    image = Image.open(io.BytesIO(png_bytes(pixels, dpi=200, text={})))
    image.load()  # decodes every row and checks every chunk's CRC
    assert image.mode == "RGB" and image.size == (shape[1], shape[0])
    assert np.array_equal(np.asarray(image), pixels)


def test_an_alpha_channel_is_left_out() -> None:
    rgba = np.random.default_rng(4).integers(0, 256, size=(20, 30, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(png_bytes(rgba, dpi=72, text={})))
    assert image.mode == "RGB"
    assert np.array_equal(np.asarray(image), rgba[..., :3])


@pytest.mark.parametrize("dpi", [72, 100, 200, 300, 600])
def test_the_resolution_reads_back_in_dots_per_inch(dpi: int) -> None:
    image = Image.open(io.BytesIO(png_bytes(np.zeros((2, 2, 3), np.uint8), dpi=dpi, text={})))
    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.02)


def test_text_in_any_script_reads_back() -> None:
    text = {
        "Title": "Notional layered air defence, day 0",
        "Description": "NOTIONAL: Київ, Łódź, Chișinău; no real unit is described.",
        "Author": "",
    }
    image = Image.open(io.BytesIO(png_bytes(np.zeros((3, 4, 3), np.uint8), dpi=100, text=text)))
    image.load()
    assert image.text == text
