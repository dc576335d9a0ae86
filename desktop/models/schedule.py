"""Dates of a repeat series (SPEC M4): "every Tuesday for 10 weeks", "the first Monday of each
month until June", "the 31st of each month".

Plain calendar dates, no times and no time zones: a weekly series keeps its weekday across
daylight-saving changes, and a monthly date past a short month's end falls on its last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MAX_INSTANCES = 500


class Repeat(StrEnum):
    WEEKLY = "weekly"  # every N weeks on the start date's weekday
    MONTHLY_WEEKDAY = "monthly_weekday"  # the Nth (or last) given weekday of each month
    MONTHLY_DAY = "monthly_day"  # the same day of each month (clamped to the month's end)


class ScheduleError(ValueError):
    """The schedule cannot make dates; the message says why in plain words."""


@dataclass(frozen=True)
class Schedule:
    repeat: Repeat
    start: date
    count: int | None = None  # how many instances; or
    until: date | None = None  # the last possible date
    every: int = 1  # weeks (weekly) or months (monthly)
    weekday: int | None = None  # 0 = Monday … 6 = Sunday (monthly_weekday)
    nth: int | None = None  # 1–4, or -1 for the last (monthly_weekday)
    day: int | None = None  # 1–31 (monthly_day); defaults to the start date's day
    days_long: int = 1  # each instance lasts this many days (end = start + days_long - 1)


def generate(s: Schedule) -> list[tuple[date, date]]:
    """(start, end) of each instance, in order."""
    if (s.count is None) == (s.until is None):
        raise ScheduleError("Say how many sessions, or the date of the last one — one of the two.")
    if s.count is not None and not 1 <= s.count <= MAX_INSTANCES:
        raise ScheduleError(f"A series has between 1 and {MAX_INSTANCES} sessions.")
    if s.until is not None and s.until < s.start:
        raise ScheduleError(
            f"The last date ({s.until:%m/%d/%Y}) is before the first ({s.start:%m/%d/%Y})."
        )
    if s.every < 1:
        raise ScheduleError("Repeat at least every 1 week or month.")
    if s.days_long < 1:
        raise ScheduleError("Each session lasts at least one day.")
    starts = _starts(s)
    out: list[tuple[date, date]] = []
    for day in starts:
        if s.until is not None and day > s.until:
            break
        out.append((day, day + timedelta(days=s.days_long - 1)))
        if s.count is not None and len(out) == s.count:
            break
        if len(out) > MAX_INSTANCES:
            raise ScheduleError(f"That makes more than {MAX_INSTANCES} sessions.")
    if not out:
        raise ScheduleError("No date matches this schedule before the last date.")
    return out


def _starts(s: Schedule) -> list[date]:
    limit = s.count if s.count is not None else MAX_INSTANCES + 1
    if s.repeat is Repeat.WEEKLY:
        return [s.start + timedelta(weeks=s.every * i) for i in range(limit)]
    if s.repeat is Repeat.MONTHLY_DAY:
        day = s.day or s.start.day
        if not 1 <= day <= 31:
            raise ScheduleError("The day of the month is between 1 and 31.")
        days = (_on_day(_add_months(s.start, s.every * i), day) for i in range(limit + 1))
        return [d for d in days if d >= s.start][:limit]
    if s.weekday is None or s.nth is None:
        raise ScheduleError("Choose the weekday and which one of the month (first … last).")
    if s.nth not in (1, 2, 3, 4, -1):
        raise ScheduleError("Choose first, second, third, fourth or last.")
    if not 0 <= s.weekday <= 6:
        raise ScheduleError("Choose a weekday.")
    out: list[date] = []
    i = 0
    while len(out) < limit and i <= limit + 1:
        first_of_month = _add_months(s.start.replace(day=1), s.every * i)
        d = _nth_weekday(first_of_month.year, first_of_month.month, s.weekday, s.nth)
        if d >= s.start:
            out.append(d)
        i += 1
    return out


def _add_months(d: date, months: int) -> date:
    index = d.month - 1 + months
    return date(d.year + index // 12, index % 12 + 1, 1)


def _on_day(first_of_month: date, day: int) -> date:
    last = calendar.monthrange(first_of_month.year, first_of_month.month)[1]
    return first_of_month.replace(day=min(day, last))


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
