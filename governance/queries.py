"""Read models for pages: each returns what a page needs in a fixed number of queries."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from governance.access import meeting_scope
from governance.models import Action, Body, Meeting, Membership


@dataclass(frozen=True)
class MonthGroup:
    month: dt.date  # first day of the month
    meetings: list[Meeting]


def year_calendar(meetings: QuerySet[Meeting], year: int) -> list[MonthGroup]:
    """Meetings of ``year`` grouped by month (one query)."""
    rows = list(meetings.filter(starts_at__year=year).order_by("starts_at", "body__order"))
    return [
        MonthGroup(month=month, meetings=list(items))
        for month, items in groupby(
            rows, key=lambda m: timezone.localtime(m.starts_at).date().replace(day=1)
        )
    ]


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    meetings: list[Meeting]


def month_grid(meetings: QuerySet[Meeting], year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month with each day's meetings (one query)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    by_day: dict[dt.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"):
        by_day[timezone.localtime(meeting.starts_at).date()].append(meeting)
    today = timezone.localdate()
    return [
        [Day(d, d.month == month, d == today, by_day.get(d, [])) for d in week] for week in weeks
    ]


def meeting_years(meetings: QuerySet[Meeting]) -> list[int]:
    return [d.year for d in meetings.datetimes("starts_at", "year")]


def upcoming_meetings(user, *, limit: int = 8) -> list[Meeting]:
    return list(meeting_scope(user).upcoming().order_by("starts_at")[:limit])


def my_open_actions(user, *, limit: int = 8) -> list[Action]:
    """The open actions the user owns, soonest due first (undated last)."""
    if not user.is_authenticated:
        return []
    return list(
        Action.objects.open()
        .filter(owner=user)
        .select_related("actor_body")
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:limit]
    )


def user_memberships(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("body", "municipality")
        .order_by("body__order", "start_date")
    )


def record_history(obj, *, related: dict[str, dict[int, str]] | None = None) -> list[dict]:
    """The history rows of any history-tracked ``obj``, newest first, each with its
    field changes against the previous row. Two queries whatever the length of the
    history. ``related`` maps a foreign-key field name to {pk: label} for display
    (otherwise the raw id is shown)."""
    model = type(obj)
    related = related or {}
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    rows = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = model._meta.get_field(change.field)
                labels = related.get(field.name, {})
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old, labels),
                        "new": _display(field, change.new, labels),
                    }
                )
        rows.append({"record": record, "changes": changes})
        previous = record
    rows.reverse()
    return rows


def meeting_history(meeting: Meeting) -> list[dict]:
    return record_history(
        meeting, related={"body": {body.pk: str(body) for body in Body.objects.all()}}
    )


def _display(field, value, labels: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if labels:
        return labels.get(value, str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


@dataclass(frozen=True)
class PublicationEvent:
    at: dt.datetime
    user: str
    label: str  # the history reason (a withdrawal's names why), else what changed


def publication_log(meeting: Meeting) -> list[PublicationEvent]:
    """Every publication act on ``meeting`` (published, withdrawn — agenda and decision
    list), newest first, read from its history: one query."""
    labels = {
        ("agenda_published_at", True): gettext("Agenda published"),
        ("agenda_published_at", False): gettext("Agenda publication withdrawn"),
        ("decisions_published_at", True): gettext("Decision list published"),
        ("decisions_published_at", False): gettext("Decision list publication withdrawn"),
    }
    events: list[PublicationEvent] = []
    previous = {"agenda_published_at": None, "decisions_published_at": None}
    rows = meeting.history.select_related("history_user").order_by("history_date", "history_id")
    for row in rows:
        for name, was in previous.items():
            now = getattr(row, name)
            if (now is None) != (was is None):
                events.append(
                    PublicationEvent(
                        at=row.history_date,
                        user=row.history_user.get_full_name() if row.history_user else "—",
                        label=row.history_change_reason or str(labels[(name, now is not None)]),
                    )
                )
            previous[name] = now
    return events[::-1]
