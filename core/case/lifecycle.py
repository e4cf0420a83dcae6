"""After export: a complaint's way through the platform, as a state machine over the case file.

preparing -> exported -> submitted (time, complaint number, platform; the accused then has N working
days to respond) -> upheld (how: deleted in the window, or a manual decision) | rejected (one of the
platform's five reasons) ; a submitted complaint can be withdrawn until the final decision.

Each change is checked completely before anything is touched (bad input changes nothing), then the
status and a dated timeline event go into the case together in one atomic save (core.base.fileops), so a
crash or kill leaves the case as it was before or after the change, never between. The platform's
numbers (working days, same-seller window, reasons and their next actions) come from the rules
profile's [process] and [lifecycle] tables; every text from the message catalog.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.base.findings import Finding, catalog
from core.base.rules import Profile, load_profile
from core.case.casefile import Case, CaseError, HistoryEntry, load_case, save_case
from core.case.workdays import Deadline, response_deadline

PREPARING, EXPORTED, SUBMITTED = "preparing", "exported", "submitted"
UPHELD, REJECTED, WITHDRAWN = "upheld", "rejected", "withdrawn"
STATES = (PREPARING, EXPORTED, SUBMITTED, UPHELD, REJECTED, WITHDRAWN)
DECIDED = (UPHELD, REJECTED)
AFTER_SUBMISSION = (SUBMITTED, UPHELD, REJECTED, WITHDRAWN)
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
                "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S")


@dataclass(frozen=True)
class Rules:
    """The platform's process as the profile states it."""

    response_working_days: int
    merge_window_days: int
    platforms: tuple[str, ...]
    future_tolerance: dt.timedelta
    upheld_how: tuple[str, ...]
    points: Mapping[str, int]
    reasons: Mapping[str, str]  # rejection reason code -> the action the app offers, in the platform's order

    @classmethod
    def of(cls, profile: Profile) -> Rules:
        table: Mapping[str, Any] = profile.tables.get("lifecycle", {})
        return cls(profile.response_working_days, profile.merge_window_days,
                   tuple(str(p) for p in table.get("platforms", [profile.id])),
                   dt.timedelta(minutes=int(table.get("future_tolerance_minutes", 0))),
                   tuple(str(h) for h in table.get("upheld_how", [])),
                   {str(k): int(v) for k, v in dict(table.get("points", {})).items()},
                   {str(k): str(v) for k, v in dict(table.get("rejection_reasons", {})).items()})


def rules_for(case: Case) -> Rules:
    try:
        return Rules.of(load_profile(case.profile))
    except Exception:  # an unknown profile in an old case: the default platform's process
        return Rules.of(load_profile())


# ----- times ------------------------------------------------------------------------------------
def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def parse_time(text: str) -> dt.datetime:
    """A time the user typed ("2026-12-01 10:00"), in the computer's time zone unless it says its own."""
    cleaned = " ".join(str(text).split())
    for pattern in TIME_FORMATS:
        try:
            parsed = dt.datetime.strptime(cleaned, pattern)
            break
        except ValueError:
            continue
    else:
        try:
            parsed = dt.datetime.fromisoformat(cleaned)
        except ValueError as error:
            raise CaseError("lifecycle.bad_time", text=str(text)) from error
    return parsed.astimezone() if parsed.tzinfo is None else parsed


def stored_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone() if parsed.tzinfo is None else parsed


