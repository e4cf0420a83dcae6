"""A case: one complaint against one seller, saved as a folder with a versioned JSON case file.

Layout of a case folder:
    CASE_DIR/case.json      the case (schema below), written atomically (core.base.fileops)
    CASE_DIR/converted/     JPEGs this app made from RAW/HEIC sources, each with its conversion record
    CASE_DIR/proof/         model ID photos, byte-identical copies (they live nowhere else), and the
                            watermarked copies made from them when the user asks for the watermark
    CASE_DIR/.cache/        results worth keeping between reviews (core.faces.cache)
    CASE_DIR/.case.last-good.json   the last case file this app saved that it could read back: offered
                            when case.json is damaged (`restore_last_good`)
    CASE_DIR/.yuantu-new-case.json  while `case new` builds the case: what to undo if it is killed

Entries refer to the user's source files by absolute path plus the sha256 they had when added, so a
later change or move of the source is noticed instead of silently exporting different bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core import __version__
from core.base.fileops import atomic_write_text, checkpoint, clean_temporaries, process_alive

SCHEMA_VERSION = 2
CASE_FILE = "case.json"
LAST_GOOD_FILE = ".case.last-good.json"
NEW_CASE_JOURNAL = ".yuantu-new-case.json"
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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonEntry:
        return cls(str(data["name"]), [ProofFile.from_json(p) for p in data.get("proof", [])],
                   [str(p) for p in data.get("appears_in", [])], data.get("id"))


@dataclass
class HistoryEntry:
    at: str
    action: str  # created, edited, exported
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
class Case:
    profile: str
    seller: str
    listings: list[str] = field(default_factory=list)  # as entered; core.case.listing normalises them
    complaint: list[ImageEntry] = field(default_factory=list)
    bts: list[ImageEntry] = field(default_factory=list)
    models: list[PersonEntry] = field(default_factory=list)
    no_model: dict[str, str] = field(default_factory=dict)  # source path -> why no model proof is needed
    overrides: dict[str, str] = field(default_factory=dict)  # finding code -> the user's reason
    notes: str = ""
    created_at: str = field(default_factory=now_iso)
    history: list[HistoryEntry] = field(default_factory=list)  # the timeline: dated events, oldest first
    status: Status = field(default_factory=Status)
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
                overrides={str(k): str(v) for k, v in data.get("overrides", {}).items()},
                notes=str(data.get("notes", "")), created_at=str(data["created_at"]),
                history=[HistoryEntry(str(h["at"]), str(h["action"]), dict(h.get("detail", {})))
                         for h in data.get("history", [])],
                status=Status.from_json(dict(data.get("status", {}))),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            # a damaged file, not a bug to show: the technical detail stays in params, out of the message
            raise CaseError("case.damaged", detail=f"{type(error).__name__}: {error}") from error


def _upgrade_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 (drafts before the export issue) kept one complaint image under `complaint_image`."""
    upgraded = dict(data)
    single = upgraded.pop("complaint_image", None)
    if single is not None and "complaint" not in upgraded:
        upgraded["complaint"] = [single]
    upgraded.setdefault("created_at", now_iso())
    return upgraded


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 had no status: a case with an export in its history is exported, any other preparing."""
    upgraded = dict(data)
    exports = sorted(str(h.get("at")) for h in upgraded.get("history", [])
                     if isinstance(h, dict) and h.get("action") == "exported" and h.get("at"))
    upgraded.setdefault("status", {"state": "exported" if exports else "preparing",
                                   "exported_at": exports[0] if exports else None})
    return upgraded


_UPGRADES = {0: _upgrade_0_to_1, 1: _upgrade_1_to_2}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a case file of any earlier schema up to SCHEMA_VERSION, one step at a time."""
    if not isinstance(data, dict):
        raise CaseError("case.damaged", detail="not a JSON object")
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise CaseError("case.too_new", version=version, supported=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        data = _UPGRADES[version](data)
        version += 1
        data["schema_version"] = version
    return data


def case_file(case_dir: str | os.PathLike[str]) -> Path:
    return Path(case_dir) / CASE_FILE


def parse_case(text: str) -> Case:
    """A case from the text of a case file; CaseError "case.damaged" (detail in params) when it is not one."""
    try:
        data = json.loads(text)
    except ValueError as error:  # JSONDecodeError, and UnicodeDecodeError's parent
        raise CaseError("case.damaged", detail=str(error)) from error
    return Case.from_json(data)


def _read(path: Path) -> Case:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CaseError("case.not_found", path=str(path)) from error
    except UnicodeDecodeError as error:
        raise CaseError("case.damaged", path=str(path), detail=str(error)) from error
    except OSError as error:
        raise CaseError("case.unreadable", path=str(path), reason=error.strerror or str(error)) from error
    return parse_case(text)


def last_good_copy(case_dir: str | os.PathLike[str]) -> tuple[Path, Case] | None:
    """The last case file this app saved and could read back, when one is kept and still reads."""
    path = Path(case_dir) / LAST_GOOD_FILE
    try:
        return path, _read(path)
    except CaseError:
        return None


def load_case(case_dir: str | os.PathLike[str]) -> Case:
    """Read a case. Leftovers of a killed save or `case new` are cleaned first (`recover_case_folder`).
    A damaged case file is "case.damaged" naming it, or "case.damaged_backup" when the last good copy is
    kept (its path and time in params, restored by `restore_last_good`)."""
    case_dir = Path(case_dir).expanduser().absolute()  # messages name the whole path
    recover_case_folder(case_dir)
    path = case_file(case_dir)
    try:
        return _read(path)
    except CaseError as error:
        if error.code != "case.damaged":
            raise
        detail = str(error.params.get("detail", ""))
        kept = last_good_copy(case_dir)
        if kept is None:
            raise CaseError("case.damaged", path=str(path), detail=detail) from error
        backup, _case = kept
        saved = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        raise CaseError("case.damaged_backup", path=str(path), detail=detail, backup=str(backup), saved=saved,
                        folder=str(Path(case_dir))) from error


def save_case(case: Case, case_dir: str | os.PathLike[str]) -> Path:
    """Write the case file atomically, then keep the same text as the last good copy once it reads back
    as a case (a copy written without fsync: it is a spare, and the case file itself is durable)."""
    path = case_file(case_dir)
    payload = {"app_version": __version__, **case.to_json()}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    clean_temporaries(path.parent, CASE_FILE)
    atomic_write_text(path, text)
    with contextlib.suppress(CaseError, OSError):
        parse_case(text)
        atomic_write_text(path.parent / LAST_GOOD_FILE, text, durable=False)
    return path


def restore_last_good(case_dir: str | os.PathLike[str]) -> Path:
    """Put the last good copy back as the case file; the damaged file is kept beside it, renamed
    `case.damaged-<time>.json` (never deleted). Returns that name. CaseError "case.no_backup" when no
    readable copy is kept."""
    folder = Path(case_dir)
    kept = last_good_copy(folder)
    if kept is None:
        raise CaseError("case.no_backup", path=str(case_file(folder)))
    backup, _case = kept
    damaged = folder / f"case.damaged-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path = case_file(folder)
    if path.exists():
        checkpoint("copy", damaged)
        shutil.copyfile(path, damaged)
    atomic_write_text(path, backup.read_text(encoding="utf-8"))
    return damaged


# --- leftovers of a killed process -----------------------------------------------------------------------

def write_new_case_journal(folder: Path, created_folder: bool, fresh: list[str]) -> None:
    """Before `case new` writes anything into `folder`: what it is about to create, so that a kill before
    the case file exists can be undone (`recover_case_folder`). Files already in the sub-folders are listed
    so only the ones this run adds are removed."""
    existing = {sub: sorted(os.listdir(folder / sub)) for sub in (CONVERTED_DIR, PROOF_DIR)
                if sub not in fresh and (folder / sub).is_dir()}
    record = {"pid": os.getpid(), "host": socket.gethostname(), "created_folder": created_folder,
              "fresh": fresh, "existing": existing}
    atomic_write_text(folder / NEW_CASE_JOURNAL, json.dumps(record, ensure_ascii=False, indent=1) + "\n")


def undo_new_case(folder: Path) -> None:
    """Remove what an unfinished `case new` made in `folder`, as its journal lists it, then the journal
    (and the folder itself when that run created it and nothing else is left in it)."""
    journal = folder / NEW_CASE_JOURNAL
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    record = record if isinstance(record, dict) else {}
    for sub in record.get("fresh", []):
        if sub in (CONVERTED_DIR, PROOF_DIR):
            with contextlib.suppress(OSError):
                checkpoint("remove", folder / sub)
                shutil.rmtree(folder / sub, ignore_errors=True)
    for sub, names in dict(record.get("existing", {})).items():
        if sub not in (CONVERTED_DIR, PROOF_DIR) or not (folder / sub).is_dir():
            continue
        for entry in os.listdir(folder / sub):
            if entry not in names:
                with contextlib.suppress(OSError):
                    checkpoint("remove", folder / sub / entry)
                    os.unlink(folder / sub / entry)
    clean_temporaries(folder)
    with contextlib.suppress(OSError):  # the journal goes last: a kill before this repeats the undo
        checkpoint("remove", journal)
        journal.unlink()
    if record.get("created_folder"):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty


def recover_case_folder(case_dir: str | os.PathLike[str]) -> None:
    """Clean what a killed process left in a case folder: temporary files of the case file, and an
    unfinished `case new` (undone: the case never existed). A process still at work is left alone."""
    folder = Path(case_dir)
    journal = folder / NEW_CASE_JOURNAL
    if journal.exists():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
            owner = int(record["pid"]) if record.get("host") == socket.gethostname() else 0
        except (OSError, ValueError, KeyError, TypeError):
            owner = 0
        if owner and process_alive(owner):
            return
        if case_file(folder).exists():  # killed after the case file was written: the case is complete
            with contextlib.suppress(OSError):
                checkpoint("remove", journal)
                journal.unlink()
        else:
            undo_new_case(folder)
    if folder.is_dir():
        clean_temporaries(folder, CASE_FILE)
        clean_temporaries(folder, LAST_GOOD_FILE)
        clean_temporaries(folder, NEW_CASE_JOURNAL)
        clean_temporaries(folder / ".cache")
