"""The councils' meeting calendars: meetings entered by hand, a CSV upload, an iCalendar
file or the council's public feed, and each calendar's preparation time (the fit check,
``pcycle/fit.py``, reads them through ``pcycle.queries.fit``).

Every write checks ``pcycle.access.require_manage_calendar`` first (a contact official for
their own municipality, the secretariat for all), validates completely before it writes
(an import is all or nothing) and leaves a history row with the actor and a reason; a
deleted meeting stays in the history.

Imports are idempotent: a CSV row matches a meeting of the same day and kind, an
iCalendar event its UID. An event that moved moves its meeting; a meeting imported from
the feed whose event is no longer there is removed from today onwards (the past stays as
it was). Recurring events (RRULE/RDATE) are **ignored** and counted: council meetings are
single dates, and expanding a rule is a way to make the server create thousands of rows.
Uploaded and fetched files are parsed in memory and never stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

import icalendar
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.models import Municipality, User
from governance.services._common import (
    REASON_LENGTH,
    apply_changes,
    changed_reason,
    save_with_history,
    stamp_history,
)
from hecht import safe_fetch
from pcycle.access import require_manage_calendar
from pcycle.models import CouncilCalendar, CouncilMeeting

MEETING_FIELDS = ("day", "kind", "title")
CALENDAR_FIELDS = ("preparation_weeks", "feed_url")

MAX_CSV_BYTES = 256 * 1024
MAX_CSV_ROWS = 1000
MAX_ICAL_BYTES = safe_fetch.DEFAULT_MAX_BYTES
MAX_ICAL_EVENTS = 3000
MAX_ERRORS_SHOWN = 20
# Meetings further than this from today are refused (a typo such as 2062) or, in a feed,
# skipped (a council's archive going back decades).
YEARS_BACK = 2
YEARS_AHEAD = 5

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
Fetch = Callable[[str], bytes]

_KINDS = {
    "": CouncilMeeting.Kind.COUNCIL,
    "raad": CouncilMeeting.Kind.COUNCIL,
    "gemeenteraad": CouncilMeeting.Kind.COUNCIL,
    "raadsvergadering": CouncilMeeting.Kind.COUNCIL,
    "council": CouncilMeeting.Kind.COUNCIL,
    "commissie": CouncilMeeting.Kind.COMMITTEE,
    "committee": CouncilMeeting.Kind.COMMITTEE,
}
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_DUTCH = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})", re.ASCII)


@dataclass
class ImportResult:
    """What an import did, for the message on the page and the history reason."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0  # out of range, recurring, cancelled, without UID, a clash
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            ngettext("%(count)s added", "%(count)s added", self.added) % {"count": self.added},
            ngettext("%(count)s changed", "%(count)s changed", self.updated)
            % {"count": self.updated},
            ngettext("%(count)s unchanged", "%(count)s unchanged", self.unchanged)
            % {"count": self.unchanged},
            ngettext("%(count)s removed", "%(count)s removed", self.removed)
            % {"count": self.removed},
        ]
        if self.skipped:
            parts.append(
                ngettext("%(count)s skipped", "%(count)s skipped", self.skipped)
                % {"count": self.skipped}
            )
        return ", ".join(parts)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def _in_range(day: dt.date) -> bool:
    year = timezone.localdate().year
    return year - YEARS_BACK <= day.year <= year + YEARS_AHEAD


def _range_error(day: dt.date) -> str:
    year = timezone.localdate().year
    return _("%(date)s is not between %(first)s and %(last)s.") % {
        "date": _date(day),
        "first": year - YEARS_BACK,
        "last": year + YEARS_AHEAD,
    }


def _clash_error(municipality: Municipality, day: dt.date, kind: str) -> str:
    return _("%(municipality)s already has a %(kind)s on %(date)s.") % {
        "municipality": municipality,
        "kind": CouncilMeeting.Kind(kind).label.lower(),
        "date": _date(day),
    }


