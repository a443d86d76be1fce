"""The statutory P&C calendar (``pcycle/wgr.py``): every rule at its boundaries — the day
before and on the date, leap years, a latest date on a Sunday or a day off (it does not
move; the page warns), and the two-week rule against the fixed date. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.deadlines import DaysOff
from pcycle import wgr

D = dt.date


def test_the_rules_need_no_django():
    with open(wgr.__file__, encoding="utf-8") as source:
        imports = [line for line in source if line.startswith(("import ", "from "))]
    assert imports and not [line for line in imports if "django" in line]


# --- art. 34b: kaderbrief and provisional accounts before 30 April ---------------------------


@pytest.mark.parametrize("budget_year", [2025, 2026, 2029])
def test_kaderbrief_before_30_april_of_the_year_before(budget_year):
    latest = wgr.frameworks_to_councils(budget_year)
    assert latest == wgr.Latest(D(budget_year - 1, 4, 29), "Wgr art. 34b")
    assert latest.is_met_by(D(budget_year - 1, 4, 29))  # the day before 30 April
    assert not latest.is_met_by(D(budget_year - 1, 4, 30))  # "vóór" is strictly before


def test_provisional_accounts_go_with_the_kaderbrief():
    # The provisional accounts 2024 and the kaderbrief 2026 share 29 April 2025.
    assert wgr.provisional_accounts_to_councils(2024) == wgr.frameworks_to_councils(2026)
    assert wgr.provisional_accounts_to_councils(2024).date == D(2025, 4, 29)


def test_a_latest_date_on_a_weekend_does_not_move_but_warns():
    # 29 April 2029 is a Sunday: still the latest date; the page warns.
    latest = wgr.frameworks_to_councils(2030)
    assert latest.date == D(2029, 4, 29) and latest.date.weekday() == 6
    assert wgr.falls_on_day_off(latest)
    assert not wgr.falls_on_day_off(wgr.frameworks_to_councils(2026))  # Tuesday 29 April 2025


def test_a_latest_date_on_a_closing_day_warns():
    latest = wgr.frameworks_to_councils(2026)  # Tuesday 29 April 2025
    closed = DaysOff.of(closing=[D(2025, 4, 29)])
    assert wgr.falls_on_day_off(latest, closed)


# --- art. 35 lid 1-4: the draft budget, the views and the replies ----------------------------


def test_draft_budget_twelve_weeks_before_adoption():
    latest = wgr.draft_budget_to_councils(D(2025, 7, 2))
    assert latest == wgr.Latest(D(2025, 4, 9), "Wgr art. 35 lid 1")
    assert (D(2025, 7, 2) - latest.date).days == 84
    assert latest.is_met_by(D(2025, 4, 9)) and not latest.is_met_by(D(2025, 4, 10))


@pytest.mark.parametrize(
    ("adoption", "latest"),
    [
        (D(2028, 5, 24), D(2028, 3, 1)),  # back over 29 February of a leap year
        (D(2027, 5, 24), D(2027, 3, 1)),  # the same in a common year: 28 February falls out
        (D(2028, 3, 1), D(2027, 12, 8)),  # back into the previous year
    ],
)
def test_twelve_weeks_over_leap_years_and_year_ends(adoption, latest):
    assert wgr.draft_budget_to_councils(adoption).date == latest


def test_the_view_window_runs_from_sending_to_the_day_before_adoption():
    assert wgr.view_window(D(2025, 4, 9), D(2025, 7, 2)) == (D(2025, 4, 9), D(2025, 7, 1))
    assert wgr.view_window(D(2025, 7, 1), D(2025, 7, 2)) == (D(2025, 7, 1), D(2025, 7, 1))
    for late in (D(2025, 7, 2), D(2025, 7, 3)):
        with pytest.raises(
            ValueError, match="^the draft budget must be sent before the AB adopts it$"
        ):
            wgr.view_window(late, D(2025, 7, 2))


def test_replies_to_the_councils_before_the_adoption():
    latest = wgr.replies_to_councils(D(2025, 7, 2))
    assert latest == wgr.Latest(D(2025, 7, 1), "Wgr art. 35 lid 4")
    assert not latest.is_met_by(D(2025, 7, 2))  # on the day of adoption is too late


def test_replies_before_an_adoption_on_1_march_of_a_leap_year():
    assert wgr.replies_to_councils(D(2028, 3, 1)).date == D(2028, 2, 29)


def test_a_draft_budget_due_on_a_sunday_warns():
    latest = wgr.draft_budget_to_councils(D(2025, 6, 29))  # a Sunday adoption, for the sake of it
    assert latest.date == D(2025, 4, 6) and wgr.falls_on_day_off(latest)


# --- art. 34 lid 2 and 4: to Gedeputeerde Staten -------------------------------------------


def test_budget_two_weeks_after_adoption_when_that_is_earlier():
    latest = wgr.budget_to_provinces(D(2025, 7, 2), 2026)
    assert latest == wgr.Latest(D(2025, 7, 16), "Wgr art. 34 lid 2 (two weeks after adoption)")
    assert latest.is_met_by(D(2025, 7, 16)) and not latest.is_met_by(D(2025, 7, 17))


@pytest.mark.parametrize(
    ("adopted_on", "latest", "binds"),
    [
        (D(2025, 8, 31), D(2025, 9, 14), "two weeks"),  # both give 14 September: first named
        (D(2025, 9, 1), D(2025, 9, 14), "15 September"),  # two weeks would be 15 September
        (D(2025, 9, 10), D(2025, 9, 14), "15 September"),
        (D(2025, 8, 30), D(2025, 9, 13), "two weeks"),
    ],
)
def test_budget_two_week_rule_against_15_september(adopted_on, latest, binds):
    result = wgr.budget_to_provinces(adopted_on, 2026)
    assert result.date == latest
    assert binds in result.article


def test_budget_adopted_after_15_september_is_already_late():
    result = wgr.budget_to_provinces(D(2025, 10, 1), 2026)
    assert result == wgr.Latest(D(2025, 9, 14), "Wgr art. 34 lid 2 (before 15 September)")
    assert not result.is_met_by(D(2025, 10, 1))


@pytest.mark.parametrize(
    ("adopted_on", "latest", "binds"),
    [
        (D(2025, 7, 2), D(2025, 7, 14), "15 July"),  # two weeks would be 16 July
        (D(2025, 6, 30), D(2025, 7, 14), "two weeks"),  # both 14 July
        (D(2025, 6, 25), D(2025, 7, 9), "two weeks"),
    ],
)
def test_accounts_two_week_rule_against_15_july(adopted_on, latest, binds):
    result = wgr.accounts_to_provinces(adopted_on, 2024)
    assert result.date == latest and binds in result.article
    assert result.article.startswith("Wgr art. 34 lid 4")


def test_two_weeks_over_29_february():
    assert wgr.budget_to_provinces(D(2028, 2, 20), 2029).date == D(2028, 3, 5)
    assert wgr.budget_to_provinces(D(2027, 2, 20), 2028).date == D(2027, 3, 6)


def test_a_latest_date_on_15_september_eve_that_is_a_sunday_warns():
    # 14 September 2025 is a Sunday: the fixed date binds and does not move.
    result = wgr.budget_to_provinces(D(2025, 9, 5), 2026)
    assert result.date == D(2025, 9, 14) and wgr.falls_on_day_off(result)


# --- art. 35 lid 6: budget amendments ------------------------------------------------------


def test_an_amendment_follows_the_budget_procedure_unless_exempt():
    latest = wgr.amendment_to_councils(D(2025, 12, 17), exempt=False)
    assert latest == wgr.Latest(D(2025, 9, 24), "Wgr art. 35 lid 6 jo. lid 1")
    assert wgr.amendment_to_councils(D(2025, 12, 17), exempt=True) is None


# --- properties ----------------------------------------------------------------------------

days = st.dates(min_value=D(2001, 1, 1), max_value=D(2099, 12, 31))


@given(days)
def test_twelve_weeks_before_is_always_the_same_weekday_84_days_earlier(adoption):
    latest = wgr.draft_budget_to_councils(adoption).date
    assert latest.weekday() == adoption.weekday() and (adoption - latest).days == 84
    assert wgr.replies_to_councils(adoption).date < adoption


@given(days, st.integers(min_value=2002, max_value=2100))
def test_the_binding_limit_is_never_later_than_either(adopted_on, budget_year):
    result = wgr.budget_to_provinces(adopted_on, budget_year).date
    assert result <= adopted_on + dt.timedelta(days=14)
    assert result < D(budget_year - 1, 9, 15)
    assert result in (adopted_on + dt.timedelta(days=14), D(budget_year - 1, 9, 14))
