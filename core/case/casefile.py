"""A case: one complaint against one seller, saved as a folder with a versioned JSON case file.

Layout of a case folder:
    CASE_DIR/case.json      the case (schema below), written atomically (core.base.fileops)
    CASE_DIR/converted/     JPEGs this app made from RAW/HEIC sources, each with its conversion record
    CASE_DIR/proof/         model ID photos, byte-identical copies (they live nowhere else), and the
                            watermarked copies made from them when the user asks for the watermark
    CASE_DIR/evidence/      find-my-original: the listing images' copies and the comparison pictures (`matches`)
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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core import __version__
from core.base import jsontext
from core.base.fileops import atomic_write_text, checkpoint, clean_temporaries, process_alive
from core.case.entries import Box as Box
from core.case.entries import FaceMark as FaceMark
from core.case.entries import HistoryEntry as HistoryEntry
from core.case.entries import ImageEntry as ImageEntry
from core.case.entries import MatchRecord as MatchRecord
from core.case.entries import PersonEntry as PersonEntry
from core.case.entries import ProofFile as ProofFile
from core.case.entries import Status as Status

SCHEMA_VERSION = 4
CASE_FILE = "case.json"
LAST_GOOD_FILE = ".case.last-good.json"
NEW_CASE_JOURNAL = ".yuantu-new-case.json"
CONVERTED_DIR = "converted"
PROOF_DIR = "proof"
EVIDENCE_DIR = "evidence"
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
    history: list[HistoryEntry] = field(default_factory=list)  # the timeline: dated events, oldest first
    status: Status = field(default_factory=Status)
    matches: list[MatchRecord] = field(default_factory=list)  # find-my-original choices (core.case.comparisons)
    comparisons_by_name: bool = False  # a case from before schema 4: evidence/对比_<stem>.jpg may prove an image
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
                status=Status.from_json(dict(data.get("status", {}))),
                matches=[MatchRecord.from_json(m) for m in data.get("matches", [])],
                comparisons_by_name=bool(data.get("comparisons_by_name", False)),
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


def _upgrade_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Schemas 1 and 2 kept explanations per finding code alone (`overrides`: code -> reason), so one reason
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


def _upgrade_3_to_4(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 kept no record of find-my-original: its comparison picture was found by the original's file
    name (evidence/对比_<stem>.jpg). Which picture belongs to which image can only be seen on disk, so the
    case is marked and the export still takes such a picture for a complaint image no record covers."""
    upgraded = dict(data)
    upgraded.setdefault("matches", [])
    upgraded["comparisons_by_name"] = True
    return upgraded


# One pure dict -> dict step per schema version: MIGRATIONS[v] turns schema v into v + 1. A later
# schema adds its own step here and raises SCHEMA_VERSION; earlier steps never change.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _upgrade_0_to_1,
    1: _upgrade_1_to_2,  # the complaint's status (issue 19)
    2: _upgrade_2_to_3,  # explanations per photo, faces per photo (issue 14)
    3: _upgrade_3_to_4,  # find-my-original choices recorded, not found by file name (issue 16)
}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a case file of any earlier schema up to SCHEMA_VERSION, one step at a time."""
    if not isinstance(data, dict):
        raise CaseError("case.damaged", detail="not a JSON object")
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
    text = jsontext.dumps(payload, indent=2) + "\n"  # file names that are not UTF-8 survive as \udcXX
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
