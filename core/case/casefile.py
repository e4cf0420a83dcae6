"""A case: one complaint against one seller, saved as a folder with a versioned JSON case file.

Layout of a case folder:
    CASE_DIR/case.json      the case (schema below), written atomically (core.base.fileops)
    CASE_DIR/converted/     JPEGs this app made from RAW/HEIC sources, each with its conversion record
    CASE_DIR/proof/         model ID photos, byte-identical copies (they live nowhere else), and the
                            watermarked copies made from them when the user asks for the watermark
    CASE_DIR/.cache/        results worth keeping between reviews (core.faces.cache)

Entries refer to the user's source files by absolute path plus the sha256 they had when added, so a
later change or move of the source is noticed instead of silently exporting different bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core import __version__
from core.base.fileops import atomic_write_text

SCHEMA_VERSION = 2
CASE_FILE = "case.json"
CONVERTED_DIR = "converted"
PROOF_DIR = "proof"
ROLE_COMPLAINT = "complaint"
ROLE_BTS = "bts"
ROLE_PROOF = "model_proof"


class CaseError(Exception):
    """A case cannot be created, read or saved. `code` keys the message catalog; `params` fill it."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


def now_iso() -> str:
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


@dataclass
class ImageEntry:
    """A complaint or behind-the-scenes image: the user's file, and what the case submits for it."""

    source: str  # absolute path of the user's file
    sha256: str | None  # of the source when added; None when it could not be read then
    bytes: int | None
    kind: str = "unknown"  # content type when added (core.photo.filetypes)
    converted: str | None = None  # path inside the case folder of the JPEG made from a RAW/HEIC source
    converted_sha256: str | None = None
    conversion_method: str | None = None
    conversion_findings: list[dict[str, Any]] = field(default_factory=list)  # code, severity, params

    @property
    def name(self) -> str:
        return Path(self.source).name

    def submitted(self, case_dir: Path) -> Path:
        """The file that goes into the bundle: the conversion when there is one, else the source."""
        return case_dir / self.converted if self.converted else Path(self.source)

    def submitted_sha256(self) -> str | None:
        return self.converted_sha256 if self.converted else self.sha256

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImageEntry:
        return cls(source=str(data["source"]), sha256=data.get("sha256"), bytes=data.get("bytes"),
                   kind=str(data.get("kind", "unknown")), converted=data.get("converted"),
                   converted_sha256=data.get("converted_sha256"), conversion_method=data.get("conversion_method"),
                   conversion_findings=list(data.get("conversion_findings", [])))


@dataclass
class ProofFile:
    """One ID photo of a model, copied into CASE_DIR/proof (`path` is relative to the case folder)."""

    path: str
    sha256: str
    bytes: int
    original_name: str
    # A copy with the purpose watermark stands in for the ID photo: the untouched copy it was made from
    # (relative to the case folder) and that copy's sha256. None for an unwatermarked copy.
    original: str | None = None
    original_sha256: str | None = None

    @property
    def untouched(self) -> str:
        """The byte-identical copy of the user's ID photo (never the watermarked one)."""
        return self.original or self.path

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProofFile:
        original, original_sha256 = data.get("original"), data.get("original_sha256")
        return cls(str(data["path"]), str(data["sha256"]), int(data["bytes"]), str(data.get("original_name", "")),
                   str(original) if original else None, str(original_sha256) if original_sha256 else None)


@dataclass
class PersonEntry:
    """A model visible in the photos: name, proof photo(s), and the source paths of images they appear in."""

    name: str
    proof: list[ProofFile] = field(default_factory=list)
    appears_in: list[str] = field(default_factory=list)
    id: str | None = None  # a model kept for reuse (core.case.people), when the case took it from there
    # Scans of the signed authorization (模特授权书, printed from core.case.authorization), copied into
    # CASE_DIR/proof like the ID photos.
    authorization: list[ProofFile] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonEntry:
        return cls(str(data["name"]), [ProofFile.from_json(p) for p in data.get("proof", [])],
                   [str(p) for p in data.get("appears_in", [])], data.get("id"),
                   [ProofFile.from_json(p) for p in data.get("authorization", [])])


