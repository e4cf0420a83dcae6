"""Perceptual hashes: a 64-bit pHash (DCT of a 32x32 grey image) and the Hamming distance between two.

Two frames of the same scene from the same spot differ by a few bits; another angle of the set by many
more. The near-duplicate threshold lives in `resources/rules/checks/library.toml`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from PIL import Image

HASH_BITS = 64
_SIDE = 32
_LOW = 8


@lru_cache(maxsize=1)
def _dct_matrix() -> NDArray[np.float64]:
    n = np.arange(_SIDE)
    matrix = np.cos(np.pi * (2 * n[None, :] + 1) * n[:, None] / (2 * _SIDE)) * np.sqrt(2 / _SIDE)
    matrix[0, :] = np.sqrt(1 / _SIDE)
    result: NDArray[np.float64] = matrix
    return result


def phash(image: Image.Image) -> int:
    """64-bit perceptual hash of an image (any mode, any size), as an unsigned int."""
    grey = image.convert("L").resize((_SIDE, _SIDE), Image.Resampling.BOX)
    pixels = np.asarray(grey, dtype=np.float64)
    dct = _dct_matrix()
    low = (dct @ pixels @ dct.T)[:_LOW, :_LOW].flatten()
    median = np.median(low[1:])  # the DC term says only how bright the image is
    bits = low > median
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return value


def distance(a: int, b: int) -> int:
    """Hamming distance: how many of the 64 bits differ."""
    return ((a ^ b) & ((1 << HASH_BITS) - 1)).bit_count()


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit: store the hash's bits as one."""
    return value - (1 << HASH_BITS) if value >= 1 << (HASH_BITS - 1) else value


def from_signed(value: int) -> int:
    return value + (1 << HASH_BITS) if value < 0 else value
