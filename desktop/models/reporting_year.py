"""The annual reporting deadline (SPEC §0, §2.6) and the countdown to it.

Reporting year Y is due on ACCME's date in Y+1: March 31, moved to the next business day when it
falls on a weekend (Thu 2022-03-31, Fri 2023-03-31, Mon 2024-04-01, Mon 2025-03-31), 11:59 pm US
Central. A provider whose state accreditor sets another date
keeps its own month and day; the time and zone stay ACCME's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CENTRAL = ZoneInfo("America/Chicago")
DUE_TIME = time(23, 59)


def deadline_for(year: int, month: int | None = None, day: int | None = None) -> datetime:
    """When reporting year ``year`` is due, as an aware datetime in US Central time."""
    if month is not None and day is not None:
        due = date(year + 1, month, day)
    else:
        due = date(year + 1, 3, 31)
        while due.weekday() >= 5:  # Saturday, Sunday → the next business day (a Monday)
            due += timedelta(days=1)
    return datetime.combine(due, DUE_TIME, tzinfo=CENTRAL)


def current_reporting_year(today: date) -> int:
    """The year whose report comes due next: 2026 until ACCME's March 2027 deadline passes."""
    last_year = today.year - 1
    return last_year if today <= deadline_for(last_year).date() else today.year


def cycle_start(year: int, month: int | None = None, day: int | None = None) -> date:
    """The day after the previous year's deadline: reviews since then count for ``year``."""
    return deadline_for(year - 1, month, day).date() + timedelta(days=1)


@dataclass(frozen=True)
class Countdown:
    state: str  # "before" | "today" | "after"
    days: int  # whole days to the deadline (before) or since it (after); 0 on the day
    text: str


def countdown(deadline: datetime, now: datetime) -> Countdown:
    """Plain words for the time left, counted in calendar days where the deadline is."""
    local = now.astimezone(CENTRAL)
    due_text = f"{deadline:%A %B} {deadline.day}, {deadline.year}, 11:59 pm US Central"
    if local > deadline:
        days = (local.date() - deadline.date()).days
        when = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
        return Countdown("after", days, f"The deadline passed {when} ({due_text}).")
    days = (deadline.date() - local.date()).days
    if days == 0:
        left = deadline - local
        hours = int(left.total_seconds() // 3600)
        return Countdown(
            "today", 0, f"Due today — {hours} h {left.seconds // 60 % 60} min left ({due_text})."
        )
    return Countdown("before", days, f"{days} day{'s' if days != 1 else ''} left — due {due_text}.")