Box = tuple[int, int, int, int]  # x, y, width, height in the photo's upright full-size pixels


@dataclass
class Explanation:
    """The user's reason for submitting one photo despite one of its blockers (说明理由).

    Keyed by (code, sha256 of that file as added): explaining one photo's blocker never covers another
    photo with the same blocker. `sha256` is None for a finding about the case as a whole (a listing,
    the seller). `file` is where that file was when explained, for showing and the bundle's records."""

    code: str
    sha256: str | None
    reason: str
    file: str | None = None
    at: str = field(default_factory=lambda: now_iso())

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.code, self.sha256)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Explanation:
        sha = data.get("sha256")
        file = data.get("file")
        return cls(str(data["code"]), str(sha) if sha else None, str(data["reason"]),
                   str(file) if file else None, str(data.get("at", "")))


@dataclass
class FaceMark:
    """One face in one photo as the user settled it: which model it is, or why it needs no model.

    `box` ties the mark to a detected face by position (the detector may move a box by a few pixels
    between versions); `drawn` marks a face the user outlined because the detector missed it: it
    counts like a detected one."""

    box: Box
    drawn: bool = False
    model: str | None = None  # name of a model of this case
    declared: str | None = None  # "画像/海报/路人，不是模特": the user's reason

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FaceMark:
        x, y, w, h = (int(v) for v in data["box"])
        model, declared = data.get("model"), data.get("declared")
        return cls((x, y, w, h), bool(data.get("drawn", False)), str(model) if model else None,
                   str(declared) if declared else None)