def shown_time(value: dt.datetime | str | None) -> str:
    """A time as the user reads it: local, to the minute, no 'T'."""
    moment = stored_time(value) if isinstance(value, str) or value is None else value
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def _iso(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _check_time(moment: dt.datetime, now: dt.datetime, rules: Rules, code: str) -> None:
    if moment > now + rules.future_tolerance:
        raise CaseError(code, at=shown_time(moment), now=shown_time(now))


# ----- the state machine ------------------------------------------------------------------------
def note_exported(case: Case, at: str | None = None) -> None:
    """The export calls this with its history entry's time: the first export moves preparing on."""
    moment = at or _iso(local_now())
    if case.status.exported_at is None:
        case.status.exported_at = moment
    if case.status.state == PREPARING:
        case.status.state = EXPORTED


def _first_export(case: Case) -> dt.datetime | None:
    times = [stored_time(case.status.exported_at)]
    times += [stored_time(h.at) for h in case.history if h.action == "exported"]
    found = [t for t in times if t is not None]
    return min(found) if found else None


def submit(case: Case, at: dt.datetime, number: str, platform: str | None = None,
           now: dt.datetime | None = None) -> Deadline:
    """Record that the complaint was submitted on the platform at `at` with complaint number `number`."""
    rules, now = rules_for(case), now or local_now()
    status = case.status
    if status.state in AFTER_SUBMISSION:
        raise CaseError("lifecycle.already_submitted", submitted_at=shown_time(status.submitted_at),
                        number=status.number or "")
    exported = _first_export(case)
    if exported is None:  # (an export recorded in the timeline counts even if its status note is missing)
        raise CaseError("lifecycle.not_exported")
    platform = platform or case.profile
    if platform not in rules.platforms:
        raise CaseError("lifecycle.unknown_platform", platform=platform, known=", ".join(rules.platforms))
    number = number.strip()
    if not number:
        raise CaseError("lifecycle.number_missing")
    _check_time(at, now, rules, "lifecycle.submitted_in_future")
    if at < exported.replace(second=0):  # the user types minutes; an export at 10:00:40 allows 10:00
        raise CaseError("lifecycle.submitted_before_export", at=shown_time(at), exported=shown_time(exported))
    deadline = response_deadline(at, rules.response_working_days)
    status.state, status.submitted_at, status.number, status.platform = SUBMITTED, _iso(at), number, platform
    case.history.append(_event("submitted", at, now, number=number, platform=platform,
                               deadline=deadline.due.isoformat(), calendar_known=deadline.calendar_known))
    return deadline


def record_result(case: Case, result: str, reason: str | None = None, how: str | None = None,
                  at: dt.datetime | None = None, now: dt.datetime | None = None) -> None:
    """Record the platform's result: upheld (how) or rejected (reason)."""
    rules, now = rules_for(case), now or local_now()
    at = at or now
    status = case.status
    if result not in DECIDED:
        raise CaseError("lifecycle.unknown_result", result=result)
    _require_open(case)
    if result == REJECTED:
        known = ", ".join(rules.reasons)
        if how:
            raise CaseError("lifecycle.how_not_upheld", known=known)
        if not reason:
            raise CaseError("lifecycle.reason_missing", known=known)
        if reason not in rules.reasons:
            raise CaseError("lifecycle.unknown_reason", reason=reason, known=known)
    else:
        known = ", ".join(rules.upheld_how)
        if reason:
            raise CaseError("lifecycle.reason_not_rejected", known=known)
        if not how:
            raise CaseError("lifecycle.how_missing", known=known)
        if how not in rules.upheld_how:
            raise CaseError("lifecycle.unknown_how", how=how, known=known)
    _check_time(at, now, rules, "lifecycle.result_in_future")
    submitted = stored_time(status.submitted_at)
    if submitted is not None and at < submitted:
        raise CaseError("lifecycle.result_before_submission", at=shown_time(at), submitted_at=shown_time(submitted))
    status.state, status.result_at = result, _iso(at)
    status.reason, status.how = (reason, None) if result == REJECTED else (None, how)
    detail: dict[str, Any] = {"reason": reason} if result == REJECTED else {"how": how,
                                                                             "points": rules.points.get(how or "")}
    case.history.append(_event(result, at, now, **detail))


def withdraw(case: Case, at: dt.datetime | None = None, now: dt.datetime | None = None) -> None:
    """Record that the user withdrew (撤销) the complaint; allowed until the final decision."""
    rules, now = rules_for(case), now or local_now()
    at = at or now
    status = case.status
    if status.state in (PREPARING, EXPORTED):
        raise CaseError("lifecycle.withdraw_not_submitted")
    if status.state in DECIDED:
        raise CaseError("lifecycle.withdraw_after_decision", result=state_label(status.state, None))
    _require_open(case)
    _check_time(at, now, rules, "lifecycle.result_in_future")
    submitted = stored_time(status.submitted_at)
    if submitted is not None and at < submitted:
        raise CaseError("lifecycle.result_before_submission", at=shown_time(at), submitted_at=shown_time(submitted))
    status.state, status.withdrawn_at = WITHDRAWN, _iso(at)
    case.history.append(_event("withdrawn", at, now))


def _require_open(case: Case) -> None:
    status = case.status
    if status.state in (PREPARING, EXPORTED):
        raise CaseError("lifecycle.not_submitted")
    if status.state == WITHDRAWN:
        raise CaseError("lifecycle.is_withdrawn", at=shown_time(status.withdrawn_at))
    if status.state in DECIDED:
        raise CaseError("lifecycle.already_decided", result=state_label(status.state, None),
                        at=shown_time(status.result_at))


def _event(action: str, at: dt.datetime, now: dt.datetime, **detail: Any) -> HistoryEntry:
    if abs((now - at).total_seconds()) >= 60:  # entered later than it happened: keep both
        detail["recorded_at"] = _iso(now)
    return HistoryEntry(_iso(at), action, detail)


def change_status(case_dir: str | os.PathLike[str], action: str, **arguments: Any) -> Case:
    """Load the case, apply one change (`submit`, `result`, `withdraw`), save it atomically.

    A refused change raises CaseError before the file is touched."""
    case = load_case(case_dir)
    if action == "submit":
        submit(case, **arguments)
    elif action == "result":
        record_result(case, **arguments)
    elif action == "withdraw":
        withdraw(case, **arguments)
    else:
        raise ValueError(f"unknown status change {action!r}")
    save_case(case, case_dir)
    return case


STATUS_EVENTS = ("submitted", UPHELD, REJECTED, WITHDRAWN, "resubmitted")


def keep_status_from_disk(case: Case, case_dir: str | os.PathLike[str]) -> Case:
    """`case` with the status changes another writer saved meanwhile (`case status` on the command line
    while the window has the case open): status events in the saved file that `case` lacks are taken,
    with the saved status. A window saving its older copy then never undoes a recorded submission."""
    try:
        saved = load_case(case_dir)
    except CaseError:
        return case
    known = {(entry.at, entry.action) for entry in case.history}
    missing = [entry for entry in saved.history if entry.action in STATUS_EVENTS
               and (entry.at, entry.action) not in known]
    if missing:
        case.status = saved.status
        case.history = sorted([*case.history, *missing], key=lambda entry: stored_time(entry.at) or
                              dt.datetime.min.replace(tzinfo=dt.UTC))
    return case


# ----- editing after submission -----------------------------------------------------------------
def edit_needs_confirmation(case: Case) -> bool:
    """Changing the photos of a complaint the platform already has: the app asks first."""
    return case.status.state in AFTER_SUBMISSION


def record_edit_after_submission(case: Case, **detail: Any) -> None:
    if edit_needs_confirmation(case):
        case.record("edited_after_submission", state=case.status.state, **detail)


# ----- what the user sees -----------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    """A case's state as lists and the start screen show it."""

    state: str
    deadline: Deadline | None  # submitted cases only
    days_left: int | None
    urgency: str | None  # "overdue", "due_today" or None

    @property
    def window_over(self) -> bool:
        return self.state == SUBMITTED and self.days_left is not None and self.days_left < 0


def deadline_of(case: Case) -> Deadline | None:
    """Computed from the submission time each time (a newer calendar corrects an estimated one)."""
    submitted = stored_time(case.status.submitted_at)
    if submitted is None:
        return None
    return response_deadline(submitted, rules_for(case).response_working_days)


def standing(case: Case, today: dt.date | None = None) -> Standing:
    today = today or local_now().date()
    state = case.status.state if case.status.state in STATES else PREPARING
    deadline = deadline_of(case) if state == SUBMITTED else None
    if deadline is None:
        return Standing(state, None, None, None)
    left = deadline.days_left(today)
    return Standing(state, deadline, left, "overdue" if left < 0 else "due_today" if left == 0 else None)


def state_label(state: str, lang: str | None, window_over: bool = False) -> str:
    key = "window_over" if state == SUBMITTED and window_over else state
    return catalog(lang).label(f"lifecycle.state.{key}")


def format_deadline(due: dt.date, lang: str | None = None) -> str:
    """"对方举证截止：12月3日（周四）" (or the English line)."""
    labels = catalog(lang)
    text, _ = labels.text("label.lifecycle.deadline", {
        "month": due.month, "day": due.day, "year": due.year,
        "weekday": labels.label(f"weekday.{due.weekday()}"), "month_name": labels.label(f"month.{due.month}")})
    return text


def days_left_text(days: int, lang: str | None = None) -> str:
    labels = catalog(lang)
    if days == 0:
        return labels.label("lifecycle.due_today")
    key = "lifecycle.days_left" if days > 0 else "lifecycle.overdue"
    return labels.text(f"label.{key}", {"days": abs(days)})[0]


def calendar_finding(deadline: Deadline, profile: Profile, lang: str | None = None) -> Finding | None:
    if deadline.calendar_known:
        return None
    return profile.findings(lang).make("lifecycle.calendar_unknown",
                                       years="、".join(str(y) for y in deadline.unknown_years))


def rejection_finding(case: Case, lang: str | None = None) -> Finding | None:
    """What the platform said and what to do next, for a rejected case."""
    if case.status.state != REJECTED or not case.status.reason:
        return None
    try:
        profile = load_profile(case.profile)
    except Exception:  # an unknown profile in an old case: the default platform's texts
        profile = load_profile()
    return profile.findings(lang).make(f"lifecycle.rejected.{case.status.reason}", reason=case.status.reason)


def next_action(case: Case) -> str | None:
    """The app's one action for a rejected case's reason (rerun_originality, find_original, ...)."""
    if case.status.state != REJECTED or not case.status.reason:
        return None
    return rules_for(case).reasons.get(case.status.reason)


def timeline(case: Case) -> list[Any]:
    """The dated events, in the order they happened."""
    return sorted(case.history, key=lambda entry: stored_time(entry.at) or dt.datetime.min.replace(
        tzinfo=dt.UTC))


def event_label(action: str, lang: str | None = None) -> str:
    return catalog(lang).label(f"lifecycle.event.{action}")
