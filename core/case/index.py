"""Every case the user has, wherever its folder is: for `case list`, the start screen and the
same-seller rule.

Cases made by the app live in the app-data `cases/` folder; a case made elsewhere (`case new
~/投诉/店铺A`) is remembered in `case_index.json` beside it when it is created or changes status.
Reading a case is one small JSON file; a case that cannot be read is still listed, as unreadable.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.base import appdata
from core.base.fileops import atomic_write_text
from core.base.findings import Finding
from core.base.rules import load_profile
from core.case.casefile import CASE_FILE, Case, CaseError, load_case
from core.case.lifecycle import (
    EXPORTED,
    PREPARING,
    REJECTED,
    SUBMITTED,
    UPHELD,
    WITHDRAWN,
    Standing,
    local_now,
    rules_for,
    shown_time,
    standing,
    stored_time,
)
from core.case.sellers import seller_key

INDEX_FILE = "case_index.json"
# Start-screen order: what needs the user soonest first.
GROUP_ORDER = (SUBMITTED, REJECTED, EXPORTED, PREPARING, UPHELD, WITHDRAWN)


def index_path() -> Path:
    return appdata.data_root() / INDEX_FILE


def _indexed() -> list[str]:
    try:
        data = json.loads(index_path().read_text(encoding="utf-8"))
        return [str(folder) for folder in data.get("cases", [])]
    except (OSError, ValueError, AttributeError):
        return []  # a lost index costs only the listing of cases outside the app-data folder


def remember(folder: str | os.PathLike[str]) -> None:
    """Keep a case folder outside the app-data folder in the index (best effort, atomic)."""
    path = os.path.abspath(folder)
    if Path(path).parent == appdata.cases_dir():
        return
    known = _indexed()
    if path in known:
        return
    with contextlib.suppress(OSError):
        atomic_write_text(index_path(), json.dumps({"schema_version": 1, "cases": [*known, path]},
                                                   ensure_ascii=False, indent=2) + "\n")


def known_folders(extra: Iterable[str] = ()) -> list[Path]:
    """Case folders that exist: the app-data cases, the indexed ones, and `extra` (the GUI's recent)."""
    found: dict[str, Path] = {}
    root = appdata.cases_dir()
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(root), key=lambda e: e.name):
            if entry.is_dir() and os.path.isfile(os.path.join(entry.path, CASE_FILE)):
                found.setdefault(os.path.normcase(entry.path), Path(entry.path))
    for folder in (*_indexed(), *extra):
        path = os.path.abspath(folder)
        if os.path.normcase(path) not in found and os.path.isfile(os.path.join(path, CASE_FILE)):
            found[os.path.normcase(path)] = Path(path)
    return list(found.values())


@dataclass(frozen=True)
class CaseSummary:
    """One case as a list shows it."""

    folder: str
    readable: bool
    seller: str = ""
    created: str = ""
    pictures: int = 0
    profile: str = ""
    standing: Standing | None = None
    number: str | None = None
    platform: str | None = None
    submitted_at: str | None = None
    reason: str | None = None
    how: str | None = None
    last_event: str = ""
    case: Case | None = None

    @property
    def state(self) -> str:
        return self.standing.state if self.standing else PREPARING

    def to_json(self) -> dict[str, Any]:
        standing_ = self.standing
        deadline = standing_.deadline if standing_ else None
        return {"case_dir": self.folder, "readable": self.readable, "state": self.state, "seller": self.seller,
                "platform": self.platform, "number": self.number, "submitted_at": self.submitted_at,
                "deadline": deadline.due.isoformat() if deadline else None,
                "deadline_estimated": (not deadline.calendar_known) if deadline else None,
                "days_left": standing_.days_left if standing_ else None,
                "urgency": standing_.urgency if standing_ else None,
                "reason": self.reason, "how": self.how, "created": self.created, "pictures": self.pictures}


# folder -> ((case file mtime_ns, size, today), summary): the start screen lists every case each time it
# shows, and reading and parsing a case file is most of that cost (bench/case_list.py); an unchanged
# file is not read again the same day. Only whole values are stored, so threads may share it.
_SUMMARIES: dict[str, tuple[tuple[int, int, dt.date], CaseSummary]] = {}


