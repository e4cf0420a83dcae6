"""Working days in mainland China, for the platform's response window (举证期限).

The accused seller has N working days after a complaint is submitted. Chinese public holidays move
every year and come with make-up working days (调休: a Saturday or Sunday that is a working day), so
Monday-to-Friday arithmetic is wrong around the Spring Festival and National Day. `chinese-calendar`
(MIT) carries the State Council's published calendar, make-up days included, and raises for a year it
does not know yet (the calendar for next year is published each November). For such a year we count
Monday to Friday and say so (`Deadline.calendar_known` is False, `unknown_years` names the years), so
the user is never shown a guessed deadline as if it were certain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class Deadline:
    """The last day of the response window (the seller may respond until that day ends)."""

    due: dt.date
    working_days: int
    unknown_years: tuple[int, ...] = ()  # years counted Monday to Friday: their holidays are not known yet

    @property
    def calendar_known(self) -> bool:
        return not self.unknown_years

    def days_left(self, today: dt.date) -> int:
        """Calendar days from `today` to the due day: 0 on the day itself, negative once it has passed."""
        return (self.due - today).days


def is_working_day(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, the holiday calendar knows the day's year)."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:  # "no available data for year 2027": count Monday to Friday
        return day.weekday() < 5, False


def add_working_days(start: dt.date, count: int) -> Deadline:
    """The `count`-th working day after `start` (the submission day itself never counts: the window
    starts the next day, so a complaint filed on a Saturday gets Monday and Tuesday)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day, found, unknown = start, 0, set()
    while found < count:
        day += dt.timedelta(days=1)
        working, known = is_working_day(day)
        if not known:
            unknown.add(day.year)
        found += working
    return Deadline(day, count, tuple(sorted(unknown)))


def response_deadline(submitted: dt.datetime, working_days: int) -> Deadline:
    """The response deadline of a complaint submitted at `submitted` (its local date counts)."""
    return add_working_days(submitted.date(), working_days)
