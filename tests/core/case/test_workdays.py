"""The response deadline: N working days in mainland China, make-up workdays (调休) included."""

from __future__ import annotations

import datetime as dt

import pytest

from core.base.rules import load_profile
from core.case.lifecycle import calendar_finding, format_deadline
from core.case.workdays import add_working_days, response_deadline


def _due(day: str) -> dt.date:
    return add_working_days(dt.date.fromisoformat(day), 2).due


@pytest.mark.parametrize(("submitted", "due"), [
    # National Day 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are working days.
    ("2025-09-27", "2025-09-29"),  # Saturday: the make-up Sunday counts, then Monday
    ("2025-09-30", "2025-10-10"),  # the eight holidays do not count
    ("2025-10-10", "2025-10-13"),  # the make-up Saturday 10-11 counts
    # Spring Festival 2025: 01-28..02-04 off; Sunday 01-26 and Saturday 02-08 are working days.
    ("2025-01-24", "2025-01-27"),
    ("2025-01-27", "2025-02-06"),
    ("2025-02-07", "2025-02-10"),  # Saturday 02-08 counts
    # Spring Festival 2026: 02-15..02-23 off; Saturdays 02-14 and 02-28 are working days.
    ("2026-02-13", "2026-02-24"),
    ("2026-02-14", "2026-02-25"),  # submitted on a make-up Saturday: the window starts the next day
    ("2026-02-26", "2026-02-28"),
    # National Day 2026: 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 are working days.
    ("2026-09-19", "2026-09-21"),
    ("2026-09-30", "2026-10-09"),
    ("2026-10-09", "2026-10-12"),
])
def test_deadline_counts_holidays_and_make_up_working_days(submitted: str, due: str) -> None:
    deadline = add_working_days(dt.date.fromisoformat(submitted), 2)
    assert deadline.due == dt.date.fromisoformat(due)
    assert deadline.calendar_known


def test_deadline_across_a_weekend() -> None:
    assert _due("2026-12-04") == dt.date(2026, 12, 8)  # Friday -> Monday, Tuesday
    assert _due("2026-12-05") == dt.date(2026, 12, 8)  # Saturday -> Monday, Tuesday
    assert _due("2026-12-01") == dt.date(2026, 12, 3)


def test_submission_time_of_day_does_not_move_the_deadline() -> None:
    late = response_deadline(dt.datetime(2026, 12, 1, 23, 59), 2)
    early = response_deadline(dt.datetime(2026, 12, 1, 0, 1), 2)
    assert late.due == early.due == dt.date(2026, 12, 3)


def test_a_year_the_calendar_does_not_know_counts_monday_to_friday_and_says_so() -> None:
    # 2027-01-01 is New Year's Day, but its calendar is not published in the library: counted as a workday.
    deadline = add_working_days(dt.date(2026, 12, 31), 2)
    assert deadline.due == dt.date(2027, 1, 4) and not deadline.calendar_known
    assert deadline.unknown_years == (2027,)
    finding = calendar_finding(deadline, load_profile(), "zh_CN")
    assert finding is not None and "2027" in finding.message and "周一到周五" in finding.message
    assert finding.severity.value == "warn"
    english = calendar_finding(deadline, load_profile(), "en")
    assert english is not None and "not known yet" in english.message
    assert add_working_days(dt.date(2027, 3, 5), 2).due == dt.date(2027, 3, 9)
    assert calendar_finding(add_working_days(dt.date(2026, 12, 1), 2), load_profile()) is None


def test_deadline_is_shown_with_its_weekday() -> None:
    assert format_deadline(dt.date(2026, 12, 3), "zh_CN") == "对方举证截止：12月3日（周四）"
    assert format_deadline(dt.date(2026, 12, 3), "en") == "Seller's response due: Thu 3 Dec"