def summarize(folder: str | os.PathLike[str], today: dt.date | None = None) -> CaseSummary:
    today = today or lifecycle_today()
    try:
        info = os.stat(Path(folder) / CASE_FILE)
        stamp: tuple[int, int, dt.date] | None = (info.st_mtime_ns, info.st_size, today)
    except OSError:
        stamp = None
    cached = _SUMMARIES.get(str(folder))
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    summary = _read_summary(folder, today)
    if stamp is not None:
        _SUMMARIES[str(folder)] = (stamp, summary)
    return summary


def lifecycle_today() -> dt.date:
    return local_now().date()


def _read_summary(folder: str | os.PathLike[str], today: dt.date) -> CaseSummary:
    try:
        case = load_case(folder)
    except CaseError:
        return CaseSummary(str(folder), False)
    status = case.status
    last = case.history[-1].at if case.history else case.created_at
    return CaseSummary(str(folder), True, case.seller, case.created_date, len(case.images()), case.profile,
                       standing(case, today), status.number, status.platform, status.submitted_at,
                       status.reason, status.how, last, case)


def list_cases(extra: Iterable[str] = (), today: dt.date | None = None) -> list[CaseSummary]:
    return [summarize(folder, today) for folder in known_folders(extra)]


def group(summaries: Iterable[CaseSummary], query: str = "") -> list[tuple[str, list[CaseSummary]]]:
    """Cases by state in GROUP_ORDER (empty groups left out), filtered by a seller search: submitted
    cases by deadline, the nearest (or most overdue) first; the others most recently changed first.
    Unreadable cases come last under the key "unreadable"."""
    wanted = seller_key(query)
    groups: dict[str, list[CaseSummary]] = {}
    for summary in summaries:
        if wanted and wanted not in seller_key(summary.seller):
            continue
        groups.setdefault(summary.state if summary.readable else "unreadable", []).append(summary)
    ordered = []
    for key in (*GROUP_ORDER, "unreadable"):
        rows = groups.get(key)
        if not rows:
            continue
        if key == SUBMITTED:
            rows.sort(key=lambda s: (s.standing.deadline.due if s.standing and s.standing.deadline
                                     else dt.date.max, s.seller))
        else:
            rows.sort(key=lambda s: s.last_event, reverse=True)
        ordered.append((key, rows))
    return ordered


def same_seller_recent(case: Case, folder: str | os.PathLike[str] | None, at: dt.datetime,
                       others: Iterable[CaseSummary]) -> list[CaseSummary]:
    """Other complaints against this case's seller on its platform submitted within the profile's
    merge window (3 days) of `at`: the platform counts them as one (同一权利人在三天内对同一卖家的投诉
    视为一次投诉). The window is taken as 72 hours either side, boundary included."""
    key = seller_key(case.seller)
    if not key:
        return []
    window = dt.timedelta(days=rules_for(case).merge_window_days)
    own = os.path.normcase(os.path.abspath(folder)) if folder is not None else None
    matches = []
    for other in others:
        if not other.readable or other.case is None or seller_key(other.seller) != key:
            continue
        if own is not None and os.path.normcase(os.path.abspath(other.folder)) == own:
            continue
        submitted = stored_time(other.submitted_at)
        platform = other.platform or other.profile
        if submitted is None or platform != (case.status.platform or case.profile):
            continue
        if abs(at - submitted) <= window:
            matches.append(other)
    matches.sort(key=lambda s: s.submitted_at or "", reverse=True)
    return matches


def same_seller_findings(case: Case, folder: str | os.PathLike[str] | None, at: dt.datetime, lang: str | None,
                         summaries: list[CaseSummary] | None = None) -> list[Finding]:
    """The 3-day rule's notice for each earlier complaint against this seller (CLI and GUI alike)."""
    summaries = list_cases() if summaries is None else summaries
    factory = load_profile(case.profile).findings(lang)
    days = rules_for(case).merge_window_days
    return [factory.make("lifecycle.same_seller_recent", days=days, seller=other.seller,
                         submitted_at=shown_time(other.submitted_at), number=other.number or "", case=other.folder)
            for other in same_seller_recent(case, folder, at, summaries)]
