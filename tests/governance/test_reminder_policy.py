"""The reminder policy as pure rules: stage days in working days (weekends, Dutch
public holidays), which stages are reached, digest slots across DST, back-off."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from governance.deadlines import DaysOff, is_working_day
from governance.reminders.policy import (
    Stage,
    backoff,
    calendar_span,
    describe,
    digest_slot,
    is_overdue,
    parse_policy,
    reached_stages,
    send_after,
    stage_day,
    working_days_after,
)

TZ = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC
D = dt.date
ACTION = parse_policy([(-5,), (-1,), (0, "urgent"), (1, "urgent"), (3, "escalate", "urgent")])
AT = dt.time(7, 30)


# --- stages and their codes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "code"),
    [
        (Stage(-5), "before-5"),
        (Stage(-1), "before-1"),
        (Stage(0, urgent=True), "due"),
        (Stage(2), "after-2"),
        (Stage(3, escalate=True), "escalate-3"),
    ],
)
def test_stage_codes_are_stable_names(stage, code):
    assert stage.code == code


def test_parse_policy_takes_lists_as_json_gives_them():
    assert parse_policy([[-5], [0, "urgent"]]) == parse_policy([(-5,), (0, "urgent")])


def test_parse_policy_orders_owner_stages_then_escalations():
    stages = parse_policy([(3, "escalate"), (0, "urgent"), (-5,)])
    assert [s.code for s in stages] == ["before-5", "due", "escalate-3"]
    assert stages[1].urgent and not stages[1].escalate
    assert stages[2].escalate and not stages[2].urgent


@pytest.mark.parametrize(
    "spec",
    [
        [(-1, "loud")],  # unknown flag
        [(-1,), (-1, "urgent")],  # the same stage twice
        [("-1",)],  # not a number of days
        [(True,)],  # a boolean is not a number of days
        [[]],  # an empty stage
        [-1],  # a bare number instead of a stage
        [(0, ["urgent"])],  # a flag that is not a word
        "-1",  # not a list of stages
        {"-1": "urgent"},  # a mapping
        7,  # not a list at all
    ],
)
def test_parse_policy_refuses_nonsense(spec):
    with pytest.raises(ValueError, match="stage"):
        parse_policy(spec)


@pytest.mark.parametrize(
    ("stage", "english", "dutch"),
    [
        (Stage(-5), "5 working days before", "5 werkdagen vooraf"),
        (Stage(-1), "1 working day before", "1 werkdag vooraf"),
        (Stage(0), "on the due day", "op de dag zelf"),
        (Stage(0, urgent=True), "on the due day (urgent)", "op de dag zelf (dringend)"),
        (
            Stage(1, urgent=True),
            "1 working day after (urgent)",
            "1 werkdag na de uiterste datum (dringend)",
        ),
        (Stage(3, escalate=True), "3 working days after", "3 werkdagen na de uiterste datum"),
    ],
)
def test_describe_says_each_stage_in_words(stage, english, dutch):
    with translation.override("en"):
        assert describe(stage) == english
    with translation.override("nl"):
        assert describe(stage) == dutch


# --- stage days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "stage", "day"),
    [
        # An ordinary week: Monday 7 December 2026.
        (D(2026, 12, 7), Stage(-5), D(2026, 11, 30)),
        (D(2026, 12, 7), Stage(-1), D(2026, 12, 4)),  # the Friday before
        (D(2026, 12, 7), Stage(0), D(2026, 12, 7)),
        (D(2026, 12, 7), Stage(1), D(2026, 12, 8)),
        (D(2026, 12, 7), Stage(3, escalate=True), D(2026, 12, 10)),
        # Christmas (Friday 25, Saturday 26 December 2026) is skipped.
        (D(2026, 12, 28), Stage(-1), D(2026, 12, 24)),
        (D(2026, 12, 24), Stage(1), D(2026, 12, 28)),
        # New Year's Day 2027 is a Friday.
        (D(2026, 12, 31), Stage(2), D(2027, 1, 5)),
        # Due on a Saturday that follows a holiday: reminded on the Thursday before.
        (D(2026, 12, 26), Stage(0), D(2026, 12, 24)),
        # Easter 2027: Easter Monday 29 March; Good Friday 26 March is a working day.
        (D(2027, 3, 30), Stage(-1), D(2027, 3, 26)),
        (D(2027, 3, 25), Stage(1), D(2027, 3, 26)),
        (D(2027, 3, 26), Stage(1), D(2027, 3, 30)),
        # King's Day, Tuesday 27 April 2027.
        (D(2027, 4, 28), Stage(-1), D(2027, 4, 26)),
        # Liberation Day, Wednesday 5 May 2027, and Ascension Day, Thursday 6 May;
        # Whit Monday 17 May 2027.
        (D(2027, 5, 7), Stage(-1), D(2027, 5, 4)),
        (D(2027, 5, 14), Stage(1), D(2027, 5, 18)),
    ],
)
def test_stage_day_counts_working_days(due, stage, day):
    assert stage_day(due, stage) == day


@given(
    due=st.dates(min_value=D(2025, 1, 1), max_value=D(2030, 12, 31)),
    offset=st.integers(min_value=-20, max_value=20),
)
def test_every_stage_day_is_a_working_day_on_the_right_side(due, offset):
    day = stage_day(due, Stage(offset))
    assert is_working_day(day)
    if offset < 0:
        assert day < due
    elif offset > 0:
        assert day > due
    else:
        assert day <= due and (day == due or not is_working_day(due))


def test_working_days_after_zero_is_the_day_itself_and_negative_is_refused():
    assert working_days_after(D(2026, 12, 5), 0) == D(2026, 12, 5)
    with pytest.raises(ValueError, match="^n must not be negative$"):
        working_days_after(D(2026, 12, 5), -1)


@pytest.mark.parametrize(
    ("working_days", "span"),
    # 7/5 of the working days (rounded down) plus two weeks of holidays; a week for 0.
    [(0, 7), (1, 15), (3, 18), (5, 21), (10, 28), (60, 98)],
)
def test_calendar_span_is_seven_fifths_plus_two_weeks(working_days, span):
    assert calendar_span(working_days) == span


def test_calendar_span_bounds_the_working_days_for_every_start_day():
    # The database pre-filter must never cut off a deadline the exact rule would keep.
    start = D(2026, 1, 1)
    for n in range(0, 61):
        for shift in range(0, 730, 3):
            day = start + dt.timedelta(days=shift)
            assert (working_days_after(day, n) - day).days <= calendar_span(n)


# --- reached stages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "codes"),
    [
        (D(2026, 11, 27), []),  # before the first stage
        (D(2026, 11, 30), ["before-5"]),
        (D(2026, 12, 3), ["before-5"]),  # still the latest reached
        (D(2026, 12, 4), ["before-1"]),
        (D(2026, 12, 7), ["due"]),
        (D(2026, 12, 8), ["after-1"]),
        (D(2026, 12, 9), ["after-1"]),
        (D(2026, 12, 10), ["after-1", "escalate-3"]),  # the owner and the management
        (D(2026, 12, 15), ["after-1", "escalate-3"]),  # within the catch-up week
        (D(2026, 12, 16), ["escalate-3"]),  # after-1 (8 December) is stale now
        (D(2026, 12, 18), []),
        (D(2027, 6, 1), []),
    ],
)
def test_reached_stages_gives_the_latest_of_each_track(today, codes):
    assert [s.code for s in reached_stages(D(2026, 12, 7), today, ACTION)] == codes


def test_catch_up_period_is_a_parameter():
    late = reached_stages(D(2026, 12, 7), D(2027, 6, 1), ACTION, catch_up=365)
    assert [s.code for s in late] == ["after-1", "escalate-3"]
    assert reached_stages(D(2026, 12, 7), D(2026, 12, 8), ACTION, catch_up=0)[0].code == "after-1"
    assert reached_stages(D(2026, 12, 7), D(2026, 12, 9), ACTION, catch_up=0) == []


def test_missed_stages_are_not_sent_after_the_fact():
    # A deadline recorded on its due day gets the "on the day" reminder only.
    assert [s.code for s in reached_stages(D(2026, 12, 7), D(2026, 12, 7), ACTION)] == ["due"]


def test_weekend_due_day_collapses_the_day_before_into_on_the_day():
    # Due Saturday 26 December: "on the day" and "the day before" both fall on
    # Thursday 24 December; one reminder goes out, the more urgent one.
    assert [s.code for s in reached_stages(D(2026, 12, 26), D(2026, 12, 24), ACTION)] == ["due"]


def test_the_order_of_the_stages_does_not_matter():
    # parse_policy sorts the stages, but reached_stages does not rely on it: the latest
    # reached stage of each track wins, wherever it is listed.
    shuffled = (ACTION[4], ACTION[3], ACTION[0], ACTION[2], ACTION[1])
    for today in (D(2026, 12, 4), D(2026, 12, 8), D(2026, 12, 10)):
        assert reached_stages(D(2026, 12, 7), today, shuffled) == reached_stages(
            D(2026, 12, 7), today, ACTION
        )
    assert [s.code for s in reached_stages(D(2026, 12, 7), D(2026, 12, 10), shuffled)] == [
        "after-1",
        "escalate-3",
    ]


def test_no_stages_means_no_reminders():
    assert reached_stages(D(2026, 12, 7), D(2026, 12, 7), ()) == []


# --- digest slots and sending time -------------------------------------------------------


def local(*args):
    return dt.datetime(*args, tzinfo=TZ)


@pytest.mark.parametrize(
    ("day", "now", "mailed_today", "slot"),
    [
        # Reached today before the digest time: today's digest.
        (D(2026, 12, 7), local(2026, 12, 7, 0, 5), False, local(2026, 12, 7, 7, 30)),
        (D(2026, 12, 7), local(2026, 12, 7, 0, 5), True, local(2026, 12, 7, 7, 30)),
        # Reached after it (recorded late): at once, unless a mail went out today;
        # then the next working day's digest.
        (D(2026, 12, 7), local(2026, 12, 7, 9, 0), False, local(2026, 12, 7, 9, 0)),
        (D(2026, 12, 7), local(2026, 12, 7, 9, 0), True, local(2026, 12, 8, 7, 30)),
        (D(2026, 12, 4), local(2026, 12, 4, 9, 0), True, local(2026, 12, 7, 7, 30)),  # Fri→Mon
        (D(2026, 12, 24), local(2026, 12, 24, 9), True, local(2026, 12, 28, 7, 30)),  # Xmas
        # Exactly at the digest time counts as passed (it is being sent).
        (D(2026, 12, 7), local(2026, 12, 7, 7, 30), True, local(2026, 12, 8, 7, 30)),
        # A stage day in the past (the sweep was down): at once, or the next slot.
        (D(2026, 12, 1), local(2026, 12, 7, 12, 0), False, local(2026, 12, 7, 12, 0)),
        (D(2026, 12, 1), local(2026, 12, 7, 12, 0), True, local(2026, 12, 8, 7, 30)),
        # A weekend never gets a digest, not even a late one.
        (D(2026, 12, 5), local(2026, 12, 5, 6, 0), False, local(2026, 12, 7, 7, 30)),
        (D(2026, 12, 4), local(2026, 12, 5, 9, 0), False, local(2026, 12, 7, 7, 30)),
        (D(2026, 12, 4), local(2026, 12, 25, 9, 0), False, local(2026, 12, 28, 7, 30)),
    ],
)
def test_digest_slot(day, now, mailed_today, slot):
    assert digest_slot(day, AT, now, mailed_today=mailed_today) == slot


def test_digest_slot_sends_at_once_by_default_when_the_digest_has_passed():
    # mailed_today defaults to False: nobody had a mail yet, so the late reminder goes now.
    now = local(2026, 12, 7, 9, 0)
    assert digest_slot(D(2026, 12, 7), AT, now) == now


def test_digest_slot_takes_today_in_the_given_time_zone():
    # 12:30 UTC on Friday 4 December is already Saturday 01:30 in Auckland: no digest on
    # a Saturday there, so the reminder waits for Monday's, at 07:30 Auckland time.
    auckland = ZoneInfo("Pacific/Auckland")
    now = dt.datetime(2026, 12, 4, 12, 30, tzinfo=UTC)
    slot = digest_slot(D(2026, 12, 4), AT, now, tz=auckland)
    assert slot == dt.datetime(2026, 12, 7, 7, 30, tzinfo=auckland)
    assert digest_slot(D(2026, 12, 4), AT, now, tz=TZ) == now  # Friday 13:30 in Amsterdam


def test_digest_time_is_local_time_on_both_sides_of_dst():
    # Summer time starts Sunday 28 March 2027, ends Sunday 25 October 2026. With Good
    # Friday a closing day, the digest after Thursday's is Tuesday 30 March (Easter Monday).
    closed = DaysOff.of(closing={D(2027, 3, 26)})
    before = digest_slot(D(2027, 3, 25), AT, local(2027, 3, 25, 0, 1), days_off=closed)
    after = digest_slot(
        D(2027, 3, 25), AT, local(2027, 3, 25, 9, 0), mailed_today=True, days_off=closed
    )
    assert before.astimezone(UTC).time() == dt.time(6, 30)
    assert after == local(2027, 3, 30, 7, 30)
    assert after.astimezone(UTC).time() == dt.time(5, 30)
    autumn_before = digest_slot(D(2026, 10, 23), AT, local(2026, 10, 23, 0, 1))
    autumn_after = digest_slot(D(2026, 10, 26), AT, local(2026, 10, 26, 0, 1))
    assert autumn_before.astimezone(UTC).time() == dt.time(5, 30)
    assert autumn_after.astimezone(UTC).time() == dt.time(6, 30)


@pytest.mark.parametrize(
    ("stage", "immediately", "expected"),
    [
        (Stage(0, urgent=True), True, "now"),
        (Stage(0, urgent=True), False, "digest"),
        (Stage(-1), True, "digest"),
        (Stage(-1), False, "digest"),
        (Stage(3, urgent=True, escalate=True), True, "now"),
    ],
)
def test_send_after_urgent_at_once_only_when_wanted(stage, immediately, expected):
    now = local(2026, 12, 7, 10, 0)
    when = send_after(
        stage,
        D(2026, 12, 7),
        now=now,
        digest_at=AT,
        urgent_immediately=immediately,
        mailed_today=True,
    )
    assert when == (now if expected == "now" else local(2026, 12, 8, 7, 30))


def test_send_after_defaults_to_nobody_mailed_today_and_passes_the_time_zone_on():
    now = local(2026, 12, 7, 10, 0)  # after the 07:30 digest
    digest = {"now": now, "digest_at": AT, "urgent_immediately": False}
    assert send_after(Stage(-1), D(2026, 12, 7), **digest) == now
    assert send_after(Stage(-1), D(2026, 12, 7), **digest, mailed_today=True) == local(
        2026, 12, 8, 7, 30
    )
    # Tuesday 8 December 07:30 in Auckland is still Monday 19:30 in Amsterdam.
    auckland = ZoneInfo("Pacific/Auckland")
    late = send_after(Stage(-1), D(2026, 12, 8), **digest, tz=auckland)
    assert late == dt.datetime(2026, 12, 8, 7, 30, tzinfo=auckland)


def test_overdue_only_after_the_due_moment():
    due = local(2026, 12, 7, 17, 0)
    assert is_overdue(due, due - dt.timedelta(microseconds=1)) is False
    assert is_overdue(due, due) is False  # due exactly now: not overdue yet
    assert is_overdue(due, due + dt.timedelta(microseconds=1)) is True


# --- back-off -----------------------------------------------------------------------------


def test_backoff_doubles_up_to_the_cap():
    base, cap = dt.timedelta(minutes=5), dt.timedelta(hours=6)
    delays = [backoff(n, base=base, cap=cap) for n in range(1, 10)]
    assert delays[:4] == [dt.timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert delays[-1] == cap
    assert delays == sorted(delays)
    assert backoff(10_000, base=base, cap=cap) == cap
    with pytest.raises(ValueError, match="^attempts must be at least 1$"):
        backoff(0, base=base, cap=cap)


def test_backoff_stops_doubling_after_thirty_times():
    # The exponent stops at 30 (a timedelta cannot hold base × 2**10000): with a cap
    # far away, the 31st attempt and any later one wait base × 2**30.
    base, cap = dt.timedelta(microseconds=1), dt.timedelta(days=1)
    assert backoff(31, base=base, cap=cap) == dt.timedelta(microseconds=2**30)
    assert backoff(32, base=base, cap=cap) == dt.timedelta(microseconds=2**30)
    assert backoff(10_000, base=base, cap=cap) == dt.timedelta(microseconds=2**30)
    assert backoff(30, base=base, cap=cap) == dt.timedelta(microseconds=2**29)


# --- the organisation's days off reach every rule ----------------------------------------

CLOSED_MONDAY = DaysOff.of(closing={D(2026, 12, 7)})  # a closing day on the due day


def test_reached_stages_count_with_the_days_off():
    # With Friday 4 December a closing day, "1 working day before" Monday 7 December is
    # Thursday 3 December; nationally it is the Friday.
    closed_friday = DaysOff.of(closing={D(2026, 12, 4)})
    today = D(2026, 12, 3)
    assert [s.code for s in reached_stages(D(2026, 12, 7), today, ACTION)] == ["before-5"]
    reached = reached_stages(D(2026, 12, 7), today, ACTION, days_off=closed_friday)
    assert [s.code for s in reached] == ["before-1"]


def test_digest_slot_and_send_after_skip_a_closing_day():
    # Reached on the closing Monday (seen on Sunday): no digest that day, Tuesday's.
    sunday = local(2026, 12, 6, 12, 0)
    assert digest_slot(D(2026, 12, 7), AT, sunday) == local(2026, 12, 7, 7, 30)
    assert digest_slot(D(2026, 12, 7), AT, sunday, days_off=CLOSED_MONDAY) == local(
        2026, 12, 8, 7, 30
    )
    when = send_after(
        Stage(0),
        D(2026, 12, 7),
        now=sunday,
        digest_at=AT,
        urgent_immediately=False,
        days_off=CLOSED_MONDAY,
    )
    assert when == local(2026, 12, 8, 7, 30)
