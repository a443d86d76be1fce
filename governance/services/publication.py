"""Publication: the secretariat publishes a meeting's agenda and decision list.

Publishing is an explicit act with a history row (who, when); withdrawing a publication
needs a reason and leaves a history row too, so the public record shows that something
was published and later withdrawn. Publishing an agenda queues the agenda packs.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import Decision, Meeting, User

from ._common import save_with_history
from .packs import packs_request

PERMISSION = "governance.publish_meeting"


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _withdraw_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the publication is withdrawn.")})
    return reason


def agenda_publish_refusal(meeting: Meeting) -> str | None:
    """Why the agenda of ``meeting`` cannot be published now (``None``: it can). The
    service refuses with this text; the pages offer publishing only without it."""
    if meeting.agenda_published_at is not None:
        return _("The agenda of this meeting is already published.")
    if meeting.status == Meeting.Status.CANCELLED:
        return _("The agenda of a cancelled meeting cannot be published.")
    if not meeting.agenda_items.exists():
        return _("The agenda is empty; add items before publishing it.")
    return None


def decisions_publish_refusal(meeting: Meeting) -> str | None:
    """Why the decision list of ``meeting`` cannot be published now (``None``: it can)."""
    if meeting.decisions_published_at is not None:
        return _("The decision list of this meeting is already published.")
    if not Decision.objects.filter(agenda_item__meeting=meeting).exists():
        return _("There are no decisions to publish yet.")
    return None


@transaction.atomic(durable=True)
def agenda_publish(*, actor: User, meeting: Meeting) -> Meeting:
    """Publish the agenda: the public portal shows it (public items and documents) and
    both agenda packs are built. Only ``agenda_published_at`` records it: a planned
    meeting's phase becomes "agenda published" (``Meeting.phase``)."""
    require(actor, PERMISSION)
    meeting = _locked(meeting)
    refusal = agenda_publish_refusal(meeting)
    if refusal:
        raise ValidationError(refusal)
    meeting.agenda_published_at = timezone.now()
    fields = ["agenda_published_at"]
    if meeting.status == Meeting.Status.PLANNED:
        # The feed's event changes (TENTATIVE becomes CONFIRMED): subscribers update it.
        meeting.calendar_sequence += 1
        fields.append("calendar_sequence")
    save_with_history(meeting, actor=actor, reason=_("Agenda published"), update_fields=fields)
    packs_request(meeting, actor=actor)
    return meeting


@transaction.atomic(durable=True)
def agenda_unpublish(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Withdraw the agenda's publication (with a reason, kept in the history): clears
    ``agenda_published_at``, so a planned meeting's phase is "planned" again."""
    require(actor, PERMISSION)
    reason = _withdraw_reason(reason)
    meeting = _locked(meeting)
    if meeting.agenda_published_at is None:
        raise ValidationError(_("The agenda of this meeting is not published."))
    meeting.agenda_published_at = None
    fields = ["agenda_published_at"]
    if meeting.status == Meeting.Status.PLANNED:
        meeting.calendar_sequence += 1
        fields.append("calendar_sequence")
    save_with_history(
        meeting,
        actor=actor,
        reason=_("Agenda publication withdrawn: %(reason)s") % {"reason": reason},
        update_fields=fields,
    )
    return meeting


@transaction.atomic(durable=True)
def decisions_publish(*, actor: User, meeting: Meeting) -> Meeting:
    """Publish the decision list: its public decisions appear on the portal."""
    require(actor, PERMISSION)
    meeting = _locked(meeting)
    refusal = decisions_publish_refusal(meeting)
    if refusal:
        raise ValidationError(refusal)
    meeting.decisions_published_at = timezone.now()
    save_with_history(
        meeting,
        actor=actor,
        reason=_("Decision list published"),
        update_fields=["decisions_published_at"],
    )
    return meeting


@transaction.atomic(durable=True)
def decisions_unpublish(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Withdraw the decision list's publication (with a reason, kept in the history)."""
    require(actor, PERMISSION)
    reason = _withdraw_reason(reason)
    meeting = _locked(meeting)
    if meeting.decisions_published_at is None:
        raise ValidationError(_("The decision list of this meeting is not published."))
    meeting.decisions_published_at = None
    save_with_history(
        meeting,
        actor=actor,
        reason=_("Decision list publication withdrawn: %(reason)s") % {"reason": reason},
        update_fields=["decisions_published_at"],
    )
    return meeting
