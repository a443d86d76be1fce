"""iCalendar feeds of the meeting calendar (RFC 5545).

One builder for the three feeds (public, per body, personal): the views decide *which*
meetings (always through ``access.meeting_scope``), this module turns them into a
calendar. Subscribed calendar apps match events by UID and take the highest SEQUENCE,
so a moved meeting keeps its UID and ``Meeting.calendar_sequence`` goes up (raised by
``services.meeting_update``); a cancelled meeting stays in the feed with
STATUS:CANCELLED so subscribers drop it instead of keeping a stale copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from governance.models import Meeting

# Subscribers see meetings from a year back to two years ahead: enough for the
# "what did we decide last spring" look-up, small enough to poll often.
WINDOW_BACK = dt.timedelta(days=366)
WINDOW_AHEAD = dt.timedelta(days=2 * 366)
# A meeting without an end time is shown as two hours long.
DEFAULT_DURATION = dt.timedelta(hours=2)
REFRESH_INTERVAL = dt.timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"

# The event's STATUS follows the meeting's phase, as every badge does.
_STATUS: dict[str, str] = {
    Meeting.Phase.PLANNED: "TENTATIVE",
    Meeting.Phase.AGENDA_PUBLISHED: "CONFIRMED",
    Meeting.Phase.HELD: "CONFIRMED",
    Meeting.Phase.MINUTES_ADOPTED: "CONFIRMED",
    Meeting.Phase.CANCELLED: "CANCELLED",
}


def site_domain() -> str:
    """The domain in event UIDs: the first configured host, else ``hecht.local``.

    UIDs must never change, so this is read from settings, not from the request."""
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in {"*", ""}]
    return hosts[0] if hosts and hosts[0] else "hecht.local"


def event_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{site_domain()}"


def feed_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return now - WINDOW_BACK, now + WINDOW_AHEAD


def feed_meetings(scope: QuerySet[Meeting], *, now: dt.datetime) -> list[Meeting]:
    """The meetings of ``scope`` inside the feed window, each with ``last_modified``
    (its latest history row), in one query. Cancelled meetings are included."""
    start, end = feed_window(now)
    latest_change = (
        Meeting.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    return list(
        scope.filter(starts_at__gte=start, starts_at__lte=end)
        .select_related("body")
        .annotate(last_modified=Subquery(latest_change))
        .order_by("starts_at", "pk")
    )


def _description(meeting: Meeting, url: str) -> str:
    lines = [f"{meeting.body.name} — {meeting.get_kind_display()}"]
    if meeting.is_written and meeting.response_deadline:
        deadline = timezone.localtime(meeting.response_deadline)
        lines.append(
            gettext("Respond before %(moment)s.") % {"moment": f"{deadline:%d-%m-%Y %H:%M}"}
        )
    lines.append(url)
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, url: str, tz: ZoneInfo, now: dt.datetime) -> icalendar.Event:
    """One VEVENT for ``meeting``; ``url`` is its absolute address."""
    starts = meeting.starts_at.astimezone(tz)
    ends = (meeting.ends_at or meeting.starts_at + DEFAULT_DURATION).astimezone(tz)
    # Without a METHOD, DTSTAMP is the last revision in the store (RFC 5545 3.8.7.2):
    # the same as LAST-MODIFIED, which also keeps an unchanged feed byte-identical.
    changed = getattr(meeting, "last_modified", None) or now
    cancelled = meeting.phase == Meeting.Phase.CANCELLED
    summary = meeting.display_title
    if cancelled:
        # Not every calendar app honours STATUS:CANCELLED on a subscription.
        summary = gettext("Cancelled: %(title)s") % {"title": summary}
    event = icalendar.Event()
    event.add("uid", event_uid(meeting))
    event.add("sequence", meeting.calendar_sequence)
    event.add("dtstamp", changed.astimezone(dt.UTC))
    event.add("last-modified", changed.astimezone(dt.UTC))
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", summary)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", _description(meeting, url))
    event.add("url", url)
    event.add("status", _STATUS[meeting.phase])
    event.add("categories", [meeting.body.code])
    if meeting.is_written or cancelled:
        # A written procedure or a cancelled meeting does not block the agenda.
        event.add("transp", "TRANSPARENT")
    return event


def build_calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    url_for: Callable[[Meeting], str],
    now: dt.datetime | None = None,
) -> bytes:
    """The iCalendar text of ``meetings`` (CRLF lines, folded at 75 octets), with the
    VTIMEZONE of Europe/Amsterdam covering the feed window."""
    now = now or timezone.now()
    tz = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.HECHT_ORGANISATION_NAME}//Hecht Bestuur//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    start, end = feed_window(now)
    # One VTIMEZONE for Europe/Amsterdam with the transitions of the whole window (also
    # in an empty feed, so a client never has to guess the zone).
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=(start - dt.timedelta(days=1)).date(),
            last_date=(end + dt.timedelta(days=31)).date(),
        )
    )
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=url_for(meeting), tz=tz, now=now))
    return calendar.to_ical()