def _calendar_locked(municipality: Municipality, *, actor: User) -> CouncilCalendar:
    """The municipality's calendar settings, created when missing, locked: imports and
    changes of one municipality's calendar run one after the other."""
    calendar = CouncilCalendar.objects.select_for_update().filter(municipality=municipality).first()
    if calendar is not None:
        return calendar
    calendar = CouncilCalendar(municipality=municipality)
    try:
        with transaction.atomic():
            save_with_history(calendar, actor=actor, reason=_("Council calendar created"))
    except IntegrityError:  # created concurrently: take that one
        pass
    return CouncilCalendar.objects.select_for_update().get(municipality=municipality)


def _insert(meeting: CouncilMeeting, *, actor: User, reason: str) -> None:
    """Save a new meeting; a concurrent one on the same day is refused, not a 500."""
    try:
        with transaction.atomic():
            save_with_history(meeting, actor=actor, reason=reason)
    except IntegrityError:
        raise ValidationError(
            {"day": _clash_error(meeting.municipality, meeting.day, meeting.kind)}
        ) from None


def _check_meeting(meeting: CouncilMeeting) -> None:
    errors: dict[str, str] = {}
    meeting.title = " ".join((meeting.title or "").split())
    if not _in_range(meeting.day):
        errors["day"] = _range_error(meeting.day)
    elif (
        CouncilMeeting.objects.filter(
            municipality=meeting.municipality, day=meeting.day, kind=meeting.kind
        )
        .exclude(pk=meeting.pk or 0)
        .exists()
    ):
        errors["day"] = _clash_error(meeting.municipality, meeting.day, meeting.kind)
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def council_meeting_add(
    *, actor: User, municipality: Municipality, day: dt.date, kind: str, title: str = ""
) -> CouncilMeeting:
    """Add a meeting to ``municipality``'s council calendar, entered by hand.

    ``PermissionDenied`` unless ``actor`` manages that calendar; ``ValidationError``
    (field ``day``) when the calendar has a meeting of that kind on that day already or
    the day is implausibly far away."""
    require_manage_calendar(actor, municipality)
    _calendar_locked(municipality, actor=actor)
    meeting = CouncilMeeting(
        municipality=municipality,
        day=day,
        kind=kind,
        title=title,
        source=CouncilMeeting.Source.MANUAL,
    )
    _check_meeting(meeting)
    _insert(meeting, actor=actor, reason=_("Council meeting added"))
    return meeting


def _locked_meeting(meeting: CouncilMeeting) -> CouncilMeeting:
    return (
        CouncilMeeting.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=meeting.pk)
    )


@transaction.atomic(durable=True)
def council_meeting_update(
    *, actor: User, meeting: CouncilMeeting, day: dt.date, kind: str, title: str = ""
) -> CouncilMeeting:
    """Change a meeting's day, kind or title (a meeting from a feed keeps its UID: the
    next import of the feed sets it to the feed's date again)."""
    require_manage_calendar(actor, meeting.municipality_id)
    locked = _locked_meeting(meeting)
    changed = apply_changes(
        locked, {"day": day, "kind": kind, "title": title}, allowed=MEETING_FIELDS
    )
    if not changed:
        return locked
    _check_meeting(locked)
    try:
        with transaction.atomic():
            save_with_history(locked, actor=actor, reason=changed_reason(locked, changed))
    except IntegrityError:
        raise ValidationError(
            {"day": _clash_error(locked.municipality, locked.day, locked.kind)}
        ) from None
    return locked


@transaction.atomic(durable=True)
def council_meeting_delete(*, actor: User, meeting: CouncilMeeting) -> None:
    """Remove a meeting from the calendar; the history keeps it, with actor and reason."""
    require_manage_calendar(actor, meeting.municipality_id)
    locked = _locked_meeting(meeting)
    reason = _("Council meeting removed: %(date)s") % {"date": _date(locked.day)}
    stamp_history(locked, user=actor, reason=reason[:REASON_LENGTH])
    locked.delete()


