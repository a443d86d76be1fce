"""Actions (actiepunten): record, change, close or drop, and report progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import access
from governance.access import require
from governance.models import Action, ActionNote, Body, Meeting, Proposal, Track, User

from ._common import apply_changes, changed_reason, save_with_history
from .reminders import sweep_soon

# Fields ``action_update`` may change. ``actor_kind`` is the model's ``actor`` field:
# the keyword ``actor`` is the person making the change, as in every service.
ACTION_FIELDS = (
    "description",
    "actor_kind",
    "actor_body",
    "owner",
    "due_date",
    "status",
    "origin_meeting",
    "origin_proposal",
    "report_meeting",
    "track",
)
# The same, named as on the model (``actor_kind`` is the model field ``actor``).
MODEL_FIELDS = tuple("actor" if name == "actor_kind" else name for name in ACTION_FIELDS)


def _validate(action: Action) -> None:
    """The rules of an action, with messages a secretary understands (the model's
    check constraints would only name the constraint)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not action.description.strip():
        add("description", _("Describe what must be done."))
    if action.actor == Action.Actor.BODY and action.actor_body_id is None:
        add("actor_body", _("Choose the body that must act."))
    if action.actor != Action.Actor.BODY and action.actor_body_id is not None:
        add("actor_body", _("Choose an acting body only when a body is the actor."))
    if action.actor == Action.Actor.PERSON and action.owner_id is None:
        add("owner", _("Choose the person who must act."))
    origin, report = action.origin_meeting, action.report_meeting
    if origin is not None and report is not None and report.starts_at < origin.starts_at:
        add(
            "report_meeting",
            _("The report-back meeting cannot be before the meeting where it was agreed."),
        )
    if (
        origin is not None
        and action.due_date is not None
        and action.due_date < timezone.localtime(origin.starts_at).date()
    ):
        add(
            "due_date",
            _("The due date cannot be before the meeting where the action was agreed."),
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def action_create(
    *,
    actor: User,
    description: str,
    actor_kind: str,
    actor_body: Body | None = None,
    owner: User | None = None,
    due_date: dt.date | None = None,
    origin_meeting: Meeting | None = None,
    origin_proposal: Proposal | None = None,
    report_meeting: Meeting | None = None,
    track: Track | None = None,
) -> Action:
    """Record a new, open action. Requires ``governance.add_action`` (secretariat and
    management). ``actor_kind`` says who must act: Hecht, a body (``actor_body``) or a
    person (``owner``)."""
    require(actor, "governance.add_action")
    action = Action(
        description=description.strip(),
        actor=actor_kind,
        actor_body=actor_body,
        owner=owner,
        due_date=due_date,
        status=Action.Status.OPEN,
        origin_meeting=origin_meeting,
        origin_proposal=origin_proposal,
        report_meeting=report_meeting,
        track=track,
        created_by=actor,
    )
    _validate(action)
    save_with_history(action, actor=actor, reason=_("Action recorded"))
    _remind_if_urgent(action)
    return action


@transaction.atomic(durable=True)
def action_update(*, actor: User, action: Action, note: str = "", **changes: Any) -> Action:
    """Change an action. Requires ``governance.change_action``.

    Moving to done or dropped sets ``closed_on`` to today; reopening clears it.
    Dropping needs a ``note`` (why); a note given with any change is kept as a
    progress note, and it is the reason on the history row.
    """
    require(actor, "governance.change_action")
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:  # before the renaming below; apply_changes checks the model's names
        raise TypeError(f"Action: unexpected fields {sorted(unknown)}")
    # ``actor`` is the person acting; the model field of that name is the acting party.
    changes = {("actor" if name == "actor_kind" else name): v for name, v in changes.items()}
    if "description" in changes:
        changes["description"] = changes["description"].strip()
    note = note.strip()
    # Lock the row: a secretary and the owner's manager editing at once serialise here.
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("origin_meeting", "report_meeting")
        .get(pk=action.pk)
    )
    old_status = action.status
    new_status = changes.get("status", old_status)
    if new_status not in Action.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if new_status == Action.Status.DROPPED and old_status != new_status and not note:
        raise ValidationError({"note": _("Explain why the action is dropped.")})
    changed = apply_changes(action, changes, allowed=MODEL_FIELDS)
    if new_status != old_status:
        # Closing (again, also done → dropped) dates it today; reopening clears it.
        closed_on = timezone.localdate() if new_status in Action.CLOSED_STATUSES else None
        if action.closed_on != closed_on:
            action.closed_on = closed_on
            changed.append("closed_on")
    if not changed and not note:
        return action
    _validate(action)
    if new_status != old_status:
        label = Action.Status(new_status).label
        reason = (
            _("%(status)s: %(note)s") % {"status": label, "note": note}
            if note
            else _("Status: %(status)s") % {"status": label}
        )
    else:
        reason = changed_reason(action, changed)
    if changed:
        save_with_history(action, actor=actor, reason=reason, update_fields=changed)
    if note:
        _add_note(action=action, author=actor, date=timezone.localdate(), text=note)
    if {"due_date", "owner", "status"}.intersection(changed):
        _remind_if_urgent(action)
    return action


def _remind_if_urgent(action: Action) -> None:
    """An open action due today or earlier is at an urgent reminder stage already:
    sweep now instead of waiting for the next scheduled sweep."""
    due = action.due_date
    if action.is_open and action.owner_id and due and due <= timezone.localdate():
        sweep_soon()


@transaction.atomic(durable=True)
def action_add_note(*, actor: User, action: Action, date: dt.date, text: str) -> ActionNote:
    """Report progress on an action. Allowed to its owner and to holders of
    ``governance.add_actionnote`` (``access.may_add_progress``); the date may not be
    in the future."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not access.may_add_progress(actor, action):
        raise PermissionDenied
    errors = {}
    if not text.strip():
        errors["text"] = _("Describe the progress.")
    if date > timezone.localdate():
        errors["date"] = _("The date of a progress note cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return _add_note(action=action, author=actor, date=date, text=text.strip())


def _add_note(*, action: Action, author: User, date: dt.date, text: str) -> ActionNote:
    note = ActionNote(action=action, author=author, date=date, text=text)
    save_with_history(note, actor=author, reason=_("Progress reported"))
    return note
