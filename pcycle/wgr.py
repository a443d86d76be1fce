"""The statutory P&C calendar of the Wet gemeenschappelijke regelingen (Wgr), as amended on
1 July 2022 (Wet versterking democratische legitimiteit gemeenschappelijke regelingen).

Pure functions on plain dates, no Django: one per rule, each returning the latest allowed
date (:class:`Latest`) with the article it applies. "Vóór" (before) is strictly before:
"vóór 30 april" means 29 April at the latest. Weekends and days off do **not** move these
dates (the Algemene termijnenwet does not apply to them: they are not periods set for the
public); :func:`falls_on_day_off` tells the pages to warn when a latest date is one.

- Art. 34b: the general financial and policy frameworks (kaderbrief) and the provisional
  annual accounts go to the councils before 30 April of the year before the budget year.
- Art. 35 lid 1–3: the draft budget goes to the councils twelve weeks before the general
  board (AB) adopts it; the councils may give their view (zienswijze) in that window; the
  executive board (DB) attaches the views to the draft it offers the AB.
- Art. 35 lid 4: before the AB adopts the budget, the DB informs each council in writing,
  with reasons, what it did with its view.
- Art. 34 lid 2: the adopted budget goes to Gedeputeerde Staten within two weeks after its
  adoption and before 15 September of the year before the budget year.
- Art. 34 lid 4: the adopted annual accounts go to Gedeputeerde Staten within two weeks after
  their adoption and before 15 July of the year after the accounts year.
- Art. 35 lid 6: budget amendments follow the procedure of lid 1–4, except the categories the
  regulation itself exempts (which categories: data of the regulation, not code).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from governance.deadlines import NATIONAL, DaysOff, is_working_day

TWELVE_WEEKS = dt.timedelta(weeks=12)
TWO_WEEKS = dt.timedelta(weeks=2)
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Latest:
    """The last day on which a statutory step is on time, and the rule that says so.
    ``article`` names the article (and, where two limits meet, the one that binds)."""

    date: dt.date
    article: str

    def is_met_by(self, day: dt.date) -> bool:
        """Whether doing the step on ``day`` is on time (on or before the latest date)."""
        return day <= self.date


def _before(day: dt.date) -> dt.date:
    """The last day that is "vóór" (strictly before) ``day``."""
    return day - ONE_DAY


def frameworks_to_councils(budget_year: int) -> Latest:
    """The kaderbrief for ``budget_year`` reaches the councils before 30 April of the year
    before (Wgr art. 34b)."""
    return Latest(_before(dt.date(budget_year - 1, 4, 30)), "Wgr art. 34b")


def provisional_accounts_to_councils(accounts_year: int) -> Latest:
    """The provisional annual accounts of ``accounts_year`` reach the councils before 30
    April of the following year — the year before the budget year the kaderbrief sent at
    the same time is about (Wgr art. 34b)."""
    return Latest(_before(dt.date(accounts_year + 1, 4, 30)), "Wgr art. 34b")


def draft_budget_to_councils(adoption: dt.date) -> Latest:
    """The draft budget reaches the councils twelve weeks before the AB meeting that
    adopts it (Wgr art. 35 lid 1): the same weekday twelve weeks earlier at the latest."""
    return Latest(adoption - TWELVE_WEEKS, "Wgr art. 35 lid 1")


def view_window(sent_on: dt.date, adoption: dt.date) -> tuple[dt.date, dt.date]:
    """The days in which the councils can give their view on a draft sent on ``sent_on``
    for adoption on ``adoption`` (Wgr art. 35 lid 2–3): from the day it is sent to the day
    before the AB adopts. (The DB offers the views with the draft, so in practice it asks
    for them earlier; that internal date is the organisation's, not the law's.) Raises
    ``ValueError`` when the draft is sent on or after the adoption day."""
    if sent_on >= adoption:
        raise ValueError("the draft budget must be sent before the AB adopts it")
    return sent_on, _before(adoption)


def replies_to_councils(adoption: dt.date) -> Latest:
    """The DB's reasoned reply to each council on what it did with its view, before the AB
    adopts the budget (Wgr art. 35 lid 4): the day before the adoption at the latest."""
    return Latest(_before(adoption), "Wgr art. 35 lid 4")


def _earliest(*candidates: Latest) -> Latest:
    """The binding limit of several: the earliest date (the first named on a tie)."""
    return min(candidates, key=lambda latest: latest.date)


def budget_to_provinces(adopted_on: dt.date, budget_year: int) -> Latest:
    """The adopted budget for ``budget_year`` reaches Gedeputeerde Staten within two weeks
    after its adoption and before 15 September of the year before (Wgr art. 34 lid 2); the
    earlier of the two binds."""
    return _earliest(
        Latest(adopted_on + TWO_WEEKS, "Wgr art. 34 lid 2 (two weeks after adoption)"),
        Latest(_before(dt.date(budget_year - 1, 9, 15)), "Wgr art. 34 lid 2 (before 15 September)"),
    )


def accounts_to_provinces(adopted_on: dt.date, accounts_year: int) -> Latest:
    """The adopted annual accounts of ``accounts_year`` reach Gedeputeerde Staten within two
    weeks after their adoption and before 15 July of the following year (Wgr art. 34 lid 4);
    the earlier of the two binds."""
    return _earliest(
        Latest(adopted_on + TWO_WEEKS, "Wgr art. 34 lid 4 (two weeks after adoption)"),
        Latest(_before(dt.date(accounts_year + 1, 7, 15)), "Wgr art. 34 lid 4 (before 15 July)"),
    )


def amendment_to_councils(adoption: dt.date, *, exempt: bool) -> Latest | None:
    """A budget amendment follows the draft budget's procedure (Wgr art. 35 lid 6): to the
    councils twelve weeks before the AB adopts it — unless its category is one the
    regulation exempts, when no view procedure applies (None)."""
    if exempt:
        return None
    return Latest(adoption - TWELVE_WEEKS, "Wgr art. 35 lid 6 jo. lid 1")


def falls_on_day_off(latest: Latest, days_off: DaysOff = NATIONAL) -> bool:
    """Whether the latest date is a Saturday, Sunday or day off: the date does not move,
    so the pages warn that the step is due on the working day before."""
    return not is_working_day(latest.date, days_off=days_off)
