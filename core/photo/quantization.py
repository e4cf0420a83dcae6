"""Recognise the Independent JPEG Group's standard quantization tables, scaled to a quality.

libjpeg (and everything built on it: GIMP, ImageMagick, PHP, Pillow, many web services) writes
the example tables of the JPEG standard scaled by one quality number. Cameras mostly use their own
tables, so a file with IJG tables was often re-encoded by software. Not proof: some phones and
cameras use the IJG tables too, which is why this is only ever a weak signal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

# JPEG standard Annex K tables, in natural (row-major) order.
_LUMINANCE = (
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
)
_CHROMINANCE = (
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
) + (99,) * 32
# DQT segments store tables in zig-zag order: position k holds natural index _ZIGZAG[k].
_ZIGZAG = (
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,
    7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31,
    39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
)


def _scaled(base: Sequence[int], quality: int) -> tuple[int, ...]:
    """libjpeg's jpeg_quality_scaling + jpeg_add_quant_table (baseline: values capped at 255)."""
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    natural = [min(255, max(1, (value * scale + 50) // 100)) for value in base]
    return tuple(natural[index] for index in _ZIGZAG)


@lru_cache(maxsize=1)
def _tables() -> dict[tuple[int, ...], tuple[tuple[int, ...], int]]:
    """Luminance table in file order -> (chrominance table, quality), for qualities 1..100."""
    return {_scaled(_LUMINANCE, q): (_scaled(_CHROMINANCE, q), q) for q in range(1, 101)}


def ijg_quality(tables: Mapping[int, Sequence[int]]) -> int | None:
    """The IJG quality (1-100) whose standard tables these are, or None when they are not.

    Table 0 must be the scaled luminance table and every other table the scaled chrominance
    table of the same quality (a third table, for a second chroma channel, repeats it).
    """
    luminance = tables.get(0)
    if luminance is None or len(luminance) != 64:
        return None  # a greyscale JPEG has the luminance table alone
    standard = _tables().get(tuple(luminance))
    if standard is None:
        return None
    chrominance, quality = standard
    if all(tuple(values) == chrominance for table_id, values in tables.items() if table_id != 0):
        return quality
    return None
