"""The council calendars overview (all municipalities) and one municipality's calendar.
A fixed number of queries, whatever the number of municipalities and meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from governance.models import Municipality
from pcycle.fit import DEFAULT_PREPARATION
from pcycle.models import CouncilCalendar, CouncilMeeting

DEFAULT_PREPARATION_WEEKS = DEFAULT_PREPARATION.days // 7


@dataclass(frozen=True)
class CalendarRow:
    municipality: Municipality
    this_year: int  # council meetings (kind council) this calendar year
    next_year: int
    next_meeting: dt.date | None  # the next council meeting from today
    preparation_weeks: int
    sources: list[str | Promise]  # labels of the sources of its meetings
    has_feed: bool
    imported_at: dt.datetime | None


def preparation_weeks(municipality: Municipality) -> int:
    """The municipality's preparation time; needs ``select_related("council_calendar")``
    (or costs a query)."""
    calendar = calendar_of(municipality)
    return calendar.preparation_weeks if calendar else DEFAULT_PREPARATION_WEEKS


def calendar_of(municipality: Municipality) -> CouncilCalendar | None:
    try:
        return municipality.council_calendar
    except CouncilCalendar.DoesNotExist:
        return None


def calendar_overview(*, today: dt.date | None = None) -> list[CalendarRow]:
    """One row per municipality (two queries)."""
    today = today or timezone.localdate()
    council = Q(council_meetings__kind=CouncilMeeting.Kind.COUNCIL)
    municipalities = (
        Municipality.objects.select_related("council_calendar")
        .annotate(
            this_year=Count(
                "council_meetings", filter=council & Q(council_meetings__day__year=today.year)
            ),
            next_year=Count(
                "council_meetings", filter=council & Q(council_meetings__day__year=today.year + 1)
            ),
            next_meeting=Min(
                "council_meetings__day", filter=council & Q(council_meetings__day__gte=today)
            ),
        )
        .order_by("name")
    )
    sources: dict[int, list[str | Promise]] = {}
    labels = dict(CouncilMeeting.Source.choices)
    for municipality_id, source in (
        CouncilMeeting.objects.order_by("municipality_id", "source")
        .values_list("municipality_id", "source")
        .distinct()
    ):
        sources.setdefault(municipality_id, []).append(labels.get(source, source))
    rows = []
    for municipality in municipalities:
        calendar = calendar_of(municipality)
        rows.append(
            CalendarRow(
                municipality=municipality,
                this_year=municipality.this_year,
                next_year=municipality.next_year,
                next_meeting=municipality.next_meeting,
                preparation_weeks=preparation_weeks(municipality),
                sources=sources.get(municipality.pk, []),
                has_feed=bool(calendar and calendar.feed_url),
                imported_at=calendar.imported_at if calendar else None,
            )
        )
    return rows


def municipality_with_calendar(pk: int) -> Municipality | None:
    """The municipality ``pk`` with its calendar settings (one query), or None."""
    return Municipality.objects.select_related("council_calendar").filter(pk=pk).first()


def meetings_of(
    municipality: Municipality, *, today: dt.date | None = None
) -> QuerySet[CouncilMeeting]:
    """The municipality's meetings this year and next, by day (one query)."""
    today = today or timezone.localdate()
    return CouncilMeeting.objects.filter(
        municipality=municipality, day__year__in=(today.year, today.year + 1)
    ).order_by("day", "kind")
