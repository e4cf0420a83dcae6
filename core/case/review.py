"""Every open blocker of a case, from every check, tied to the file it is about, and the case's one status.

`review_case` runs the per-file checks (format, size, originality through `inspect_path`; the
conversion's own findings; faces against model proof, face by face) and the case-level rules (how many
complaint and behind-the-scenes images, a behind-the-scenes image repeating the complaint image, listing,
seller) and, for each behind-the-scenes image, whether it shares the complaint image's shoot. Per-file
facts come from `FileFacts` (kept while a file is unchanged), so re-reviewing after a case-field edit
re-runs only the rules. A blocker is open until fixed or explained for that file (an `Explanation` per
code and file sha256). `Readiness` is the status the checklist, tiles, detail pane, export dialog and
report.html all word the same way; `file_state` is each file's badge.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from core.base.findings import CatalogError, Finding, FindingFactory, Judged, Severity, catalog
from core.base.jobs import Progress, ProgressCallback, check_cancel, no_progress
from core.base.rules import Profile, load_profile
from core.case.casefile import ROLE_BTS, ROLE_COMPLAINT, ROLE_PROOF, Case, Explanation, ImageEntry
from core.case.comparisons import comparison_findings
from core.case.face_coverage import Coverage, face_findings, proof_face_findings
from core.case.file_facts import FileFacts
from core.case.listing import listing_findings
from core.case.shoot_rules import repeat_findings, same_shoot
from core.inspection.inspect import InspectionReport
from core.library.sessions import parse_time


@dataclass
class FileReview(Judged):
    role: str
    source: str  # the user's file (for ID photos: the copy's path inside the case folder)
    submitted: Path  # the file the bundle will carry
    entry: ImageEntry | None = None
    report: InspectionReport | None = None
    findings: list[Finding] = field(default_factory=list)
    faces: int | None = None  # None: not checked (or not decodable)
    sha256: str | None = None  # the file's identity for explanations: its sha256 when added to the case
    face_result: Any = None  # core.faces.detect.FaceResult
    coverage: Coverage | None = None  # which face is covered by what
    model: str | None = None  # ID photos and authorization scans: whose
    shares_shoot: bool | None = None  # behind-the-scenes images: same shoot as the complaint image

    @property
    def key(self) -> str:
        """What explanations of this file are stored under (DECISIONS: per code and file sha256)."""
        return self.sha256 or f"path:{self.source}"


@dataclass(frozen=True)
class Issue:
    finding: Finding
    file: str | None  # source path of the file it is about; None for the case as a whole
    role: str | None
    key: str | None = None  # the file's explanation key (FileReview.key); None for the case
    explanation: Explanation | None = None  # the user's reason, when this blocker is explained

    @property
    def explained(self) -> bool:
        return self.explanation is not None

    def to_json(self) -> dict[str, Any]:
        data = {**self.finding.to_json(), "file": self.file, "role": self.role}
        if self.explanation is not None:
            data["explanation"] = self.explanation.reason
        return data


FILE_BLOCKED, FILE_EXPLAINED, FILE_WARN, FILE_OK = "block", "explained", "warn", "ok"


@dataclass(frozen=True)
class Readiness:
    """The case's one status: what the checklist, the tiles, the export dialog and report.html all say."""

    open: int  # blockers neither fixed nor explained
    explained: int  # blockers the user explained: exportable, but the platform may still reject them
    warnings: int

    @property
    def state(self) -> str:
        return "blocked" if self.open else ("explained" if self.explained else "ready")

    @property
    def exportable(self) -> bool:
        return not self.open

    def text(self, lang: str | None = None) -> str:
        labels = catalog(lang)
        count = {"blocked": self.open, "explained": self.explained, "ready": 0}[self.state]
        return labels.label("case.status." + self.state).replace("{n}", str(count))


