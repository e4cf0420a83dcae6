"""Find-my-original evidence kept in a case: which listing image, which original the user chose for it,
and the comparison picture that shows a reviewer the listing uses that photo.

A choice is recorded (`Case.matches`, one `MatchRecord` per part of a listing image), never found again by
file name: the picture belongs to the original it was drawn for, identified by path and sha256. A record
proves a complaint image only while that image is in the case with the same bytes and the picture is the
one drawn (`proofs`); choosing another original for the same listing part replaces the record, so the old
picture is never shown as proof of the new one. The listing image is copied into the case byte for byte,
so a comparison picture deleted from the case folder is drawn again (`redraw_missing`) instead of lost.
Only the case folder is written; the user's original and listing image are read.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.base.fileops import copy_verified, sha256_file
from core.base.findings import Finding, FindingFactory
from core.case.build import safe_name
from core.case.casefile import EVIDENCE_DIR, Case, ImageEntry, MatchRecord, now_iso

if TYPE_CHECKING:
    from core.matching.query import Candidate

COMPARISON_PREFIX = "对比_"
LISTING_PREFIX = "商品图_"
OK, REDRAW, STALE, LOST = "ok", "redraw", "stale", "lost"
STEM_BYTES = 80  # of the original's name inside the picture's name (the rest: hashes, so names never collide)


def legacy_comparison_path(case_dir: Path, source: str) -> Path:
    """Where a case before schema 4 kept the comparison picture of the original `source` (by name only)."""
    return Path(case_dir) / EVIDENCE_DIR / f"{COMPARISON_PREFIX}{Path(source).stem}.jpg"


def _digest(path: Path) -> str | None:
    """sha256 of a regular file in the case folder; None when it is missing, a link or unreadable."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return sha256_file(path)
    except OSError:
        return None


def prepare_match(case_dir: str | os.PathLike[str], listing: str | os.PathLike[str], candidate: Candidate, *,
                  listing_name: str | None = None, ambiguous: bool = False, runner_up: str | None = None,
                  original_sha256: str | None = None, picture: str | os.PathLike[str] | None = None,
                  cancel: threading.Event | None = None) -> MatchRecord:
    """Keep the evidence of one choice in CASE_DIR/evidence: a byte-identical copy of the listing image and
    the comparison picture (`picture`, the one the dialog drew for this candidate, is copied; without it the
    picture is drawn). `original_sha256`: the original's hash when the case already has it (not hashed
    twice). Returns the record for `adopt_match`; the case itself is not changed here."""
    folder = Path(case_dir)
    (folder / EVIDENCE_DIR).mkdir(parents=True, exist_ok=True)
    listing = Path(listing)
    listing_sha = sha256_file(listing, cancel)
    suffix = safe_name(listing.suffix.lower(), "") if listing.suffix else ".img"
    copy = f"{EVIDENCE_DIR}/{LISTING_PREFIX}{listing_sha[:16]}{suffix}"
    if _digest(folder / copy) != listing_sha:
        copy_verified(listing, folder / copy, listing_sha, cancel)
    original_sha = original_sha256 or sha256_file(candidate.path, cancel)
    stem = safe_name(Path(candidate.path).stem, "original", STEM_BYTES)
    comparison = f"{EVIDENCE_DIR}/{COMPARISON_PREFIX}{stem}_{original_sha[:8]}_{listing_sha[:8]}.jpg"
    target = folder / comparison
    if picture is not None and Path(picture).is_file():
        digest = copy_verified(picture, target, None, cancel)
    else:
        from core.matching.evidence import save_comparison  # OpenCV: only when a picture is drawn

        save_comparison(folder / copy, candidate, target)
        digest = sha256_file(target, cancel)
    return MatchRecord(listing_sha, listing_name or listing.name, os.path.abspath(candidate.path), original_sha,
                       comparison, digest, copy, candidate.part, round(float(candidate.score), 4),
                       list(candidate.region), list(candidate.listing_region), candidate.mirrored, ambiguous,
                       runner_up, [list(row) for row in candidate.transform], list(candidate.size), now_iso())


def adopt_match(case: Case, record: MatchRecord) -> list[MatchRecord]:
    """Put the record in the case, replacing the one for the same part of the same listing image (the user
    chose another original for it), and say so in the history. Returns the records it replaced."""
    replaced = [m for m in case.matches if m.listing_sha256 == record.listing_sha256 and m.part == record.part]
    case.matches = [m for m in case.matches if m not in replaced] + [record]
    case.record("matched", listing=record.listing_name, listing_sha256=record.listing_sha256, part=record.part,
                original=record.original, original_sha256=record.original_sha256, score=record.score,
                ambiguous=record.ambiguous, comparison=record.comparison,
                replaced=[{"original": m.original, "comparison": m.comparison} for m in replaced])
    return replaced