@dataclass
class HistoryEntry:
    at: str
    action: str  # created, edited, explained, migrated, exported
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    profile: str
    seller: str
    listings: list[str] = field(default_factory=list)  # as entered; core.case.listing normalises them
    complaint: list[ImageEntry] = field(default_factory=list)
    bts: list[ImageEntry] = field(default_factory=list)
    models: list[PersonEntry] = field(default_factory=list)
    no_model: dict[str, str] = field(default_factory=dict)  # source path -> why none of its faces is a model
    explanations: list[Explanation] = field(default_factory=list)
    faces: dict[str, list[FaceMark]] = field(default_factory=dict)  # source path -> the faces the user settled
    # Per-code overrides of a schema-1 case, waiting for the first review to learn which files carried
    # each code (core.case.review.settle_legacy turns them into explanations and records it).
    legacy_overrides: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    created_at: str = field(default_factory=now_iso)
    history: list[HistoryEntry] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    @property
    def created_date(self) -> str:
        return self.created_at[:10]

    def images(self) -> list[tuple[str, ImageEntry]]:
        """(role, entry) for every complaint and behind-the-scenes image, complaint first."""
        return [(ROLE_COMPLAINT, e) for e in self.complaint] + [(ROLE_BTS, e) for e in self.bts]

    def entry_for(self, source: str) -> ImageEntry | None:
        return next((entry for _, entry in self.images() if entry.source == source), None)

    def models_in(self, source: str) -> list[PersonEntry]:
        return [model for model in self.models if source in model.appears_in]

    def explanation(self, code: str, sha256: str | None) -> Explanation | None:
        return next((e for e in self.explanations if e.key == (code, sha256)), None)

    def explain(self, code: str, sha256: str | None, reason: str, file: str | None = None,
                at: str | None = None) -> Explanation:
        """Record (or replace) the reason for one file's blocker, and say so in the history. `at`: when it was
        given (an export stores the very explanation its bundle records, so a re-export gives the same bytes)."""
        self.explanations = [e for e in self.explanations if e.key != (code, sha256)]
        explanation = Explanation(code, sha256, reason, file, at or now_iso())
        self.explanations.append(explanation)
        self.record("explained", code=code, file=file, sha256=sha256, reason=reason)
        return explanation

    def unexplain(self, code: str, sha256: str | None) -> bool:
        before = len(self.explanations)
        self.explanations = [e for e in self.explanations if e.key != (code, sha256)]
        removed = len(self.explanations) != before
        if removed:
            self.record("explanation_removed", code=code, sha256=sha256)
        return removed

    def face_marks(self, source: str) -> list[FaceMark]:
        return self.faces.get(source, [])

    def record(self, action: str, **detail: Any) -> None:
        self.history.append(HistoryEntry(now_iso(), action, detail))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data = {"schema_version": data.pop("schema_version"), **data}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        data = upgrade(data)
        try:
            return cls(
                profile=str(data["profile"]), seller=str(data.get("seller", "")),
                listings=[str(u) for u in data.get("listings", [])],
                complaint=[ImageEntry.from_json(e) for e in data.get("complaint", [])],
                bts=[ImageEntry.from_json(e) for e in data.get("bts", [])],
                models=[PersonEntry.from_json(m) for m in data.get("models", [])],
                no_model={str(k): str(v) for k, v in data.get("no_model", {}).items()},
                explanations=[Explanation.from_json(e) for e in data.get("explanations", [])],
                faces={str(k): [FaceMark.from_json(m) for m in v] for k, v in data.get("faces", {}).items()},
                legacy_overrides={str(k): str(v) for k, v in data.get("legacy_overrides", {}).items()},
                notes=str(data.get("notes", "")), created_at=str(data["created_at"]),
                history=[HistoryEntry(str(h["at"]), str(h["action"]), dict(h.get("detail", {})))
                         for h in data.get("history", [])],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CaseError("case.unreadable", reason=f"{type(error).__name__}: {error}") from error


def _upgrade_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 (drafts before the export issue) kept one complaint image under `complaint_image`."""
    upgraded = dict(data)
    single = upgraded.pop("complaint_image", None)
    if single is not None and "complaint" not in upgraded:
        upgraded["complaint"] = [single]
    upgraded.setdefault("created_at", now_iso())
    return upgraded


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept explanations per finding code alone (`overrides`: code -> reason), so one reason
    silently covered every photo with that code. Which files carried a code is only known from a
    review, so the codes wait in `legacy_overrides`; the first review turns each into one explanation
    per file that carried it then, and records that in the history (core.case.review.settle_legacy)."""
    upgraded = dict(data)
    old = upgraded.pop("overrides", None) or {}
    if isinstance(old, dict) and old:
        upgraded["legacy_overrides"] = {**dict(upgraded.get("legacy_overrides", {})),
                                        **{str(k): str(v) for k, v in old.items()}}
    upgraded.setdefault("explanations", [])
    upgraded.setdefault("faces", {})
    return upgraded


# One pure dict -> dict step per schema version: MIGRATIONS[v] turns schema v into v + 1. A later
# schema adds its own step here and raises SCHEMA_VERSION; earlier steps never change.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _upgrade_0_to_1,
    1: _upgrade_1_to_2,
}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a case file of any earlier schema up to SCHEMA_VERSION, one step at a time."""
    if not isinstance(data, dict):
        raise CaseError("case.unreadable", reason="not a JSON object")
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise CaseError("case.too_new", version=version, supported=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


def case_file(case_dir: str | os.PathLike[str]) -> Path:
    return Path(case_dir) / CASE_FILE


def load_case(case_dir: str | os.PathLike[str]) -> Case:
    path = case_file(case_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CaseError("case.not_found", path=str(path)) from error
    except OSError as error:
        raise CaseError("case.unreadable", path=str(path), reason=error.strerror or str(error)) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CaseError("case.unreadable", path=str(path), reason=str(error)) from error
    return Case.from_json(data)


def save_case(case: Case, case_dir: str | os.PathLike[str]) -> Path:
    path = case_file(case_dir)
    payload = {"app_version": __version__, **case.to_json()}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    atomic_write_text(path, text)
    return path
