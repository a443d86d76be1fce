"""The organisation's days off as the pure ``deadlines.DaysOff`` value (one query), and
the rows of the "Vrije dagen" page.

Every caller of the deadline rules that concern real work — document deadlines,
route planning, reminders — takes its ``DaysOff`` from :func:`organisation_days_off`,
once per request or sweep, and passes it down (no query per row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from governance import deadlines
from governance.models import ClosingDay

NATIONAL_DAY_LABELS: dict[str, Promise] = {
    deadlines.NEW_YEARS_DAY: _("New Year's Day"),
    deadlines.EASTER_MONDAY: _("Easter Monday"),
    deadlines.KINGS_DAY: _("King's Day"),
    deadlines.LIBERATION_DAY: _("Liberation Day"),
    deadlines.ASCENSION_DAY: _("Ascension Day"),
    deadlines.WHIT_MONDAY: _("Whit Monday"),
    deadlines.CHRISTMAS_DAY: _("Christmas Day"),
    deadlines.SECOND_CHRISTMAS_DAY: _("Boxing Day"),
}


def national_day_label(code: str) -> Promise:
    return NATIONAL_DAY_LABELS[code]


def organisation_days_off() -> deadlines.DaysOff:
    """The organisation's days off: the national list with the secretariat's closing
    days added and its waived national days removed. One query; the table holds a few
    rows a year, so all of them are loaded (a deadline may count back across a year)."""
    return ClosingDay.objects.days_off()


@dataclass(frozen=True)
class DayOffRow:
    """One line of the "Vrije dagen" page. ``national`` is the label of the national day
    off on that date (None for a closing day of the organisation's own); ``change`` the
    secretariat's row for the date, if any; ``is_day_off`` whether the organisation is
    closed that day (a waived national day is not)."""

    date: dt.date
    name: str | Promise
    national: Promise | None
    change: ClosingDay | None

    @property
    def in_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def is_day_off(self) -> bool:
        return (self.national is not None and self.change is None) or self.is_closing_day

    @property
    def is_closing_day(self) -> bool:
        return self.change is not None and self.change.kind == ClosingDay.Kind.CLOSED

    @property
    def is_waived(self) -> bool:
        return self.change is not None and self.change.kind == ClosingDay.Kind.OPEN


def days_off_of_year(year: int) -> list[DayOffRow]:
    """The national days off and the organisation's changes in ``year``, by date. One
    query."""
    changes = {row.date: row for row in ClosingDay.objects.filter(date__year=year)}
    national = deadlines.national_days_off(year)
    rows = []
    for day in sorted({*national, *changes}):
        change = changes.get(day)
        label = NATIONAL_DAY_LABELS[national[day]] if day in national else None
        rows.append(
            DayOffRow(
                date=day,
                name=label if label is not None else change.name,  # type: ignore[union-attr]
                national=label,
                change=change,
            )
        )
    return rows


def days_off_history(limit: int = 50):
    """The latest changes to the days off, newest first, with who made them. One query."""
    return ClosingDay.history.select_related("history_user").order_by("-history_date", "-pk")[
        :limit
    ]
