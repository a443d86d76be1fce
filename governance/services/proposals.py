"""Proposals (voorstellen) and their route through the bodies.

A route is the proposal's ordered steps (body, purpose). Scheduling a step on a meeting
puts the proposal on that meeting's agenda (one agenda item per step, created or moved
by these services only) and the proposal "in route". The rules of the agenda (locking,
numbering, when items may move or go) are in ``services/agenda.py``.

Withdrawing a proposal removes its pending items (those without a decision) from the
agendas of meetings not yet held; items on held meetings stay as the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance import deadlines
from governance.access import require
from governance.models import (
    AgendaItem,
    Body,
    Decision,
    Meeting,
    Proposal,
    RouteStep,
    RouteTemplate,
    StepPurpose,
    Track,
    User,
)
from governance.queries.agenda import document_deadline_of
from governance.queries.days_off import organisation_days_off

from . import agenda
from ._common import apply_changes, changed_reason, save_with_history, stamp_history
from .packs import packs_request_for_published

PROPOSAL_FIELDS = (
    "title",
    "summary",
    "kind",
    "owner",
    "confidentiality",
    "woo_ground",
    "track",
)
# Changing these on the proposal changes them on its items of meetings not yet held.
ITEM_MIRRORED_FIELDS = ("title", "confidentiality", "woo_ground")
# What an agenda pack shows of a proposal: a change rebuilds the packs of published agendas.
PACK_FIELDS = frozenset({*ITEM_MIRRORED_FIELDS, "reference", "summary"})
# How often proposal_create retries when a concurrent creation took its reference.
REFERENCE_ATTEMPTS = 5


# --- references ----------------------------------------------------------------------


def next_reference(year: int) -> str:
    """``VS-<year>-<NNN>``: one more than the highest number of the year."""
    prefix = f"VS-{year}-"
    numbers = [
        int(reference[len(prefix) :])
        for reference in Proposal.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        if reference[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


# --- validation helpers ----------------------------------------------------------------


def _validate_fields(proposal: Proposal) -> None:
    proposal.title = proposal.title.strip()
    if not proposal.title:
        raise ValidationError({"title": _("Give the proposal a title.")})
    agenda.validate_confidentiality(proposal.confidentiality, proposal.woo_ground)


def _check_open(proposal: Proposal) -> None:
    if proposal.is_closed:
        raise ValidationError(
            _("The proposal is %(status)s; its route can no longer be changed.")
            % {"status": proposal.get_status_display().lower()}
        )


def _lock_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _steps(proposal: Proposal) -> list[RouteStep]:
    return list(
        RouteStep.objects.filter(proposal=proposal)
        .select_related("body", "meeting__body")
        .order_by("position")
    )


def _day(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "j F Y")


def _check_route_order(steps: list[RouteStep]) -> None:
    """The scheduled steps meet in route order: each meeting after the previous one."""
    scheduled = [(step, step.meeting) for step in steps if step.meeting is not None]
    for (previous, previous_meeting), (step, meeting) in pairwise(scheduled):
        if meeting.starts_at <= previous_meeting.starts_at:
            raise ValidationError(
                _(
                    "Step %(position)s (%(body)s, %(day)s) must meet after step %(previous)s "
                    "(%(previous_body)s, %(previous_day)s)."
                )
                % {
                    "position": step.position,
                    "body": step.body.code,
                    "day": _day(meeting),
                    "previous": previous.position,
                    "previous_body": previous.body.code,
                    "previous_day": _day(previous_meeting),
                }
            )


def _save_step(
    step: RouteStep, *, actor: User, reason: str, update_fields: list[str] | None = None
) -> None:
    save_with_history(step, actor=actor, reason=reason, update_fields=update_fields)


# --- proposals -----------------------------------------------------------------------


@transaction.atomic(durable=True)
def proposal_create(**fields: Any) -> Proposal:
    """Register a draft proposal (see ``create_proposal``), in a transaction of its own."""
    return create_proposal(**fields)


def create_proposal(
    *,
    actor: User,
    title: str,
    summary: str = "",
    kind: str = Proposal.Kind.DECISION,
    owner: User | None = None,
    confidentiality: str = "public",
    woo_ground: str = "",
    route_template: RouteTemplate | None = None,
    track: Track | None = None,
) -> Proposal:
    """Register a draft proposal with reference ``VS-<year>-<NNN>`` and, when a
    ``route_template`` is given, its route steps (body, purpose, position) from it.
    Requires ``governance.add_proposal`` (secretariat and management).

    Two proposals created at the same moment may compute the same reference; the
    unique constraint stops the second, which retries with the next number inside a
    savepoint (under READ COMMITTED the retry sees the first one's committed row).

    The body of ``proposal_create``, for a service of another app that registers a
    proposal together with its own rows in one transaction (``pcycle``: a P&C document).
    """
    require(actor, "governance.add_proposal")
    proposal = Proposal(
        title=title,
        summary=summary.strip(),
        kind=kind,
        owner=owner,
        confidentiality=confidentiality,
        woo_ground=woo_ground,
        route_template=route_template,
        track=track,
        status=Proposal.Status.DRAFT,
        created_by=actor,
    )
    _validate_fields(proposal)
    if route_template is not None and not route_template.is_active:
        raise ValidationError({"route_template": _("This route template is no longer in use.")})
    year = timezone.localdate().year
    for attempt in range(REFERENCE_ATTEMPTS):
        proposal.pk = None
        proposal.reference = next_reference(year)
        try:
            with transaction.atomic():
                save_with_history(proposal, actor=actor, reason=_("Proposal registered"))
        except IntegrityError:
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
        else:
            break
    if route_template is not None:
        for template_step in route_template.steps.select_related("body").order_by("position"):
            step = RouteStep(
                proposal=proposal,
                position=template_step.position,
                body=template_step.body,
                purpose=template_step.purpose,
            )
            _save_step(
                step,
                actor=actor,
                reason=_("Route from template %(template)s") % {"template": route_template.name},
            )
        _normalise_positions(proposal, actor=actor)
    return proposal


@transaction.atomic(durable=True)
def proposal_update(
    *, actor: User, proposal: Proposal, disclosure_reason: str = "", **changes: Any
) -> Proposal:
    """Change the proposal's facts (``PROPOSAL_FIELDS``). Requires
    ``governance.change_proposal``.

    A new title, confidentiality or Woo ground is carried to the proposal's agenda items
    on meetings not yet held. An item is never more public than its proposal: making the
    proposal confidential makes *every* item of it confidential, those of held meetings
    included (each with a history row). Lifting the confidentiality needs a
    ``disclosure_reason`` (why the Woo ground no longer holds), kept as the history
    reason; items of held meetings that were confidential on the proposal's ground follow
    it, items confidential on a ground of their own stay so."""
    require(actor, "governance.change_proposal")
    proposal = _lock_proposal(proposal)
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn proposal can no longer be changed."))
    if "summary" in changes:
        changes["summary"] = changes["summary"].strip()
    was_confidential, old_ground = proposal.is_confidential, proposal.woo_ground
    changed = apply_changes(proposal, changes, allowed=PROPOSAL_FIELDS)
    if not changed:
        return proposal
    _validate_fields(proposal)
    reason = changed_reason(proposal, changed)
    lifted = was_confidential and not proposal.is_confidential
    if lifted:
        disclosure_reason = disclosure_reason.strip()
        if not disclosure_reason:
            raise ValidationError(
                {
                    "disclosure_reason": _(
                        "Explain why the confidentiality is lifted: which Woo ground no "
                        "longer applies, and who decided so."
                    )
                }
            )
        reason = _("Confidentiality lifted: %(reason)s") % {"reason": disclosure_reason}
    save_with_history(proposal, actor=actor, reason=reason, update_fields=changed)
    mirrored = [name for name in changed if name in ITEM_MIRRORED_FIELDS]
    if mirrored:
        _items_follow(proposal, mirrored, actor=actor, lifted_ground=old_ground if lifted else "")
    if PACK_FIELDS.intersection(changed):
        meeting_ids = AgendaItem.objects.filter(route_step__proposal=proposal).values("meeting_id")
        packs_request_for_published(meeting_ids, actor=actor)
    return proposal


def _items_follow(
    proposal: Proposal, mirrored: list[str], *, actor: User, lifted_ground: str
) -> None:
    """Carry ``mirrored`` fields of ``proposal`` to its agenda items (see
    ``proposal_update``): all of them on meetings not yet held; on held meetings only
    what keeps an item from being more public than its proposal."""
    reason = _("Follows proposal %(reference)s") % {"reference": proposal.reference}
    items = AgendaItem.objects.select_for_update().filter(route_step__proposal=proposal)
    for item in items.select_related("meeting"):
        # On a held meeting: close a public item under a confidential proposal, or open
        # one that was confidential on the ground just lifted.
        closes = proposal.is_confidential and not item.is_confidential
        reopens = bool(lifted_ground) and item.woo_ground == lifted_ground
        if not item.meeting.is_held:
            fields = mirrored
        elif closes or reopens:
            fields = ["confidentiality", "woo_ground"]
        else:
            continue
        fields = [name for name in fields if getattr(item, name) != getattr(proposal, name)]
        if not fields:
            continue
        for name in fields:
            setattr(item, name, getattr(proposal, name))
        save_with_history(item, actor=actor, reason=reason, update_fields=fields)


@transaction.atomic(durable=True)
def proposal_withdraw(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """Withdraw a proposal (status withdrawn). Requires ``governance.change_proposal``
    and a reason. Its pending steps' items leave the agendas of meetings not yet held
    (the steps become unscheduled; the agendas are renumbered). Items with a decision
    and items of held meetings stay."""
    require(actor, "governance.change_proposal")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Explain why the proposal is withdrawn.")})
    proposal = _lock_proposal(proposal)
    if proposal.is_closed:
        raise ValidationError(
            _("The proposal is already %(status)s.")
            % {"status": proposal.get_status_display().lower()}
        )
    note = _("Withdrawn: %(reason)s") % {"reason": reason}
    for step in _steps(proposal):
        if step.meeting is None or step.outcome != RouteStep.Outcome.PENDING:
            continue
        meeting = agenda.lock_meeting(step.meeting)
        item = (
            AgendaItem.objects.select_for_update()
            .filter(route_step=step, carried_over=False)
            .first()
        )
        if item is None or meeting.is_held:
            continue
        if Decision.objects.filter(agenda_item=item).exists():
            continue
        agenda.delete_item(item, actor=actor, reason=note)
        step.meeting = None
        _save_step(step, actor=actor, reason=note, update_fields=["meeting"])
        agenda.renumber(meeting, actor=actor)
    proposal.status = Proposal.Status.WITHDRAWN
    save_with_history(proposal, actor=actor, reason=note, update_fields=["status"])
    return proposal


# --- route editing -------------------------------------------------------------------


def _normalise_positions(proposal: Proposal, *, actor: User) -> None:
    """Positions 1..n in route order. Raising positions goes from the end and lowering
    from the start, so the unique (proposal, position) constraint never sees two
    steps on one position."""
    steps = list(
        RouteStep.objects.select_for_update().filter(proposal=proposal).order_by("position")
    )
    for index, step in enumerate(steps, start=1):
        if step.position > index:
            step.position = index
            _save_step(step, actor=actor, reason=_("Route renumbered"), update_fields=["position"])


@transaction.atomic(durable=True)
def route_step_add(
    *, actor: User, proposal: Proposal, body: Body, purpose: str, position: int | None = None
) -> RouteStep:
    """Add a step for ``body`` at ``position`` (1-based; at the end when None); later
    steps shift one place. Not before a step that has been treated. Requires
    ``governance.change_routestep``."""
    require(actor, "governance.change_routestep")
    proposal = _lock_proposal(proposal)
    _check_open(proposal)
    if purpose not in StepPurpose.values:
        raise ValidationError({"purpose": _("Choose the purpose of this step.")})
    steps = _steps(proposal)
    count = len(steps)
    if position is None or position > count:
        position = count + 1
    if position < 1:
        raise ValidationError({"position": _("A position starts at 1.")})
    later = [step for step in steps if step.position >= position]
    if any(step.outcome != RouteStep.Outcome.PENDING for step in later):
        raise ValidationError(
            _("A step cannot be added before a step that has already been treated.")
        )
    for step in reversed(later):
        step.position += 1
        _save_step(
            step, actor=actor, reason=_("Route step inserted before"), update_fields=["position"]
        )
    step = RouteStep(proposal=proposal, position=position, body=body, purpose=purpose)
    _save_step(
        step,
        actor=actor,
        reason=_("Route step added: %(body)s") % {"body": body.code},
    )
    return step


@transaction.atomic(durable=True)
def route_step_remove(*, actor: User, step: RouteStep) -> None:
    """Remove a pending step (its agenda item too, while that meeting is not held);
    later steps move up one place. Requires ``governance.change_routestep``."""
    require(actor, "governance.change_routestep")
    proposal = _lock_proposal(step.proposal)
    _check_open(proposal)
    step = RouteStep.objects.select_for_update().select_related("body").get(pk=step.pk)
    if step.outcome != RouteStep.Outcome.PENDING:
        raise ValidationError(_("A step that has been treated cannot be removed."))
    reason = _("Route step removed: %(body)s") % {"body": step.body.code}
    _unschedule(step, actor=actor, reason=reason)
    stamp_history(step, user=actor, reason=reason)
    step.delete()
    for later in (
        RouteStep.objects.select_for_update().filter(proposal=proposal).order_by("position")
    ):
        if later.position > step.position:
            later.position -= 1
            _save_step(later, actor=actor, reason=reason, update_fields=["position"])


def steps_can_swap(first: RouteStep, second: RouteStep) -> bool:
    """Two neighbouring steps can change places only while neither has been treated (the
    route editor offers "Move up" and "Move down" only then)."""
    pending = RouteStep.Outcome.PENDING
    return first.outcome == pending and second.outcome == pending


@transaction.atomic(durable=True)
def route_step_move(*, actor: User, step: RouteStep, direction: str) -> RouteStep:
    """Swap a pending step with its neighbour (``"up"`` or ``"down"``); the scheduled
    meetings must stay in route order. Requires ``governance.change_routestep``."""
    require(actor, "governance.change_routestep")
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a step up or down."))
    proposal = _lock_proposal(step.proposal)
    _check_open(proposal)
    steps = _steps(proposal)
    index = next(i for i, other in enumerate(steps) if other.pk == step.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(steps):
        return steps[index]
    first, second = steps[index], steps[target]
    if not steps_can_swap(first, second):
        raise ValidationError(_("A step that has been treated cannot be moved."))
    steps[index], steps[target] = second, first
    for position, other in enumerate(steps, start=1):
        other.position = position
    _check_route_order(steps)
    # The unique (proposal, position) constraint is not deferrable: park the first of
    # the two on position 0 without a history row, then save both with history.
    parked, other = steps[min(index, target)], steps[max(index, target)]
    parked_position, parked.position = parked.position, 0
    parked.save_without_historical_record(  # type: ignore[attr-defined]  # simple_history adds it
        update_fields=["position"]
    )
    parked.position = parked_position
    reason = _("Route step moved up") if direction == "up" else _("Route step moved down")
    _save_step(other, actor=actor, reason=reason, update_fields=["position"])
    _save_step(parked, actor=actor, reason=reason, update_fields=["position"])
    return RouteStep.objects.get(pk=step.pk)


@transaction.atomic(durable=True)
def route_step_place(*, actor: User, step: RouteStep, position: int) -> RouteStep:
    """Move a pending step to ``position`` (1..n): the drag-and-drop reorder. Every step
    it passes must be pending too, and the scheduled meetings must stay in route order.
    Requires ``governance.change_routestep``."""
    require(actor, "governance.change_routestep")
    proposal = _lock_proposal(step.proposal)
    _check_open(proposal)
    steps = _steps(proposal)
    if not 1 <= position <= len(steps):
        raise ValidationError(_("Choose a place between 1 and %(count)s.") % {"count": len(steps)})
    index = next(i for i, other in enumerate(steps) if other.pk == step.pk)
    target = position - 1
    if target == index:
        return steps[index]
    low, high = min(index, target), max(index, target)
    if any(other.outcome != RouteStep.Outcome.PENDING for other in steps[low : high + 1]):
        raise ValidationError(_("A step that has been treated cannot be moved."))
    moving = steps.pop(index)
    steps.insert(target, moving)
    old_positions = {other.pk: other.position for other in steps}
    for number, other in enumerate(steps, start=1):
        other.position = number
    _check_route_order(steps)
    # The unique (proposal, position) constraint is not deferrable: park the moving step
    # on position 0 without a history row, shift the others one by one (away from the
    # gap first), then save the moving step in its place, each with history.
    parked_position = moving.position
    moving.position = 0
    moving.save_without_historical_record(  # type: ignore[attr-defined]  # simple_history adds it
        update_fields=["position"]
    )
    reason = _("Route step moved to place %(position)s") % {"position": parked_position}
    shifted = [other for other in steps[low : high + 1] if other.pk != moving.pk]
    if target < index:  # moving up: the others go down one place, the lowest first
        shifted.reverse()
    for other in shifted:
        if other.position != old_positions[other.pk]:
            _save_step(other, actor=actor, reason=reason, update_fields=["position"])
    moving.position = parked_position
    _save_step(moving, actor=actor, reason=reason, update_fields=["position"])
    return RouteStep.objects.get(pk=step.pk)


def _check_schedulable(step: RouteStep, meeting: Meeting) -> None:
    if meeting.body_id != step.body_id:
        raise ValidationError(
            {
                "meeting": _("Step %(position)s is for the %(body)s; choose a meeting of it.")
                % {"position": step.position, "body": step.body.code}
            }
        )
    if meeting.kind == Meeting.Kind.THEME and step.purpose in (
        StepPurpose.DECIDE,
        StepPurpose.ADVISE,
    ):
        raise ValidationError(
            {"meeting": _("A theme session gives no advice and takes no decisions.")}
        )
    if meeting.is_held or meeting.starts_at <= timezone.now():
        raise ValidationError(
            {
                "meeting": _("The meeting %(meeting)s has already been held.")
                % {"meeting": meeting.display_title}
            }
        )
    agenda.check_agenda_accepts_items(meeting)


def _unschedule(step: RouteStep, *, actor: User, reason: str) -> None:
    """Take ``step``'s item off its meeting's agenda (if it has one) and clear the
    step's meeting. The caller holds the proposal lock."""
    if step.meeting is None:  # no query when there is no meeting id
        return
    meeting = agenda.lock_meeting(step.meeting)
    item = (
        AgendaItem.objects.select_for_update().filter(route_step=step, carried_over=False).first()
    )
    if item is not None:
        agenda.check_item_removable(item, meeting)
        agenda.delete_item(item, actor=actor, reason=reason)
        agenda.renumber(meeting, actor=actor)
    step.meeting = None
    _save_step(step, actor=actor, reason=reason, update_fields=["meeting"])


def _schedule(step: RouteStep, meeting: Meeting | None, *, actor: User) -> RouteStep:
    """Schedule (or with ``meeting=None`` unschedule) one step inside the caller's
    transaction and proposal lock; the caller checks the route order afterwards."""
    if step.outcome != RouteStep.Outcome.PENDING:
        raise ValidationError(_("A step that has been treated cannot be rescheduled."))
    if meeting is None:
        _unschedule(step, actor=actor, reason=_("Unscheduled"))
        return step
    if step.meeting_id == meeting.pk:
        return step
    # Lock both meetings in id order, so two moves in opposite directions cannot
    # deadlock.
    locked = {
        m.pk: agenda.lock_meeting(m)
        for m in sorted(
            {meeting, *([step.meeting] if step.meeting is not None else [])}, key=lambda m: m.pk
        )
    }
    meeting = locked[meeting.pk]
    _check_schedulable(step, meeting)
    if step.meeting_id is not None:
        old_meeting = locked[step.meeting_id]
        item = (
            AgendaItem.objects.select_for_update()
            .filter(route_step=step, carried_over=False)
            .first()
        )
        if item is not None:
            agenda.check_item_removable(item, old_meeting)
    else:
        old_meeting = None
    step.meeting = meeting
    _save_step(
        step,
        actor=actor,
        reason=_("Scheduled for %(meeting)s") % {"meeting": meeting.display_title},
        update_fields=["meeting"],
    )
    agenda.place_step_item(step, meeting, actor=actor)
    agenda.renumber(meeting, actor=actor)
    if old_meeting is not None:
        agenda.renumber(old_meeting, actor=actor)
    return step


def _mark_in_route(proposal: Proposal, *, actor: User) -> None:
    if proposal.status == Proposal.Status.DRAFT:
        proposal.status = Proposal.Status.IN_ROUTE
        save_with_history(
            proposal, actor=actor, reason=_("Route scheduled"), update_fields=["status"]
        )


@transaction.atomic(durable=True)
def route_step_schedule(*, actor: User, step: RouteStep, meeting: Meeting | None) -> RouteStep:
    """Schedule ``step`` (see ``schedule_route_step``) in a transaction of its own."""
    return schedule_route_step(actor=actor, step=step, meeting=meeting)


def schedule_route_step(*, actor: User, step: RouteStep, meeting: Meeting | None) -> RouteStep:
    """Treat ``step`` at ``meeting``: a meeting of the step's body, not cancelled, not
    held, after the previous scheduled step's meeting (and before the next one's). Its
    agenda item is created there (or moved from the previous meeting) at the end of
    the agenda, and a draft proposal goes "in route". ``meeting=None`` unschedules the
    step (its item leaves the agenda; refused when it has a decision). Requires
    ``governance.change_routestep``; nothing is saved when a rule is broken. The body of
    ``route_step_schedule``, for another app's service inside its own transaction."""
    require(actor, "governance.change_routestep")
    proposal = _lock_proposal(step.proposal)
    _check_open(proposal)
    step = RouteStep.objects.select_for_update().select_related("body").get(pk=step.pk)
    step.proposal = proposal
    _schedule(step, meeting, actor=actor)
    _check_route_order(_steps(proposal))
    if meeting is not None:
        _mark_in_route(proposal, actor=actor)
    return step


# --- a tie postpones the decision to the next meeting (Gemeentewet art. 32) -------------


def next_meeting_of(body_id: int, after: Meeting) -> Meeting | None:
    """The next meeting of the body after ``after`` (and not in the past) that can take
    the item: a regular meeting, not cancelled or held."""
    return (
        Meeting.objects.still_to_come()
        .filter(
            body_id=body_id,
            kind=Meeting.Kind.REGULAR,
            starts_at__gt=max(after.starts_at, timezone.now()),
        )
        .order_by("starts_at", "pk")
        .first()
    )


def _step_id(item: AgendaItem) -> int:
    """The route step of a proposal's item (the callers pass only those)."""
    if item.route_step_id is None:
        raise ValueError(f"Agenda item {item.pk} belongs to no route step")
    return item.route_step_id


def step_carry_over(*, actor: User, item: AgendaItem) -> AgendaItem:
    """Move ``item``'s route step on to the next meeting of its body, inside the caller's
    transaction (``services.decisions`` after a tie in a meeting that was not full).
    ``item`` keeps its decision and is marked ``carried_over``; the step gets a new item
    on the next meeting's agenda (``agenda.place_step_item``) and that meeting as its
    meeting. Without a next meeting nothing is saved and the error says so."""
    step_id = _step_id(item)
    proposal = _lock_proposal(RouteStep.objects.get(pk=step_id).proposal)
    step = RouteStep.objects.select_for_update().select_related("body").get(pk=step_id)
    step.proposal = proposal
    following = next_meeting_of(step.body_id, item.meeting)
    if following is None:
        raise ValidationError(
            _(
                "The votes are tied and the decision is postponed to the next meeting of the "
                "%(body)s (Gemeentewet art. 32), but no next meeting is planned. Plan it "
                "first, then record the decision."
            )
            % {"body": step.body.code}
        )
    following = agenda.lock_meeting(following)
    _check_schedulable(step, following)
    reason = _("Postponed to %(meeting)s: the votes were tied") % {
        "meeting": following.display_title
    }
    item.carried_over = True
    save_with_history(item, actor=actor, reason=reason, update_fields=["carried_over"])
    step.meeting = following
    _save_step(step, actor=actor, reason=reason, update_fields=["meeting"])
    new_item = agenda.place_step_item(step, following, actor=actor)
    agenda.renumber(following, actor=actor)
    _check_route_order(_steps(proposal))
    return new_item


def step_carry_back(*, actor: User, item: AgendaItem) -> None:
    """Undo ``step_carry_over`` when the tied decision on ``item`` is corrected into
    another outcome: the item on the later meeting leaves its agenda (refused once it
    has a decision or its meeting was held) and the step is back on ``item``'s meeting."""
    step = RouteStep.objects.select_for_update().get(pk=_step_id(item))
    later = (
        AgendaItem.objects.select_for_update()
        .filter(route_step=step, carried_over=False)
        .select_related("meeting")
        .first()
    )
    reason = _("Postponement to a later meeting undone: the decision in %(meeting)s changed") % {
        "meeting": item.meeting.display_title
    }
    if later is not None:
        meeting = agenda.lock_meeting(later.meeting)
        agenda.check_item_removable(later, meeting)
        agenda.delete_item(later, actor=actor, reason=reason)
        agenda.renumber(meeting, actor=actor)
    item.carried_over = False
    save_with_history(item, actor=actor, reason=reason, update_fields=["carried_over"])
    step.meeting = item.meeting
    _save_step(step, actor=actor, reason=reason, update_fields=["meeting"])


# --- planning backwards ----------------------------------------------------------------


@dataclass
class PlanLine:
    """One step of a backward plan: the chosen meeting (None: a gap), the document
    deadline of that meeting, and the moment the step's meeting had to start before
    (the next step's document deadline; None when the next step is itself a gap)."""

    step: RouteStep
    meeting: Meeting | None
    deadline: dt.datetime | None
    latest_start: dt.datetime | None
    treated: bool = False

    @property
    def is_gap(self) -> bool:
        return self.meeting is None and not self.treated


def plan_route(
    proposal: Proposal, target: Meeting, *, days_off: deadlines.DaysOff | None = None
) -> list[PlanLine]:
    """Compute (without writing) where each pending step of ``proposal`` meets so the
    last step is treated at ``target``: every earlier step at the latest suitable
    meeting of its body that starts before the next step's document deadline
    (``deadlines.plan_backwards``, counted with the organisation's days off, loaded
    here unless ``days_off`` is given). Candidates are upcoming meetings that are not
    cancelled or held (and no theme sessions for advice or decision). Raises
    ``ValidationError`` when the last step cannot be treated at ``target``."""
    steps = _steps(proposal)
    if not steps:
        raise ValidationError(_("The proposal has no route yet; add its steps first."))
    last = steps[-1]
    if last.outcome != RouteStep.Outcome.PENDING:
        raise ValidationError(_("The last step of the route has already been treated."))
    _check_schedulable(last, target)
    pending = [s for s in steps[:-1] if s.outcome == RouteStep.Outcome.PENDING]
    body_ids = {s.body_id for s in pending}
    candidates: dict[int, dict[tuple[dt.datetime, str], Meeting]] = {
        body_id: {} for body_id in body_ids
    }
    meetings = (
        Meeting.objects.filter(
            body_id__in=body_ids, starts_at__gt=timezone.now(), starts_at__lt=target.starts_at
        )
        .still_to_come()
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        candidates[meeting.body_id].setdefault((meeting.starts_at, meeting.kind), meeting)
    at = settings.HECHT_DOCUMENT_DEADLINE_TIME
    days_off = days_off if days_off is not None else organisation_days_off()

    def usable(step: RouteStep) -> dict[dt.datetime, Meeting]:
        by_start: dict[dt.datetime, Meeting] = {}
        for (start, kind), meeting in candidates[step.body_id].items():
            if kind == Meeting.Kind.THEME and step.purpose in (
                StepPurpose.DECIDE,
                StepPurpose.ADVISE,
            ):
                continue
            by_start.setdefault(start, meeting)
        return by_start

    options = [usable(step) for step in pending]
    chosen = deadlines.plan_backwards(
        target.starts_at,
        [
            (sorted(by_start), step.body.document_lead_days)
            for step, by_start in zip(pending, options, strict=True)
        ],
        target_lead_days=last.body.document_lead_days,
        at=at,
        days_off=days_off,
    )
    target_deadline = document_deadline_of(target, days_off=days_off)
    plan = {last.pk: PlanLine(last, target, target_deadline, None)}
    latest_start: dt.datetime | None = target_deadline
    for step, by_start, start in reversed(list(zip(pending, options, chosen, strict=True))):
        planned = by_start[start] if start is not None else None
        deadline = document_deadline_of(planned, days_off=days_off) if planned is not None else None
        plan[step.pk] = PlanLine(step, planned, deadline, latest_start)
        latest_start = deadline
    lines = []
    for step in steps:
        if step.pk in plan:
            lines.append(plan[step.pk])
        else:
            deadline = (
                document_deadline_of(step.meeting, days_off=days_off) if step.meeting else None
            )
            lines.append(PlanLine(step, step.meeting, deadline, None, treated=True))
    return lines


def plan_gaps(lines: list[PlanLine]) -> list[str]:
    """Why a plan cannot be scheduled, in plain words: per step without a meeting (a
    gap, ``PlanLine.is_gap``), which meeting it would need and why none fits. Empty when
    every step fits; the route page offers "schedule these meetings" only then, and
    ``route_plan_backwards`` refuses on the same list."""
    reasons: list[str] = []
    today = date_format(timezone.localdate(), "j F Y")
    following: tuple[RouteStep, Meeting] | None = None  # the next step with a meeting
    for line in reversed(lines):
        if line.treated:
            continue
        if line.meeting is not None:
            following = (line.step, line.meeting)
            continue
        step = {"position": line.step.position, "body": line.step.body.code}
        if line.latest_start is None or following is None:
            reasons.append(
                _(
                    "Step %(position)s (%(body)s) cannot be planned yet: the step after it "
                    "has no meeting."
                )
                % step
            )
            continue
        values = {
            **step,
            "today": today,
            "deadline": date_format(timezone.localtime(line.latest_start), "j F Y, H:i"),
            "next_body": following[0].body.code,
            "next_day": _day(following[1]),
        }
        if line.latest_start <= timezone.now():
            reasons.append(
                _(
                    "Step %(position)s (%(body)s) comes too late for the %(next_body)s meeting "
                    "of %(next_day)s: its documents were due %(deadline)s."
                )
                % values
            )
            continue
        reasons.append(
            _(
                "Step %(position)s (%(body)s): there is no %(body)s meeting between %(today)s "
                "and %(deadline)s, in time for the %(next_body)s meeting of %(next_day)s "
                "(its documents are due %(deadline)s)."
            )
            % values
        )
    reasons.reverse()
    return reasons


@transaction.atomic(durable=True)
def route_plan_backwards(
    *, actor: User, proposal: Proposal, target_meeting: Meeting
) -> list[PlanLine]:
    """Schedule the last step at ``target_meeting`` and each earlier pending step at
    the meeting ``plan_route`` chooses. Refused (``ValidationError`` naming the gaps,
    ``plan_gaps``) unless every step fits. Requires ``governance.change_routestep``;
    all or nothing."""
    require(actor, "governance.change_routestep")
    proposal = _lock_proposal(proposal)
    _check_open(proposal)
    lines = plan_route(proposal, target_meeting)
    gaps = plan_gaps(lines)
    if gaps:
        raise ValidationError(gaps)
    # Unschedule first (from the end), then schedule: moving steps never meet their
    # old selves in the route-order check, which runs once at the end.
    for line in reversed(lines):
        if line.treated:
            continue
        if line.step.meeting_id is not None and (
            line.meeting is None or line.meeting.pk != line.step.meeting_id
        ):
            _unschedule(line.step, actor=actor, reason=_("Route replanned"))
    for line in lines:
        if not line.treated and line.meeting is not None:
            line.step.proposal = proposal
            _schedule(line.step, line.meeting, actor=actor)
    _check_route_order(_steps(proposal))
    _mark_in_route(proposal, actor=actor)
    return lines
