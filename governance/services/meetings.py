"""Meetings: plan, change, move through their statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import Body, Meeting, User

from ._common import apply_changes, changed_reason, save_with_history
from .packs import packs_request

MEETING_FIELDS = (
    "body",
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "response_deadline",
    "location",
    "is_public",
    "notes",
)

# Changes a calendar subscriber must see: they raise the iCalendar SEQUENCE, so calendar
# apps replace their copy of the event (RFC 5545 3.8.7.4).
CALENDAR_FIELDS = frozenset({"starts_at", "ends_at", "location", "status", "kind"})

# What an agenda pack's cover page and running header show: a change rebuilds the packs.
PACK_FIELDS = frozenset({"starts_at", "ends_at", "location", "title", "kind"})

# Moving a meeting (time, place, kind) changes both: once its agenda is published, the
# meeting form asks to confirm such a change first.
MOVE_FIELDS = PACK_FIELDS & CALENDAR_FIELDS


@transaction.atomic(durable=True)
def meeting_create(
    *,
    actor: User,
    body: Body,
    starts_at: dt.datetime,
    kind: str = Meeting.Kind.REGULAR,
    title: str = "",
    ends_at: dt.datetime | None = None,
    response_deadline: dt.datetime | None = None,
    location: str = "",
    is_public: bool = False,
    notes: str = "",
) -> Meeting:
    """Plan a new meeting. Requires ``governance.add_meeting``."""
    require(actor, "governance.add_meeting")
    meeting = Meeting(
        body=body,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        response_deadline=response_deadline,
        location=location or body.default_location,
        is_public=is_public,
        notes=notes,
    )
    save_with_history(meeting, actor=actor, reason=_("Meeting planned"))
    return meeting


@transaction.atomic(durable=True)
def meeting_update(
    *, actor: User, meeting: Meeting, status: str | None = None, **changes: Any
) -> Meeting:
    """Change a meeting's details and/or status. Requires ``governance.change_meeting``.

    Status moves only along ``Meeting.TRANSITIONS``; a refused move raises
    ``ValidationError`` and nothing is saved. Publishing the agenda is not a status:
    ``services.publication`` stamps ``agenda_published_at``.
    """
    require(actor, "governance.change_meeting")
    # Lock the row: two secretaries editing the same meeting serialise here.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if status is not None and status not in Meeting.Status.values:
        if status == Meeting.Phase.AGENDA_PUBLISHED:
            message = _("Publish the agenda, or withdraw its publication, on the publication page.")
        else:
            message = _("“%(status)s” is not a meeting status.") % {"status": status}
        raise ValidationError({"status": message})
    if status is not None and not meeting.can_transition_to(status):
        raise ValidationError(
            {
                "status": _("A meeting cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": meeting.get_status_display(),
                    "new": Meeting.Status(status).label,
                }
            }
        )
    changed = apply_changes(meeting, changes, allowed=MEETING_FIELDS)
    if status is not None and status != meeting.status:
        meeting.status = status
        changed.append("status")
    if not changed:
        return meeting
    reason = changed_reason(meeting, changed)
    if CALENDAR_FIELDS.intersection(changed):
        meeting.calendar_sequence += 1
        changed.append("calendar_sequence")
    save_with_history(meeting, actor=actor, reason=reason, update_fields=changed)
    if meeting.agenda_published_at is not None and PACK_FIELDS.intersection(changed):
        packs_request(meeting, actor=actor)  # the cover page shows these
    return meeting
