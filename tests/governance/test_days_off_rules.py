"""Pure rules of the organisation's days off (``governance.deadlines.DaysOff``): the
national list of the Algemene termijnenwet, art. 3 lid 1, for several years, and working
days counted across closing days and waived national days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.deadlines import (
    AMSTERDAM,
    ASCENSION_DAY,
    CHRISTMAS_DAY,
    EASTER_MONDAY,
    KINGS_DAY,
    LIBERATION_DAY,
    NATIONAL,
    NEW_YEARS_DAY,
    SECOND_CHRISTMAS_DAY,
    WHIT_MONDAY,
    DaysOff,
    document_deadline,
    easter_sunday,
    kings_day,
    lateness,
    national_days_off,
    next_working_day,
    working_days_after,
    working_days_before,
    working_days_between,
)

D = dt.date
SEVENTEEN = dt.time(17, 0)


# --- the national list -----------------------------------------------------------------

# Easter Sunday from the tables of the Dutch almanac (and the Meeus algorithm's own
# test years: 1818 and 2285 are its extremes, 22 March and 25 April).
EASTERS = {
    1700: D(1700, 4, 11),
    1818: D(1818, 3, 22),
    1886: D(1886, 4, 25),
    1943: D(1943, 4, 25),
    1954: D(1954, 4, 18),
    1981: D(1981, 4, 19),
    2024: D(2024, 3, 31),
    2025: D(2025, 4, 20),
    2026: D(2026, 4, 5),
    2027: D(2027, 3, 28),
    2028: D(2028, 4, 16),
    2031: D(2031, 4, 13),
    2038: D(2038, 4, 25),
    2285: D(2285, 3, 22),
}


@pytest.mark.parametrize(("year", "easter"), sorted(EASTERS.items()))
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


# Every national day off of a year, checked against the official calendar.
NATIONAL_LISTS = {
    2025: {
        D(2025, 1, 1): NEW_YEARS_DAY,  # Wednesday
        D(2025, 4, 21): EASTER_MONDAY,
        D(2025, 4, 26): KINGS_DAY,  # 27 April is a Sunday: Saturday 26 April
        D(2025, 5, 5): LIBERATION_DAY,  # Monday
        D(2025, 5, 29): ASCENSION_DAY,
        D(2025, 6, 9): WHIT_MONDAY,
        D(2025, 12, 25): CHRISTMAS_DAY,
        D(2025, 12, 26): SECOND_CHRISTMAS_DAY,
    },
    2026: {
        D(2026, 1, 1): NEW_YEARS_DAY,
        D(2026, 4, 6): EASTER_MONDAY,
        D(2026, 4, 27): KINGS_DAY,  # Monday
        D(2026, 5, 5): LIBERATION_DAY,  # Tuesday, not a lustrum year: a day off all the same
        D(2026, 5, 14): ASCENSION_DAY,
        D(2026, 5, 25): WHIT_MONDAY,
        D(2026, 12, 25): CHRISTMAS_DAY,  # Friday
        D(2026, 12, 26): SECOND_CHRISTMAS_DAY,  # Saturday
    },
    2027: {
        D(2027, 1, 1): NEW_YEARS_DAY,
        D(2027, 3, 29): EASTER_MONDAY,
        D(2027, 4, 27): KINGS_DAY,
        D(2027, 5, 5): LIBERATION_DAY,
        D(2027, 5, 6): ASCENSION_DAY,  # the day after Liberation Day
        D(2027, 5, 17): WHIT_MONDAY,
        D(2027, 12, 25): CHRISTMAS_DAY,  # Saturday
        D(2027, 12, 26): SECOND_CHRISTMAS_DAY,  # Sunday: Christmas wholly in a weekend
    },
    2031: {
        D(2031, 1, 1): NEW_YEARS_DAY,
        D(2031, 4, 14): EASTER_MONDAY,
        D(2031, 4, 26): KINGS_DAY,  # 27 April is a Sunday again
        D(2031, 5, 5): LIBERATION_DAY,
        D(2031, 5, 22): ASCENSION_DAY,
        D(2031, 6, 2): WHIT_MONDAY,
        D(2031, 12, 25): CHRISTMAS_DAY,
        D(2031, 12, 26): SECOND_CHRISTMAS_DAY,
    },
}


@pytest.mark.parametrize("year", sorted(NATIONAL_LISTS))
def test_national_days_off_of_the_algemene_termijnenwet(year):
    assert national_days_off(year) == NATIONAL_LISTS[year]
    assert list(national_days_off(year)) == sorted(NATIONAL_LISTS[year])


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2014, D(2014, 4, 26)),  # the first King's Day: 27 April 2014 was a Sunday
        (2016, D(2016, 4, 27)),
        (2013, D(2013, 4, 30)),  # Queen's Day until 2013
        (2006, D(2006, 4, 29)),  # 30 April 2006 was a Sunday
    ],
)
def test_kings_day_and_queens_day_before_it(year, day):
    assert kings_day(year) == day
    assert national_days_off(year)[day] == KINGS_DAY


@pytest.mark.parametrize("year", range(2020, 2036))
def test_good_friday_is_a_working_day_and_liberation_day_is_not(year):
    good_friday = easter_sunday(year) - dt.timedelta(days=2)
    assert good_friday not in national_days_off(year)
    assert NATIONAL.is_working_day(good_friday)
    liberation = D(year, 5, 5)
    assert national_days_off(year)[liberation] == LIBERATION_DAY
    assert not NATIONAL.is_working_day(liberation)


@pytest.mark.parametrize("year", range(2020, 2036))
def test_movable_days_follow_easter(year):
    easter = easter_sunday(year)
    days = {code: day for day, code in national_days_off(year).items()}
    assert days[EASTER_MONDAY] == easter + dt.timedelta(days=1)
    assert days[ASCENSION_DAY] == easter + dt.timedelta(days=39)
    assert days[ASCENSION_DAY].weekday() == 3
    assert days[WHIT_MONDAY] == easter + dt.timedelta(days=50)
    assert days[WHIT_MONDAY].weekday() == 0
    assert days[KINGS_DAY].weekday() != 6  # never on a Sunday
    assert len(days) == 8


# --- DaysOff: closing days and waived national days --------------------------------------

GOOD_FRIDAY_2026 = D(2026, 4, 3)
CLOSED = DaysOff.of(closing={GOOD_FRIDAY_2026, D(2026, 5, 15)}, waived={D(2026, 5, 5)})


def test_a_closing_day_is_a_day_off_and_a_waived_national_day_is_not():
    assert NATIONAL.is_working_day(GOOD_FRIDAY_2026)
    assert not CLOSED.is_working_day(GOOD_FRIDAY_2026)
    assert CLOSED.is_day_off(GOOD_FRIDAY_2026)
    assert not NATIONAL.is_working_day(D(2026, 5, 5))
    assert CLOSED.is_working_day(D(2026, 5, 5))
    assert not CLOSED.is_day_off(D(2026, 5, 5))
    # The other national days off are untouched.
    assert not CLOSED.is_working_day(D(2026, 4, 6))


def test_weekends_never_work_whatever_the_sets_say():
    saturday = D(2026, 12, 26)  # Boxing Day on a Saturday
    odd = DaysOff.of(waived={saturday, D(2026, 12, 27)})
    assert not odd.is_working_day(saturday)
    assert not odd.is_working_day(D(2026, 12, 27))


def test_days_off_are_hashable_values():
    assert DaysOff.of(closing=[GOOD_FRIDAY_2026]) == DaysOff.of(closing={GOOD_FRIDAY_2026})
    assert hash(DaysOff.of(closing=[GOOD_FRIDAY_2026])) == hash(
        DaysOff.of(closing={GOOD_FRIDAY_2026})
    )
    assert DaysOff() == NATIONAL
    assert DaysOff.of(closing=[GOOD_FRIDAY_2026]) != NATIONAL


@pytest.mark.parametrize(
    ("day", "n", "national", "closed"),
    [
        # Easter 2026: Good Friday 3 April (closed here), Easter Monday 6 April.
        (D(2026, 4, 7), 1, D(2026, 4, 3), D(2026, 4, 2)),
        (D(2026, 4, 7), 2, D(2026, 4, 2), D(2026, 4, 1)),
        # Liberation Day 2026 (Tuesday) waived here: it counts as a working day.
        (D(2026, 5, 6), 1, D(2026, 5, 4), D(2026, 5, 5)),
        # Ascension Day 14 May and the closing day after it, 15 May.
        (D(2026, 5, 18), 1, D(2026, 5, 15), D(2026, 5, 13)),
        (D(2026, 5, 18), 0, D(2026, 5, 18), D(2026, 5, 18)),
        (D(2026, 5, 16), 0, D(2026, 5, 15), D(2026, 5, 13)),
    ],
)
def test_working_days_before_counts_closing_and_waived_days(day, n, national, closed):
    assert working_days_before(day, n) == national
    assert working_days_before(day, n, days_off=CLOSED) == closed


def test_working_days_after_and_between_count_closing_and_waived_days():
    assert working_days_after(D(2026, 4, 2), 1) == D(2026, 4, 3)
    assert working_days_after(D(2026, 4, 2), 1, days_off=CLOSED) == D(2026, 4, 7)
    assert working_days_after(D(2026, 5, 4), 1, days_off=CLOSED) == D(2026, 5, 5)
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 7)) == 2
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 7), days_off=CLOSED) == 1
    assert working_days_between(D(2026, 5, 13), D(2026, 5, 18), days_off=CLOSED) == 1
    assert working_days_between(D(2026, 5, 18), D(2026, 5, 13), days_off=CLOSED) == -1
    assert next_working_day(GOOD_FRIDAY_2026) == GOOD_FRIDAY_2026
    assert next_working_day(GOOD_FRIDAY_2026, days_off=CLOSED) == D(2026, 4, 7)


def test_document_deadline_skips_a_closing_day():
    # The AB meets Wednesday 8 April 2026; documents are due 3 working days before.
    meeting = dt.datetime(2026, 4, 8, 14, tzinfo=AMSTERDAM)
    national = document_deadline(meeting, 3, SEVENTEEN, days_off=NATIONAL)
    closed = document_deadline(meeting, 3, SEVENTEEN, days_off=CLOSED)
    assert national == dt.datetime(2026, 4, 2, 17, tzinfo=AMSTERDAM)  # 7, 3, 2 April
    assert closed == dt.datetime(2026, 4, 1, 17, tzinfo=AMSTERDAM)  # 7, 2, 1 April


def test_a_delivery_due_exactly_now_is_on_time_and_a_second_later_is_late():
    meeting = dt.datetime(2026, 4, 8, 14, tzinfo=AMSTERDAM)
    deadline = document_deadline(meeting, 3, SEVENTEEN, days_off=CLOSED)
    assert lateness(deadline, deadline) is None
    assert lateness(deadline + dt.timedelta(seconds=1), deadline) == dt.timedelta(seconds=1)


@settings(max_examples=200, database=None, deadline=None)
@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=0, max_value=30),
    st.sets(st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)), max_size=20),
)
def test_more_closing_days_never_bring_a_deadline_later(day, n, closing):
    # Closing days only take working days away: counting back the same number of
    # working days then ends on the same day or earlier, and on a working day.
    days_off = DaysOff.of(closing=closing)
    with_closing = working_days_before(day, n, days_off=days_off)
    assert with_closing <= working_days_before(day, n)
    assert days_off.is_working_day(with_closing)
    if n:
        # n working days in [result, day): n - 1 after the result, plus the day itself.
        expected = n - 1 + days_off.is_working_day(day)
        assert working_days_between(with_closing, day, days_off=days_off) == expected


def test_easter_is_a_sunday_from_22_march_to_25_april_in_every_gregorian_year():
    for year in range(1583, 4100):
        easter = easter_sunday(year)
        assert easter.weekday() == 6, year
        assert D(year, 3, 22) <= easter <= D(year, 4, 25), year


def test_days_off_of_takes_closing_and_waived_days():
    # Liberation Day (Tuesday 5 May 2026) worked, Friday 8 May closed.
    days_off = DaysOff.of(closing=[D(2026, 5, 8)], waived=[D(2026, 5, 5)])
    assert days_off == DaysOff(
        closing=frozenset({D(2026, 5, 8)}), waived=frozenset({D(2026, 5, 5)})
    )
    assert days_off.is_working_day(D(2026, 5, 5))
    assert not days_off.is_working_day(D(2026, 5, 8))
    assert not NATIONAL.is_working_day(D(2026, 5, 5))


def test_document_deadline_takes_the_meeting_day_in_the_given_time_zone():
    # 20:00 UTC on Monday 7 December is Tuesday 09:00 in Auckland: the meeting's local
    # day there is the Tuesday, so documents are due Tuesday 17:00 Auckland time.
    auckland = ZoneInfo("Pacific/Auckland")
    start = dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)
    deadline = document_deadline(start, 0, SEVENTEEN, auckland, days_off=NATIONAL)
    assert deadline == dt.datetime(2026, 12, 8, 17, 0, tzinfo=auckland)
    amsterdam = document_deadline(start, 0, SEVENTEEN, days_off=NATIONAL)
    assert amsterdam == dt.datetime(2026, 12, 7, 17, 0, tzinfo=AMSTERDAM)


def test_refusals_say_what_is_wrong():
    with pytest.raises(ValueError, match="^meeting_start must be timezone-aware$"):
        document_deadline(dt.datetime(2026, 12, 7, 14), 0, SEVENTEEN, days_off=NATIONAL)  # noqa: DTZ001
    with pytest.raises(ValueError, match="^n must not be negative$"):
        working_days_before(D(2026, 12, 7), -1)
    with pytest.raises(ValueError, match="^n must not be negative$"):
        working_days_after(D(2026, 12, 7), -1)


def test_the_national_list_is_in_date_order():
    # Ascension Day can come before Liberation Day (1 May 2008): the list is sorted.
    assert list(national_days_off(2008))[3:5] == [D(2008, 5, 1), D(2008, 5, 5)]
    for year in range(2000, 2100):
        days = list(national_days_off(year))
        assert days == sorted(days), year