@transaction.atomic(durable=True)
def council_calendar_update(
    *, actor: User, municipality: Municipality, preparation_weeks: int, feed_url: str
) -> CouncilCalendar:
    """Set the preparation time (weeks) and the public feed address (https only) of
    ``municipality``'s council calendar, creating its settings when missing."""
    require_manage_calendar(actor, municipality)
    calendar = _calendar_locked(municipality, actor=actor)
    changed = apply_changes(
        calendar,
        {"preparation_weeks": preparation_weeks, "feed_url": (feed_url or "").strip()},
        allowed=CALENDAR_FIELDS,
    )
    if changed:
        if calendar.feed_url:
            try:
                safe_fetch.parse_https_url(calendar.feed_url)
            except safe_fetch.UnsafeAddress:
                raise ValidationError(
                    {"feed_url": _("Give a plain https address, such as https://…/raad.ics.")}
                ) from None
        save_with_history(calendar, actor=actor, reason=changed_reason(calendar, changed))
    return calendar


# --- CSV ----------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (with or without byte order mark) or, failing that, Windows-1252 (Excel's
    "CSV" on Dutch Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": _("The file is not text in UTF-8 or Windows-1252; save it as CSV (UTF-8).")}
        ) from None


def parse_csv_day(raw: str) -> dt.date | None:
    """A date as YYYY-MM-DD or DD-MM-YYYY (ASCII digits), or None."""
    raw = raw.strip()
    match = _ISO.fullmatch(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DUTCH.fullmatch(raw)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Row:
    line: int
    day: dt.date
    kind: str
    title: str


def _csv_rows(data: bytes) -> list[_Row]:
    """The rows of a CSV upload, checked; ``ValidationError`` listing every bad line."""
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s kB.") % {"size": MAX_CSV_BYTES // 1024}}
        )
    text = _decode(data)
    if "\x00" in text:
        raise ValidationError({"file": _("The file is not a CSV file.")})
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header: list[str] | None = None
        errors: list[str] = []
        rows: list[_Row] = []
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in record]
                if "datum" not in header:
                    raise ValidationError(
                        {
                            "file": _(
                                "Line %(line)s: the first row must name the columns, with at "
                                "least “datum” (and optionally “soort” and “titel”)."
                            )
                            % {"line": line}
                        }
                    )
                continue
            if len(rows) + len(errors) >= MAX_CSV_ROWS:
                raise ValidationError(
                    {"file": _("The file has more than %(count)s rows.") % {"count": MAX_CSV_ROWS}}
                )
            cells = dict(zip(header, (cell.strip() for cell in record), strict=False))
            day = parse_csv_day(cells.get("datum", ""))
            kind = _KINDS.get(cells.get("soort", "").lower())
            title = " ".join(cells.get("titel", "").split())
            problems = []
            if day is None:
                problems.append(
                    _("“%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)")
                    % {"value": cells.get("datum", "")[:40]}
                )
            elif not _in_range(day):
                problems.append(_range_error(day))
            if kind is None:
                problems.append(
                    _("“%(value)s” is not a kind (use raad or commissie)")
                    % {"value": cells.get("soort", "")[:40]}
                )
            if len(title) > 200:
                problems.append(_("the title is longer than 200 characters"))
            if problems:
                errors.append(
                    _("Line %(line)s: %(problems)s.")
                    % {"line": line, "problems": "; ".join(problems)}
                )
            elif day is not None and kind is not None:
                rows.append(_Row(line, day, kind, title))
    except csv.Error as exc:
        raise ValidationError(
            {"file": _("Line %(line)s: %(error)s.") % {"line": reader.line_num, "error": exc}}
        ) from None
    if header is None:
        raise ValidationError({"file": _("The file is empty.")})
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(
                _("… and %(count)s more lines with errors.")
                % {"count": len(errors) - MAX_ERRORS_SHOWN}
            )
        raise ValidationError({"file": shown})
    if not rows:
        raise ValidationError({"file": _("The file has no meetings under its header row.")})
    return rows


