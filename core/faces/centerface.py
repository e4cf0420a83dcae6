"""The face model: CenterFace on ONNX Runtime, and the decoding of what it outputs.

CenterFace (`resources/faces/centerface.onnx`, MIT, licence beside it) is a fully convolutional network
that finds small faces well: for every 4x4 block of its input it gives a heat-map value (how likely a
face centre lies there), a box size (log scale) and a sub-block offset of the centre. A face is a local
maximum of the heat map above a threshold; boxes of one face seen twice are merged by non-maximum
suppression. The vendored file's input is already dynamic (`scripts/vendor_centerface.py` did it once,
with the `onnx` package), so any aligned size runs without touching the graph at run time.

ONNX Runtime runs it on one intra-op thread per call: a batch spreads photos over the caller's pool
instead of oversubscribing both cores with one photo. Its own telemetry is switched off before it is
first imported: the app is offline, and ORT would otherwise keep a device id and an event store in the
user's home folder.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from core.base.resources import resource

MODEL_FILE = "centerface.onnx"
INPUT = "input.1"
HEATMAP, SCALE, OFFSET = "537", "538", "539"  # the landmark output (540) is not needed
STRIDE = 4  # input pixels per output cell
ALIGN = 32  # input sides are multiples of this (five stride-2 stages)

Boxes = np.ndarray  # N x 5 float64: x, y, w, h, score

# Read once, when onnxruntime is first imported: set here, so whoever imports the runtime after this module
# (the detector, the self-test) gets it with telemetry off.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"


class ModelMissing(RuntimeError):
    """The face model or its runtime is not installed: a packaging bug, never the user's photo."""


def model_path() -> Path:
    return resource("faces", MODEL_FILE)


class CenterFace:
    """One loaded model. `find` may be called from several threads at once (ORT sessions are thread-safe
    for `run`, and with one intra-op thread each call computes on its caller's thread)."""

    def __init__(self, path: Path) -> None:
        try:
            import onnxruntime
        except ImportError as error:
            raise ModelMissing(f"onnxruntime is not installed: {error}") from error
        if not path.is_file():
            raise ModelMissing(f"face model {path} not found")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # errors only: its warnings are about the graph, not the photo
        self._session: Any = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def find(self, pixels: np.ndarray, edge: int, threshold: float) -> Boxes:
        """Faces in an RGB array resized so its long side is `edge`: boxes in the array's own pixels."""
        blob, scale = prepare(pixels, edge)
        heat, sizes, offsets = self._session.run([HEATMAP, SCALE, OFFSET], {INPUT: blob})
        boxes = decode_output(heat[0, 0], sizes[0], offsets[0], threshold)
        boxes[:, :4] /= scale
        height, width = pixels.shape[:2]
        return clip(boxes, width, height)


_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def _loaded() -> CenterFace:
    return CenterFace(model_path())


def model() -> CenterFace:
    """The model, loaded once (about 50 ms) and shared by every thread."""
    with _load_lock:  # one load even when several pool threads start together
        return _loaded()


def prepare(pixels: np.ndarray, edge: int) -> tuple[np.ndarray, float]:
    """The network input for an RGB uint8 array: resized (aspect kept) so the long side is `edge`,
    padded with black to multiples of 32 on the right and bottom, as 1 x 3 x H x W float32 in 0..255
    (the model was trained on unnormalised RGB). Returns it with the resize factor."""
    height, width = pixels.shape[:2]
    scale = edge / max(height, width)
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    image = np.ascontiguousarray(pixels)
    if (new_w, new_h) != (width, height):
        image = np.asarray(Image.fromarray(image).resize((new_w, new_h), Image.Resampling.BILINEAR))
    blob = np.zeros((1, 3, -(-new_h // ALIGN) * ALIGN, -(-new_w // ALIGN) * ALIGN), np.float32)
    blob[0, :, :new_h, :new_w] = image.transpose(2, 0, 1)
    return blob, scale


def peaks(heat: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of heat-map cells above `threshold` that are the maximum of their 3x3 neighbours:
    one cell per face centre, where a plain threshold would give a blob of neighbours per face."""
    rows, cols = np.nonzero(heat > threshold)
    if rows.size == 0:
        return rows, cols
    padded = np.pad(heat, 1, constant_values=-1.0)
    values = heat[rows, cols]
    keep = np.ones(rows.size, dtype=bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                keep &= values >= padded[rows + 1 + dy, cols + 1 + dx]
    return rows[keep], cols[keep]


def decode_output(heat: np.ndarray, sizes: np.ndarray, offsets: np.ndarray, threshold: float) -> Boxes:
    """Boxes (x, y, w, h, score) in input pixels from the heat map (H x W), sizes (2 x H x W: log of
    height and width / 4) and centre offsets (2 x H x W: dy, dx in cells)."""
    rows, cols = peaks(heat, threshold)
    box_h = np.exp(sizes[0, rows, cols]) * STRIDE
    box_w = np.exp(sizes[1, rows, cols]) * STRIDE
    centre_y = (rows + offsets[0, rows, cols] + 0.5) * STRIDE
    centre_x = (cols + offsets[1, rows, cols] + 0.5) * STRIDE
    return np.stack([centre_x - box_w / 2, centre_y - box_h / 2, box_w, box_h, heat[rows, cols]],
                    axis=1).astype(np.float64)


def clip(boxes: Boxes, width: int, height: int) -> Boxes:
    """Boxes cut to the picture; those left without area dropped."""
    left = np.clip(boxes[:, 0], 0, width)
    top = np.clip(boxes[:, 1], 0, height)
    right = np.clip(boxes[:, 0] + boxes[:, 2], 0, width)
    bottom = np.clip(boxes[:, 1] + boxes[:, 3], 0, height)
    clipped = np.stack([left, top, right - left, bottom - top, boxes[:, 4]], axis=1)
    return clipped[(clipped[:, 2] >= 1) & (clipped[:, 3] >= 1)]


def suppress(boxes: Boxes, iou: float, containment: float) -> Boxes:
    """Non-maximum suppression, strongest first: a box goes when it overlaps a kept one by more than
    `iou` (intersection over union), or lies inside it (or holds it) by more than `containment`
    (intersection over the smaller box): the same face seen at two scales."""
    if len(boxes) == 0:
        return boxes
    boxes = boxes[np.argsort(-boxes[:, 4], kind="stable")]
    left, top = boxes[:, 0], boxes[:, 1]
    right, bottom = left + boxes[:, 2], top + boxes[:, 3]
    area = boxes[:, 2] * boxes[:, 3]
    alive = np.ones(len(boxes), dtype=bool)
    kept: list[int] = []
    for index in range(len(boxes)):
        if not alive[index]:
            continue
        kept.append(index)
        inter = (np.clip(np.minimum(right[index], right) - np.maximum(left[index], left), 0, None)
                 * np.clip(np.minimum(bottom[index], bottom) - np.maximum(top[index], top), 0, None))
        union = area[index] + area - inter
        alive &= ~((inter > iou * union) | (inter > containment * np.minimum(area[index], area)))
    return boxes[kept]
