"""The layer types of the res10 SSD face network, in numpy (float32), for `core.faces.net`.

Tensors are logical NCHW arrays with a batch of one, as in Caffe. Convolutions compute in HWC
(channels last: the im2col rows are contiguous and a 1x1 convolution is a plain matrix product) and
hand back an NCHW *view* of their HWC result, so a following convolution or Permute(0, 2, 3, 1)
gets the HWC buffer back without a copy. 3x3 stride-1 convolutions with enough channels use Winograd
F(2x2, 3x3) (16 instead of 36 multiplications per 2x2 outputs); the others im2col, in bands of output
rows. No layer writes into its inputs: a blob may be shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import NDArray

Tensor = NDArray[np.float32]

# Winograd F(2x2, 3x3): a 3x3 convolution of a 4x4 input tile, as 16 products per tile and channel pair
# instead of 36 (the input and filter transforms are exact in float32 bar rounding; cf. Lavin & Gray 2016).
_WINOGRAD_G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])
# Below these sizes the transforms cost more than the products they save.
_WINOGRAD_MIN_CHANNELS = 16
_WINOGRAD_MIN_OUTPUTS = 64
# Output positions per band of the im2col path: its columns (about 2,000 x kh*kw*C floats) stay in cache.
_IM2COL_BAND = 2048


def channels_last(x: Tensor) -> Tensor:
    """(1, C, H, W) -> (H, W, C), a view (and contiguous when `x` came from a convolution)."""
    hwc: Tensor = x[0].transpose(1, 2, 0)
    return hwc


def channels_first(hwc: Tensor) -> Tensor:
    return hwc.transpose(2, 0, 1)[None]


@dataclass
class Conv:
    """Convolution with its following BatchNorm/Scale folded in (weights and bias per output channel)
    and optionally its ReLU and a residual sum (an Eltwise SUM of this output and another blob)."""

    weight: Tensor  # (out, in/group, kh, kw), Caffe's order
    bias: Tensor  # (out,)
    stride: tuple[int, int] = (1, 1)
    pad: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)
    group: int = 1
    relu: bool = False
    _matrices: list[Tensor] = field(default_factory=list, repr=False)
    _winograd: list[Tensor] = field(default_factory=list, repr=False)

    def scale_outputs(self, scale: Tensor, shift: Tensor) -> None:
        """Fold y = conv(x) * scale + shift into the weights (BatchNorm and Scale at load time)."""
        self.weight = (self.weight * scale[:, None, None, None]).astype(np.float32)
        self.bias = (self.bias * scale + shift).astype(np.float32)
        self._matrices = []
        self._winograd = []

    def _prepared(self) -> list[Tensor]:
        """Per group, the weights as an im2col matrix (kh*kw*C_in, C_out), rows in (kh, kw, c) order."""
        if not self._matrices:
            out = self.weight.shape[0] // self.group
            for g in range(self.group):
                part = self.weight[g * out:(g + 1) * out]  # (out, c, kh, kw)
                matrix = part.transpose(2, 3, 1, 0).reshape(-1, out)
                self._matrices.append(np.ascontiguousarray(matrix, dtype=np.float32))
        return self._matrices

    def _winograd_filters(self) -> Tensor:
        """The weights as 16 (C_in, C_out) matrices G g G^T, one per position of a 4x4 Winograd tile."""
        if not self._winograd:
            u = np.einsum("ai,ocij,bj->abco", _WINOGRAD_G, self.weight.astype(np.float64), _WINOGRAD_G)
            self._winograd.append(np.ascontiguousarray(u.reshape(16, *u.shape[2:]), dtype=np.float32))
        return self._winograd[0]

    def _uses_winograd(self, channels: int, out_h: int, out_w: int) -> bool:
        return (self.weight.shape[2:] == (3, 3) and self.stride == (1, 1) and self.group == 1
                and self.dilation[0] == self.dilation[1] and min(self.pad) >= 0 and channels >= _WINOGRAD_MIN_CHANNELS
                and out_h * out_w >= _WINOGRAD_MIN_OUTPUTS)

    def _run_winograd(self, hwc: Tensor, out_h: int, out_w: int) -> Tensor:
        """A 3x3 stride-1 convolution (any dilation d) by Winograd F(2x2, 3x3), as (out_h, out_w, C_out).

        The output is cut into blocks of 2d x 2d: each holds d x d interleaved 2x2 tiles, whose 4x4 input
        tiles are rows/columns d apart. Transforms are elementwise numpy, the products one batched matmul."""
        height, width, channels = hwc.shape
        filters = self._winograd_filters()
        outs = filters.shape[2]
        d = self.dilation[0]
        (ph, pw), block = self.pad, 2 * d
        tiles_y, tiles_x = -(-out_h // block), -(-out_w // block)
        padded = np.zeros((tiles_y * block + 2 * d, tiles_x * block + 2 * d, channels), np.float32)
        padded[ph:ph + height, pw:pw + width] = hwc  # the frame is out_h + 2d >= height + 2 ph rows tall
        s0, s1, s2 = padded.strides
        # B^T d B, first over rows: the 4 rows of each tile are d apart, tiles 2d apart
        r = as_strided(padded, shape=(4, tiles_y, d, padded.shape[1], channels),
                       strides=(d * s0, block * s0, s0, s1, s2), writeable=False)
        across = np.empty((4, tiles_y, d, padded.shape[1], channels), np.float32)
        np.subtract(r[0], r[2], out=across[0])
        np.add(r[1], r[2], out=across[1])
        np.subtract(r[2], r[1], out=across[2])
        np.subtract(r[1], r[3], out=across[3])
        a0, a1, a2, a3, a4 = across.strides
        c = as_strided(across, shape=(4, 4, tiles_y, d, tiles_x, d, channels),
                       strides=(a0, d * a3, a1, a2, block * a3, a3, a4), writeable=False)
        tiles = np.empty((4, 4, tiles_y, d, tiles_x, d, channels), np.float32)
        np.subtract(c[:, 0], c[:, 2], out=tiles[:, 0])
        np.add(c[:, 1], c[:, 2], out=tiles[:, 1])
        np.subtract(c[:, 2], c[:, 1], out=tiles[:, 2])
        np.subtract(c[:, 1], c[:, 3], out=tiles[:, 3])
        products = np.matmul(tiles.reshape(16, -1, channels), filters)
        m = products.reshape(4, 4, tiles_y, d, tiles_x, d, outs)
        # A^T m A, rows then columns, written straight into the output's (y, x) order
        half = np.empty((2, 4, tiles_y, d, tiles_x, d, outs), np.float32)
        np.add(m[0], m[1], out=half[0])
        half[0] += m[2]
        np.subtract(m[1], m[2], out=half[1])
        half[1] -= m[3]
        out = np.empty((tiles_y, 2, d, tiles_x, 2, d, outs), np.float32)
        view = out.transpose(1, 4, 0, 2, 3, 5, 6)  # (row in tile, column in tile, tile y, ., tile x, ., C)
        np.add(half[:, 0], half[:, 1], out=view[:, 0])
        view[:, 0] += half[:, 2]
        np.subtract(half[:, 1], half[:, 2], out=view[:, 1])
        view[:, 1] -= half[:, 3]
        full = out.reshape(tiles_y * block, tiles_x * block, outs)
        if full.shape[:2] == (out_h, out_w):
            return full
        return np.ascontiguousarray(full[:out_h, :out_w])

    def output_size(self, height: int, width: int) -> tuple[int, int]:
        kh, kw = self.weight.shape[2:]
        reach_h = self.dilation[0] * (kh - 1) + 1
        reach_w = self.dilation[1] * (kw - 1) + 1
        return ((height + 2 * self.pad[0] - reach_h) // self.stride[0] + 1,
                (width + 2 * self.pad[1] - reach_w) // self.stride[1] + 1)

    def run(self, x: Tensor, residual: Tensor | None = None) -> Tensor:
        hwc = channels_last(x)
        height, width, channels = hwc.shape
        out_h, out_w = self.output_size(height, width)
        (ph, pw), (sh, sw), (dh, dw) = self.pad, self.stride, self.dilation
        kh, kw = self.weight.shape[2:]
        if self._uses_winograd(channels, out_h, out_w):
            return self._finish(self._run_winograd(hwc, out_h, out_w).reshape(out_h * out_w, -1),
                                out_h, out_w, residual)
        if ph or pw:
            padded = np.zeros((height + 2 * ph, width + 2 * pw, channels), np.float32)
            padded[ph:ph + height, pw:pw + width] = hwc
        else:
            padded = np.ascontiguousarray(hwc, dtype=np.float32)
        per_group = channels // self.group
        outputs = []
        for g, matrix in enumerate(self._prepared()):
            part = padded if self.group == 1 else padded[:, :, g * per_group:(g + 1) * per_group]
            if kh == kw == 1:
                cols = part[: sh * (out_h - 1) + 1: sh, : sw * (out_w - 1) + 1: sw].reshape(out_h * out_w, -1)
            else:
                s0, s1, s2 = part.strides
                windows = as_strided(part, shape=(out_h, out_w, kh, kw, per_group),
                                     strides=(sh * s0, sw * s1, dh * s0, dw * s1, s2), writeable=False)
                # the im2col copy and its product in bands of output rows, so each band stays in cache
                product = np.empty((out_h * out_w, matrix.shape[1]), np.float32)
                band = max(1, _IM2COL_BAND // out_w)
                for top in range(0, out_h, band):
                    cols = windows[top:top + band].reshape(-1, kh * kw * per_group)
                    np.matmul(cols, matrix, out=product[top * out_w:(top + band) * out_w])
                outputs.append(product)
                continue
            outputs.append(cols @ matrix)
        out = outputs[0] if self.group == 1 else np.concatenate(outputs, axis=1)
        return self._finish(out, out_h, out_w, residual)

    def _finish(self, out: Tensor, out_h: int, out_w: int, residual: Tensor | None) -> Tensor:
        """Bias, residual sum and ReLU in place on the (out_h * out_w, C_out) result, as an NCHW view."""
        out += self.bias
        if residual is not None:
            out += channels_last(residual).reshape(out.shape)
        if self.relu:
            np.maximum(out, 0.0, out=out)
        return channels_first(out.reshape(out_h, out_w, -1))


@dataclass
class Affine:
    """Per-channel y = x * scale + shift (a BatchNorm and/or Scale not folded into a convolution)."""

    scale: Tensor
    shift: Tensor
    relu: bool = False

    def then(self, scale: Tensor, shift: Tensor) -> None:
        self.scale = (self.scale * scale).astype(np.float32)
        self.shift = (self.shift * scale + shift).astype(np.float32)

    def run(self, x: Tensor) -> Tensor:
        shape = (1, -1) + (1,) * (x.ndim - 2)
        out = x * self.scale.reshape(shape)
        out += self.shift.reshape(shape)
        if self.relu:
            np.maximum(out, 0.0, out=out)
        return out


def batch_norm(blobs: list[Tensor], eps: float) -> tuple[Tensor, Tensor]:
    """Caffe BatchNorm as (scale, shift): blobs are mean and variance sums and their scale factor."""
    factor = float(blobs[2].reshape(-1)[0]) if len(blobs) > 2 else 1.0
    factor = 0.0 if factor == 0 else 1.0 / factor
    mean = blobs[0].astype(np.float64) * factor
    variance = blobs[1].astype(np.float64) * factor
    scale = 1.0 / np.sqrt(variance + eps)
    return scale.astype(np.float32), (-mean * scale).astype(np.float32)


def relu(x: Tensor, slope: float) -> Tensor:
    if slope == 0:
        return np.maximum(x, 0.0)
    return np.where(x > 0, x, x * np.float32(slope)).astype(np.float32)


def pool(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int], pad: tuple[int, int], method: str) -> Tensor:
    """Caffe pooling: output size rounds up, and a window may hang over the bottom/right edge."""
    hwc = channels_last(x)
    height, width, channels = hwc.shape
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, pad
    out_h = -(-(height + 2 * ph - kh) // sh) + 1
    out_w = -(-(width + 2 * pw - kw) // sw) + 1
    if ph and (out_h - 1) * sh >= height + ph:
        out_h -= 1
    if pw and (out_w - 1) * sw >= width + pw:
        out_w -= 1
    full_h, full_w = (out_h - 1) * sh + kh, (out_w - 1) * sw + kw
    fill = -np.inf if method == "MAX" else 0.0
    padded = np.full((max(full_h, height + ph), max(full_w, width + pw), channels), fill, np.float32)
    padded[ph:ph + height, pw:pw + width] = hwc
    out: Tensor | None = None
    for i in range(kh):
        for j in range(kw):
            window = padded[i: i + sh * (out_h - 1) + 1: sh, j: j + sw * (out_w - 1) + 1: sw]
            if out is None:
                out = window.copy()
            elif method == "MAX":
                np.maximum(out, window, out=out)
            else:
                out += window
    assert out is not None
    if method != "MAX":
        # Caffe divides by the window clipped to the padded input (padding counts, overhang does not)
        rows = np.minimum(np.arange(out_h) * sh - ph + kh, height + ph) - (np.arange(out_h) * sh - ph)
        cols = np.minimum(np.arange(out_w) * sw - pw + kw, width + pw) - (np.arange(out_w) * sw - pw)
        out /= (rows[:, None] * cols[None, :]).astype(np.float32)[:, :, None]
    return channels_first(out)


def normalize(x: Tensor, scale: Tensor, across_spatial: bool, eps: float) -> Tensor:
    """SSD's Normalize (L2 over channels at each position, or over everything), then a learnt scale."""
    squares = np.square(x, dtype=np.float32)
    total = squares.sum(axis=(1, 2, 3), keepdims=True) if across_spatial else squares.sum(axis=1, keepdims=True)
    out = x / np.sqrt(total + np.float32(eps))
    shape = (1, -1, 1, 1) if scale.size > 1 else (1, 1, 1, 1)
    scaled: Tensor = (out * scale.reshape(shape)).astype(np.float32)
    return scaled


