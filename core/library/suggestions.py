"""Behind-the-scenes (花絮图) suggestions for a complaint image, and the "same shoot?" test for a case.

Candidates come first from the complaint image's own session (same body), then from other devices'
sessions that overlap it in time (an assistant's phone showing the set). Near-duplicates of the
complaint image (perceptual distance at or below the threshold) and byte-identical copies are left
out: they repeat the complaint image rather than corroborate it. Every candidate gets a full
inspection; those that pass every rule (or are a RAW/HEIC that converts to pass) come first, the others
follow with the rule they fail and `passes: false` (never picked automatically). Within each group:
same session before other devices, then by score (nearest in time first). Numbers in library.toml.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from core.base.findings import Finding, MessageCatalog, Severity
from core.base.findings import catalog as message_catalog
from core.base.jobs import ProgressCallback, check_cancel
from core.base.rules import Profile, check_table, from_table, load_profile
from core.inspection.inspect import inspect_path
from core.library.catalog import Catalog
from core.library.scan import inspect_record
from core.library.sessions import (
    Session,
    SessionItem,
    SessionRules,
    collect_items,
    group_sessions,
    overlap_seconds,
    parse_time,
    session_of,
)
from core.library.thumbnails import perceptual_hash, sha256_file
from core.photo.facts import Camera
from core.photo.phash import distance


@dataclass
class Suggestion:
    path: str
    score: float
    reasons: list[str]
    passes: bool
    failing: list[str]  # finding codes of the rules it fails (block)
    session_id: str
    same_device: bool
    convertible: bool = False
    taken_at: str | None = None
    camera: Camera = field(default_factory=Camera)
    seconds_from_complaint: float | None = None
    perceptual_distance: int | None = None
    companions: list[str] = field(default_factory=list)
    thumbnail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "passes": self.passes,
            "failing": list(self.failing),
            "convertible": self.convertible,
            "session_id": self.session_id,
            "same_device": self.same_device,
            "taken_at": self.taken_at,
            "camera": self.camera.to_json(),
            "seconds_from_complaint": self.seconds_from_complaint,
            "perceptual_distance": self.perceptual_distance,
            "companions": list(self.companions),
        }


@dataclass(frozen=True)
class SuggestionRules:
    overlap_margin_seconds: float = 900.0
    near_duplicate_distance: int = 10
    time_scale_minutes: float = 20.0
    same_device_weight: float = 1.0
    other_device_weight: float = 0.75
    time_weight: float = 0.6
    passes_weight: float = 0.4
    convertible_weight: float = 0.3
    warn_weight: float = 0.25
    inspect_limit: int = 48

    @classmethod
    def from_profile(cls, profile: Profile) -> SuggestionRules:
        return from_table(cls, check_table(profile, "library").get("suggestions", {}))


@dataclass
class _Candidate:
    path: str
    session: Session
    same_device: bool
    item: SessionItem
    seconds: float | None
    companions: list[str]


def _seconds_between(complaint: SessionItem, other: SessionItem) -> float | None:
    a, b = parse_time(complaint.taken_at), parse_time(other.taken_at)
    if a is None or b is None:
        return None
    shift = (a[1] - b[1]) if a[1] is not None and b[1] is not None else None
    return ((b[0] + shift) - a[0]).total_seconds() if shift is not None else (b[0] - a[0]).total_seconds()


def when_text(labels: MessageCatalog, seconds: float | None) -> str:
    """"3 min later" / "晚 3 分钟拍摄", from the label catalog."""
    if seconds is None:
        return ""
    magnitude = abs(seconds)
    if magnitude < 1:
        return labels.label("bts.same_moment")
    if magnitude < 90:
        amount = labels.label("bts.seconds", n=round(magnitude))
    elif magnitude < 120 * 60:
        amount = labels.label("bts.minutes", n=round(magnitude / 60))
    else:
        amount = labels.label("bts.hours", n=f"{magnitude / 3600:.1f}".rstrip("0").rstrip("."))
    return labels.label("bts.later" if seconds > 0 else "bts.earlier", amount=amount)


def _short_serial(serial: str) -> str:
    return serial if len(serial) <= 6 else serial[:4] + "…"


def _device_reasons(labels: MessageCatalog, candidate: _Candidate) -> list[str]:
    when = when_text(labels, candidate.seconds)
    camera = candidate.session.camera
    name = camera.describe() if camera.known else labels.label("bts.unknown_camera")
    if candidate.same_device:
        if camera.serial:
            return [labels.label("bts.same_camera_serial", serial=_short_serial(camera.serial), when=when)]
        return [labels.label("bts.same_camera", camera=name, when=when)]
    return [labels.label("bts.other_device"), labels.label("bts.other_device_detail", camera=name, when=when)]


def _gather(home: Session, sessions: list[Session], complaint: SessionItem, margin: float) -> list[_Candidate]:
    own_shot = {complaint.path}
    for listed, others in home.companions.items():
        if complaint.path == listed or complaint.path in others:
            own_shot |= {listed, *others}
    by_path = {item.path: item for item in home.items}
    found = [_Candidate(path, home, True, by_path[path], _seconds_between(complaint, by_path[path]),
                        home.companions.get(path, []))
             for path in home.files if path not in own_shot]
    if not home.timed:
        return found
    for other in sessions:
        if other is home or not other.timed or other.camera == home.camera:
            continue
        gap = overlap_seconds(home, other)
        if gap is None or gap > margin:
            continue
        items = {item.path: item for item in other.items}
        found.extend(_Candidate(path, other, False, items[path], _seconds_between(complaint, items[path]),
                                other.companions.get(path, [])) for path in other.files)
    return found


def suggest_bts(complaint: str, libraries: list[str], profile: Profile | None = None, lang: str | None = None,
                catalog: Catalog | None = None, limit: int = 12, progress: ProgressCallback | None = None,
                cancel: threading.Event | None = None) -> list[Suggestion]:
    """Ranked behind-the-scenes candidates for `complaint` from the library folders `libraries`."""
    profile = profile or load_profile()
    rules = SuggestionRules.from_profile(profile)
    own = catalog is None
    store = catalog if catalog is not None else Catalog(profile=profile)
    try:
        store.scan(libraries, progress, cancel)
        complaint_path = os.path.abspath(complaint)
        entries = {e.path: e for e in store.entries(libraries) if e.type != "unknown"}
        items = [e.session_item() for e in entries.values()]
        record = None
        if complaint_path not in entries:
            record = inspect_record(complaint_path, profile)
            if record.type == "unknown":
                return []
            items.append(SessionItem(complaint_path, record.camera, record.taken_at, record.type, record.gps))
        sessions = group_sessions(items, None, SessionRules.from_profile(profile))
        home = session_of(sessions, complaint_path)
        if home is None:
            return []
        me = next(item for item in home.items if item.path == complaint_path)
        candidates = _gather(home, sessions, me, rules.overlap_margin_seconds)
        candidates.sort(key=lambda c: (not c.same_device, abs(c.seconds) if c.seconds is not None else math.inf,
                                       c.path))
        candidates = candidates[: max(rules.inspect_limit, limit)]
        check_cancel(cancel)
        store.compute_hashes(paths=[c.path for c in candidates] + [complaint_path], cancel=cancel,
                             workers=2 if len(candidates) > 32 else 1)
        hashed = {e.path: e for e in store.entries(libraries)}
        mine = hashed.get(complaint_path)
        my_hash = mine.phash if mine else perceptual_hash(complaint_path, record.type if record else me.type,
                                                          record.orientation if record else None)
        my_sha = mine.sha256 if mine and mine.sha256 else _sha_or_none(complaint_path)
        labels = message_catalog(lang)
        suggestions: list[Suggestion] = []
        for candidate in candidates:
            check_cancel(cancel)
            entry = hashed.get(candidate.path)
            if entry is not None and my_sha and entry.sha256 == my_sha:
                continue  # a copy of the complaint image itself
            gap = distance(my_hash, entry.phash) if my_hash is not None and entry and entry.phash is not None else None
            if gap is not None and gap <= rules.near_duplicate_distance:
                continue  # a repeat of the complaint image, not another angle
            suggestions.append(_judge(candidate, gap, entry.thumbnail if entry else None, profile, lang, labels,
                                      rules))
        suggestions.sort(key=lambda s: (not s.passes, not s.same_device, -s.score, s.path))
        return suggestions[:limit]
    finally:
        if own:
            store.close()


def _sha_or_none(path: str) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def _judge(candidate: _Candidate, gap: int | None, thumbnail: str | None, profile: Profile, lang: str | None,
           labels: MessageCatalog, rules: SuggestionRules) -> Suggestion:
    report = inspect_path(candidate.path, profile, lang)
    blockers = [f for f in report.findings if f.severity is Severity.BLOCK]
    warnings = [f for f in report.findings if f.severity is Severity.WARN]
    convertible = any(f.code == "format.convertible" for f in blockers)
    failing = [f for f in blockers if f.code != "format.convertible"]
    passes = not failing
    reasons = _device_reasons(labels, candidate)
    if failing:
        reasons.extend(labels.label("bts.fails", message=f.message) for f in failing)
        rule_part = 0.0
    elif convertible:
        reasons.append(labels.label("bts.convertible", type_label=_type_label(report.findings)))
        rule_part = rules.convertible_weight
    elif warnings:
        reasons.extend(labels.label("bts.warn", message=f.message) for f in warnings)
        rule_part = rules.warn_weight
    else:
        reasons.append(labels.label("bts.passes"))
        rule_part = rules.passes_weight
    for companion in candidate.companions:
        reasons.append(labels.label("bts.raw_companion", name=os.path.basename(companion)))
    minutes = abs(candidate.seconds) / 60 if candidate.seconds is not None else math.inf
    time_part = math.exp(-minutes / rules.time_scale_minutes) if rules.time_scale_minutes > 0 else 0.0
    weight = rules.same_device_weight if candidate.same_device else rules.other_device_weight
    return Suggestion(
        path=candidate.path, score=weight * (rules.time_weight * time_part + rule_part), reasons=reasons,
        passes=passes, failing=[f.code for f in failing], session_id=candidate.session.id,
        same_device=candidate.same_device, convertible=convertible and passes, taken_at=candidate.item.taken_at,
        camera=candidate.item.camera, seconds_from_complaint=candidate.seconds, perceptual_distance=gap,
        companions=list(candidate.companions), thumbnail=thumbnail,
    )


def _type_label(findings: list[Finding]) -> str:
    for finding in findings:
        if finding.code == "format.convertible":
            return str(finding.params.get("type_label", ""))
    return ""


def shares_shoot(complaint: str, others: list[str], profile: Profile | None = None,
                 catalog: Catalog | None = None) -> dict[str, bool]:
    """Per other file: True when it is in the complaint image's session, or in another device's session
    overlapping it in time. With a catalog, its library files bridge the gaps (the whole shoot counts)."""
    profile = profile or load_profile()
    rules = SuggestionRules.from_profile(profile)
    given = {os.path.abspath(p): p for p in others}
    items, _ = collect_items([complaint, *others], profile)
    items = [SessionItem(os.path.abspath(i.path), i.camera, i.taken_at, i.type, i.gps) for i in items]
    if catalog is not None:
        known = {i.path for i in items}
        items.extend(e.session_item() for e in catalog.entries() if e.type != "unknown" and e.path not in known)
    sessions = group_sessions(items, None, SessionRules.from_profile(profile))
    home = session_of(sessions, os.path.abspath(complaint))
    result: dict[str, bool] = {}
    for absolute, original in given.items():
        theirs = session_of(sessions, absolute)
        if home is None or theirs is None:
            result[original] = False
        elif theirs is home:
            result[original] = True
        else:
            gap = overlap_seconds(home, theirs)
            result[original] = theirs.camera != home.camera and gap is not None and gap <= rules.overlap_margin_seconds
    return result


def shoot_findings(complaint: str, others: list[str], profile: Profile | None = None, lang: str | None = None,
                   catalog: Catalog | None = None) -> list[Finding]:
    """`bts.not_same_shoot` (warn) when none of the behind-the-scenes files shares the complaint's shoot."""
    profile = profile or load_profile()
    if not others:
        return []
    shared = shares_shoot(complaint, others, profile, catalog)
    if any(shared.values()):
        return []
    return [profile.findings(lang).make("bts.not_same_shoot", files=len(others))]
