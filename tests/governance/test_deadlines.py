import datetime as dt

import pytest

from governance.deadlines import is_working_day, next_working_day, nth_weekday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 25), True),  # Wednesday
        (dt.date(2026, 11, 28), False),  # Saturday
        (dt.date(2026, 11, 29), False),  # Sunday
        (dt.date(2026, 1, 1), False),  # New Year's Day
        (dt.date(2026, 4, 3), True),  # Good Friday: not a national day off
        (dt.date(2026, 4, 6), False),  # Easter Monday
        (dt.date(2026, 4, 27), False),  # King's Day
        (dt.date(2025, 4, 26), False),  # King's Day 2025 falls on Saturday anyway
        (dt.date(2026, 5, 14), False),  # Ascension Day
        (dt.date(2026, 5, 25), False),  # Whit Monday
        (dt.date(2026, 12, 25), False),  # Christmas
        (dt.date(2026, 12, 28), True),  # Monday after Christmas
        (dt.date(2025, 5, 5), False),  # Liberation Day
        (dt.date(2026, 5, 5), False),  # every year, not only in lustrum years
    ],
)
def test_working_days(day, expected):
    assert is_working_day(day) is expected


def test_next_working_day_skips_weekend_and_easter():
    assert next_working_day(dt.date(2026, 4, 4)) == dt.date(2026, 4, 7)
    assert next_working_day(dt.date(2026, 4, 3)) == dt.date(2026, 4, 3)
    assert next_working_day(dt.date(2026, 11, 25)) == dt.date(2026, 11, 25)


def test_nth_weekday():
    assert nth_weekday(2024, 7, 2, 2) == dt.date(2024, 7, 10)  # the seed's AB of 10 July 2024
    assert nth_weekday(2024, 12, 2, 3) == dt.date(2024, 12, 18)  # and of 18 December 2024
    assert nth_weekday(2026, 6, 0, 1) == dt.date(2026, 6, 1)  # the 1st is itself a Monday
    assert nth_weekday(2026, 6, 0, 5) == dt.date(2026, 6, 29)
    with pytest.raises(ValueError, match="no 5th"):
        nth_weekday(2026, 2, 0, 5)