@transaction.atomic(durable=True)
def council_calendar_import_csv(
    *, actor: User, municipality: Municipality, data: bytes
) -> ImportResult:
    """Import council meetings from a CSV file (see the module; columns ``datum``,
    optional ``soort`` and ``titel``). All or nothing: ``ValidationError`` (field
    ``file``) names every bad line and nothing is saved. A meeting of the same day and
    kind is not added again; a new title given for it replaces the old one."""
    require_manage_calendar(actor, municipality)
    rows = _csv_rows(data)
    calendar = _calendar_locked(municipality, actor=actor)
    existing = {
        (meeting.day, meeting.kind): meeting
        for meeting in CouncilMeeting.objects.select_for_update().filter(
            municipality=municipality, day__in={row.day for row in rows}
        )
    }
    result = ImportResult()
    for row in rows:
        meeting = existing.get((row.day, row.kind))
        if meeting is None:
            meeting = CouncilMeeting(
                municipality=municipality,
                day=row.day,
                kind=row.kind,
                title=row.title,
                source=CouncilMeeting.Source.CSV,
            )
            save_with_history(meeting, actor=actor, reason=_("Imported from a CSV file"))
            existing[(row.day, row.kind)] = meeting
            result.added += 1
        elif row.title and row.title != meeting.title:
            meeting.title = row.title
            save_with_history(meeting, actor=actor, reason=changed_reason(meeting, ["title"]))
            result.updated += 1
        else:
            result.unchanged += 1
    _stamp_import(calendar, actor=actor, what=_("CSV file"), result=result)
    return result


def _stamp_import(
    calendar: CouncilCalendar, *, actor: User, what: str, result: ImportResult
) -> None:
    calendar.imported_at = timezone.now()
    save_with_history(
        calendar,
        actor=actor,
        reason=_("Imported (%(what)s): %(summary)s") % {"what": what, "summary": result.summary()},
    )


# --- iCalendar ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Event:
    uid: str
    day: dt.date
    kind: str
    title: str


