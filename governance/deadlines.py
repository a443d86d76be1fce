"""Working-day arithmetic on plain dates (no database).

A working day is Monday–Friday and not one of the organisation's days off
(:class:`DaysOff`): the national days off of the Algemene termijnenwet, art. 3 lid 1
— New Year's Day, Easter Monday, Ascension Day, Whit Monday, King's Day, Liberation Day
(5 May, every year) and both Christmas days — plus the closing days the secretariat
adds, minus the national days it chose to work on ("waived"). Good Friday is not in
the Act: it is a working day unless the secretariat makes it a closing day.

The functions take the days off as a plain value so they stay pure and testable; the
organisation's own value comes from ``governance.queries.days_off`` (one query).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Stable codes of the national days off; the pages translate them.
NEW_YEARS_DAY = "new_years_day"
EASTER_MONDAY = "easter_monday"
KINGS_DAY = "kings_day"
LIBERATION_DAY = "liberation_day"
ASCENSION_DAY = "ascension_day"
WHIT_MONDAY = "whit_monday"
CHRISTMAS_DAY = "christmas_day"
SECOND_CHRISTMAS_DAY = "second_christmas_day"


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the "anonymous" algorithm of Meeus,
    Jones and Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kings_day(year: int) -> dt.date:
    """The day the King's (until 2013 the Queen's) birthday is celebrated: 27 April, or
    26 April when 27 April is a Sunday (Besluit van 2013 over de viering van
    Koningsdag); from 1949 to 2013 Queen's Day on 30 April, or 29 April on a Sunday."""
    day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=128)
def national_days_off(year: int) -> dict[dt.date, str]:
    """The days the Algemene termijnenwet, art. 3 lid 1, equates with Saturday and
    Sunday, with their codes: "de nieuwjaarsdag, de christelijke tweede paas- en
    pinksterdag, de beide Kerstdagen, de Hemelvaartsdag, de dag waarop de verjaardag
    van de Koning wordt gevierd en de vijfde mei". Good Friday is not among them.
    Some fall on a weekend; they are listed all the same. Do not mutate the result
    (it is cached)."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): NEW_YEARS_DAY,
        easter + dt.timedelta(days=1): EASTER_MONDAY,
        kings_day(year): KINGS_DAY,
        dt.date(year, 5, 5): LIBERATION_DAY,
        easter + dt.timedelta(days=39): ASCENSION_DAY,
        easter + dt.timedelta(days=50): WHIT_MONDAY,
        dt.date(year, 12, 25): CHRISTMAS_DAY,
        dt.date(year, 12, 26): SECOND_CHRISTMAS_DAY,
    }
    return dict(sorted(days.items()))


@dataclass(frozen=True)
class DaysOff:
    """The organisation's days off: the national days off, plus ``closing`` (closing
    days the secretariat added), minus ``waived`` (national days the organisation
    works on). Weekends are never working days, whatever these sets say.

    Hashable, so cached rules (``reminders.policy.stage_day``) can take it.
    """

    closing: frozenset[dt.date] = field(default_factory=frozenset)
    waived: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *, closing: Iterable[dt.date] = (), waived: Iterable[dt.date] = ()) -> DaysOff:
        return cls(closing=frozenset(closing), waived=frozenset(waived))

    def is_day_off(self, day: dt.date) -> bool:
        """Whether ``day`` is a day off (weekends aside)."""
        if day in self.closing:
            return True
        return day in national_days_off(day.year) and day not in self.waived

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_day_off(day)


# The national list alone: for callers without the organisation's list (the demo's
# meeting planner, tests). Deadlines of real work use ``queries.days_off``.
NATIONAL = DaysOff()


def is_working_day(day: dt.date, *, days_off: DaysOff = NATIONAL) -> bool:
    return days_off.is_working_day(day)


def next_working_day(day: dt.date, *, days_off: DaysOff = NATIONAL) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not days_off.is_working_day(day):
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


def working_days_before(day: dt.date, n: int, *, days_off: DaysOff = NATIONAL) -> dt.date:
    """The date ``n`` working days before ``day`` (``day`` itself not counted).

    ``n == 0`` gives ``day`` when it is a working day, else the working day before it.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        while not days_off.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day
    while n:
        day -= dt.timedelta(days=1)
        if days_off.is_working_day(day):
            n -= 1
    return day


def working_days_after(day: dt.date, n: int, *, days_off: DaysOff = NATIONAL) -> dt.date:
    """The date ``n`` working days after ``day`` (``day`` itself not counted)."""
    if n < 0:
        raise ValueError("n must not be negative")
    while n:
        day += dt.timedelta(days=1)
        if days_off.is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, *, days_off: DaysOff = NATIONAL) -> int:
    """Working days in (start, end]: how many working days ``end`` lies after ``start``.

    Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -working_days_between(end, start, days_off=days_off)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += days_off.is_working_day(day)
    return count


def document_deadline(
    meeting_start: dt.datetime,
    lead_days: int,
    at: dt.time,
    tz: dt.tzinfo = AMSTERDAM,
    *,
    days_off: DaysOff,
) -> dt.datetime:
    """When documents for a meeting are due: ``lead_days`` working days (by
    ``days_off``) before the meeting's local day, at local time ``at`` in ``tz`` (so a
    17:00 deadline is 17:00 on both sides of a DST change)."""
    if meeting_start.tzinfo is None:
        raise ValueError("meeting_start must be timezone-aware")
    day = working_days_before(meeting_start.astimezone(tz).date(), lead_days, days_off=days_off)
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
    days_off: DaysOff,
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
    deadline: dt.datetime | None = document_deadline(
        target, target_lead_days, at, days_off=days_off
    )
    for index in range(len(earlier_steps) - 1, -1, -1):
        candidates, lead_days = earlier_steps[index]
        fitting = [start for start in candidates if deadline is not None and start < deadline]
        chosen[index] = max(fitting) if fitting else None
        start = chosen[index]
        deadline = (
            document_deadline(start, lead_days, at, days_off=days_off)
            if start is not None
            else None
        )
    return chosen
