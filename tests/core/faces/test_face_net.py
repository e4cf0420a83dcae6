"""The face network in numpy (core/faces/net.py): the Caffe model readers, the layers against plain
loop implementations, and, where OpenCV is installed (the test extra), the same detections as
cv2.dnn on corpus and generated photos, layer for layer and through the whole face check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageOps

from core.faces import detect as faces
from core.faces.caffe_model import ModelFormatError, parse_prototxt, read_weights
from core.faces.net import FaceNet, blob_from_image
from core.faces.net_layers import Conv, pool
from tests.conftest import CorpusEntry, corpus_entries, corpus_params, make_jpeg, noise_image

MEAN = (104.0, 177.0, 123.0)


# --- the model files -----------------------------------------------------------------------------------

def test_prototxt_text_format() -> None:
    net = parse_prototxt('''
        name: "tiny"  # a comment
        input: "data"
        input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
        layer {
          name: "conv"  type: "Convolution"  bottom: "data"  top: "conv"
          convolution_param { num_output: 4 kernel_size: 3 pad: 1 bias_term: false weight_filler { type: "msra" } }
        }
        layer { name: "prob" type: "Softmax" bottom: "conv" top: "prob" include { phase: TEST } }
    ''')
    assert net.text("name") == "tiny" and net.texts("input") == ["data"]
    assert net.child("input_shape").numbers("dim") == [1.0, 3.0, 8.0, 8.0]
    first, second = net.all("layer")
    param = first.child("convolution_param")  # type: ignore[union-attr]
    assert param.number("num_output", 0) == 4 and param.flag("bias_term", True) is False
    assert param.child("weight_filler").text("type") == "msra"
    assert second.child("include").text("phase") == "TEST"  # type: ignore[union-attr]
    with pytest.raises(ModelFormatError):
        parse_prototxt("layer { name: 'cut'")


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _blob(values: np.ndarray, shape: list[int] | None = None, legacy: tuple[int, int, int, int] | None = None) -> bytes:
    data = _field(5, values.astype("<f4").tobytes())
    if shape is not None:
        data += _field(7, _field(1, b"".join(_varint(d) for d in shape)))
    if legacy is not None:
        data += b"".join(_varint(number << 3) + _varint(value) for number, value in enumerate(legacy, start=1))
    return data


def test_caffemodel_wire_format_new_and_old_layers() -> None:
    weights = np.arange(6, dtype=np.float32)
    layer = _field(1, b"conv") + _field(2, b"Convolution") + _field(7, _blob(weights, shape=[2, 3]))
    old_layer = _field(4, b"fc") + _varint(5 << 3) + _varint(14) + _field(6, _blob(weights, legacy=(1, 1, 2, 3)))
    model = _field(1, b"tiny") + _field(100, layer) + _field(2, old_layer)
    read = read_weights(model)
    assert list(read) == ["conv", "fc"]
    np.testing.assert_array_equal(read["conv"][0], weights.reshape(2, 3))
    np.testing.assert_array_equal(read["fc"][0], weights.reshape(1, 1, 2, 3))
    with pytest.raises(ModelFormatError):
        read_weights(model[:-5])


def test_the_shipped_model_reads_completely() -> None:
    prototxt, caffemodel = faces.model_files()
    weights = read_weights(caffemodel.read_bytes())
    assert weights["conv1_h"][0].shape == (32, 3, 7, 7)
    assert sum(blob.size for blobs in weights.values() for blob in blobs) > 2_000_000
    layers = parse_prototxt(prototxt.read_text(encoding="utf-8")).all("layer")
    assert len(layers) > 100


# --- the layers against plain loops ----------------------------------------------------------------------

def _reference_conv(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int, pad: int, dilation: int,
                    group: int) -> np.ndarray:
    _, channels, height, width = x.shape
    out_c, per_group, kh, kw = w.shape
    xp = np.pad(x[0].astype(np.float64), ((0, 0), (pad, pad), (pad, pad)))
    out_h = (height + 2 * pad - dilation * (kh - 1) - 1) // stride + 1
    out_w = (width + 2 * pad - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((out_c, out_h, out_w))
    outs_per_group = out_c // group
    for o in range(out_c):
        g = o // outs_per_group
        for i in range(out_h):
            for j in range(out_w):
                rows = slice(i * stride, i * stride + dilation * (kh - 1) + 1, dilation)
                cols = slice(j * stride, j * stride + dilation * (kw - 1) + 1, dilation)
                patch = xp[g * per_group:(g + 1) * per_group, rows, cols]
                out[o, i, j] = (patch * w[o]).sum() + b[o]
    return out[None]


@pytest.mark.parametrize(("kernel", "stride", "pad", "dilation", "group"),
                         [(3, 1, 1, 1, 1), (7, 2, 3, 1, 1), (3, 1, 2, 2, 1), (1, 2, 0, 1, 1), (3, 2, 1, 1, 2)])
def test_convolution_matches_the_definition(kernel: int, stride: int, pad: int, dilation: int, group: int) -> None:
    rng = np.random.default_rng(kernel * 10 + stride)
    x = rng.normal(size=(1, 4, 11, 9)).astype(np.float32)
    w = rng.normal(size=(6, 4 // group, kernel, kernel)).astype(np.float32)
    b = rng.normal(size=6).astype(np.float32)
    conv = Conv(w, b, stride=(stride, stride), pad=(pad, pad), dilation=(dilation, dilation), group=group)
    got = conv.run(x)
    np.testing.assert_allclose(got, _reference_conv(x, w, b, stride, pad, dilation, group), rtol=1e-4, atol=1e-4)
    # BatchNorm/Scale folded into the weights give the same as applying them after
    scale, shift = rng.normal(size=6).astype(np.float32), rng.normal(size=6).astype(np.float32)
    conv.scale_outputs(scale, shift)
    np.testing.assert_allclose(conv.run(x), got * scale[:, None, None] + shift[:, None, None], rtol=1e-4, atol=1e-4)


def test_pooling_rounds_up_like_caffe() -> None:
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    out = pool(x, (3, 3), (2, 2), (0, 0), "MAX")
    assert out.shape == (1, 1, 3, 3)  # ceil((6 - 3) / 2) + 1: the last window hangs over the edge
    np.testing.assert_array_equal(out[0, 0], [[14, 16, 17], [26, 28, 29], [32, 34, 35]])
    average = pool(x, (2, 2), (2, 2), (0, 0), "AVE")
    np.testing.assert_allclose(average[0, 0, 0], [3.5, 5.5, 7.5])


# --- the real network ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def net() -> FaceNet:
    return FaceNet.load(*faces.model_files())


def test_a_plain_picture_has_no_face_and_min_score_only_trims(net: FaceNet) -> None:
    plain = np.full((300, 400, 3), (200, 190, 180), np.uint8)
    detections = net.forward(blob_from_image(plain, 300, MEAN))
    assert detections.ndim == 4 and detections.shape[3] == 7 and np.isfinite(detections).all()
    assert detections[0, 0, :, 2].max() < 0.5
    noisy = np.asarray(noise_image(400, 300))
    everything = net.forward(blob_from_image(noisy, 256, MEAN))[0, 0]
    trimmed = net.forward(blob_from_image(noisy, 256, MEAN), min_score=0.15)[0, 0]
    np.testing.assert_array_equal(trimmed[trimmed[:, 2] > 0], everything[everything[:, 2] >= 0.15])


# --- the same answers as OpenCV, where OpenCV is installed ---------------------------------------------------

def _cv2() -> Any:
    return pytest.importorskip("cv2", reason="OpenCV is only in the test extra: the comparison needs it")


@pytest.fixture(scope="module")
def reference() -> Any:
    """OpenCV's own network on the same model files."""
    return _cv2().dnn.readNetFromCaffe(*(str(p) for p in faces.model_files()))


