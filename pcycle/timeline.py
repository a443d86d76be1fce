"""The steps of a P&C document in time: what the Wgr asks of it, when it is planned, when it
was done, and whether that is (or will be) on time.

Pure functions on plain values, no Django (like ``pcycle/wgr.py``, whose rules it applies):
the pages, the move check and the panel build a document's facts into :class:`Facts` and
read its :func:`steps`. A violation is flagged before it happens: a step planned after its
statutory latest day is ``planned_late`` while there is still time to plan it again.

Which steps a document has, by kind:

- budget: to the councils (art. 35 lid 1), the councils' views window (lid 2-3), the
  replies to the councils (lid 4), adoption by the AB, to Gedeputeerde Staten (art. 34 lid 2);
- budget amendment: like the budget without Gedeputeerde Staten (art. 35 lid 6); an
  amendment of an exempt category has no views procedure: adoption only;
- framework letter, provisional annual accounts: to the councils (art. 34b);
- annual accounts: adoption, to Gedeputeerde Staten (art. 34 lid 4);
- interim report, accountant's report: adoption (treatment) only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from governance.deadlines import NATIONAL, DaysOff
from pcycle import wgr

# The kinds of P&C document (the values of ``PcDocument.Kind``; a test keeps them equal).
FRAMEWORKS = "frameworks"
BUDGET = "budget"
AMENDMENT = "amendment"
INTERIM = "interim"
PROVISIONAL_ACCOUNTS = "provisional_accounts"
ANNUAL_ACCOUNTS = "annual_accounts"
AUDIT_REPORT = "audit_report"
KINDS = (
    FRAMEWORKS,
    BUDGET,
    AMENDMENT,
    INTERIM,
    PROVISIONAL_ACCOUNTS,
    ANNUAL_ACCOUNTS,
    AUDIT_REPORT,
)


class StepKey(StrEnum):
    TO_COUNCILS = "to_councils"
    VIEWS = "views"
    REPLIES = "replies"
    ADOPTION = "adoption"
    TO_PROVINCE = "to_province"


class State(StrEnum):
    DONE = "done"  # done, on time (or without a statutory latest day)
    DONE_LATE = "done_late"  # done after its latest day
    PLANNED = "planned"  # planned on or before its latest day, not done yet
    PLANNED_LATE = "planned_late"  # planned after its latest day: a violation to come
    OVERDUE = "overdue"  # its latest day has passed and it is not done
    NOT_PLANNED = "not_planned"  # neither planned nor done, still time


VIOLATIONS = frozenset({State.DONE_LATE, State.PLANNED_LATE, State.OVERDUE})


@dataclass(frozen=True)
class Facts:
    """What the application knows of one document, as plain values. ``adoption_day`` is
    the day of the AB meeting planned to adopt it (None while unplanned), ``decided_on``
    the day the AB decided (None while not decided); ``replies_sent_on`` the last send
    date of the board's replies to the councils' views (None while none was sent)."""

    kind: str
    year: int
    exempt: bool = False
    adoption_day: dt.date | None = None
    decided_on: dt.date | None = None
    planned_to_councils_on: dt.date | None = None
    sent_to_councils_on: dt.date | None = None
    views_requested_by: dt.date | None = None
    planned_to_province_on: dt.date | None = None
    sent_to_province_on: dt.date | None = None
    replies_sent_on: dt.date | None = None


@dataclass(frozen=True)
class Step:
    """One step: its statutory latest day (None when the law sets none, or while the AB
    meeting it counts from is unplanned), planned and actual day, and its state. The
    views window also has the day it ``opens``; its ``planned`` day is the day it closes."""

    key: StepKey
    latest: wgr.Latest | None
    planned: dt.date | None
    actual: dt.date | None
    state: State
    falls_on_day_off: bool = False
    opens: dt.date | None = None

    @property
    def is_violation(self) -> bool:
        return self.state in VIOLATIONS


def state_of(
    latest: wgr.Latest | None, planned: dt.date | None, actual: dt.date | None, today: dt.date
) -> State:
    """A step's state: done (late or not) once it has an actual day; overdue when its
    latest day has passed without it; else planned (too late or not) or not planned."""
    if actual is not None:
        if latest is not None and not latest.is_met_by(actual):
            return State.DONE_LATE
        return State.DONE
    if latest is not None and today > latest.date:
        return State.OVERDUE
    if planned is None:
        return State.NOT_PLANNED
    if latest is not None and not latest.is_met_by(planned):
        return State.PLANNED_LATE
    return State.PLANNED


def _step(
    key: StepKey,
    latest: wgr.Latest | None,
    planned: dt.date | None,
    actual: dt.date | None,
    *,
    today: dt.date,
    days_off: DaysOff,
) -> Step:
    return Step(
        key=key,
        latest=latest,
        planned=planned,
        actual=actual,
        state=state_of(latest, planned, actual, today),
        falls_on_day_off=latest is not None and wgr.falls_on_day_off(latest, days_off),
    )


def has_view_procedure(kind: str, *, exempt: bool) -> bool:
    """Whether the councils may give their view (art. 35 lid 1-3 and lid 6)."""
    return kind == BUDGET or (kind == AMENDMENT and not exempt)


def to_councils_latest(facts: Facts) -> wgr.Latest | None:
    """The latest day the document reaches the councils: a fixed date for the framework
    letter and the provisional accounts (art. 34b), twelve weeks before the AB meeting for
    a budget or a non-exempt amendment (None while that meeting is unplanned), else None."""
    if facts.kind == FRAMEWORKS:
        return wgr.frameworks_to_councils(facts.year)
    if facts.kind == PROVISIONAL_ACCOUNTS:
        return wgr.provisional_accounts_to_councils(facts.year)
    if facts.adoption_day is None:
        return None
    if facts.kind == BUDGET:
        return wgr.draft_budget_to_councils(facts.adoption_day)
    if facts.kind == AMENDMENT:
        return wgr.amendment_to_councils(facts.adoption_day, exempt=facts.exempt)
    return None


def views_latest(adoption_day: dt.date) -> wgr.Latest:
    """The last day of the window in which the councils give their view: the day before
    the AB adopts (art. 35 lid 2-3)."""
    _opens, closes = wgr.view_window(adoption_day - wgr.ONE_DAY, adoption_day)
    return wgr.Latest(closes, "Wgr art. 35 lid 3")


def province_latest(facts: Facts) -> wgr.Latest | None:
    """The latest day the adopted budget or annual accounts reach Gedeputeerde Staten,
    counted from the AB's decision (else the planned meeting). Without either only the
    fixed date binds (before 15 September, before 15 July)."""
    adopted_on = facts.decided_on or facts.adoption_day
    # With no adoption day, a day far enough away that the fixed date alone binds.
    counted_from = adopted_on if adopted_on is not None else dt.date.max - wgr.TWO_WEEKS
    if facts.kind == BUDGET:
        return wgr.budget_to_provinces(counted_from, facts.year)
    if facts.kind == ANNUAL_ACCOUNTS:
        return wgr.accounts_to_provinces(counted_from, facts.year)
    return None


def _views_step(facts: Facts, *, today: dt.date, days_off: DaysOff) -> Step:
    """The views window: opens when the draft is sent (or planned to be), closes on the
    day the councils are asked to answer by, else the day before the adoption."""
    opens = facts.sent_to_councils_on or facts.planned_to_councils_on
    if facts.adoption_day is None:
        return Step(StepKey.VIEWS, None, facts.views_requested_by, None, State.NOT_PLANNED)
    latest = views_latest(facts.adoption_day)
    closes = facts.views_requested_by or latest.date
    if opens is None:
        state = State.NOT_PLANNED
    elif not latest.is_met_by(closes):
        state = State.PLANNED_LATE
    elif today > closes:
        state = State.DONE
    else:
        state = State.PLANNED
    return Step(
        StepKey.VIEWS,
        latest,
        closes,
        None,
        state,
        falls_on_day_off=wgr.falls_on_day_off(latest, days_off),
        opens=opens,
    )


def steps(facts: Facts, *, today: dt.date, days_off: DaysOff = NATIONAL) -> tuple[Step, ...]:
    """The document's steps in the order they happen."""
    kind = facts.kind
    if kind not in KINDS:
        raise ValueError(f"unknown kind of P&C document: {kind!r}")
    result: list[Step] = []
    if kind in (FRAMEWORKS, PROVISIONAL_ACCOUNTS) or has_view_procedure(kind, exempt=facts.exempt):
        result.append(
            _step(
                StepKey.TO_COUNCILS,
                to_councils_latest(facts),
                facts.planned_to_councils_on,
                facts.sent_to_councils_on,
                today=today,
                days_off=days_off,
            )
        )
    if has_view_procedure(kind, exempt=facts.exempt):
        result.append(_views_step(facts, today=today, days_off=days_off))
        replies = (
            wgr.replies_to_councils(facts.adoption_day) if facts.adoption_day is not None else None
        )
        result.append(
            _step(
                StepKey.REPLIES,
                replies,
                None,
                facts.replies_sent_on,
                today=today,
                days_off=days_off,
            )
        )
    if kind not in (FRAMEWORKS, PROVISIONAL_ACCOUNTS):
        # No statutory latest day: decided, planned or not.
        planned, decided = facts.adoption_day, facts.decided_on
        state = State.DONE if decided else State.PLANNED if planned else State.NOT_PLANNED
        result.append(Step(StepKey.ADOPTION, None, planned, decided, state))
    if kind in (BUDGET, ANNUAL_ACCOUNTS):
        result.append(
            _step(
                StepKey.TO_PROVINCE,
                province_latest(facts),
                facts.planned_to_province_on,
                facts.sent_to_province_on,
                today=today,
                days_off=days_off,
            )
        )
    return tuple(result)


def violations(all_steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps that are (or will be) too late."""
    return tuple(step for step in all_steps if step.is_violation)
