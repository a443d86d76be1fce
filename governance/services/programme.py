"""The development programme (ontwikkelagenda): keep each track's status current."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import Track, User

from ._common import apply_changes, changed_reason, save_with_history

TRACK_FIELDS = ("status", "status_note", "owner", "goal")

# A track that is not going to plan must say why: the board reads the explanation.


@transaction.atomic(durable=True)
def track_update(
    *, actor: User, track: Track, status: str, status_note: str, owner: User | None, goal: str
) -> Track:
    """Set a track's status (with its explanation), owner and goal. Requires
    ``governance.change_track``. A track at risk or delayed needs an explanation."""
    require(actor, "governance.change_track")
    status_note, goal = status_note.strip(), goal.strip()
    errors: dict[str, str] = {}
    if status not in Track.Status.values:
        errors["status"] = _("Unknown status.")
    elif status in Track.STATUSES_NEEDING_NOTE and not status_note:
        errors["status_note"] = _("Explain why the track is “%(status)s”.") % {
            "status": Track.Status(status).label
        }
    if not goal:
        errors["goal"] = _("Describe the goal of the track.")
    if errors:
        raise ValidationError(errors)
    track = Track.objects.select_for_update().get(pk=track.pk)
    changes = {"status": status, "status_note": status_note, "owner": owner, "goal": goal}
    changed = apply_changes(track, changes, allowed=TRACK_FIELDS)
    if not changed:
        return track
    if "status" in changed:
        reason = _("Status: %(status)s") % {"status": track.get_status_display()}
        if status_note:
            reason = f"{reason} – {status_note}"
    else:
        reason = changed_reason(track, changed)
    save_with_history(track, actor=actor, reason=reason, update_fields=changed)
    return track
