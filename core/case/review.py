"""Every open blocker of a case, from every check, tied to the file it is about.

`review_case` runs the per-file checks (format, size, originality through `inspect_path`; the
conversion's own findings; faces against model proof) and the case-level rules (how many complaint
and behind-the-scenes images, a behind-the-scenes image repeating the complaint image, listing,
seller, same shoot). The result is data: the export refuses while a blocker is open and not
overridden; `case show`, the GUI and report.html present the same list.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.base.fileops import sha256_file
from core.base.findings import CatalogError, Finding, FindingFactory, Judged, Severity
from core.base.jobs import Cancelled, Progress, ProgressCallback, check_cancel, no_progress
from core.base.rules import Profile, check_table, load_profile
from core.case.casefile import ROLE_BTS, ROLE_COMPLAINT, ROLE_PROOF, Case, ImageEntry
from core.case.listing import listing_findings
from core.faces.cache import FaceCache, detect_cached
from core.faces.detect import FaceResult, model_proof_findings
from core.inspection.inspect import InspectionReport, inspect_path
from core.library.suggestions import shoot_findings
from core.library.thumbnails import perceptual_hash
from core.photo.phash import distance

_REPEAT_CODES = ("case.bts_repeats_complaint", "case.duplicate_image")


@dataclass
class FileReview(Judged):
    role: str
    source: str  # the user's file (for ID photos: the copy's path inside the case folder)
    submitted: Path  # the file the bundle will carry
    entry: ImageEntry | None = None
    report: InspectionReport | None = None
    findings: list[Finding] = field(default_factory=list)
    faces: int | None = None  # None: not checked (or not decodable)


@dataclass(frozen=True)
class Issue:
    finding: Finding
    file: str | None  # source path of the file it is about; None for the case as a whole
    role: str | None

    def to_json(self) -> dict[str, Any]:
        return {**self.finding.to_json(), "file": self.file, "role": self.role}


@dataclass
class CaseReview:
    case: Case
    case_dir: Path
    profile: Profile
    language: str
    files: list[FileReview] = field(default_factory=list)
    case_findings: list[Finding] = field(default_factory=list)

    def issues(self) -> list[Issue]:
        found = [Issue(f, review.source, review.role) for review in self.files for f in review.findings]
        found += [Issue(f, None, None) for f in self.case_findings]
        return [issue for issue in found if issue.finding.severity is not Severity.OK]

    def blockers(self) -> list[Issue]:
        return [issue for issue in self.issues() if issue.finding.severity is Severity.BLOCK]

    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues() if issue.finding.severity is Severity.WARN]

    def open_blockers(self, overrides: Mapping[str, str] | None = None) -> list[Issue]:
        overrides = self.case.overrides if overrides is None else overrides
        return [issue for issue in self.blockers() if issue.finding.code not in overrides]

    def covered(self, overrides: Mapping[str, str]) -> dict[str, list[Issue]]:
        """For each override code, the blockers it covers (DECISIONS: every open blocker with that code)."""
        return {code: [i for i in self.blockers() if i.finding.code == code] for code in overrides}

    def file(self, source: str) -> FileReview | None:
        return next((review for review in self.files if review.source == source), None)

    def shoot(self) -> dict[str, Any]:
        """The facts that prove the shoot: cameras (serial, their capture-time span), the overall span."""
        cameras: dict[tuple[str, str, str], dict[str, Any]] = {}
        times: dict[tuple[str, str, str], list[datetime]] = {}
        for review in self.files:
            if review.role == ROLE_PROOF or review.report is None:
                continue
            report = review.report
            key = report.camera.identity
            cameras.setdefault(key, {**report.camera.to_json(), "files": []})["files"].append(review.source)
            if report.taken_at:
                with contextlib.suppress(ValueError):
                    times.setdefault(key, []).append(datetime.fromisoformat(report.taken_at).replace(tzinfo=None))
        for key, camera in cameras.items():
            camera.update(_span(times.get(key, [])))
        return {"cameras": list(cameras.values()), **_span([t for ts in times.values() for t in ts]),
                "timed_files": sum(len(ts) for ts in times.values())}


def _span(times: list[datetime]) -> dict[str, Any]:
    if not times:
        return {"start": None, "end": None, "span_minutes": None}
    start, end = min(times), max(times)
    return {"start": start.isoformat(), "end": end.isoformat(),
            "span_minutes": round((end - start).total_seconds() / 60, 1)}


def _stored_findings(factory: FindingFactory, stored: list[dict[str, Any]]) -> list[Finding]:
    findings = []
    for item in stored:
        try:
            findings.append(factory.make(str(item["code"]), item.get("severity"), **dict(item.get("params", {}))))
        except Exception:  # a record from another version naming a code we no longer know: skip it
            continue
    return findings


def _source_findings(entry: ImageEntry, case_dir: Path, factory: FindingFactory,
                     cancel: threading.Event | None) -> tuple[list[Finding], str | None]:
    """The user's file must still be there with the bytes it had when added (and so must a conversion).
    Also returns the sha256 the submitted file has now (None when unreadable), for the face cache."""
    findings: list[Finding] = []
    name = entry.name
    source_now: str | None = None
    try:
        if entry.sha256 is None:
            findings.append(factory.make("case.source_missing", file=entry.source, name=name))
        else:
            source_now = sha256_file(entry.source, cancel)
            if source_now != entry.sha256:
                findings.append(factory.make("case.source_changed", file=entry.source, name=name))
    except OSError:
        findings.append(factory.make("case.source_missing", file=entry.source, name=name))
    if not entry.converted:
        return findings, source_now
    converted = entry.submitted(case_dir)
    try:
        converted_now: str | None = sha256_file(converted, cancel)
    except OSError:
        converted_now = None
    if converted_now is None or converted_now != entry.converted_sha256:
        findings.append(factory.make("case.converted_missing", file=str(converted), name=name))
    return findings, converted_now


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    unique = []
    for finding in findings:
        if finding.code not in seen:
            seen.add(finding.code)
            unique.append(finding)
    return unique


def _face_findings(review: FileReview, case: Case, factory: FindingFactory, faces: FaceCache | None,
                   digest: str | None, cancel: threading.Event | None) -> list[Finding]:
    """Faces against model proof, by the face check's own rule (core.faces.detect.model_proof_findings).
    The detector runs only for content the case's face cache has not seen (`digest`: its sha256 now)."""
    if faces is None:
        return []  # face check not part of this build

    try:
        result = detect_cached(review.submitted, faces, digest, cancel)
    except Cancelled:
        raise
    except Exception as error:  # a detector bug must not cost the whole review: "not checked" instead
        result = FaceResult(str(review.submitted), error=f"{type(error).__name__}: {error}")
    if result.error is None:
        review.faces = result.faces
    covered = bool(case.models_in(review.source))
    try:
        return model_proof_findings(result, covered, case.no_model.get(review.source), factory)
    except CatalogError:  # the face check's texts are not in this build: treat the check as absent
        return []


