"""Pure rules of ``governance.deadlines``: counting working days back and forth, the
document deadline of a meeting (time zones, DST), lateness and planning a route
backwards. ``is_working_day``/``next_working_day``/``nth_weekday`` are covered in
``test_deadlines.py``; this module builds on them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.deadlines import (
    AMSTERDAM,
    NATIONAL,
    document_deadline,
    is_working_day,
    lateness,
    national_days_off,
    plan_backwards,
    working_days_before,
    working_days_between,
)

NOON = dt.time(12, 0)
UTC = dt.UTC


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0):
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=AMSTERDAM)


# --- working_days_before -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (d(2026, 11, 25), d(2026, 11, 25)),  # a Wednesday is its own answer
        (d(2026, 11, 28), d(2026, 11, 27)),  # Saturday → the Friday before
        (d(2026, 11, 29), d(2026, 11, 27)),  # Sunday → the Friday before
        (d(2024, 4, 1), d(2024, 3, 29)),  # Easter Monday → Good Friday (a working day)
        (d(2026, 1, 1), d(2025, 12, 31)),  # New Year's Day → back into the old year
        (d(2025, 5, 5), d(2025, 5, 2)),  # Liberation Day 2025 is a day off
        (d(2024, 5, 6), d(2024, 5, 6)),  # the Monday after Liberation Day 2024 is normal
    ],
)
def test_zero_days_before_is_the_day_itself_or_the_working_day_before_it(day, expected):
    assert working_days_before(day, 0) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (d(2026, 11, 25), 1, d(2026, 11, 24)),
        (d(2026, 11, 30), 1, d(2026, 11, 27)),  # Monday → Friday
        (d(2026, 11, 30), 5, d(2026, 11, 23)),  # a full working week back
        (d(2026, 11, 28), 1, d(2026, 11, 27)),  # from a Saturday, Friday is one back
        # Easter 2024: Easter Monday 1 April is a day off, Good Friday 29 March is not.
        (d(2024, 4, 2), 1, d(2024, 3, 29)),
        (d(2024, 4, 3), 2, d(2024, 3, 29)),
        (d(2024, 4, 5), 5, d(2024, 3, 28)),
        # King's Day 2024 is Saturday 27 April: no weekday is lost that week.
        (d(2024, 4, 29), 1, d(2024, 4, 26)),
        (d(2024, 5, 3), 10, d(2024, 4, 19)),
        # Christmas 2024 (Wed 25, Thu 26 Dec) and New Year's Day 2025 (Wed).
        (d(2025, 1, 2), 1, d(2024, 12, 31)),
        (d(2025, 1, 2), 5, d(2024, 12, 23)),
        (d(2025, 1, 6), 6, d(2024, 12, 24)),  # 3, 2 Jan, 31, 30, 27, 24 Dec
        # Liberation Day is a day off every year (Algemene termijnenwet art. 3): Monday
        # 5 May 2025, Tuesday 5 May 2026.
        (d(2025, 5, 6), 1, d(2025, 5, 2)),
        (d(2026, 5, 6), 1, d(2026, 5, 4)),
        # Ascension Day 2026 (Thu 14 May) and Whit Monday 2026 (25 May).
        (d(2026, 5, 15), 1, d(2026, 5, 13)),
        (d(2026, 5, 26), 1, d(2026, 5, 22)),
    ],
)
def test_working_days_before(day, n, expected):
    assert working_days_before(day, n) == expected


def test_kings_day_on_a_sunday_moves_to_the_saturday_before():
    # 27 April 2025 is a Sunday, so King's Day moves to Saturday 26 April (not to Monday)
    # and neither day costs a working day.
    assert not is_working_day(d(2025, 4, 26))
    assert is_working_day(d(2025, 4, 28))
    assert working_days_before(d(2025, 4, 29), 1) == d(2025, 4, 28)
    assert working_days_before(d(2025, 4, 28), 1) == d(2025, 4, 25)
    # 2026: King's Day is Monday 27 April and does cost a working day.
    assert working_days_before(d(2026, 4, 28), 1) == d(2026, 4, 24)


def test_liberation_day_is_a_day_off_every_year():
    # The Algemene termijnenwet lists "de vijfde mei" without the lustrum condition of
    # the civil service agreements; in 2024 it fell on a Sunday anyway.
    for year in (2024, 2025, 2026, 2027):
        assert d(year, 5, 5) in national_days_off(year)
    assert working_days_before(d(2024, 5, 7), 2) == d(2024, 5, 3)
    assert working_days_before(d(2025, 5, 7), 2) == d(2025, 5, 2)
    assert working_days_before(d(2026, 5, 7), 2) == d(2026, 5, 4)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        working_days_before(d(2026, 11, 25), -1)


# --- working_days_between ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (d(2026, 11, 25), d(2026, 11, 25), 0),
        (d(2026, 11, 27), d(2026, 11, 30), 1),  # Friday → Monday
        (d(2026, 11, 28), d(2026, 11, 29), 0),  # Saturday → Sunday
        (d(2026, 11, 23), d(2026, 11, 30), 5),
        (d(2024, 3, 28), d(2024, 4, 2), 2),  # across Easter 2024: Good Friday counts
        (d(2024, 12, 24), d(2025, 1, 2), 4),  # 27, 30, 31 Dec, 2 Jan
        (d(2025, 5, 2), d(2025, 5, 6), 1),  # Liberation Day 2025 skipped
        (d(2026, 5, 4), d(2026, 5, 6), 1),  # 5 May 2026 is a day off
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected
    assert working_days_between(end, start) == -expected


@settings(max_examples=200, database=None, deadline=None)
@given(
    st.dates(min_value=d(2020, 1, 1), max_value=d(2030, 12, 31)),
    st.dates(min_value=d(2020, 1, 1), max_value=d(2030, 12, 31)),
)
def test_working_days_between_is_antisymmetric(start, end):
    assert working_days_between(start, end) == -working_days_between(end, start)


@settings(max_examples=200, database=None, deadline=None)
@given(st.dates(min_value=d(2020, 1, 1), max_value=d(2030, 12, 31)), st.integers(0, 40))
def test_between_undoes_before_from_a_working_day(day, n):
    result = working_days_before(day, n)
    assert is_working_day(result)
    assert result <= day
    if is_working_day(day):
        assert working_days_between(result, day) == n
    else:
        # From a weekend or holiday the count runs to the working day before it:
        # "1 working day before Saturday" is Friday, yet (Friday, Saturday] holds no
        # working day. Both readings are deliberate; plan with working meeting days.
        assert working_days_between(result, working_days_before(day, 0)) == max(n - 1, 0)


# --- document_deadline ---------------------------------------------------------------


def test_deadline_is_lead_days_back_at_the_given_local_time():
    # The seed's AB of Wednesday 10 July 2024 at 14:00 with ten working days' lead time.
    deadline = document_deadline(at(2024, 7, 10, 14), 10, NOON, days_off=NATIONAL)
    assert deadline == at(2024, 6, 26, 12)
    assert deadline.tzinfo is AMSTERDAM


@pytest.mark.parametrize(
    ("meeting", "lead_days", "deadline_day", "utc_hour"),
    [
        # Summer time starts Sunday 29 March 2026: Friday is CET, Monday is CEST.
        (at(2026, 3, 30, 10), 1, d(2026, 3, 27), 11),
        (at(2026, 3, 30, 10), 0, d(2026, 3, 30), 10),
        # Winter time starts Sunday 25 October 2026: Friday is CEST, Monday is CET.
        (at(2026, 10, 26, 10), 1, d(2026, 10, 23), 10),
        (at(2026, 10, 26, 10), 0, d(2026, 10, 26), 11),
    ],
)
def test_deadline_keeps_local_noon_across_dst(meeting, lead_days, deadline_day, utc_hour):
    deadline = document_deadline(meeting, lead_days, NOON, days_off=NATIONAL)
    assert deadline.date() == deadline_day
    assert deadline.time() == NOON
    assert deadline.astimezone(UTC).hour == utc_hour


@settings(max_examples=200, database=None, deadline=None)
@given(
    st.datetimes(
        min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=dt.datetime(2030, 12, 31),  # noqa: DTZ001
        timezones=st.just(AMSTERDAM),
    ),
    st.integers(1, 30),
)
def test_deadline_is_local_noon_on_a_working_day_before_the_meeting(meeting, lead_days):
    deadline = document_deadline(meeting, lead_days, NOON, days_off=NATIONAL)
    local = deadline.astimezone(AMSTERDAM)
    assert local.time() == NOON
    assert is_working_day(local.date())
    assert deadline < meeting
    day = meeting.astimezone(AMSTERDAM).date()
    if is_working_day(day):
        assert working_days_between(local.date(), day) == lead_days


def test_naive_meeting_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        document_deadline(dt.datetime(2026, 3, 30, 10), 1, NOON, days_off=NATIONAL)  # noqa: DTZ001


def test_utc_input_counts_from_the_amsterdam_day():
    # 00:30 on Tuesday 13 January 2026 in Amsterdam is 23:30 UTC on Monday 12 January:
    # one working day before Tuesday is Monday, not Friday.
    meeting = dt.datetime(2026, 1, 12, 23, 30, tzinfo=UTC)
    assert meeting.astimezone(AMSTERDAM).date() == d(2026, 1, 13)
    assert document_deadline(meeting, 1, NOON, days_off=NATIONAL) == at(2026, 1, 12, 12)


def test_other_time_zone_gives_the_same_instant_for_the_same_local_day():
    meeting = at(2026, 6, 10, 14)
    in_london = meeting.astimezone(ZoneInfo("Europe/London"))
    assert document_deadline(in_london, 5, NOON, days_off=NATIONAL) == document_deadline(
        meeting, 5, NOON, days_off=NATIONAL
    )


# --- lateness ------------------------------------------------------------------------


def test_delivery_exactly_at_the_deadline_is_on_time():
    deadline = at(2026, 3, 27, 12)
    assert lateness(deadline, deadline) is None
    assert lateness(deadline - dt.timedelta(days=3), deadline) is None


def test_one_second_after_the_deadline_is_late_by_one_second():
    deadline = at(2026, 3, 27, 12)
    assert lateness(deadline + dt.timedelta(seconds=1), deadline) == dt.timedelta(seconds=1)


def test_lateness_compares_instants_not_wall_clocks():
    deadline = at(2026, 3, 27, 12)  # 11:00 UTC
    assert lateness(dt.datetime(2026, 3, 27, 11, 30, tzinfo=UTC), deadline) == dt.timedelta(
        minutes=30
    )


def test_nothing_delivered_is_not_late_but_none():
    assert lateness(None, at(2026, 3, 27, 12)) is None


# --- plan_backwards ------------------------------------------------------------------

# Plausible 2024 calendars: BAO on Thursdays 10:00, AC on Tuesdays 15:00, DB on Thursdays
# 09:00, around the seed's route BAO 20 Jun → AC 25 Jun → DB 27 Jun → AB 10 Jul 2024.
BAO = [at(2024, 6, 6, 10), at(2024, 6, 20, 10), at(2024, 7, 4, 10)]
AC = [at(2024, 6, 11, 15), at(2024, 6, 25, 15), at(2024, 7, 9, 15)]
DB = [at(2024, 6, 13, 9), at(2024, 6, 27, 9), at(2024, 7, 11, 9)]
AB_JULY = at(2024, 7, 10, 14)


def test_seed_route_is_planned_backwards_from_ab_10_july_2024():
    # AB 5 days → deadline Wed 3 Jul 12:00; DB 1 day → Wed 26 Jun; AC 2 days → Fri 21 Jun.
    chosen = plan_backwards(
        AB_JULY, [(BAO, 3), (AC, 2), (DB, 1)], target_lead_days=5, at=NOON, days_off=NATIONAL
    )
    assert chosen == [at(2024, 6, 20, 10), at(2024, 6, 25, 15), at(2024, 6, 27, 9)]


def test_ten_days_lead_everywhere_leaves_a_gap_and_the_earlier_steps_unplanned():
    # AB deadline Wed 26 Jun → DB 13 Jun; its deadline Thu 30 May precedes every AC
    # candidate, so AC cannot be planned, and neither can BAO before it.
    chosen = plan_backwards(
        AB_JULY, [(BAO, 10), (AC, 10), (DB, 10)], target_lead_days=10, at=NOON, days_off=NATIONAL
    )
    assert chosen == [None, None, at(2024, 6, 13, 9)]


def test_gap_in_the_middle_blocks_only_the_steps_before_it():
    chosen = plan_backwards(
        AB_JULY, [(BAO, 1), (AC, 1), ([], 1)], target_lead_days=5, at=NOON, days_off=NATIONAL
    )
    assert chosen == [None, None, None]
    chosen = plan_backwards(
        AB_JULY, [(BAO, 1), ([], 1), (DB, 1)], target_lead_days=5, at=NOON, days_off=NATIONAL
    )
    assert chosen == [None, None, at(2024, 6, 27, 9)]


def test_candidates_after_the_deadline_are_ignored_and_the_latest_before_it_wins():
    # DB 11 Jul is after the AB meeting itself; DB 27 Jun is after the deadline of 26 Jun.
    chosen = plan_backwards(AB_JULY, [(DB, 1)], target_lead_days=10, at=NOON, days_off=NATIONAL)
    assert chosen == [at(2024, 6, 13, 9)]


def test_candidate_exactly_at_the_deadline_does_not_fit():
    deadline = document_deadline(AB_JULY, 5, NOON, days_off=NATIONAL)
    chosen = plan_backwards(
        AB_JULY,
        [([deadline, deadline - dt.timedelta(minutes=1)], 1)],
        target_lead_days=5,
        at=NOON,
        days_off=NATIONAL,
    )
    assert chosen == [deadline - dt.timedelta(minutes=1)]


def test_tied_candidates_give_that_start_whatever_their_order():
    tie = at(2024, 6, 27, 9)
    for candidates in ([tie, tie, at(2024, 6, 13, 9)], [at(2024, 6, 13, 9), tie, tie]):
        assert plan_backwards(
            AB_JULY, [(candidates, 1)], target_lead_days=5, at=NOON, days_off=NATIONAL
        ) == [tie]


def test_candidates_need_not_be_sorted_nor_in_the_same_time_zone():
    shuffled = [DB[2], DB[0].astimezone(UTC), DB[1].astimezone(UTC)]
    chosen = plan_backwards(
        AB_JULY, [(shuffled, 1)], target_lead_days=5, at=NOON, days_off=NATIONAL
    )
    assert chosen == [at(2024, 6, 27, 9)]


def test_no_earlier_steps_plans_nothing():
    assert plan_backwards(AB_JULY, [], target_lead_days=5, at=NOON, days_off=NATIONAL) == []