@dataclass(frozen=True)
class Proof:
    """A recorded match as it stands now for one complaint image of the case."""

    record: MatchRecord
    entry: ImageEntry
    state: str  # OK (exported), REDRAW (the picture is drawn again first), STALE or LOST (not exported)
    path: Path  # the comparison picture in the case folder
    sha256: str | None  # of that picture now (OK: what the export copies and proves)


def _redrawable(record: MatchRecord, case_dir: Path) -> bool:
    if record.listing_copy is None or record.transform is None or record.size is None:
        return False
    return _digest(case_dir / record.listing_copy) == record.listing_sha256 and os.path.isfile(record.original)


def _state(record: MatchRecord, entry: ImageEntry, case_dir: Path) -> Proof:
    path = case_dir / record.comparison
    if record.original_sha256 and entry.sha256 and record.original_sha256 != entry.sha256:
        return Proof(record, entry, STALE, path, None)
    digest = _digest(path)
    if digest is not None and digest == record.comparison_sha256:
        return Proof(record, entry, OK, path, digest)
    return Proof(record, entry, REDRAW if _redrawable(record, case_dir) else LOST, path, None)


def proofs(case: Case, case_dir: str | os.PathLike[str]) -> list[Proof]:
    """Every recorded match of a complaint image, in the complaint images' order, with its state. A case
    from before schema 4 also offers evidence/对比_<stem>.jpg for a complaint image no record covers."""
    folder = Path(case_dir)
    found: list[Proof] = []
    for entry in case.complaint:
        records = [m for m in case.matches if m.original == entry.source]
        found += [_state(record, entry, folder) for record in records]
        if records or not case.comparisons_by_name:
            continue
        legacy = legacy_comparison_path(folder, entry.source)
        digest = _digest(legacy)
        if digest is not None:
            record = MatchRecord(None, "", entry.source, entry.sha256, legacy.relative_to(folder).as_posix(), digest,
                                 legacy=True)
            found.append(Proof(record, entry, OK, legacy, digest))
    return found


def _candidate(record: MatchRecord) -> Candidate:
    from core.matching.query import Candidate

    assert record.transform is not None and record.size is not None
    width, height = record.size
    score = record.score or 0.0
    return Candidate(record.original, score, record.mirrored, list(record.region or [0, 0, width, height]),
                     list(record.listing_region or [0, 0, 1, 1]), record.part, [], score, 0, record.transform,
                     (width, height))


def redraw_missing(case: Case, case_dir: str | os.PathLike[str]) -> list[Path]:
    """Draw again, from the kept listing copy and the original, every comparison picture of a complaint
    image that was deleted or changed in the case folder; the record takes the new picture's hash. Returns
    the pictures drawn. One that cannot be drawn stays as it is (the review names it)."""
    folder = Path(case_dir)
    drawn = []
    for proof in proofs(case, folder):
        if proof.state != REDRAW or proof.record.listing_copy is None:
            continue
        try:
            from core.matching.evidence import save_comparison  # OpenCV: only when a picture is missing

            save_comparison(folder / proof.record.listing_copy, _candidate(proof.record), proof.path)
            proof.record.comparison_sha256 = sha256_file(proof.path)
        except Exception:  # noqa: BLE001 - an original that no longer decodes: the review reports the picture lost
            continue
        drawn.append(proof.path)
    return drawn


def comparison_findings(case: Case, case_dir: str | os.PathLike[str], factory: FindingFactory
                        ) -> list[tuple[str, Finding]]:
    """(complaint image's source, finding) for each recorded comparison that cannot go into the bundle."""
    made: list[tuple[str, Finding]] = []
    codes: dict[str, Callable[[Proof], Finding]] = {
        STALE: lambda p: factory.make("case.comparison_stale", name=p.entry.name, file=p.entry.source,
                                      listing=p.record.listing_name),
        LOST: lambda p: factory.make("case.comparison_missing", name=p.entry.name, file=str(p.path),
                                     listing=p.record.listing_name),
    }
    for proof in proofs(case, case_dir):
        if proof.state in codes:
            made.append((proof.entry.source, codes[proof.state](proof)))
    return made

