"""The res10 SSD face network run with numpy alone (no OpenCV), and its input preparation.

`FaceNet.load(prototxt, caffemodel)` reads the Caffe model (`core.faces.caffe_model`) and turns its layer
list into a short program of numpy steps (`core.faces.net_layers`); BatchNorm and Scale layers that
follow a convolution are folded into its weights and ReLUs into the step before, at load time.
`forward(blob)` takes a (1, 3, H, W) float32 blob and returns detections shaped (1, 1, N, 7) like
`cv2.dnn.Net.forward()`: [image, label, score, xmin, ymin, xmax, ymax], box corners relative to the
input. `blob_from_image` does what `cv2.dnn.blobFromImage(rgb, 1, (side, side), mean, swapRB=True)`
did: bilinear resize (pixel centres aligned, no antialiasing, as cv2.INTER_LINEAR), BGR order, mean
subtracted. A FaceNet holds no per-call state besides caches of prior boxes, so threads may share one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from core.faces import net_layers as layers
from core.faces.caffe_model import Message, ModelFormatError, load
from core.faces.net_layers import Affine, Conv, DetectionOutput, PriorBox, Tensor

__all__ = ["FaceNet", "ModelFormatError", "blob_from_image", "resize_linear"]


def _pair(param: Message, name: str, default: int) -> tuple[int, int]:
    """Caffe's kernel/stride/pad: `name: v` (repeated per axis or once), or `name_h`/`name_w`."""
    if param.has(name + "_h") or param.has(name + "_w"):
        return int(param.number(name + "_h", default)), int(param.number(name + "_w", default))
    values = [int(v) for v in param.numbers(name if name != "kernel" else "kernel_size")]
    if not values:
        return default, default
    return (values[0], values[-1])


@dataclass
class _Step:
    """One operation of the compiled network: reads blobs by name, writes one."""

    kind: str
    name: str
    bottoms: list[str]
    top: str
    op: object  # a layer object, or the parameters of a stateless layer
    residual: str | None = None  # Conv only: an Eltwise SUM folded in


def _reads_later(steps: list[Message], index: int, blob: str) -> bool:
    """Whether any layer after `index` reads `blob` (then its value before an in-place op is needed)."""
    return any(blob in layer.texts("bottom") for layer in steps[index + 1:])


class FaceNet:
    """A Caffe SSD detection network in numpy; `forward(blob)` like cv2.dnn."""

    def __init__(self, steps: list[_Step], inputs: list[str], output: str) -> None:
        self._steps, self._inputs, self._output = steps, inputs, output

    @classmethod
    def load(cls, prototxt: Path, caffemodel: Path) -> FaceNet:
        net, weights = load(prototxt, caffemodel)
        layer_list = [layer for layer in net.all("layer") if isinstance(layer, Message)]
        layer_list = [layer for layer in layer_list if _in_test_phase(layer)]
        inputs = net.texts("input")
        steps: list[_Step] = []
        for index, layer in enumerate(layer_list):
            kind, name = layer.text("type"), layer.text("name")
            bottoms, tops = layer.texts("bottom"), layer.texts("top")
            if kind == "Input":
                inputs.extend(tops)
                continue
            if len(tops) != 1:
                raise ModelFormatError(f"layer {name}: {len(tops)} outputs are not supported")
            top, blobs = tops[0], weights.get(name, [])
            previous = steps[-1] if steps else None
            # The previous step writes our only input, and nothing later reads its value before us:
            # this layer can become part of that step.
            fusable = (previous is not None and bottoms == [previous.top]
                       and (top == bottoms[0] or not _reads_later(layer_list, index, bottoms[0])))
            if kind in ("BatchNorm", "Scale"):
                scale, shift = _affine(layer, blobs)
                if fusable and previous is not None and isinstance(previous.op, Conv | Affine) \
                        and not previous.op.relu and previous.residual is None:
                    if isinstance(previous.op, Conv):
                        previous.op.scale_outputs(scale, shift)
                    else:
                        previous.op.then(scale, shift)
                    previous.top = top
                else:
                    steps.append(_Step("Affine", name, bottoms, top, Affine(scale, shift)))
            elif kind == "ReLU" and layer.child("relu_param").number("negative_slope", 0.0) == 0 and fusable \
                    and previous is not None and isinstance(previous.op, Conv | Affine) and not previous.op.relu:
                previous.op.relu = True
                previous.top = top
            elif kind == "Eltwise" and _is_plain_sum(layer) and previous is not None \
                    and isinstance(previous.op, Conv) and not previous.op.relu and previous.residual is None \
                    and len(bottoms) == 2 and bottoms.count(previous.top) == 1 \
                    and not _reads_later(layer_list, index, previous.top):
                other = bottoms[1] if bottoms[0] == previous.top else bottoms[0]
                previous.residual = other
                previous.bottoms = previous.bottoms + [other]
                previous.top = top
            else:
                steps.append(_Step(kind, name, bottoms, top, _layer(kind, layer, blobs)))
        if not inputs or not steps:
            raise ModelFormatError("the prototxt has no input or no layers")
        return cls(steps, inputs, steps[-1].top)

    def forward(self, blob: Tensor, min_score: float = 0.0) -> Tensor:
        """Detections (1, 1, N, 7) for a (1, 3, H, W) blob. `min_score` raises the network's own
        confidence threshold: the rows at or above it are exactly those of the full output."""
        if blob.ndim != 4 or blob.shape[0] != 1:
            raise ValueError(f"expected a (1, C, H, W) blob, got {blob.shape}")
        values: dict[str, Tensor] = {self._inputs[0]: np.asarray(blob, dtype=np.float32)}
        for step in self._steps:
            values[step.top] = _run(step, [values[name] for name in step.bottoms], min_score)
        return values[self._output]