def _photos(tmp_path: Path) -> list[np.ndarray]:
    """Generated pictures: noise, a gradient, a bright picture with dark blobs."""
    gradient = Image.linear_gradient("L").resize((640, 480)).convert("RGB")
    blobs = Image.new("RGB", (500, 700), (230, 220, 200))
    for i in range(6):
        blobs.paste((40 * i, 30, 200 - 30 * i), (60 * i, 90 * i, 60 * i + 120, 90 * i + 150))
    return [np.asarray(noise_image(480, 360)), np.asarray(gradient), np.asarray(blobs)]


def _upright(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        image.draft("RGB", (800, 800))
        return np.asarray(ImageOps.exif_transpose(image).convert("RGB"))


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    width = np.clip(np.minimum(boxes[:, 2], box[2]) - np.maximum(boxes[:, 0], box[0]), 0, None)
    height = np.clip(np.minimum(boxes[:, 3], box[3]) - np.maximum(boxes[:, 1], box[1]), 0, None)
    inter = width * height
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return np.asarray(inter / ((box[2] - box[0]) * (box[3] - box[1]) + areas - inter))


def _compare_rows(expected: np.ndarray, got: np.ndarray, floor: float = 0.05) -> None:
    """Every confident detection of one output is in the other: same score and box (within 1e-3).
    On flat picture areas neighbouring priors score exactly alike; which of such a tie survives NMS
    depends on rounding, so a tied, overlapping detection kept instead also counts."""
    for one, other in ((expected, got), (got, expected)):
        for row in one[one[:, 2] >= floor]:
            same_score = np.abs(other[:, 2] - row[2]) < 1e-3
            close = same_score & (np.abs(other[:, 3:7] - row[3:7]).max(axis=1) < 1e-3)
            tied = same_score & (_iou(row[3:7], other[:, 3:7]) > 0.45)
            assert close.any() or tied.any(), f"detection {row} has no counterpart"


def _has_faces(entry: CorpusEntry) -> bool:
    return entry.faces not in ("", "0")


@pytest.mark.parametrize("entry", corpus_params(_has_faces))
def test_same_detections_as_opencv_on_corpus_photos(net: FaceNet, reference: Any, entry: CorpusEntry) -> None:
    cv2 = _cv2()
    rgb = _upright(entry.path)
    for side in (300, 256, 200, 120):
        blob = cv2.dnn.blobFromImage(rgb, 1.0, (side, side), MEAN, swapRB=True, crop=False)
        reference.setInput(blob)
        expected = reference.forward()[0, 0]
        _compare_rows(expected, net.forward(blob)[0, 0])


def test_same_detections_and_input_as_opencv_on_generated_pictures(net: FaceNet, reference: Any,
                                                                   tmp_path: Path) -> None:
    cv2 = _cv2()
    for rgb in _photos(tmp_path):
        for side in (256, 200, 120):
            blob = cv2.dnn.blobFromImage(rgb, 1.0, (side, side), MEAN, swapRB=True, crop=False)
            ours = blob_from_image(rgb, side, MEAN)
            # cv2 rounds the resized pixels to whole levels; ours keeps the fraction
            assert np.abs(blob - ours).max() <= 1.0 and np.abs(blob - ours).mean() < 0.4
            reference.setInput(blob)
            _compare_rows(reference.forward()[0, 0], net.forward(blob)[0, 0])


class _OpenCVNet:
    """cv2.dnn behind FaceNet's interface, to run the whole face check through OpenCV."""

    def __init__(self, cv2: Any) -> None:
        self._net = cv2.dnn.readNetFromCaffe(*(str(p) for p in faces.model_files()))

    def forward(self, blob: np.ndarray, min_score: float = 0.0) -> np.ndarray:
        self._net.setInput(blob)
        result: np.ndarray = self._net.forward()
        return result


def _face_check_photos(tmp_path: Path) -> list[Path]:
    photos = [entry.path for entry in corpus_entries() if _has_faces(entry) and entry.path.is_file()]
    photos += [make_jpeg(tmp_path / "纹理.jpg", 2400, 1800, seed=3)]
    return photos


def test_face_check_gives_the_same_answer_as_with_opencv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cv2 = _cv2()
    photos = _face_check_photos(tmp_path)
    ours = [faces.detect_faces(photo) for photo in photos]

    def cv2_blob(rgb: np.ndarray, side: int, mean: tuple[float, float, float]) -> np.ndarray:
        blob: np.ndarray = cv2.dnn.blobFromImage(np.ascontiguousarray(rgb), 1.0, (side, side), mean, swapRB=True)
        return blob

    opencv_net = _OpenCVNet(cv2)
    monkeypatch.setattr(faces, "_net", lambda: opencv_net)
    monkeypatch.setattr(faces, "blob_from_image", cv2_blob)
    theirs = [faces.detect_faces(photo) for photo in photos]
    assert len(photos) == 1 or any(result.faces for result in theirs)  # real faces were compared
    for photo, mine, expected in zip(photos, ours, theirs, strict=True):
        assert mine.faces == expected.faces, (photo, mine.boxes, expected.boxes)
        assert expected.width and expected.height
        tolerance = 0.02 * max(expected.width, expected.height)
        for box, other in zip(sorted(mine.boxes), sorted(expected.boxes), strict=True):
            assert max(abs(a - b) for a, b in zip(box, other, strict=True)) <= tolerance, (photo, box, other)
        for score, other_score in zip(sorted(mine.scores), sorted(expected.scores), strict=True):
            assert abs(score - other_score) < 0.02