@dataclass
class CaseReview:
    case: Case
    case_dir: Path
    profile: Profile
    language: str
    files: list[FileReview] = field(default_factory=list)
    case_findings: list[Finding] = field(default_factory=list)
    # Explanations in force for this review: the case's, plus those a schema-1 case's per-code overrides
    # become (`migrated`, recorded in the case by `settle_legacy`), plus any given for one export.
    explanations: list[Explanation] = field(default_factory=list)
    migrated: list[Explanation] = field(default_factory=list)

    def _explanation(self, code: str, key: str | None) -> Explanation | None:
        return next((e for e in self.explanations if e.code == code and e.sha256 == key), None)

    def issues(self) -> list[Issue]:
        found = [Issue(f, review.source, review.role, review.key,
                       self._explanation(f.code, review.key) if f.severity is Severity.BLOCK else None)
                 for review in self.files for f in review.findings]
        found += [Issue(f, None, None, None, self._explanation(f.code, None) if f.severity is Severity.BLOCK
                        else None) for f in self.case_findings]
        return [issue for issue in found if issue.finding.severity is not Severity.OK]

    def blockers(self) -> list[Issue]:
        return [issue for issue in self.issues() if issue.finding.severity is Severity.BLOCK]

    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues() if issue.finding.severity is Severity.WARN]

    def open_blockers(self) -> list[Issue]:
        return [issue for issue in self.blockers() if not issue.explained]

    def explained(self) -> list[Issue]:
        return [issue for issue in self.blockers() if issue.explained]

    def with_explanations(self, extra: list[Explanation]) -> CaseReview:
        """The same review with more explanations in force (an export's `--override`s)."""
        merged = {e.key: e for e in extra}
        merged.update({e.key: e for e in self.explanations})  # one already stored stays as it was recorded
        return replace(self, explanations=list(merged.values()))

    def readiness(self) -> Readiness:
        return Readiness(len(self.open_blockers()), len(self.explained()), len(self.warnings()))

    def file_state(self, source: str) -> str:
        """One file's badge: blocked, explained (exportable, not a ✓), warn or ok; "" when not reviewed."""
        review = self.file(source)
        if review is None:
            return ""
        issues = [i for i in self.issues() if i.file == source]
        if any(i.finding.severity is Severity.BLOCK and not i.explained for i in issues):
            return FILE_BLOCKED
        if any(i.explained for i in issues):
            return FILE_EXPLAINED
        return FILE_WARN if issues else FILE_OK

    def file(self, source: str) -> FileReview | None:
        return next((review for review in self.files if review.source == source), None)

    def shoot(self) -> dict[str, Any]:
        """The facts that prove the shoot: the devices of the photos that share the complaint image's shoot
        (serial, their capture-time span), the overall span, and apart from them the images that do not."""
        cameras: dict[tuple[str, str, str], dict[str, Any]] = {}
        times: dict[tuple[str, str, str], list[datetime]] = {}
        unrelated: list[dict[str, Any]] = []
        for review in self.files:
            if review.role not in (ROLE_COMPLAINT, ROLE_BTS) or review.report is None:
                continue
            report = review.report
            if review.shares_shoot is False:
                unrelated.append({"file": review.source, "taken_at": report.taken_at,
                                  "camera": report.camera.to_json()})
                continue
            key = report.camera.identity
            cameras.setdefault(key, {**report.camera.to_json(), "files": []})["files"].append(review.source)
            parsed = parse_time(report.taken_at)  # a capture day alone has no place in a span of times
            if parsed is not None:
                times.setdefault(key, []).append(parsed[0])
        for key, camera in cameras.items():
            camera.update(_span(times.get(key, [])))
        return {"cameras": list(cameras.values()), **_span([t for ts in times.values() for t in ts]),
                "timed_files": sum(len(ts) for ts in times.values()), "unrelated": unrelated}


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


