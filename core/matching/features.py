"""Local features for matching: ORB keypoints spread over the picture, and hash words for the shortlist.

ORB (binary, 32 bytes) rather than SIFT: on this machine SIFT took ~270 ms per 640-px picture against
~25 ms for ORB, and indexing must reach 20 photos/s on 2 cores. The shortlist hashes each descriptor
into a few 16-bit words made of fixed bit positions (bit-sampling LSH on Hamming space), so a query
votes for library photos through an in-memory array scan, no vocabulary to train or ship.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

TABLES = 4
WORD_BITS = 20
_BITS = np.random.default_rng(20261201).permutation(256)[: TABLES * WORD_BITS].reshape(TABLES, WORD_BITS)
_WEIGHTS = (1 << np.arange(WORD_BITS - 1, -1, -1)).astype(np.uint32)
_OFFSETS = (np.arange(TABLES, dtype=np.uint32) << WORD_BITS)[None, :]
VOCABULARY = TABLES << WORD_BITS


@dataclass
class Features:
    xy: NDArray[np.float32]  # (n, 2) keypoint positions in the working picture
    desc: NDArray[np.uint8]  # (n, 32) ORB descriptors
    size: tuple[int, int]  # working picture (width, height)

    def __len__(self) -> int:
        return int(self.xy.shape[0])


def _spread(keypoints: list[cv2.KeyPoint], size: tuple[int, int], cap: int, grid: int) -> list[int]:
    """Indices of at most `cap` keypoints, the strongest per cell first so a crop keeps its share."""
    if len(keypoints) <= cap:
        return list(range(len(keypoints)))
    width, height = size
    response = np.array([k.response for k in keypoints])
    cells = np.array([min(grid - 1, int(k.pt[0] * grid / width)) * grid + min(grid - 1, int(k.pt[1] * grid / height))
                      for k in keypoints])
    order = np.argsort(-response, kind="stable")
    per_cell = cap // (grid * grid)
    taken: list[int] = []
    counts = np.zeros(grid * grid, dtype=int)
    rest: list[int] = []
    for index in order:
        cell = cells[index]
        if counts[cell] < per_cell:
            counts[cell] += 1
            taken.append(int(index))
        else:
            rest.append(int(index))
    taken.extend(rest[: cap - len(taken)])
    return taken


def extract(grey: NDArray[np.uint8], cap: int, grid: int = 4) -> Features:
    """ORB features of a grey picture, at most `cap`, spread over a grid."""
    create: Any = cv2.ORB_create  # type: ignore[attr-defined]  # (the stubs lack it)
    orb = create(nfeatures=cap * 3, scaleFactor=1.2, nlevels=8, edgeThreshold=19, patchSize=31,
                         fastThreshold=12)
    keypoints, desc = orb.detectAndCompute(grey, None)
    size = (int(grey.shape[1]), int(grey.shape[0]))
    if desc is None or not keypoints:
        return Features(np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8), size)
    keep = _spread(list(keypoints), size, cap, grid)
    xy = np.array([keypoints[i].pt for i in keep], dtype=np.float32).reshape(-1, 2)
    return Features(xy, np.ascontiguousarray(desc[keep]), size)


def words(desc: NDArray[np.uint8]) -> NDArray[np.uint32]:
    """(n, TABLES) words: table t samples the same fixed 20 bit positions of every descriptor, plus t << 20."""
    if desc.shape[0] == 0:
        return np.zeros((0, TABLES), np.uint32)
    bits = np.unpackbits(desc, axis=1)  # (n, 256)
    sampled = bits[:, _BITS]  # (n, TABLES, WORD_BITS)
    keys = (sampled.astype(np.uint32) @ _WEIGHTS).astype(np.uint32)
    return keys + _OFFSETS  # each table in its own range, so all words share one vote array
