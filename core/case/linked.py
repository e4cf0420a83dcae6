"""Cases made from other cases: a resubmission after a rejection, and photos moved into an earlier
complaint against the same seller (the platform's 3-day rule).

A resubmission starts at `preparing` with the old case's photos, listings, models and explanations,
so the user fixes what the rejection reason names and exports again. Files that live inside the case
folder (conversions, ID-photo copies) are copied byte for byte and verified by sha256; the user's own
photos are referred to, never copied or touched. The new folder is built under a temporary name
beside its final place and renamed into it, so a failure leaves no half case; the old case then
records the link (one atomic save).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import asdict
from pathlib import Path

from core.base.fileops import copy_verified
from core.case.casefile import (
    CONVERTED_DIR,
    EVIDENCE_DIR,
    PROOF_DIR,
    Case,
    CaseError,
    ImageEntry,
    MatchRecord,
    Status,
    load_case,
    now_iso,
    save_case,
)
from core.case.lifecycle import REJECTED, state_label


def resubmission_folder(old: Path) -> Path:
    """Beside the old case: "<name>-2", "<name>-3", ... (the first free one)."""
    stem = old.name
    for number in range(2, 1000):
        candidate = old.with_name(f"{stem}-{number}")
        if not candidate.exists():
            return candidate
    raise CaseError("case.exists", path=str(old.with_name(f"{stem}-999")))


def resubmit(old_dir: str | os.PathLike[str], new_dir: str | os.PathLike[str] | None = None,
             lang: str | None = None) -> tuple[Path, Case]:
    """Make the linked new case; returns its folder and case. Refused unless the old case was rejected."""
    old_folder = Path(os.path.abspath(old_dir))
    old = load_case(old_folder)
    if old.status.state != REJECTED:
        raise CaseError("lifecycle.resubmit_not_rejected", state=state_label(old.status.state, lang))
    if old.status.resubmitted_as and Path(old.status.resubmitted_as).is_dir():
        raise CaseError("lifecycle.already_resubmitted", case=old.status.resubmitted_as)
    target = Path(os.path.abspath(new_dir)) if new_dir else resubmission_folder(old_folder)
    if target.exists():
        raise CaseError("case.exists", path=str(target))
    new = Case.from_json(old.to_json())
    new.created_at = now_iso()
    new.history = []
    new.status = Status(resubmission_of=str(old_folder))
    new.record("resubmission_of", case=str(old_folder), reason=old.status.reason, number=old.status.number)
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        for sub in (CONVERTED_DIR, PROOF_DIR, EVIDENCE_DIR):  # evidence: the find-my-original records' files
            source = old_folder / sub
            if not source.is_dir():
                continue
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    destination = staging / path.relative_to(old_folder)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    copy_verified(path, destination)
        save_case(new, staging)
        os.replace(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    old.status.resubmitted_as = str(target)
    old.record("resubmitted", case=str(target))
    save_case(old, old_folder)
    return target, new


def add_images_to_case(target_dir: str | os.PathLike[str], source: Case, source_dir: str | os.PathLike[str]) -> Case:
    """The 3-day rule's offer: put this case's photos (and links) into the earlier complaint against the
    same seller instead of complaining again. Entries keep their roles and hashes; files made inside the
    source case (conversions) are copied into the target, verified. The target records where they came
    from and, since it was submitted already, that its photos changed after submission."""
    from core.case.lifecycle import record_edit_after_submission

    target_folder, source_folder = Path(os.path.abspath(target_dir)), Path(os.path.abspath(source_dir))
    target = load_case(target_folder)
    added: list[str] = []
    for role, entry in source.images():
        if target.entry_for(entry.source) is not None:
            continue
        copied = ImageEntry.from_json(asdict(entry))
        if entry.converted and not Path(entry.converted).is_absolute():
            destination = target_folder / entry.converted
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                copy_verified(source_folder / entry.converted, destination, entry.converted_sha256)
        (target.complaint if role == "complaint" else target.bts).append(copied)
        added.append(entry.source)
    for record in [m for m in source.matches if m.original in added]:  # their find-my-original evidence too
        for kept in (record.comparison, record.listing_copy):
            if kept and (source_folder / kept).is_file() and not (target_folder / kept).exists():
                (target_folder / kept).parent.mkdir(parents=True, exist_ok=True)
                copy_verified(source_folder / kept, target_folder / kept)
        target.matches.append(MatchRecord.from_json(asdict(record)))
    target.listings += [link for link in source.listings if link not in target.listings]
    target.record("images_from", case=str(source_folder), added=added)
    record_edit_after_submission(target, added=added, from_case=str(source_folder))
    save_case(target, target_folder)
    return target
