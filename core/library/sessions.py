"""Shoot sessions: photos grouped by camera body and capture time.

The rule (numbers in `resources/rules/checks/library.toml`, read by `SessionRules`):
- Bodies never mix. A body is make + model + serial; a differing serial is another body even for the
  same model; a frame without a serial joins the body of its make + model (when several bodies of that
  model are known, the one it sits nearest to in time).
- Per body, frames sorted by capture time are split where the gap exceeds an adaptive threshold:
  gaps over `max_gap_seconds` always split; inside the stretches that leaves, the threshold is
  clamp(`gap_factor` x mean spacing, `min_gap_seconds`, `max_gap_seconds`). Supporting evidence: a gap
  the threshold would split stays together when GPS puts both frames at the same place and their
  file-name counters run on (IMG_0123 -> IMG_0124); frames `far_apart_km` apart always split.
  A user gap (`gap_seconds`) replaces the adaptive threshold.
- Times are compared as naive local wall-clock times (cameras rarely record an offset); offsets are
  used only to compare two devices that both record one.
- A RAW and a JPEG (or HEIC and JPEG) of the same shot (same body, file-name stem and capture time)
  are one shot: the JPEG is listed in `files`, the others under `companions`.
- Photos without a capture time, or without any camera identity, join no session: each is its own
  entry (`"start": null` for the former).
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from core.base.jobs import ProgressCallback
from core.base.rules import Profile, check_table, from_table, load_profile
from core.photo.facts import Camera
from core.photo.filetypes import RAW_TYPES


@dataclass(frozen=True)
class SessionRules:
    min_gap_seconds: float = 1800.0
    max_gap_seconds: float = 7200.0
    gap_factor: float = 3.0
    same_place_metres: float = 200.0
    far_apart_km: float = 30.0
    counter_step: int = 5
    pair_seconds: float = 1.0

    @classmethod
    def from_profile(cls, profile: Profile | None = None) -> SessionRules:
        return from_table(cls, check_table(profile or load_profile(), "library").get("sessions", {}))


@dataclass(frozen=True)
class SessionItem:
    """One file as the grouping sees it."""

    path: str
    camera: Camera
    taken_at: str | None
    type: str = "jpeg"
    gps: tuple[float, float] | None = None  # (latitude, longitude) in degrees


@dataclass
class Session:
    id: str
    camera: Camera
    start: str | None
    end: str | None
    files: list[str]
    companions: dict[str, list[str]] = field(default_factory=dict)  # listed file -> other files of that shot
    items: list[SessionItem] = field(default_factory=list, repr=False, compare=False)
    start_local: datetime | None = field(default=None, repr=False, compare=False)
    end_local: datetime | None = field(default=None, repr=False, compare=False)
    offset: timedelta | None = field(default=None, repr=False, compare=False)  # one UTC offset for all

    @property
    def timed(self) -> bool:
        return self.start_local is not None

    def all_paths(self) -> list[str]:
        return [*self.files, *(p for extra in self.companions.values() for p in extra)]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "camera": self.camera.to_json(),
            "start": self.start,
            "end": self.end,
            "files": list(self.files),
        }
        if self.companions:
            data["companions"] = {path: list(others) for path, others in self.companions.items()}
        return data


# ---------------------------------------------------------------------------------------------- time

_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?([+-]\d{2}:\d{2})?$")


def parse_time(text: str | None) -> tuple[datetime, timedelta | None] | None:
    """An ISO capture time as (naive local time, UTC offset or None); None when absent or impossible."""
    if not text:
        return None
    match = _TIME.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None
    if fraction:
        moment += timedelta(seconds=float("0" + fraction))
    offset = None
    if zone:
        sign = -1 if zone[0] == "-" else 1
        offset = sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return moment, offset


def overlap_seconds(a: Session, b: Session) -> float | None:
    """How far apart two timed sessions are (0 when they overlap); None when either is untimed.

    Both with a recorded UTC offset: compared in UTC; otherwise as local wall-clock times."""
    if a.start_local is None or a.end_local is None or b.start_local is None or b.end_local is None:
        return None
    shift = timedelta(0)
    if a.offset is not None and b.offset is not None:
        shift = a.offset - b.offset  # bring b's wall clock onto a's
    b_start, b_end = b.start_local + shift, b.end_local + shift
    if b_end < a.start_local:
        return (a.start_local - b_end).total_seconds()
    if b_start > a.end_local:
        return (b_start - a.end_local).total_seconds()
    return 0.0


# ---------------------------------------------------------------------------------------- evidence

_COUNTER = re.compile(r"^(.*?)(\d{3,})$")


def file_counter(path: str) -> tuple[str, int] | None:
    """The camera's file-name counter: IMG_0123.JPG -> ("img_", 123)."""
    match = _COUNTER.match(Path(path).stem)
    if not match:
        return None
    return match.group(1).lower(), int(match.group(2))