def _review_image(role: str, entry: ImageEntry, case: Case, case_dir: Path, profile: Profile,
                  factory: FindingFactory, faces: FaceCache | None, cancel: threading.Event | None) -> FileReview:
    review = FileReview(role, entry.source, entry.submitted(case_dir), entry)
    findings, digest = _source_findings(entry, case_dir, factory, cancel)
    conversion = _stored_findings(factory, entry.conversion_findings)
    findings += conversion
    if review.submitted.is_file():
        review.report = inspect_path(review.submitted, profile, factory.language)
        findings += review.report.findings
        findings += _face_findings(review, case, factory, faces, digest, cancel)
    if any(f.severity is Severity.BLOCK for f in conversion):
        # The conversion was tried and refused: "it can be converted" would now contradict that.
        findings = [f for f in findings if f.code != "format.convertible"]
    review.findings = _dedupe(findings)
    return review


def _repeat_findings(reviews: list[FileReview], factory: FindingFactory, profile: Profile) -> None:
    """A behind-the-scenes image may not repeat the complaint image (same bytes or near-identical pixels)."""
    complaints = [r for r in reviews if r.role == ROLE_COMPLAINT and r.entry]
    seen: dict[str, str] = {}
    for review in reviews:
        digest = review.entry.submitted_sha256() if review.entry else None
        if digest and digest in seen and review.role == ROLE_BTS:
            code = "case.bts_repeats_complaint" if seen[digest] == ROLE_COMPLAINT else "case.duplicate_image"
            review.findings.append(factory.make(code, name=Path(review.source).name))
        elif digest:
            seen.setdefault(digest, review.role)
    # One notion of "near-duplicate" across the app: the sessions rules' threshold when they set one.
    threshold = check_table(profile, "library").get("near_duplicate_distance",
                                                     check_table(profile, "case").get("near_duplicate_distance"))
    if not isinstance(threshold, int):
        return

    def hashed(review: FileReview) -> int | None:
        report = review.report
        if report is None:
            return None
        return perceptual_hash(review.submitted, report.type, report.orientation)

    complaint_hashes = [h for h in (hashed(c) for c in complaints) if h is not None]
    for review in reviews:
        if review.role != ROLE_BTS or any(f.code in _REPEAT_CODES for f in review.findings):
            continue
        value = hashed(review) if complaint_hashes else None
        if value is None:
            continue
        if any(distance(value, complaint) <= threshold for complaint in complaint_hashes):
            review.findings.append(factory.make("case.bts_repeats_complaint", name=Path(review.source).name))


