"""The parts of a case file that describe one thing each: an image entry, a model's proof file, a model,
a face the user settled, a history line, the complaint's status after export.

Plain dataclasses with their JSON readers, kept apart from `casefile` (the case itself, its schema steps,
loading and saving) so that each module stays about one subject. `casefile` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
class Status:
    """Where the complaint stands after export (core.case.lifecycle changes it; the timeline says when).

    Times are ISO 8601 with the computer's UTC offset, as the user gave them (not when they were
    entered); `state` is one of core.case.lifecycle.STATES."""

    state: str = "preparing"
    exported_at: str | None = None  # the first export: a submission cannot be earlier
    platform: str | None = None  # where it was submitted (a rules profile id)
    number: str | None = None  # the platform's complaint number (投诉单号)
    submitted_at: str | None = None
    result_at: str | None = None
    how: str | None = None  # upheld: "deleted" (in the response window) or "manual" (a decision)
    reason: str | None = None  # rejected: one of the profile's [lifecycle.rejection_reasons]
    withdrawn_at: str | None = None
    resubmission_of: str | None = None  # the rejected case this one complains again for (its folder)
    resubmitted_as: str | None = None  # the case made from this one after its rejection (its folder)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Status:
        known = {name for name in cls.__dataclass_fields__} - {"state"}
        values = {key: (None if value is None else str(value)) for key, value in data.items() if key in known}
        return cls(str(data.get("state", "preparing")), **values)


@dataclass
class MatchRecord:
    """One find-my-original choice: the listing image, the original the user picked for one part of it,
    and the comparison picture drawn then (core.case.comparisons). Paths inside the case folder are
    relative to it; `original` is the user's file, as the case's image entry names it.

    The comparison proves the original only while that image is in the case with the bytes it had then
    (`original_sha256`) and the picture is the one drawn (`comparison_sha256`). `legacy`: a picture a
    case before schema 4 kept by name only (evidence/对比_<stem>.jpg), listing unknown."""

    listing_sha256: str | None
    listing_name: str  # the name the user knows it by: the file's name, or the pasted screenshot's label
    original: str
    original_sha256: str | None
    comparison: str
    comparison_sha256: str | None
    listing_copy: str | None = None  # byte-identical copy of the listing image: the picture can be redrawn
    part: int = 1  # which part of the listing image (a collage has several)
    score: float | None = None
    region: list[int] | None = None  # [x, y, w, h] of the original (displayed pixels) the listing shows
    listing_region: list[int] | None = None  # [x, y, w, h] of the listing image this original explains
    mirrored: bool = False
    ambiguous: bool = False  # the app could not tell the top two frames apart when the user chose
    runner_up: str | None = None  # the other frame then (path), when there was one for this part
    transform: list[list[float]] | None = None  # 2x3: original displayed pixels -> listing pixels
    size: list[int] | None = None  # the original's displayed width and height
    at: str = ""
    legacy: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MatchRecord:
        def ints(value: Any) -> list[int] | None:
            return [int(v) for v in value] if value is not None else None

        transform = data.get("transform")
        score = data.get("score")
        return cls(data.get("listing_sha256"), str(data.get("listing_name", "")), str(data["original"]),
                   data.get("original_sha256"), str(data["comparison"]), data.get("comparison_sha256"),
                   data.get("listing_copy"), int(data.get("part", 1)), None if score is None else float(score),
                   ints(data.get("region")), ints(data.get("listing_region")), bool(data.get("mirrored", False)),
                   bool(data.get("ambiguous", False)), data.get("runner_up"),
                   [[float(v) for v in row] for row in transform] if transform is not None else None,
                   ints(data.get("size")), str(data.get("at", "")), bool(data.get("legacy", False)))