def counters_run_on(a: str, b: str, step: int) -> bool:
    first, second = file_counter(a), file_counter(b)
    return bool(first and second and first[0] == second[0] and 0 < second[1] - first[1] <= step)


def distance_metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


# ------------------------------------------------------------------------------------------ bodies

@dataclass
class _Shot:
    item: SessionItem
    local: datetime
    offset: timedelta | None
    companions: list[SessionItem] = field(default_factory=list)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _model_key(camera: Camera) -> tuple[str, str]:
    # Makers write their name differently across firmware and formats ("NIKON" / "NIKON CORPORATION"):
    # the first word of the make is what names the maker.
    make = _norm(camera.make).split(" ")[0] if camera.make else ""
    return make, _norm(camera.model)


def _assign_bodies(shots: list[_Shot], max_gap: float) -> dict[tuple[str, str, str], list[_Shot]]:
    by_model: dict[tuple[str, str], list[_Shot]] = {}
    for shot in shots:
        by_model.setdefault(_model_key(shot.item.camera), []).append(shot)
    bodies: dict[tuple[str, str, str], list[_Shot]] = {}
    for model, members in by_model.items():
        serials = sorted({s.item.camera.serial for s in members if s.item.camera.serial})
        with_serial = sorted((s for s in members if s.item.camera.serial), key=lambda s: s.local)
        times = [s.local for s in with_serial]
        for shot in members:
            serial = shot.item.camera.serial
            if not serial and len(serials) == 1:
                serial = serials[0]
            elif not serial and len(serials) > 1:
                # Several bodies of this model: the frame belongs to the one shooting nearest in time.
                at = bisect.bisect_left(times, shot.local)
                near = [with_serial[i] for i in (at - 1, at) if 0 <= i < len(with_serial)]
                nearest = min(near, key=lambda other: abs((other.local - shot.local).total_seconds()))
                if abs((nearest.local - shot.local).total_seconds()) <= max_gap:
                    serial = nearest.item.camera.serial
            bodies.setdefault((*model, serial or ""), []).append(shot)
    return bodies


def _pair_same_shots(shots: list[_Shot], window: float) -> list[_Shot]:
    """RAW + JPEG (or HEIC + JPEG) of one shot: same stem, same time -> one shot, JPEG first."""
    groups: dict[str, list[_Shot]] = {}
    for shot in shots:
        groups.setdefault(Path(shot.item.path).stem.lower(), []).append(shot)
    result: list[_Shot] = []
    for members in groups.values():
        members.sort(key=lambda s: (s.local, _type_rank(s.item.type), s.item.path))
        while members:
            lead = members.pop(0)
            same = [m for m in members if abs((m.local - lead.local).total_seconds()) <= window
                    and m.item.type != lead.item.type]
            if same:
                group = sorted([lead, *same], key=lambda s: (_type_rank(s.item.type), s.item.path))
                lead = group[0]
                lead.companions = [s.item for s in group[1:]]
                members = [m for m in members if m not in same]
            result.append(lead)
    return result


def _type_rank(kind: str) -> int:
    return 0 if kind == "jpeg" else (2 if kind in RAW_TYPES else 1)


# --------------------------------------------------------------------------------------- splitting

def _split_points(shots: list[_Shot], rules: SessionRules, gap_seconds: float | None) -> list[int]:
    """Indexes i where a new session starts at shots[i]."""
    gaps = [(shots[i].local - shots[i - 1].local).total_seconds() for i in range(1, len(shots))]
    cuts: set[int] = set()
    if gap_seconds is not None:
        cuts = {i + 1 for i, gap in enumerate(gaps) if gap > gap_seconds}
    else:
        hard = [i + 1 for i, gap in enumerate(gaps) if gap > rules.max_gap_seconds]
        cuts.update(hard)
        bounds = [0, *hard, len(shots)]
        for begin, end in zip(bounds, bounds[1:], strict=False):
            if end - begin < 2:
                continue
            span = (shots[end - 1].local - shots[begin].local).total_seconds()
            threshold = min(max(rules.gap_factor * span / (end - begin - 1), rules.min_gap_seconds),
                            rules.max_gap_seconds)
            for i in range(begin + 1, end):
                if gaps[i - 1] > threshold and not _same_place_and_counter(shots[i - 1], shots[i], rules):
                    cuts.add(i)
    for i in range(1, len(shots)):
        a, b = shots[i - 1].item.gps, shots[i].item.gps
        if a and b and distance_metres(a, b) > rules.far_apart_km * 1000:
            cuts.add(i)
    return sorted(cuts)


def _same_place_and_counter(a: _Shot, b: _Shot, rules: SessionRules) -> bool:
    if not (a.item.gps and b.item.gps):
        return False
    return (distance_metres(a.item.gps, b.item.gps) <= rules.same_place_metres
            and counters_run_on(a.item.path, b.item.path, rules.counter_step))