def event_day(value: object) -> dt.date | None:
    """The day of a DTSTART value: a date as it is, a datetime in Europe/Amsterdam (a
    floating time is taken as local time)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        return value.astimezone(AMSTERDAM).date()
    if isinstance(value, dt.date):
        return value
    return None


def event_kind(summary: str) -> str:
    return (
        CouncilMeeting.Kind.COMMITTEE
        if "commissie" in summary.lower() or "committee" in summary.lower()
        else CouncilMeeting.Kind.COUNCIL
    )


def _ical_events(data: bytes, result: ImportResult) -> list[_Event]:
    if len(data) > MAX_ICAL_BYTES:
        raise ValidationError(
            {
                "file": _("The calendar is larger than %(size)s MB.")
                % {"size": MAX_ICAL_BYTES // (1024 * 1024)}
            }
        )
    if data.count(b"BEGIN:VEVENT") > MAX_ICAL_EVENTS:
        raise ValidationError(
            {"file": _("The calendar has more than %(count)s events.") % {"count": MAX_ICAL_EVENTS}}
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, TypeError, IndexError, KeyError, UnicodeError):
        raise ValidationError({"file": _("The file is not an iCalendar (.ics) file.")}) from None
    events: dict[str, _Event] = {}
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID", "")).strip()[:255]
        if not uid or "\x00" in uid:
            result.skipped += 1
            continue
        if component.get("RRULE") is not None or component.get("RDATE") is not None:
            result.skipped += 1  # recurring: ignored (see the module)
            continue
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue  # as if not in the feed: removed below when it was imported before
        start = component.get("DTSTART")
        day = event_day(getattr(start, "dt", None))
        if day is None or not _in_range(day):
            result.skipped += 1
            continue
        summary = " ".join(str(component.get("SUMMARY", "")).replace("\x00", "").split())
        events[uid] = _Event(uid, day, event_kind(summary), summary[:200])
    return list(events.values())


@transaction.atomic(durable=True)
def council_calendar_import_ical(
    *, actor: User, municipality: Municipality, data: bytes
) -> ImportResult:
    """Import council meetings from an iCalendar file (see the module): each event's
    DTSTART is the day, its SUMMARY the title (a committee when it says "commissie"),
    its UID the key. ``ValidationError`` (field ``file``) when the file is not an
    iCalendar or too large; nothing is saved then."""
    require_manage_calendar(actor, municipality)
    result = ImportResult()
    events = _ical_events(data, result)
    calendar = _calendar_locked(municipality, actor=actor)
    _apply_events(municipality, events, actor=actor, result=result)
    _stamp_import(calendar, actor=actor, what=_("iCalendar"), result=result)
    return result


def _apply_events(
    municipality: Municipality, events: list[_Event], *, actor: User, result: ImportResult
) -> None:
    meetings = list(CouncilMeeting.objects.select_for_update().filter(municipality=municipality))
    by_uid = {meeting.feed_uid: meeting for meeting in meetings if meeting.feed_uid}
    by_day = {(meeting.day, meeting.kind): meeting for meeting in meetings}
    seen: set[str] = set()
    reason = _("Imported from the iCalendar feed")
    for event in sorted(events, key=lambda event: (event.day, event.uid)):
        seen.add(event.uid)
        meeting = by_uid.get(event.uid)
        holder = by_day.get((event.day, event.kind))
        adopted = False
        if meeting is None and holder is not None and not holder.feed_uid:
            meeting, adopted = holder, True  # entered by hand or from a CSV: now the feed's
            meeting.feed_uid = event.uid
            meeting.source = CouncilMeeting.Source.ICALENDAR
            by_uid[event.uid] = meeting
        elif holder is not None and holder is not meeting:
            result.skipped += 1  # two events of one kind on one day: the first counts
            continue
        if meeting is None:
            meeting = CouncilMeeting(
                municipality=municipality,
                day=event.day,
                kind=event.kind,
                title=event.title,
                source=CouncilMeeting.Source.ICALENDAR,
                feed_uid=event.uid,
            )
            save_with_history(meeting, actor=actor, reason=reason)
            result.added += 1
        else:
            old_key = (meeting.day, meeting.kind)
            changed = apply_changes(
                meeting,
                {"day": event.day, "kind": event.kind, "title": event.title},
                allowed=MEETING_FIELDS,
            )
            if changed:
                save_with_history(meeting, actor=actor, reason=changed_reason(meeting, changed))
                result.updated += 1
            elif adopted:
                save_with_history(meeting, actor=actor, reason=reason)
                result.updated += 1
            else:
                result.unchanged += 1
            by_day.pop(old_key, None)
        by_day[(meeting.day, meeting.kind)] = meeting
    today = timezone.localdate()
    for meeting in meetings:
        gone = meeting.feed_uid and meeting.feed_uid not in seen
        if gone and meeting.source == CouncilMeeting.Source.ICALENDAR and meeting.day >= today:
            stamp_history(
                meeting, user=actor, reason=_("No longer in the iCalendar feed")[:REASON_LENGTH]
            )
            meeting.delete()
            result.removed += 1


def council_calendar_fetch(
    *, actor: User, municipality: Municipality, fetch: Fetch = safe_fetch.fetch_https
) -> ImportResult:
    """Fetch ``municipality``'s feed address (through the SSRF guard
    ``hecht.safe_fetch``) and import it. The fetch happens before the import's
    transaction, so no database lock is held while the network is waited for.
    ``ValidationError`` (field ``feed_url``) when there is no address or it cannot be
    fetched, (field ``file``) when the answer is no usable iCalendar."""
    require_manage_calendar(actor, municipality)
    url = (
        CouncilCalendar.objects.filter(municipality=municipality)
        .values_list("feed_url", flat=True)
        .first()
    )
    if not url:
        raise ValidationError({"feed_url": _("Set the address of the council's feed first.")})
    try:
        data = fetch(url)
    except safe_fetch.UnsafeAddress:
        raise ValidationError(
            {
                "feed_url": _(
                    "The address is refused: only public https addresses are fetched, not "
                    "addresses on an internal network."
                )
            }
        ) from None
    except safe_fetch.FetchError:
        raise ValidationError(
            {
                "feed_url": _(
                    "The feed could not be fetched (no answer within 10 seconds, an error, a "
                    "redirect or larger than 2 MB). Check the address or upload the .ics file."
                )
            }
        ) from None
    return council_calendar_import_ical(actor=actor, municipality=municipality, data=data)