def _same_shoot_findings(reviews: list[FileReview], profile: Profile, lang: str) -> list[Finding]:
    """The sessions rule (`bts.not_same_shoot`, warn): no behind-the-scenes image shares the complaint's shoot."""
    complaint = next((r for r in reviews if r.role == ROLE_COMPLAINT and r.submitted.is_file()), None)
    others = [str(r.submitted) for r in reviews if r.role == ROLE_BTS and r.submitted.is_file()]
    if complaint is None or not others:
        return []
    return shoot_findings(str(complaint.submitted), others, profile, lang)


def _case_findings(case: Case, profile: Profile, factory: FindingFactory) -> list[Finding]:
    findings: list[Finding] = []
    if not case.seller.strip():
        findings.append(factory.make("case.seller_missing"))
    findings += listing_findings(case.listings, profile, factory.language)
    if len(case.complaint) != profile.complaint_images:
        findings.append(factory.make("case.complaint_count", count=len(case.complaint),
                                     required=profile.complaint_images))
    if len(case.bts) < profile.min_bts_images:
        findings.append(factory.make("case.bts_too_few", count=len(case.bts), required=profile.min_bts_images))
    for model in case.models:
        if not model.proof:
            findings.append(factory.make("case.model_without_proof", model=model.name))
    return findings


def _proof_reviews(case: Case, case_dir: Path, factory: FindingFactory) -> list[FileReview]:
    reviews = []
    for model in case.models:
        for proof in model.proof:
            review = FileReview(ROLE_PROOF, proof.path, case_dir / proof.path)
            try:
                intact = sha256_file(review.submitted) == proof.sha256
            except OSError:
                intact = False
            if not intact:
                review.findings.append(factory.make("case.proof_missing", model=model.name, file=proof.path))
            reviews.append(review)
    return reviews


def _face_cache(case_dir: Path) -> FaceCache:
    """The case's face cache."""
    return FaceCache(case_dir)


def review_case(case: Case, case_dir: str | Path, lang: str | None = None,
                progress: ProgressCallback = no_progress, cancel: threading.Event | None = None) -> CaseReview:
    """Check every file and rule of the case; long (hashes, inspection, faces), so it reports progress."""
    folder = Path(case_dir).absolute()
    profile = load_profile(case.profile)
    factory = profile.findings(lang)
    review = CaseReview(case, folder, profile, factory.language)
    images = case.images()
    faces = _face_cache(folder)
    complete = False
    try:
        for index, (role, entry) in enumerate(images):
            check_cancel(cancel)
            progress(Progress(index, len(images), entry.source))
            review.files.append(_review_image(role, entry, case, folder, profile, factory, faces, cancel))
        complete = True
    finally:  # keep what was detected, even when cancelled; a complete review drops pictures no longer in the case
        if faces is not None:
            faces.save(prune=complete)
    progress(Progress(len(images), len(images), None))
    _repeat_findings(review.files, factory, profile)
    review.files += _proof_reviews(case, folder, factory)
    review.case_findings = _case_findings(case, profile, factory)
    review.case_findings += _same_shoot_findings(review.files, profile, factory.language)
    return review