def _in_test_phase(layer: Message) -> bool:
    phases = [rule.text("phase") for rule in layer.all("include") if isinstance(rule, Message)]
    return not phases or "TEST" in phases


def _is_plain_sum(layer: Message) -> bool:
    param = layer.child("eltwise_param")
    return param.text("operation", "SUM") == "SUM" and all(c == 1.0 for c in param.numbers("coeff"))


def _affine(layer: Message, blobs: list[Tensor]) -> tuple[Tensor, Tensor]:
    name = layer.text("name")
    if layer.text("type") == "BatchNorm":
        if len(blobs) < 2:
            raise ModelFormatError(f"BatchNorm {name} has no statistics in the caffemodel")
        return layers.batch_norm(blobs, layer.child("batch_norm_param").number("eps", 1e-5))
    if len(layer.texts("bottom")) != 1 or not blobs:
        raise ModelFormatError(f"Scale {name}: only a learnt per-channel scale is supported")
    scale = blobs[0].reshape(-1).astype(np.float32)
    has_bias = layer.child("scale_param").flag("bias_term", False)
    shift = blobs[1].reshape(-1).astype(np.float32) if has_bias and len(blobs) > 1 else np.zeros_like(scale)
    return scale, shift


def _layer(kind: str, layer: Message, blobs: list[Tensor]) -> object:
    """The object (or parameters) that runs one layer of a supported type."""
    name = layer.text("name")
    if kind == "Convolution":
        param = layer.child("convolution_param")
        if not blobs:
            raise ModelFormatError(f"Convolution {name} has no weights in the caffemodel")
        weight = blobs[0].astype(np.float32)
        bias = blobs[1].reshape(-1) if param.flag("bias_term", True) and len(blobs) > 1 \
            else np.zeros(weight.shape[0], np.float32)
        return Conv(weight, bias.astype(np.float32), stride=_pair(param, "stride", 1), pad=_pair(param, "pad", 0),
                    dilation=_pair(param, "dilation", 1), group=int(param.number("group", 1)))
    if kind == "Pooling":
        param = layer.child("pooling_param")
        if param.flag("global_pooling", False):
            raise ModelFormatError(f"Pooling {name}: global pooling is not supported")
        method = param.text("pool", "MAX")
        if method not in ("MAX", "AVE"):
            raise ModelFormatError(f"Pooling {name}: {method} is not supported")
        return (_pair(param, "kernel", 1), _pair(param, "stride", 1), _pair(param, "pad", 0), method)
    if kind == "ReLU":
        return layer.child("relu_param").number("negative_slope", 0.0)
    if kind == "Eltwise":
        param = layer.child("eltwise_param")
        return (param.text("operation", "SUM"), param.numbers("coeff"))
    if kind == "Normalize":
        param = layer.child("norm_param")
        if not blobs:
            raise ModelFormatError(f"Normalize {name} has no scale in the caffemodel")
        return (blobs[0].reshape(-1), param.flag("across_spatial", True), param.number("eps", 1e-10))
    if kind == "Permute":
        return [int(v) for v in layer.child("permute_param").numbers("order")]
    if kind == "Flatten":
        param = layer.child("flatten_param")
        return (int(param.number("axis", 1)), int(param.number("end_axis", -1)))
    if kind == "Concat":
        param = layer.child("concat_param")
        return int(param.number("axis", param.number("concat_dim", 1)))
    if kind == "Reshape":
        param = layer.child("reshape_param")
        if param.has("axis") or param.has("num_axes"):
            raise ModelFormatError(f"Reshape {name}: axis/num_axes are not supported")
        return [int(v) for v in param.child("shape").numbers("dim")]
    if kind == "Softmax":
        return int(layer.child("softmax_param").number("axis", 1))
    if kind == "PriorBox":
        param = layer.child("prior_box_param")
        step = param.number("step", 0.0)
        return PriorBox(param.numbers("min_size"), param.numbers("max_size"), param.numbers("aspect_ratio"),
                        param.flag("flip", True), param.flag("clip", False), param.numbers("variance") or [0.1],
                        (param.number("step_h", step), param.number("step_w", step)), param.number("offset", 0.5))
    if kind == "DetectionOutput":
        param = layer.child("detection_output_param")
        nms = param.child("nms_param")
        if param.text("code_type", "CORNER") != "CENTER_SIZE" or not param.flag("share_location", True) \
                or param.flag("variance_encoded_in_target", False) or not param.flag("normalized_bbox", True):
            raise ModelFormatError(f"DetectionOutput {name}: only shared CENTER_SIZE boxes are supported")
        return DetectionOutput(int(param.number("num_classes", 2)), int(param.number("background_label_id", 0)),
                               param.number("confidence_threshold", 0.0), nms.number("nms_threshold", 0.3),
                               int(nms.number("top_k", -1)), int(param.number("keep_top_k", -1)),
                               param.flag("clip", False))
    raise ModelFormatError(f"layer {name}: type {kind} is not supported")