def _session_id(camera: Camera, start: str | None, first: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _norm(camera.model or camera.make or "photo")).strip("-") or "photo"
    digest = hashlib.sha1("|".join((*camera.identity, start or "", first if not start else "")).encode()).hexdigest()
    if start is None:
        return f"untimed-{slug}-{digest[:8]}"
    return f"{slug}-{start[:19].replace('-', '').replace(':', '').replace('T', '-')}-{digest[:6]}"


def _body_camera(shots: list[_Shot]) -> Camera:
    serial = next((s.item.camera.serial for s in shots if s.item.camera.serial), None)
    first = next((s.item.camera for s in shots if s.item.camera.make or s.item.camera.model), shots[0].item.camera)
    return Camera(first.make, first.model, serial)


def _make_session(shots: list[_Shot]) -> Session:
    camera = _body_camera(shots)
    offsets = {s.offset for s in shots}
    start, end = shots[0].item.taken_at, shots[-1].item.taken_at
    companions = {s.item.path: [c.path for c in s.companions] for s in shots if s.companions}
    items = [s.item for s in shots] + [c for s in shots for c in s.companions]
    return Session(_session_id(camera, start, shots[0].item.path), camera, start, end,
                   [s.item.path for s in shots], companions, items, shots[0].local, shots[-1].local,
                   offsets.pop() if len(offsets) == 1 else None)


def _single(item: SessionItem, parsed: tuple[datetime, timedelta | None] | None) -> Session:
    start = item.taken_at if parsed else None
    return Session(_session_id(item.camera, start, item.path), item.camera, start, start, [item.path], {},
                   [item], parsed[0] if parsed else None, parsed[0] if parsed else None,
                   parsed[1] if parsed else None)


def group_sessions(items: Iterable[SessionItem], gap_seconds: float | None = None,
                   rules: SessionRules | None = None) -> list[Session]:
    """Sessions from files' camera and capture time, timed sessions by start, then untimed files."""
    rules = rules or SessionRules.from_profile()
    timed: list[_Shot] = []
    apart: list[Session] = []
    seen: set[str] = set()
    for item in items:
        if item.path in seen:
            continue
        seen.add(item.path)
        parsed = parse_time(item.taken_at)
        identity_known = bool(item.camera.make or item.camera.model or item.camera.serial)
        if parsed is None or not identity_known:
            apart.append(_single(item, parsed))  # unknown body: it could be any device, so it joins none
            continue
        timed.append(_Shot(item, parsed[0], parsed[1]))
    sessions: list[Session] = []
    for body_shots in _assign_bodies(timed, rules.max_gap_seconds).values():
        shots = sorted(_pair_same_shots(body_shots, rules.pair_seconds),
                       key=lambda s: (s.local, file_counter(s.item.path) or ("", 0), s.item.path))
        bounds = [0, *_split_points(shots, rules, gap_seconds), len(shots)]
        sessions.extend(_make_session(shots[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if b > a)
    sessions.extend(apart)
    # Timed sessions along the timeline, then the files without a capture time.
    sessions.sort(key=lambda s: (s.start_local is None, s.start_local or datetime.min, s.files[0]))
    return sessions


def session_of(sessions: list[Session], path: str) -> Session | None:
    for session in sessions:
        if path in session.files or any(path in extra for extra in session.companions.values()):
            return session
    return None


def collect_items(paths: Iterable[str], profile: Profile | None = None, progress: ProgressCallback | None = None,
                  cancel: threading.Event | None = None) -> tuple[list[SessionItem], list[str]]:
    """Header-only facts of the files given and of the image files inside the folders given.

    Returns the items and the paths that are not images at all (left out of every session)."""
    from core.library.scan import LibrarySettings, expand_paths, inspect_many

    profile = profile or load_profile()
    settings = LibrarySettings.from_profile(profile)
    files = expand_paths(paths, settings.extensions)
    items: list[SessionItem] = []
    skipped: list[str] = []
    for batch in inspect_many(files, profile, progress, cancel, settings):
        for record in batch:
            if record.type == "unknown":
                skipped.append(record.path)
            else:
                items.append(SessionItem(record.path, record.camera, record.taken_at, record.type, record.gps))
    return items, skipped


def sessions_for_paths(paths: list[str], profile: Profile | None = None, gap_seconds: float | None = None,
                       progress: ProgressCallback | None = None,
                       cancel: threading.Event | None = None) -> list[Session]:
    """Sessions of the given files and folders (recursive); files that are not images are left out."""
    profile = profile or load_profile()
    items, _ = collect_items(paths, profile, progress, cancel)
    return group_sessions(items, gap_seconds, SessionRules.from_profile(profile))
