"""The steps of a P&C document in time (``pcycle/timeline.py``): which steps each kind has,
their statutory latest day, and their state at the edges — done on the latest day and the
day after, planned exactly on it and a day later, the latest day passing unplanned, an
exempt amendment, leap years, a latest day on a day off. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from governance.deadlines import DaysOff
from pcycle import timeline, wgr
from pcycle.timeline import Facts, State, StepKey

D = dt.date
DAY = dt.timedelta(days=1)

# AB adopts the budget 2028 on Wednesday 7 July 2027; twelve weeks before: 14 April 2027.
ADOPTION = D(2027, 7, 7)
SEND_BY = D(2027, 4, 14)


def budget(**facts) -> Facts:
    return Facts(kind=timeline.BUDGET, year=2028, adoption_day=ADOPTION, **facts)


def by_key(facts: Facts, today: dt.date, **kwargs) -> dict[StepKey, timeline.Step]:
    return {step.key: step for step in timeline.steps(facts, today=today, **kwargs)}


def test_the_timeline_needs_no_django():
    with open(timeline.__file__, encoding="utf-8") as source:
        imports = [line for line in source if line.startswith(("import ", "from "))]
    assert imports and not [line for line in imports if "django" in line]


# --- which steps, per kind -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "exempt", "keys"),
    [
        (
            timeline.BUDGET,
            False,
            ["to_councils", "views", "replies", "adoption", "to_province"],
        ),
        (timeline.AMENDMENT, False, ["to_councils", "views", "replies", "adoption"]),
        (timeline.AMENDMENT, True, ["adoption"]),
        (timeline.FRAMEWORKS, False, ["to_councils"]),
        (timeline.PROVISIONAL_ACCOUNTS, False, ["to_councils"]),
        (timeline.ANNUAL_ACCOUNTS, False, ["adoption", "to_province"]),
        (timeline.INTERIM, False, ["adoption"]),
        (timeline.AUDIT_REPORT, False, ["adoption"]),
    ],
)
def test_each_kind_has_its_statutory_steps_in_order(kind, exempt, keys):
    facts = Facts(kind=kind, year=2028, exempt=exempt, adoption_day=ADOPTION)
    assert [step.key for step in timeline.steps(facts, today=D(2027, 1, 1))] == keys


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown kind"):
        timeline.steps(Facts(kind="letter", year=2028), today=D(2027, 1, 1))


def test_only_the_budget_and_non_exempt_amendments_have_a_views_procedure():
    assert timeline.has_view_procedure(timeline.BUDGET, exempt=False)
    assert timeline.has_view_procedure(timeline.AMENDMENT, exempt=False)
    assert not timeline.has_view_procedure(timeline.AMENDMENT, exempt=True)
    for kind in set(timeline.KINDS) - {timeline.BUDGET, timeline.AMENDMENT}:
        assert not timeline.has_view_procedure(kind, exempt=False)


# --- the latest days -------------------------------------------------------------------------


def test_budget_latest_days_follow_the_wgr():
    steps = by_key(budget(), D(2027, 1, 1))
    assert steps[StepKey.TO_COUNCILS].latest == wgr.Latest(SEND_BY, "Wgr art. 35 lid 1")
    assert steps[StepKey.VIEWS].latest == wgr.Latest(D(2027, 7, 6), "Wgr art. 35 lid 3")
    assert steps[StepKey.REPLIES].latest == wgr.Latest(D(2027, 7, 6), "Wgr art. 35 lid 4")
    assert steps[StepKey.ADOPTION].latest is None
    assert steps[StepKey.ADOPTION].planned == ADOPTION
    assert steps[StepKey.TO_PROVINCE].latest == wgr.Latest(
        D(2027, 7, 21), "Wgr art. 34 lid 2 (two weeks after adoption)"
    )


def test_budget_to_the_province_counts_from_the_decision_not_the_plan():
    steps = by_key(budget(decided_on=D(2027, 9, 8)), D(2027, 9, 8))
    # Decided on 8 September: 15 September binds (before it: the 14th), not 22 September.
    assert steps[StepKey.TO_PROVINCE].latest == wgr.Latest(
        D(2027, 9, 14), "Wgr art. 34 lid 2 (before 15 September)"
    )


def test_unplanned_budget_has_only_the_fixed_province_date():
    steps = by_key(Facts(kind=timeline.BUDGET, year=2028), D(2027, 1, 1))
    assert steps[StepKey.TO_COUNCILS].latest is None
    assert steps[StepKey.TO_COUNCILS].state == State.NOT_PLANNED
    assert steps[StepKey.VIEWS].latest is None
    assert steps[StepKey.VIEWS].state == State.NOT_PLANNED
    assert steps[StepKey.REPLIES].latest is None
    assert steps[StepKey.ADOPTION].state == State.NOT_PLANNED
    assert steps[StepKey.TO_PROVINCE].latest == wgr.Latest(
        D(2027, 9, 14), "Wgr art. 34 lid 2 (before 15 September)"
    )


def test_unplanned_annual_accounts_have_the_fixed_15_july():
    steps = by_key(Facts(kind=timeline.ANNUAL_ACCOUNTS, year=2027), D(2028, 1, 1))
    assert steps[StepKey.TO_PROVINCE].latest == wgr.Latest(
        D(2028, 7, 14), "Wgr art. 34 lid 4 (before 15 July)"
    )


def test_annual_accounts_two_weeks_after_adoption():
    facts = Facts(kind=timeline.ANNUAL_ACCOUNTS, year=2027, adoption_day=D(2028, 6, 21))
    steps = by_key(facts, D(2028, 1, 1))
    assert steps[StepKey.TO_PROVINCE].latest.date == D(2028, 7, 5)


def test_framework_letter_and_provisional_accounts_before_30_april():
    frameworks = by_key(Facts(kind=timeline.FRAMEWORKS, year=2028), D(2027, 1, 1))
    assert frameworks[StepKey.TO_COUNCILS].latest == wgr.Latest(D(2027, 4, 29), "Wgr art. 34b")
    accounts = by_key(Facts(kind=timeline.PROVISIONAL_ACCOUNTS, year=2026), D(2027, 1, 1))
    assert accounts[StepKey.TO_COUNCILS].latest == wgr.Latest(D(2027, 4, 29), "Wgr art. 34b")


def test_non_exempt_amendment_twelve_weeks_under_lid_6():
    facts = Facts(kind=timeline.AMENDMENT, year=2028, adoption_day=ADOPTION)
    step = by_key(facts, D(2027, 1, 1))[StepKey.TO_COUNCILS]
    assert step.latest == wgr.Latest(SEND_BY, "Wgr art. 35 lid 6 jo. lid 1")


def test_exempt_amendment_is_adopted_only_and_never_late():
    facts = Facts(kind=timeline.AMENDMENT, year=2028, exempt=True, adoption_day=ADOPTION)
    (step,) = timeline.steps(facts, today=D(2027, 12, 31))
    assert step.key == StepKey.ADOPTION and step.latest is None
    assert step.state == State.PLANNED and not step.is_violation


@pytest.mark.parametrize(
    ("adoption", "send_by"),
    [
        (D(2024, 5, 22), D(2024, 2, 28)),  # leap year: 29 February lies between
        (D(2024, 5, 23), D(2024, 2, 29)),  # leap day itself
        (D(2023, 5, 24), D(2023, 3, 1)),  # no leap day
    ],
)
def test_twelve_weeks_over_leap_years(adoption, send_by):
    facts = Facts(kind=timeline.BUDGET, year=2025, adoption_day=adoption)
    assert by_key(facts, D(2024, 1, 1))[StepKey.TO_COUNCILS].latest.date == send_by


def test_budget_for_a_leap_year_has_its_fixed_dates_in_the_year_before():
    steps = by_key(Facts(kind=timeline.BUDGET, year=2029), D(2027, 1, 1))
    assert steps[StepKey.TO_PROVINCE].latest.date == D(2028, 9, 14)


# --- states at the edges -----------------------------------------------------------------------


def test_sent_on_the_latest_day_is_on_time():
    step = by_key(budget(sent_to_councils_on=SEND_BY), SEND_BY)[StepKey.TO_COUNCILS]
    assert step.state == State.DONE and not step.is_violation
    assert step.actual == SEND_BY


def test_sent_the_day_after_is_late():
    step = by_key(budget(sent_to_councils_on=SEND_BY + DAY), SEND_BY + DAY)[StepKey.TO_COUNCILS]
    assert step.state == State.DONE_LATE and step.is_violation


def test_planned_exactly_on_the_latest_day_is_in_time():
    step = by_key(budget(planned_to_councils_on=SEND_BY), D(2027, 3, 1))[StepKey.TO_COUNCILS]
    assert step.state == State.PLANNED and step.planned == SEND_BY


def test_planned_a_day_late_is_flagged_before_it_happens():
    step = by_key(budget(planned_to_councils_on=SEND_BY + DAY), D(2027, 3, 1))[StepKey.TO_COUNCILS]
    assert step.state == State.PLANNED_LATE and step.is_violation


def test_unplanned_and_still_time_is_not_planned():
    step = by_key(budget(), SEND_BY)[StepKey.TO_COUNCILS]
    assert step.state == State.NOT_PLANNED and not step.is_violation


def test_unplanned_after_the_latest_day_is_overdue():
    step = by_key(budget(), SEND_BY + DAY)[StepKey.TO_COUNCILS]
    assert step.state == State.OVERDUE and step.is_violation


def test_planned_in_time_but_not_sent_when_the_day_passed_is_overdue():
    facts = budget(planned_to_councils_on=SEND_BY - DAY)
    assert by_key(facts, SEND_BY)[StepKey.TO_COUNCILS].state == State.PLANNED
    assert by_key(facts, SEND_BY + DAY)[StepKey.TO_COUNCILS].state == State.OVERDUE


def test_state_of_without_a_latest_day():
    today = D(2027, 1, 1)
    assert timeline.state_of(None, None, None, today) == State.NOT_PLANNED
    assert timeline.state_of(None, today, None, today) == State.PLANNED
    assert timeline.state_of(None, None, today, today) == State.DONE
    assert timeline.state_of(None, D(2020, 1, 1), None, today) == State.PLANNED


def test_replies_sent_the_day_before_the_adoption_are_on_time():
    on_time = by_key(budget(replies_sent_on=D(2027, 7, 6)), D(2027, 7, 6))
    assert on_time[StepKey.REPLIES].state == State.DONE
    late = by_key(budget(replies_sent_on=ADOPTION), ADOPTION)
    assert late[StepKey.REPLIES].state == State.DONE_LATE


def test_replies_not_sent_on_the_adoption_day_are_overdue():
    assert by_key(budget(), D(2027, 7, 6))[StepKey.REPLIES].state == State.NOT_PLANNED
    assert by_key(budget(), ADOPTION)[StepKey.REPLIES].state == State.OVERDUE


def test_adoption_done_once_decided():
    step = by_key(budget(decided_on=ADOPTION), ADOPTION)[StepKey.ADOPTION]
    assert step.state == State.DONE and step.actual == ADOPTION


def test_province_planned_after_two_weeks_is_flagged():
    in_time = by_key(budget(planned_to_province_on=D(2027, 7, 21)), D(2027, 7, 1))
    assert in_time[StepKey.TO_PROVINCE].state == State.PLANNED
    late = by_key(budget(planned_to_province_on=D(2027, 7, 22)), D(2027, 7, 1))
    assert late[StepKey.TO_PROVINCE].state == State.PLANNED_LATE


# --- the views window ---------------------------------------------------------------------------


def test_views_window_opens_when_sent_and_closes_when_asked():
    facts = budget(
        planned_to_councils_on=D(2027, 4, 1),
        sent_to_councils_on=D(2027, 4, 2),
        views_requested_by=D(2027, 6, 16),
    )
    step = by_key(facts, D(2027, 5, 1))[StepKey.VIEWS]
    assert (step.opens, step.planned, step.state) == (D(2027, 4, 2), D(2027, 6, 16), State.PLANNED)


def test_views_window_opens_on_the_plan_before_sending():
    step = by_key(budget(planned_to_councils_on=D(2027, 4, 1)), D(2027, 3, 1))[StepKey.VIEWS]
    assert step.opens == D(2027, 4, 1)
    assert step.planned == D(2027, 7, 6)  # nothing asked: the day before the adoption


def test_views_window_without_a_send_date_is_not_planned():
    step = by_key(budget(), D(2027, 3, 1))[StepKey.VIEWS]
    assert step.state == State.NOT_PLANNED and step.opens is None


def test_views_asked_on_or_after_the_adoption_are_flagged():
    on_edge = budget(planned_to_councils_on=SEND_BY, views_requested_by=D(2027, 7, 6))
    assert by_key(on_edge, D(2027, 3, 1))[StepKey.VIEWS].state == State.PLANNED
    too_late = budget(planned_to_councils_on=SEND_BY, views_requested_by=ADOPTION)
    assert by_key(too_late, D(2027, 3, 1))[StepKey.VIEWS].state == State.PLANNED_LATE


def test_views_window_is_done_once_closed():
    facts = budget(sent_to_councils_on=SEND_BY, views_requested_by=D(2027, 6, 16))
    assert by_key(facts, D(2027, 6, 16))[StepKey.VIEWS].state == State.PLANNED
    assert by_key(facts, D(2027, 6, 17))[StepKey.VIEWS].state == State.DONE


# --- days off and violations ------------------------------------------------------------------


def test_a_latest_day_on_a_day_off_is_warned():
    # Adoption Monday 5 July 2027: the replies are due Sunday 4 July.
    facts = Facts(kind=timeline.BUDGET, year=2028, adoption_day=D(2027, 7, 5))
    steps = by_key(facts, D(2027, 1, 1))
    assert steps[StepKey.REPLIES].falls_on_day_off
    assert steps[StepKey.VIEWS].falls_on_day_off
    assert not steps[StepKey.TO_COUNCILS].falls_on_day_off  # Monday 12 April 2027
    assert not steps[StepKey.ADOPTION].falls_on_day_off  # no latest day


def test_an_organisation_closing_day_is_warned_too():
    closing = DaysOff.of(closing=[SEND_BY])
    steps = by_key(budget(), D(2027, 1, 1), days_off=closing)
    assert steps[StepKey.TO_COUNCILS].falls_on_day_off
    assert not by_key(budget(), D(2027, 1, 1))[StepKey.TO_COUNCILS].falls_on_day_off


def test_violations_are_the_late_steps_only():
    facts = budget(planned_to_councils_on=SEND_BY + DAY, planned_to_province_on=D(2027, 7, 8))
    found = timeline.violations(timeline.steps(facts, today=D(2027, 1, 1)))
    assert [step.key for step in found] == [StepKey.TO_COUNCILS]


def test_exempt_amendment_has_no_latest_day_to_the_councils():
    facts = Facts(kind=timeline.AMENDMENT, year=2028, exempt=True, adoption_day=ADOPTION)
    assert timeline.to_councils_latest(facts) is None
    assert (
        timeline.to_councils_latest(Facts(kind=timeline.INTERIM, year=2028, adoption_day=ADOPTION))
        is None
    )


def test_views_window_closing_day_off_uses_the_organisation_list():
    closing = DaysOff.of(closing=[D(2027, 7, 6)])
    assert by_key(budget(), D(2027, 1, 1), days_off=closing)[StepKey.VIEWS].falls_on_day_off
    assert not by_key(budget(), D(2027, 1, 1))[StepKey.VIEWS].falls_on_day_off


def test_unplanned_views_window_keeps_the_asked_date():
    facts = Facts(kind=timeline.BUDGET, year=2028, views_requested_by=D(2027, 6, 16))
    step = by_key(facts, D(2027, 1, 1))[StepKey.VIEWS]
    assert (step.planned, step.state) == (D(2027, 6, 16), State.NOT_PLANNED)


def test_province_sent_on_time_is_done():
    facts = budget(decided_on=ADOPTION, sent_to_province_on=D(2027, 7, 21))
    step = by_key(facts, D(2027, 8, 1))[StepKey.TO_PROVINCE]
    assert (step.actual, step.state) == (D(2027, 7, 21), State.DONE)
    late = by_key(budget(decided_on=ADOPTION, sent_to_province_on=D(2027, 7, 22)), D(2027, 8, 1))
    assert late[StepKey.TO_PROVINCE].state == State.DONE_LATE


def test_adoption_step_states():
    unplanned = by_key(Facts(kind=timeline.INTERIM, year=2028), D(2030, 1, 1))[StepKey.ADOPTION]
    assert unplanned.state == State.NOT_PLANNED  # never overdue: no statutory day
    planned = by_key(Facts(kind=timeline.INTERIM, year=2028, adoption_day=ADOPTION), D(2030, 1, 1))
    assert planned[StepKey.ADOPTION].state == State.PLANNED