def softmax(x: Tensor, axis: int) -> Tensor:
    shifted: Tensor = x - x.max(axis=axis, keepdims=True)
    np.exp(shifted, out=shifted)
    shifted /= shifted.sum(axis=axis, keepdims=True)
    return shifted


def reshape(x: Tensor, dims: list[int]) -> Tensor:
    """Caffe Reshape over all axes: 0 copies the input's dimension, -1 is inferred."""
    shape = [x.shape[i] if d == 0 else d for i, d in enumerate(dims)]
    return x.reshape(shape)


def flatten(x: Tensor, axis: int, end_axis: int) -> Tensor:
    end = end_axis % x.ndim
    return x.reshape(x.shape[:axis] + (-1,) + x.shape[end + 1:])


@dataclass
class PriorBox:
    """SSD prior (anchor) boxes for one feature map, in input-normalised (xmin, ymin, xmax, ymax), with
    their variances; they depend only on the sizes, so they are made once per size and cached."""

    min_sizes: list[float]
    max_sizes: list[float]
    aspect_ratios: list[float]
    flip: bool
    clip: bool
    variance: list[float]
    step: tuple[float, float]  # (0, 0): feature-map stride
    offset: float
    _cache: dict[tuple[int, int, int, int], Tensor] = field(default_factory=dict, repr=False)

    def _box_sizes(self) -> list[tuple[float, float]]:
        ratios: list[float] = []
        for ratio in self.aspect_ratios:
            for value in (ratio, 1.0 / ratio) if self.flip else (ratio,):
                if abs(value - 1.0) > 1e-6 and all(abs(value - r) > 1e-6 for r in ratios):
                    ratios.append(value)
        sizes: list[tuple[float, float]] = []
        for index, min_size in enumerate(self.min_sizes):
            sizes.append((min_size, min_size))
            if index < len(self.max_sizes):
                side = float(np.sqrt(min_size * self.max_sizes[index]))
                sizes.append((side, side))
            sizes.extend((min_size * float(np.sqrt(r)), min_size / float(np.sqrt(r))) for r in ratios)
        return sizes

    def run(self, feature: Tensor, image: Tensor) -> Tensor:
        fh, fw = feature.shape[2:]
        ih, iw = image.shape[2:]
        key = (fh, fw, ih, iw)
        cached = self._cache.get(key)
        if cached is None:
            step_y = self.step[0] or ih / fh
            step_x = self.step[1] or iw / fw
            cy, cx = np.meshgrid((np.arange(fh) + self.offset) * step_y, (np.arange(fw) + self.offset) * step_x,
                                 indexing="ij")
            sizes = np.array(self._box_sizes())  # (P, 2): width, height
            half_w, half_h = sizes[:, 0] / 2, sizes[:, 1] / 2
            boxes = np.stack([(cx[..., None] - half_w) / iw, (cy[..., None] - half_h) / ih,
                              (cx[..., None] + half_w) / iw, (cy[..., None] + half_h) / ih], axis=-1)
            if self.clip:
                boxes = np.clip(boxes, 0.0, 1.0)
            flat = boxes.reshape(-1).astype(np.float32)
            variances = np.tile(np.array(self.variance, np.float32), flat.size // 4)
            cached = np.stack([flat, variances])[None]
            self._cache[key] = cached
        return cached


@dataclass
class DetectionOutput:
    """SSD's last layer: decode boxes against the priors, keep confident ones, per-class NMS, keep_top_k.
    Rows are [image, label, score, xmin, ymin, xmax, ymax] (normalised), in cv2.dnn's order."""

    num_classes: int
    background: int
    confidence: float
    nms_threshold: float
    top_k: int
    keep_top_k: int
    clip: bool = False

    def run(self, loc: Tensor, conf: Tensor, priors: Tensor, min_score: float = 0.0) -> Tensor:
        prior = priors.reshape(2, -1, 4)
        boxes, variance = prior[0], prior[1]
        offsets = loc.reshape(-1, 4)
        scores = conf.reshape(-1, self.num_classes)
        prior_w, prior_h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
        centre_x = variance[:, 0] * offsets[:, 0] * prior_w + (boxes[:, 0] + boxes[:, 2]) / 2
        centre_y = variance[:, 1] * offsets[:, 1] * prior_h + (boxes[:, 1] + boxes[:, 3]) / 2
        half_w = np.exp(variance[:, 2] * offsets[:, 2]) * prior_w / 2
        half_h = np.exp(variance[:, 3] * offsets[:, 3]) * prior_h / 2
        decoded = np.stack([centre_x - half_w, centre_y - half_h, centre_x + half_w, centre_y + half_h], axis=1)
        if self.clip:
            decoded = np.clip(decoded, 0.0, 1.0)
        kept: list[tuple[int, float, int]] = []  # (label, score, prior index)
        for label in range(self.num_classes):
            if label == self.background:
                continue
            column = scores[:, label]
            candidates = np.flatnonzero((column > self.confidence) & (column >= min_score))
            order = candidates[np.argsort(-column[candidates], kind="stable")]
            if self.top_k > -1:
                order = order[: self.top_k]
            kept.extend((label, float(column[i]), int(i)) for i in _nms(decoded, order, self.nms_threshold))
        if -1 < self.keep_top_k < len(kept):
            best = sorted(kept, key=lambda row: -row[1])[: self.keep_top_k]
            kept = sorted(best, key=lambda row: row[0])  # by label, each still strongest first
        rows = np.zeros((max(len(kept), 1), 7), np.float32)
        for n, (label, score, index) in enumerate(kept):
            rows[n] = (0, label, score, *decoded[index])
        if not kept:
            rows[0, 0] = -1  # cv2.dnn's "no detection" row
        return rows[None, None]


def _nms(boxes: Tensor, order: NDArray[np.intp], threshold: float) -> list[int]:
    """Greedy NMS in score order: a box stays unless it overlaps a kept one by more than `threshold` (IoU)."""
    kept: list[int] = []
    remaining = order
    areas = np.maximum(boxes[:, 2] - boxes[:, 0], 0) * np.maximum(boxes[:, 3] - boxes[:, 1], 0)
    while remaining.size:
        best, rest = int(remaining[0]), remaining[1:]
        kept.append(best)
        if not rest.size:
            break
        width = np.minimum(boxes[rest, 2], boxes[best, 2]) - np.maximum(boxes[rest, 0], boxes[best, 0])
        height = np.minimum(boxes[rest, 3], boxes[best, 3]) - np.maximum(boxes[rest, 1], boxes[best, 1])
        inter = np.where((width > 0) & (height > 0), width * height, 0.0)
        union = areas[rest] + areas[best] - inter
        iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        remaining = rest[iou <= threshold]
    return kept
