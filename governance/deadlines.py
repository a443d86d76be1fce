"""Working-day arithmetic on plain dates (no database).

A working day is Monday–Friday and not a Dutch public holiday as listed by the
``holidays`` package: New Year's Day, Good Friday, Easter Monday, King's Day,
Liberation Day (in lustrum years, when government offices close), Ascension Day,
Whit Monday and Christmas. Good Friday is not a legal holiday for everyone, but
Hecht's offices close, so it counts.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=64)
def dutch_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in dutch_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th (1-based) ``weekday`` (0 = Monday) of a month."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    day = first + dt.timedelta(days=offset + 7 * (n - 1))
    if day.month != month:
        raise ValueError(f"{year}-{month:02d} has no {n}th weekday {weekday}")
    return day


def working_days_before(day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days before ``day`` (``day`` itself not counted).

    ``n == 0`` gives ``day`` when it is a working day, else the working day before it.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        while not is_working_day(day):
            day -= dt.timedelta(days=1)
        return day
    while n:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days ``end`` lies after ``start``.

    Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def document_deadline(
    meeting_start: dt.datetime, lead_days: int, at: dt.time, tz: dt.tzinfo = AMSTERDAM
) -> dt.datetime:
    """When documents for a meeting are due: ``lead_days`` working days before the
    meeting's local day, at local time ``at`` in ``tz`` (so a 17:00 deadline is 17:00
    on both sides of a DST change)."""
    if meeting_start.tzinfo is None:
        raise ValueError("meeting_start must be timezone-aware")
    day = working_days_before(meeting_start.astimezone(tz).date(), lead_days)
    return dt.datetime.combine(day, at, tzinfo=tz)


def lateness(delivered_at: dt.datetime | None, deadline: dt.datetime) -> dt.timedelta | None:
    """How late a delivery was (None when on time or not delivered)."""
    if delivered_at is None or delivered_at <= deadline:
        return None
    return delivered_at - deadline


def plan_backwards(
    target: dt.datetime,
    earlier_steps: list[tuple[list[dt.datetime], int]],
    *,
    target_lead_days: int,
    at: dt.time,
) -> list[dt.datetime | None]:
    """Choose a meeting for each earlier step of a route so that it reaches ``target``.

    ``earlier_steps`` lists, from the first step to the one just before the target,
    each body's candidate meeting starts and its document lead time (working days).
    A step's outcome must be known before the next step's document deadline, so the
    chosen meeting is the latest one that starts before that deadline. Returns the
    chosen start per earlier step (``None`` when no meeting fits; the steps before a
    gap cannot be planned either).
    """
    chosen: list[dt.datetime | None] = [None] * len(earlier_steps)
    deadline: dt.datetime | None = document_deadline(target, target_lead_days, at)
    for index in range(len(earlier_steps) - 1, -1, -1):
        candidates, lead_days = earlier_steps[index]
        fitting = [start for start in candidates if deadline is not None and start < deadline]
        chosen[index] = max(fitting) if fitting else None
        deadline = document_deadline(chosen[index], lead_days, at) if chosen[index] else None
    return chosen
