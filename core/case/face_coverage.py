"""Model proof per face: a photo with N faces is covered only when each of its N faces is.

A face is covered by a model of the case who has proof and is linked to that face (a `FaceMark` with
the model's name, matched to the face by position), or by a declaration for that face with the user's
reason ("画像/海报/路人，不是模特"). Models linked to the photo as a whole (`appears_in`, the command
line's `--model-in`) each cover one face not yet covered, left to right; the photo-wide declaration of a
schema-1 case (`no_model`) covers the faces nothing else covers. A face the user drew counts like a
detected one: a missed face costs the complaint. 2 faces and 1 model therefore stay blocked, and the
finding carries the uncovered boxes so the GUI can outline them.

Uses only the detector's `boxes` contract ([x, y, w, h] in upright full-size pixels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.base.findings import Finding, FindingFactory
from core.case.casefile import Box, Case, FaceMark

MATCH_IOU = 0.3  # a mark and a detected box this much overlapping (intersection over union) are one face


def iou(a: Box, b: Box) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    h = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = w * h
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def _centre_inside(a: Box, b: Box) -> bool:
    cx, cy = a[0] + a[2] / 2, a[1] + a[3] / 2
    return b[0] <= cx <= b[0] + b[2] and b[1] <= cy <= b[1] + b[3]


def mark_for(box: Box, marks: list[FaceMark]) -> FaceMark | None:
    """The user's mark for this face: best overlap, or the mark whose box holds the face's centre."""
    best, score = None, 0.0
    for mark in marks:
        value = iou(box, mark.box)
        if value > score:
            best, score = mark, value
    if best is not None and score >= MATCH_IOU:
        return best
    return next((m for m in marks if _centre_inside(box, m.box) or _centre_inside(m.box, box)), None)


@dataclass
class FaceState:
    box: Box
    drawn: bool
    model: str | None = None  # the model covering it
    declared: str | None = None  # the reason it needs no model

    @property
    def covered(self) -> bool:
        return self.model is not None or self.declared is not None

    def to_json(self) -> dict[str, Any]:
        return {"box": list(self.box), "drawn": self.drawn, "model": self.model, "declared": self.declared}


@dataclass
class Coverage:
    faces: list[FaceState] = field(default_factory=list)

    @property
    def uncovered(self) -> list[FaceState]:
        return [f for f in self.faces if not f.covered]


def coverage(source: str, detected: list[Box], case: Case) -> Coverage:
    """Each face of the photo (detected, then drawn by the user) and what covers it."""
    marks = case.face_marks(source)
    with_proof = {m.name for m in case.models if m.proof}
    faces = [FaceState(box, False) for box in detected]
    used_marks: set[int] = set()
    for face in faces:
        mark = mark_for(face.box, marks)
        if mark is not None:
            used_marks.add(id(mark))
            _apply(face, mark, with_proof)
    for mark in marks:  # the faces the user drew (and marks whose detected face moved away)
        if id(mark) not in used_marks and mark.drawn:
            face = FaceState(mark.box, True)
            _apply(face, mark, with_proof)
            faces.append(face)
    named = {f.model for f in faces if f.model}
    linked = [m.name for m in case.models_in(source) if m.name in with_proof and m.name not in named]
    for face in sorted((f for f in faces if not f.covered), key=lambda f: (f.box[0], f.box[1])):
        if not linked:
            break
        face.model = linked.pop(0)
    photo_wide = (case.no_model.get(source) or "").strip()
    if photo_wide:
        for face in faces:
            if not face.covered:
                face.declared = photo_wide
    return Coverage(faces)


def _apply(face: FaceState, mark: FaceMark, with_proof: set[str]) -> None:
    if mark.declared and mark.declared.strip():
        face.declared = mark.declared.strip()
    elif mark.model and mark.model in with_proof:
        face.model = mark.model


def face_findings(source: str, submitted: str, result: Any, case: Case,
                  factory: FindingFactory) -> tuple[list[Finding], Coverage | None]:
    """The model-proof rule for one photo: one finding, naming the uncovered faces when there are any."""
    file = Path(submitted).name if submitted else Path(source).name
    if result is None:
        return [], None
    if result.error is not None:
        reason = getattr(result, "reason", None) or "damaged"
        drawn = [m.box for m in case.face_marks(source) if m.drawn]
        if not drawn:
            return [factory.make("face.not_checked", file=file, reason=reason,
                                 reason_text=factory.catalog.label("face_reason." + reason))], None
        boxes: list[Box] = []
    else:
        boxes = [(int(b[0]), int(b[1]), int(b[2]), int(b[3])) for b in result.boxes]
    state = coverage(source, boxes, case)
    if not state.faces:
        return [factory.make("face.none", file=file)], state
    uncovered = state.uncovered
    if uncovered:
        return [factory.make("face.model_proof_required", file=file, faces=len(state.faces),
                             uncovered=len(uncovered), covered=len(state.faces) - len(uncovered),
                             boxes=[list(f.box) for f in uncovered])], state
    models = sorted({f.model for f in state.faces if f.model})
    declared = [f.declared for f in state.faces if f.declared]
    if declared and not models:
        return [factory.make("face.no_model_declared", file=file, faces=len(state.faces),
                             reason="；".join(dict.fromkeys(declared)))], state
    return [factory.make("face.model_proof_attached", file=file, faces=len(state.faces),
                         models="、".join(models), declared=len(declared))], state


def proof_face_findings(proof_name: str, model: str, result: Any, factory: FindingFactory) -> list[Finding]:
    """An ID photo should show the model's face beside the card: warn when none is found in it."""
    if result is None or result.error is not None or result.faces > 0:
        return []
    return [factory.make("face.proof_no_face", file=proof_name, model=model)]
