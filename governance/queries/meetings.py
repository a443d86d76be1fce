"""Read models for pages: each returns what a page needs in a fixed number of queries."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.db.models import QuerySet
from django.utils import timezone

from governance.access import meeting_scope
from governance.models import Body, Meeting, Membership
from governance.queries.history import record_history


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


def user_memberships(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("body", "municipality")
        .order_by("body__order", "start_date")
    )


def meeting_history(meeting: Meeting) -> list[dict]:
    return record_history(
        meeting, related={"body": {body.pk: str(body) for body in Body.objects.all()}}
    )
