"""Reminder policy as pure rules on plain values (no database).

A policy is a list of stages per kind of deadline. A stage lies a number of *working
days* before (negative offset), on (0) or after (positive) the day something is due;
weekends and the organisation's days off are skipped (``governance.deadlines.DaysOff``;
the functions take them as a value, the national list when not given). A stage is
*reached* on its stage day. An ``urgent`` stage may go out at once instead of in the
next digest (when the recipient wants that); an ``escalate`` stage goes to the
escalation recipients (management) instead of the person who owes the work.

Times are local (Europe/Amsterdam): a 07:30 digest is 07:30 on both sides of a DST
change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext, ngettext

from governance.deadlines import (
    AMSTERDAM,
    NATIONAL,
    DaysOff,
    next_working_day,
    working_days_after,
    working_days_before,
)


@dataclass(frozen=True)
class Stage:
    offset: int  # working days relative to the due day: -5 before, 0 on the day, 2 after
    urgent: bool = False
    escalate: bool = False

    @property
    def code(self) -> str:
        """Stable name in the ledger: ``before-5``, ``due``, ``after-2``, ``escalate-3``."""
        if self.escalate:
            return f"escalate-{self.offset}"
        if self.offset < 0:
            return f"before-{-self.offset}"
        return "due" if self.offset == 0 else f"after-{self.offset}"


def parse_policy(spec: Iterable[Sequence[object]]) -> tuple[Stage, ...]:
    """Stages from settings: ``[(-5,), (0, "urgent"), (3, "escalate", "urgent")]``.

    Lists work as well as tuples (the policy can come from JSON). Raises ``ValueError``
    on anything else: a stage that is not a list starting with a whole number, unknown
    flags, or two stages with the same code.
    """
    if isinstance(spec, str | bytes | dict) or not isinstance(spec, Iterable):
        raise ValueError(f"reminder stages must be a list of stages, not {spec!r}")
    stages: list[Stage] = []
    for entry in spec:
        if not isinstance(entry, list | tuple) or not entry:
            raise ValueError(f"bad reminder stage {entry!r}")
        offset, *flags = entry
        unknown = [flag for flag in flags if flag not in ("urgent", "escalate")]
        if unknown or isinstance(offset, bool) or not isinstance(offset, int):
            raise ValueError(f"bad reminder stage {entry!r}")
        stages.append(Stage(offset, urgent="urgent" in flags, escalate="escalate" in flags))
    codes = [stage.code for stage in stages]
    if len(set(codes)) != len(codes):
        raise ValueError(f"reminder stages repeat: {codes}")
    return tuple(sorted(stages, key=lambda stage: (stage.escalate, stage.offset)))


def describe(stage: Stage) -> str:
    """The stage in words, in the active language: "5 working days before", "on the
    day (urgent)", "3 working days after" (an escalation says so where it is listed)."""
    days = abs(stage.offset)
    if stage.offset < 0:
        moment = ngettext("%(count)d working day before", "%(count)d working days before", days) % {
            "count": days
        }
    elif stage.offset == 0:
        moment = gettext("on the due day")
    else:
        moment = ngettext("%(count)d working day after", "%(count)d working days after", days) % {
            "count": days
        }
    return gettext("%(moment)s (urgent)") % {"moment": moment} if stage.urgent else moment


@lru_cache(maxsize=8192)
def stage_day(due_on: dt.date, stage: Stage, days_off: DaysOff = NATIONAL) -> dt.date:
    """The working day on which ``stage`` of a deadline due on ``due_on`` is reached.

    On the day itself: ``due_on``, or the working day before when it falls on a weekend
    or day off (nobody is reminded on a Sunday of a deadline on that Sunday).
    """
    if stage.offset <= 0:
        return working_days_before(due_on, -stage.offset, days_off=days_off)
    return working_days_after(due_on, stage.offset, days_off=days_off)


# A reminder whose stage day lies further back than this is not sent any more (the
# system was down, or a deadline was recorded long after the fact): stale news.
CATCH_UP_DAYS = 7


def reached_stages(
    due_on: dt.date,
    today: dt.date,
    stages: Sequence[Stage],
    *,
    catch_up: int = CATCH_UP_DAYS,
    days_off: DaysOff = NATIONAL,
) -> list[Stage]:
    """The stages to remind of today: the latest reached stage for the person who owes
    the work and the latest reached escalation stage (at most one of each), unless that
    stage was reached more than ``catch_up`` calendar days ago.

    Earlier stages that were missed (the system was down, or the deadline was created
    late) are not sent after the fact: one reminder says all there is to say.
    """
    latest: dict[bool, tuple[Stage, dt.date]] = {}
    for stage in stages:
        day = stage_day(due_on, stage, days_off)
        if day <= today:
            current = latest.get(stage.escalate)
            if current is None or stage.offset > current[0].offset:
                latest[stage.escalate] = (stage, day)
    return [
        latest[key][0]
        for key in (False, True)
        if key in latest and (today - latest[key][1]).days <= catch_up
    ]


def digest_slot(
    day: dt.date,
    at: dt.time,
    now: dt.datetime,
    *,
    mailed_today: bool = False,
    tz: dt.tzinfo = AMSTERDAM,
    days_off: DaysOff = NATIONAL,
) -> dt.datetime:
    """When a reminder reached on ``day`` goes out in the digest sent daily at local time
    ``at`` (on working days only): that day's digest when it is still to come. When it
    has passed (the deadline was recorded late, or the sweep was down) the reminder goes
    at once — unless the person already had a mail today (``mailed_today``): then in
    the next working day's digest, so nobody gets more than one digest a day."""
    slot = dt.datetime.combine(next_working_day(day, days_off=days_off), at, tzinfo=tz)
    if slot > now:
        return slot
    today = now.astimezone(tz).date()
    if days_off.is_working_day(today) and not mailed_today:
        return now
    following = next_working_day(today + dt.timedelta(days=1), days_off=days_off)
    return dt.datetime.combine(following, at, tzinfo=tz)


def send_after(
    stage: Stage,
    reached_on: dt.date,
    *,
    now: dt.datetime,
    digest_at: dt.time,
    urgent_immediately: bool,
    mailed_today: bool = False,
    tz: dt.tzinfo = AMSTERDAM,
    days_off: DaysOff = NATIONAL,
) -> dt.datetime:
    """When a reminder for ``stage`` may be sent: at once for an urgent stage when the
    recipient wants urgent reminders immediately, else in the digest (``digest_slot``)."""
    if stage.urgent and urgent_immediately:
        return now
    return digest_slot(
        reached_on, digest_at, now, mailed_today=mailed_today, tz=tz, days_off=days_off
    )


def calendar_span(working_days: int) -> int:
    """Calendar days that certainly hold ``working_days`` working days (a safe bound for
    a database pre-filter; the exact rule is applied afterwards)."""
    return working_days * 7 // 5 + 14 if working_days else 7


def backoff(attempts: int, *, base: dt.timedelta, cap: dt.timedelta) -> dt.timedelta:
    """Delay before retrying after ``attempts`` failed sends: base, 2×, 4×, … up to cap."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    factor: int = 2 ** min(attempts - 1, 30)  # int ** int is typed Any (negative exponents)
    return min(cap, base * factor)


def is_overdue(due_at: dt.datetime, now: dt.datetime) -> bool:
    return now > due_at


__all__ = [
    "AMSTERDAM",
    "CATCH_UP_DAYS",
    "Stage",
    "backoff",
    "calendar_span",
    "describe",
    "digest_slot",
    "is_overdue",
    "parse_policy",
    "reached_stages",
    "send_after",
    "stage_day",
    "working_days_after",
]