def _source_findings(entry: ImageEntry, case_dir: Path, factory: FindingFactory, facts: FileFacts,
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
            source_now = facts.sha256(entry.source, cancel)
            if source_now != entry.sha256:
                findings.append(factory.make("case.source_changed", file=entry.source, name=name))
    except OSError:
        findings.append(factory.make("case.source_missing", file=entry.source, name=name))
    if not entry.converted:
        return findings, source_now
    converted = entry.submitted(case_dir)
    try:
        converted_now: str | None = facts.sha256(converted, cancel)
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


def _judge_faces(review: FileReview, case: Case, factory: FindingFactory) -> list[Finding]:
    """Faces against model proof, face by face (core.case.face_coverage)."""
    result = review.face_result
    if result is not None and result.error is None:
        review.faces = result.faces
    try:
        findings, review.coverage = face_findings(review.source, str(review.submitted), result, case, factory)
    except CatalogError:  # the face check's texts are not in this build: treat the check as absent
        return []
    if review.coverage is not None:
        review.faces = len(review.coverage.faces)
    return findings


def _review_image(role: str, entry: ImageEntry, case: Case, case_dir: Path, profile: Profile,
                  factory: FindingFactory, facts: FileFacts, cancel: threading.Event | None) -> FileReview:
    review = FileReview(role, entry.source, entry.submitted(case_dir), entry, sha256=entry.sha256)
    findings, digest = _source_findings(entry, case_dir, factory, facts, cancel)
    conversion = _stored_findings(factory, entry.conversion_findings)
    findings += conversion
    if review.submitted.is_file():
        review.report = facts.report(review.submitted, profile, factory.language)
        findings += review.report.findings
        review.face_result = facts.faces(review.submitted, digest, cancel)
        findings += _judge_faces(review, case, factory)
    if any(f.severity is Severity.BLOCK for f in conversion):
        # The conversion was tried and refused: "it can be converted" would now contradict that.
        findings = [f for f in findings if f.code != "format.convertible"]
    review.findings = _dedupe(findings)
    return review


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


def _stored_review(model_name: str, path: str, sha256: str, case_dir: Path, factory: FindingFactory,
                   facts: FileFacts, cancel: threading.Event | None) -> tuple[FileReview, bool]:
    """A file the case keeps for a model (ID photo, signed authorization) and whether it is still the copy stored."""
    review = FileReview(ROLE_PROOF, path, case_dir / path, sha256=sha256, model=model_name)
    try:
        intact = facts.sha256(review.submitted, cancel) == sha256
    except OSError:
        intact = False
    if not intact:
        review.findings.append(factory.make("case.proof_missing", model=model_name, file=path))
    return review, intact


def _proof_reviews(case: Case, case_dir: Path, factory: FindingFactory, facts: FileFacts,
                   cancel: threading.Event | None) -> list[FileReview]:
    reviews = []
    for model in case.models:
        for proof in model.proof:
            review, intact = _stored_review(model.name, proof.path, proof.sha256, case_dir, factory, facts, cancel)
            if intact:
                # The platform wants the model holding the ID, face visible: a proof with no face warns.
                # (Never through the case's face cache: ID photos are kept out of every cache.)
                review.face_result = facts.faces(review.submitted, proof.sha256, cancel, keep=False)
                with contextlib.suppress(CatalogError):
                    review.findings += proof_face_findings(proof.original_name or Path(proof.path).name,
                                                           model.name, review.face_result, factory)
            reviews.append(review)
        for scan in model.authorization:
            reviews.append(_stored_review(model.name, scan.path, scan.sha256, case_dir, factory, facts, cancel)[0])
    return reviews


def legacy_explanations(review: CaseReview) -> list[Explanation]:
    """A schema-1 case's per-code overrides as per-file explanations: one per file that carries the code
    now (and one for the case when a case-level finding does)."""
    legacy = review.case.legacy_overrides
    if not legacy:
        return []
    made: dict[tuple[str, str | None], Explanation] = {}
    for issue in review.blockers():
        reason = legacy.get(issue.finding.code)
        if reason is not None and (issue.finding.code, issue.key) not in made:
            made[(issue.finding.code, issue.key)] = Explanation(issue.finding.code, issue.key, reason, issue.file)
    return list(made.values())


def settle_legacy(case: Case, review: CaseReview) -> bool:
    """Store what the review's migration made of the old per-code overrides, and say so in the history.
    Returns True when the case changed (the caller saves it)."""
    if not case.legacy_overrides:
        return False
    known = {e.key for e in case.explanations}
    for explanation in review.migrated:
        if explanation.key not in known:
            case.explanations.append(explanation)
    case.record("migrated", what="overrides", codes=sorted(case.legacy_overrides),
                files=[{"code": e.code, "file": e.file, "sha256": e.sha256} for e in review.migrated])
    case.legacy_overrides = {}
    return True


def review_case(case: Case, case_dir: str | Path, lang: str | None = None,
                progress: ProgressCallback = no_progress, cancel: threading.Event | None = None,
                facts: FileFacts | None = None) -> CaseReview:
    """Check every file and rule of the case. Per-file facts (hashes, inspection, faces, pHash) come from
    `facts`, which keeps them while a file's size and mtime are unchanged: give the same `FileFacts` to
    each review of an open case and an edit of the seller or an explanation re-runs only the rules."""
    folder = Path(case_dir).absolute()
    profile = load_profile(case.profile)
    factory = profile.findings(lang)
    review = CaseReview(case, folder, profile, factory.language)
    own = facts is None
    facts = facts if facts is not None else FileFacts(folder)
    images = case.images()
    complete = False
    try:
        for index, (role, entry) in enumerate(images):
            check_cancel(cancel)
            progress(Progress(index, len(images), entry.source))
            review.files.append(_review_image(role, entry, case, folder, profile, factory, facts, cancel))
        review.files += _proof_reviews(case, folder, factory, facts, cancel)
        complete = True
    finally:  # keep what was detected, even when cancelled; a complete review drops pictures no longer in the case
        if own or complete:
            facts.save(prune=complete and own)
    progress(Progress(len(images), len(images), None))
    repeat_findings(review.files, factory, profile, facts)
    same_shoot(review.files, profile, factory)
    for source, finding in comparison_findings(case, folder, factory):  # find-my-original evidence
        file = review.file(source)
        if file is not None:
            file.findings.append(finding)
    review.case_findings = _case_findings(case, profile, factory)
    review.explanations = list(case.explanations)
    review.migrated = legacy_explanations(review)
    review.explanations += review.migrated
    return review
