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

import holidays


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