def _eltwise(inputs: list[Tensor], operation: str, coeffs: list[float]) -> Tensor:
    if operation in ("MAX", "PROD"):
        combined: Tensor = (np.maximum if operation == "MAX" else np.multiply).reduce(inputs)
        return combined
    weights = coeffs or [1.0] * len(inputs)
    out = inputs[0] * np.float32(weights[0])
    for x, weight in zip(inputs[1:], weights[1:], strict=True):
        out += x * np.float32(weight)
    return out


_SIMPLE: dict[str, Callable[[list[Tensor], object], Tensor]] = {
    "ReLU": lambda xs, slope: layers.relu(xs[0], float(slope)),  # type: ignore[arg-type]
    "Pooling": lambda xs, p: layers.pool(xs[0], *p),  # type: ignore[misc]
    "Eltwise": lambda xs, p: _eltwise(xs, *p),  # type: ignore[misc]
    "Normalize": lambda xs, p: layers.normalize(xs[0], *p),  # type: ignore[misc]
    "Permute": lambda xs, order: np.transpose(xs[0], order),  # type: ignore[call-overload]
    "Flatten": lambda xs, p: layers.flatten(xs[0], *p),  # type: ignore[misc]
    "Concat": lambda xs, axis: np.concatenate(xs, axis=axis),  # type: ignore[call-overload]
    "Reshape": lambda xs, dims: layers.reshape(xs[0], dims),  # type: ignore[arg-type]
    "Softmax": lambda xs, axis: layers.softmax(xs[0], axis),  # type: ignore[arg-type]
}


def _run(step: _Step, inputs: list[Tensor], min_score: float) -> Tensor:
    op = step.op
    if isinstance(op, Conv):
        return op.run(inputs[0], inputs[1] if step.residual is not None else None)
    if isinstance(op, Affine):
        return op.run(inputs[0])
    if isinstance(op, PriorBox):
        return op.run(inputs[0], inputs[1])
    if isinstance(op, DetectionOutput):
        return op.run(inputs[0], inputs[1], inputs[2], min_score)
    return _SIMPLE[step.kind](inputs, op)


# --- input preparation ----------------------------------------------------------------------------------

def _linear_taps(source: int, target: int) -> tuple[NDArray[np.intp], NDArray[np.intp], Tensor]:
    """Sample positions of a bilinear resize with pixel centres aligned (as cv2.INTER_LINEAR)."""
    position = (np.arange(target, dtype=np.float64) + 0.5) * (source / target) - 0.5
    position = np.clip(position, 0.0, source - 1)
    low = np.floor(position).astype(np.intp)
    high = np.minimum(low + 1, source - 1)
    return low, high, (position - low).astype(np.float32)


def resize_linear(pixels: NDArray[np.uint8] | Tensor, width: int, height: int) -> Tensor:
    """(h, w, c) image resized to (height, width, c) float32 by bilinear interpolation."""
    rows_low, rows_high, row_frac = _linear_taps(pixels.shape[0], height)
    cols_low, cols_high, col_frac = _linear_taps(pixels.shape[1], width)
    top = pixels[rows_low].astype(np.float32)
    top += (pixels[rows_high].astype(np.float32) - top) * row_frac[:, None, None]
    out = top[:, cols_low]
    out += (top[:, cols_high] - out) * col_frac[None, :, None]
    return out


def blob_from_image(rgb: NDArray[np.uint8], side: int, mean_bgr: tuple[float, float, float]) -> Tensor:
    """(1, 3, side, side) BGR float32 blob, mean subtracted, from an RGB image of any size."""
    resized = resize_linear(rgb, side, side)
    bgr = resized[:, :, ::-1] - np.asarray(mean_bgr, np.float32)
    return np.ascontiguousarray(bgr.transpose(2, 0, 1))[None]
