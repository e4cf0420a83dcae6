"""The case rules about the shoot: a behind-the-scenes image may not repeat the complaint image, and each
must share the complaint image's shoot. Judged from the file reviews `core.case.review` made (inspection
reports, hashes): no file is read again. Kept apart from `review` so each module is about one subject.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.base.findings import FindingFactory
from core.base.rules import Profile, check_table
from core.case.casefile import ROLE_BTS, ROLE_COMPLAINT
from core.case.file_facts import FileFacts
from core.library.scan import gps_position
from core.library.sessions import SessionItem
from core.library.suggestions import shoot_relation
from core.photo.phash import distance

if TYPE_CHECKING:
    from core.case.review import FileReview

_REPEAT_CODES = ("case.bts_repeats_complaint", "case.duplicate_image")


def repeat_findings(reviews: list[FileReview], factory: FindingFactory, profile: Profile,
                     facts: FileFacts) -> None:
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
        return facts.phash(review.submitted, review.report) if review.report is not None else None

    complaint_hashes = [h for h in (hashed(c) for c in complaints) if h is not None]
    for review in reviews:
        if review.role != ROLE_BTS or any(f.code in _REPEAT_CODES for f in review.findings):
            continue
        value = hashed(review) if complaint_hashes else None
        if value is None:
            continue
        if any(distance(value, complaint) <= threshold for complaint in complaint_hashes):
            review.findings.append(factory.make("case.bts_repeats_complaint", name=Path(review.source).name))


def _session_item(review: FileReview) -> SessionItem | None:
    report = review.report
    if report is None or report.type == "unknown":
        return None
    return SessionItem(str(review.submitted), report.camera, report.taken_at, report.type,
                       gps_position(report.metadata))


def same_shoot(reviews: list[FileReview], profile: Profile, factory: FindingFactory) -> None:
    """Each behind-the-scenes image must share the complaint image's shoot (same body's session, or
    another device's session overlapping it in time); each one that does not gets its own finding,
    naming it and when it was taken. Judged from the inspection reports: no file is read again."""
    complaint = next((r for r in reviews if r.role == ROLE_COMPLAINT and r.report is not None), None)
    others = [r for r in reviews if r.role == ROLE_BTS and r.report is not None]
    if complaint is None or not others:
        return
    home = _session_item(complaint)
    items = {id(r): _session_item(r) for r in others}
    if home is None:
        return
    related = shoot_relation(home, [i for i in items.values() if i is not None], profile)
    complaint_time = complaint.report.taken_at if complaint.report else None
    for review in others:
        item = items[id(review)]
        review.shares_shoot = bool(item is not None and related.get(item.path))
        if review.shares_shoot:
            continue
        taken = review.report.taken_at if review.report else None
        name = Path(review.source).name
        if not taken or not complaint_time:
            review.findings.append(factory.make("bts.shoot_unknown", name=name, file=review.source))
            continue
        when = f"{taken[:4]} 年" if taken[:4] != complaint_time[:4] else taken[:10]
        if factory.language != "zh_CN":
            when = taken[:4] if taken[:4] != complaint_time[:4] else taken[:10]
        review.findings.append(factory.make("bts.not_same_shoot", name=name, file=review.source, when=when,
                                            year=taken[:4], taken=taken[:10], complaint_taken=complaint_time[:10]))
