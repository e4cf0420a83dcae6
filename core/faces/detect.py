"""Visible faces in complaint and behind-the-scenes photos, for the model-proof rule.

When a model's face shows, the platform wants a photo of the model holding the front of their ID card.
A missed face costs the merchant the complaint, so the check must see the small faces of full-body and
group shots too. The detector is CenterFace on ONNX Runtime (`core.faces.centerface`); the photo is
decoded small (JPEG draft mode) and upright from its EXIF orientation (`core.photo.decode`), and looked
at in two scales: the whole photo at a modest input size, whose sure faces count at once, then a close
second look, at a higher scale, at each doubtful candidate. On faces pasted into face-free corpus photos
(bench/faces_recall.py) that finds 47 of 48 faces 3% as wide as the short side, with no false box, where
one pass at 960 px finds 41 and takes about twice as long. Boxes come back in displayed
(oriented) pixels of the full-size image. Thresholds live in `resources/rules/checks/faces.toml`; a
false "face" costs the user one recorded override, a miss costs the complaint, so they lean towards
reporting, while face-free product and street photos still come back with none.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from core.base.findings import Finding, FindingFactory
from core.base.jobs import Progress, ProgressCallback, check_cancel, no_progress
from core.base.rules import from_table, load_check_tables
from core.faces.centerface import ALIGN, MODEL_FILE, Boxes, CenterFace, ModelMissing, model, suppress
from core.photo.decode import NotDecoded, decode, shrink
from core.photo.filetypes import RAW_TYPES

__all__ = ["MODEL_FILE", "DetectorSettings", "FaceResult", "ModelMissing", "detect_faces", "detect_faces_batch",
           "find_faces", "model_proof_findings", "settings", "upright_pixels", "whole_photo_edge"]

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
    work_edge: int = 1000
    input_edge: int = 640
    candidate_confidence: float = 0.05
    sure_confidence: float = 0.5
    look_confidence: float = 0.5
    look_input: int = 160
    look_context: float = 3.0
    look_max_zoom: float = 2.0
    max_looks: int = 8
    nms_iou: float = 0.3
    nms_containment: float = 0.7
    min_face_fraction: float = 0.02


@lru_cache(maxsize=1)
def settings() -> DetectorSettings:
    """Detector settings from `resources/rules/checks/faces.toml` (`[detector]`)."""
    return from_table(DetectorSettings, load_check_tables().get("faces", {}).get("detector", {}))


def _second_look(net: CenterFace, pixels: np.ndarray, candidate: np.ndarray, s: DetectorSettings
                 ) -> np.ndarray | None:
    """The model again on a square crop around a doubtful candidate, `look_context` times its size,
    at `look_input` pixels: the face now fills many more input pixels than in the whole-photo pass.
    The crop is never magnified more than `look_max_zoom` (it takes more context instead): blown-up
    texture of a few pixels is where the model imagines faces. Returns the best box at the
    candidate's place, in `pixels` coordinates, or None."""
    height, width = pixels.shape[:2]
    side = min(max(max(candidate[2], candidate[3]) * s.look_context, s.look_input / s.look_max_zoom),
               max(width, height))
    crop_w, crop_h = min(side, width), min(side, height)
    centre_x, centre_y = candidate[0] + candidate[2] / 2, candidate[1] + candidate[3] / 2
    x0 = round(min(max(0.0, centre_x - crop_w / 2), width - crop_w))
    y0 = round(min(max(0.0, centre_y - crop_h / 2), height - crop_h))
    crop = pixels[y0 : y0 + max(1, round(crop_h)), x0 : x0 + max(1, round(crop_w))]
    # a crop cut short by the photo's edge keeps the zoom of a full one
    edge = max(32, round(s.look_input * max(crop_w, crop_h) / side))
    best: np.ndarray | None = None
    for box in net.find(crop, edge, s.candidate_confidence):
        box[0] += x0
        box[1] += y0
        holds_centre = box[0] <= centre_x <= box[0] + box[2] and box[1] <= centre_y <= box[1] + box[3]
        if (holds_centre or _iou(box, candidate) > s.nms_iou) and (best is None or box[4] > best[4]):
            best = box
    return best


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return float(inter / (a[2] * a[3] + b[2] * b[3] - inter)) if inter > 0 else 0.0


def whole_photo_edge(width: int, height: int, s: DetectorSettings) -> int:
    """The long side of the whole-photo input: `input_edge` for a 4:3 photo, and for other shapes the same
    number of input pixels (so the same time). A wide photo keeps its short side, where the 3% face is
    measured: at a plain 640 px long side a 4608x1976 photo's short side would get only 274 pixels."""
    long_side, short_side = max(width, height), min(width, height)
    return max(ALIGN, round(s.input_edge * math.sqrt(0.75 * long_side / short_side)))


def find_faces(pixels: np.ndarray, s: DetectorSettings | None = None, cancel: threading.Event | None = None
               ) -> list[tuple[float, float, float, float, float]]:
    """Faces in an upright RGB array: (x, y, w, h, score) in its own pixels, strongest first.

    The whole photo proposes candidates down to a low score; a candidate is a face when it is sure at
    once, or when the close second look confirms it."""
    s = s or settings()
    height, width = pixels.shape[:2]
    if width < 8 or height < 8:
        return []
    net = model()
    smallest = s.min_face_fraction * min(width, height)  # smaller faces are not "visible" for the platform
    check_cancel(cancel)
    edge = whole_photo_edge(width, height, s)
    candidates = suppress(net.find(pixels, edge, s.candidate_confidence), s.nms_iou, s.nms_containment)
    faces: list[np.ndarray] = []
    looks = 0
    for candidate in candidates:  # strongest first
        if min(candidate[2], candidate[3]) < smallest:
            continue
        if candidate[4] >= s.sure_confidence:
            faces.append(candidate)
            continue
        if looks >= s.max_looks:  # bounds the time on busy textures
            break
        check_cancel(cancel)
        looks += 1
        confirmed = _second_look(net, pixels, candidate, s)
        if confirmed is not None and confirmed[4] >= s.look_confidence and min(confirmed[2], confirmed[3]) >= smallest:
            faces.append(confirmed)
    found: Boxes = suppress(np.array(faces), s.nms_iou, s.nms_containment) if faces else np.zeros((0, 5))
    return [(float(x), float(y), float(w), float(h), float(score)) for x, y, w, h, score in found]


def upright_pixels(path: Path, edge: int) -> tuple[np.ndarray, int, int]:
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
        pixels, width, height = upright_pixels(Path(path), s.work_edge)
    except NotDecoded as problem:
        result.reason, result.error = problem.reason, str(problem)
        return result
    result.width, result.height = width, height
    work_h, work_w = pixels.shape[:2]
    scale_x, scale_y = width / work_w, height / work_h
    for x, y, w, h, score in find_faces(pixels, s, cancel):
        left, top = min(round(x * scale_x), width - 1), min(round(y * scale_y), height - 1)
        box = (left, top, max(1, min(round(w * scale_x), width - left)), max(1, min(round(h * scale_y), height - top)))
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
