"""Building a case from files: hash the sources, convert RAW/HEIC into the case, copy model ID photos.

Nothing here writes to a user's file: conversions land in CASE_DIR/converted, ID photos are copied
byte for byte into CASE_DIR/proof and verified by sha256. `case new` is all or nothing, even when the
process is killed: before it writes anything it leaves a journal in the folder naming what it will make,
the case file is written last, and the journal goes after it. A failure undoes the work at once; a kill
is undone by the next command that opens the folder (`core.case.recover_case_folder`).

Names that go into file names (a model's name, the seller's in the bundle) go through `safe_name`,
which also keeps them short enough for every file system (a 10,000-character seller name is cut, with a
short hash so that two long names stay apart).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.base.fileops import (
    NAME_BYTES,
    CopyMismatch,
    checkpoint,
    copy_verified,
    sha256_file,
    shorten_name,
    temporary_target,
)
from core.base.findings import Finding
from core.base.jobs import Progress, ProgressCallback, check_cancel, no_progress
from core.base.rules import Profile, load_profile
from core.case.casefile import (
    CONVERTED_DIR,
    NEW_CASE_JOURNAL,
    PROOF_DIR,
    Case,
    CaseError,
    ImageEntry,
    PersonEntry,
    ProofFile,
    case_file,
    recover_case_folder,
    save_case,
    undo_new_case,
    write_new_case_journal,
)
from core.photo import filetypes

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
SELLER_BYTES = 90  # of the seller's name in the bundle's folder name (30 Chinese characters)
MODEL_BYTES = 120  # of a model's name in the file names of their ID photos


@dataclass
class PersonInput:
    """A model as given on the command line or in the GUI: name, proof photo path(s), image path(s)."""

    name: str
    proof: list[str] = field(default_factory=list)
    appears_in: list[str] = field(default_factory=list)


def safe_name(text: str, fallback: str = "_", max_bytes: int = NAME_BYTES) -> str:
    """A file or folder name valid on Windows, macOS and Linux: no <>:"/\\|?*, no trailing dots/spaces,
    at most `max_bytes` bytes of UTF-8 (`core.fileops.shorten_name`)."""
    cleaned = _UNSAFE.sub("_", text).strip().rstrip(". ")
    reserved = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
    if cleaned.split(".")[0].upper() in reserved:
        cleaned = "_" + cleaned
    return shorten_name(cleaned, max_bytes) or fallback


def _absolute(path: str | os.PathLike[str]) -> str:
    """An absolute path with `..` folded away (symlinks kept: the user chose the path they see)."""
    return os.path.abspath(Path(path).expanduser())


def needs_conversion(kind: str, profile: Profile) -> bool:
    """A file of this content type is not accepted as it is, but the profile allows converting it."""
    return kind not in profile.accepted_types and profile.conversion_for(kind) is not None


def convert_entry(entry: ImageEntry, case_dir: str | os.PathLike[str], profile: Profile, lang: str | None = None,
                  cancel: threading.Event | None = None) -> ImageEntry:
    """A copy of `entry` with its RAW/HEIC source converted to a JPEG in CASE_DIR/converted (the source
    is only read). The conversion's findings are kept with the entry; when it failed, `converted` is None
    and the findings say why. `entry` itself is not changed, so a GUI can apply the result on its thread."""
    from core.conversion.convert import convert_file  # lazily: conversion pulls in rawpy

    case_dir = Path(_absolute(case_dir))
    result = convert_file(Path(entry.source), case_dir / CONVERTED_DIR, profile, lang, cancel)
    updated = replace(entry, converted=None, converted_sha256=None, conversion_method=result.method,
                      conversion_findings=[{"code": f.code, "severity": f.severity.value, "params": dict(f.params)}
                                           for f in result.findings])
    if result.output is not None:
        output = Path(result.output)
        updated.converted = output.relative_to(case_dir).as_posix() if output.is_relative_to(case_dir) \
            else str(output)
        updated.converted_sha256 = sha256_file(output, cancel)
    return updated


def make_entry(source: str | os.PathLike[str], case_dir: str | os.PathLike[str], profile: Profile,
               lang: str | None = None, cancel: threading.Event | None = None, convert: bool = True) -> ImageEntry:
    """The case entry for a user's picture: absolute path, sha256, size and real content type (the file
    is only read). With `convert`, a RAW/HEIC the profile allows to convert is converted into
    CASE_DIR/converted right away (the CLI); the GUI passes False and converts on the user's click.
    A file that cannot be read gets an entry without hash, which the review reports."""
    path = Path(_absolute(source))
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            kind = filetypes.sniff(handle.read(filetypes.HEAD_BYTES))
        digest = sha256_file(path, cancel)
    except OSError:
        return ImageEntry(str(path), None, None)  # the review reports it (case.source_missing)
    entry = ImageEntry(str(path), digest, size, kind)
    if convert and needs_conversion(kind, profile):
        entry = convert_entry(entry, case_dir, profile, lang, cancel)
    return entry


def _copy_proof(source: str, model: str, index: int, case_dir: Path) -> ProofFile:
    path = Path(source)
    suffix = path.suffix.lower() or ".jpg"
    relative = f"{PROOF_DIR}/{safe_name(model, 'model', MODEL_BYTES)}_{index}{suffix}"
    target = case_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        digest = copy_verified(path, target)
    except CopyMismatch as error:
        raise CaseError("case.copy_mismatch", file=str(source)) from error
    return ProofFile(relative, digest, target.stat().st_size, path.name)


@dataclass(frozen=True)
class WatermarkOutcome:
    proof: list[ProofFile]  # the model's new proof list
    text: str | None  # the text drawn; None when the watermark was switched off
    fallback: bool  # no Chinese font on this computer: the English line was drawn instead


def set_proof_watermark(model: PersonEntry, case_dir: str | os.PathLike[str], on: bool,
                        date: datetime.date | None = None) -> WatermarkOutcome:
    """The model's proof list with the purpose watermark ("仅限图片侵权投诉使用" + date) switched on or off.

    On: each ID-photo copy gets a watermarked copy beside it in CASE_DIR/proof, which then stands in for
    it (the export carries that one); the untouched copy stays where it is, byte for byte. Off: the
    untouched copies stand in again and the watermarked ones are deleted. `model` is not changed."""
    from core.case.people import watermark_copy  # lazily: Pillow drawing and font lookup

    folder = Path(_absolute(case_dir))
    proofs: list[ProofFile] = []
    text: str | None = None
    fallback = False
    for proof in model.proof:
        if on and proof.original is None:
            relative = f"{PROOF_DIR}/{Path(proof.path).stem}_watermark.jpg"
            result = watermark_copy(folder / proof.path, folder / relative, date=date)
            text, fallback = result.text, fallback or result.fallback
            target = folder / relative
            proofs.append(ProofFile(relative, sha256_file(target), target.stat().st_size, proof.original_name,
                                    proof.path, proof.sha256))
        elif not on and proof.original is not None:
            with contextlib.suppress(OSError):
                (folder / proof.path).unlink()
            original = folder / proof.original
            size = original.stat().st_size if original.is_file() else proof.bytes
            proofs.append(ProofFile(proof.original, proof.original_sha256 or "", size, proof.original_name))
        else:
            proofs.append(proof)
    return WatermarkOutcome(proofs, text, fallback)


def add_model(case: Case, case_dir: Path, model: PersonInput) -> PersonEntry:
    """Attach a model: ID photos copied into the case (byte-identical), images resolved to case entries."""
    entry = next((m for m in case.models if m.name == model.name), None)
    if entry is None:
        entry = PersonEntry(model.name)
        case.models.append(entry)
    for proof in model.proof:
        entry.proof.append(_copy_proof(_absolute(proof), model.name, len(entry.proof) + 1, case_dir))
    for image in model.appears_in:
        source = _absolute(image)
        if case.entry_for(source) is None:
            raise CaseError("case.model_image_unknown", model=model.name, file=source)
        if source not in entry.appears_in:
            entry.appears_in.append(source)
    return entry


def _check_inputs(paths: list[str]) -> None:
    for path in paths:
        if not Path(path).is_file():
            raise CaseError("case.input_missing", file=path)


def create_case(case_dir: str | os.PathLike[str], *, profile_id: str, seller: str, listings: list[str],
                complaint: list[str], bts: list[str], models: list[PersonInput] | None = None,
                no_model_reason: str | None = None, notes: str = "", lang: str | None = None,
                progress: ProgressCallback = no_progress, cancel: threading.Event | None = None) -> Case:
    """Create and save a new case in `case_dir` (refused when a case is already there). All or nothing:
    on any failure, cancel or kill, nothing it made stays (see the module docstring)."""
    folder = Path(_absolute(case_dir))
    recover_case_folder(folder)  # a killed earlier `case new` here is undone first
    if case_file(folder).exists():
        raise CaseError("case.exists", path=str(folder))
    profile = load_profile(profile_id)
    models = models or []
    inputs = [_absolute(p) for p in complaint + bts]
    _check_inputs(inputs + [_absolute(p) for m in models for p in m.proof])
    created = not folder.exists()
    fresh_subs = [sub for sub in (CONVERTED_DIR, PROOF_DIR) if not (folder / sub).exists()]
    journaled = False
    try:
        checkpoint("mkdir", folder)
        folder.mkdir(parents=True, exist_ok=True)
        write_new_case_journal(folder, created, fresh_subs)
        journaled = True
        case = Case(profile=profile.id, seller=seller.strip(), listings=[u.strip() for u in listings], notes=notes)
        total = len(inputs)
        for index, source in enumerate(inputs):
            check_cancel(cancel)
            progress(Progress(index, total, source))
            entry = make_entry(source, folder, profile, lang, cancel)
            (case.complaint if index < len(complaint) else case.bts).append(entry)
        progress(Progress(total, total, None))
        for model in models:
            add_model(case, folder, model)
        if no_model_reason:
            covered = {source for model in case.models for source in model.appears_in}
            for _, entry in case.images():
                if entry.source not in covered:
                    case.no_model[entry.source] = no_model_reason.strip()
        case.record("created", profile=profile.id, files=len(inputs), models=len(case.models))
        save_case(case, folder)  # the commit point: from here on the case exists
    except BaseException:
        if journaled:  # only what this call made: a pre-existing folder may hold the user's own things
            undo_new_case(folder)
        elif created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    with contextlib.suppress(OSError):  # the case is complete; a journal left behind is removed at the next open
        checkpoint("remove", folder / NEW_CASE_JOURNAL)
        (folder / NEW_CASE_JOURNAL).unlink()
    return case


def failed_path(error: OSError, case_dir: str | os.PathLike[str]) -> str:
    """The file to name when building a case failed: the one the OS names, a temporary file by the file it
    stands in for, the app's own bookkeeping file by the case folder itself."""
    named = os.fsdecode(error.filename) if isinstance(error.filename, (str, bytes)) else ""
    if not named:
        return _absolute(case_dir)
    path = Path(named)
    target = temporary_target(path.name)
    if target is not None:
        path = path.with_name(target)
    return _absolute(case_dir) if path.name == NEW_CASE_JOURNAL else str(path)


def error_finding(error: CaseError, lang: str | None = None) -> Finding:
    """A CaseError as a finding (message and remedy in the user's language) for the CLI and the GUI."""
    return load_profile().findings(lang).make(error.code, **error.params)
