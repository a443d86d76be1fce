"""The agenda of a meeting: add, change, move and remove items, always numbered 1..n.

Rules shared with the route services (``services/proposals.py``):

- every change locks the meeting row first (``select_for_update``), so two secretaries
  editing the same agenda serialise and the numbering stays 1..n without gaps;
- nothing changes once the meeting is held (or its minutes adopted), and nothing is
  added to a cancelled meeting;
- an item is removed only while the meeting is not held and the item has no decision
  (a decided item is part of the decision list). Removing an item from a published
  agenda is allowed: the secretariat withdraws a proposal before the meeting.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import (
    AgendaItem,
    Confidentiality,
    Decision,
    Meeting,
    Proposal,
    RouteStep,
    User,
)

from ._common import apply_changes, changed_reason, save_with_history, stamp_history
from .packs import packs_request_for_published

# Fields ``agenda_item_update`` may change.
AGENDA_ITEM_FIELDS = (
    "title",
    "kind",
    "description",
    "confidentiality",
    "woo_ground",
    "requires_documents",
)


# --- helpers shared with services/proposals.py ---------------------------------------


def lock_meeting(meeting: Meeting) -> Meeting:
    """Lock and reload ``meeting`` (with its body): agenda changes serialise on it."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def check_agenda_editable(meeting: Meeting) -> None:
    """Refuse any agenda change once the meeting is held."""
    if meeting.is_held:
        raise ValidationError(
            _("The meeting %(meeting)s has been held; its agenda can no longer be changed.")
            % {"meeting": meeting.display_title}
        )


def check_agenda_accepts_items(meeting: Meeting) -> None:
    """Items can be added to a planned or published agenda, not a cancelled or held one."""
    check_agenda_editable(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            _("The meeting %(meeting)s has been cancelled; choose another meeting.")
            % {"meeting": meeting.display_title}
        )


def check_item_removable(item: AgendaItem, meeting: Meeting) -> None:
    """An item leaves an agenda only before the meeting is held and without a decision."""
    check_agenda_editable(meeting)
    if Decision.objects.filter(agenda_item_id=item.pk).exists():
        raise ValidationError(
            _("Item %(number)s already has a decision; it cannot be removed.")
            % {"number": item.number}
        )


def validate_confidentiality(confidentiality: str, woo_ground: str) -> None:
    """A confidential record names its Woo ground; a public one names none. (The model's
    check constraint would only name the constraint.)"""
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose public or confidential.")})
    if confidentiality == Confidentiality.CONFIDENTIAL and not woo_ground:
        raise ValidationError(
            {"woo_ground": _("Name the Woo ground for keeping this confidential.")}
        )
    if confidentiality == Confidentiality.PUBLIC and woo_ground:
        raise ValidationError({"woo_ground": _("A public record has no Woo ground.")})


def _check_not_more_public_than_proposal(item: AgendaItem, confidentiality: str | None) -> None:
    """An item is never more public than its proposal (``publication.public_item_q``):
    under a confidential proposal the item cannot be made public; the proposal's
    confidentiality is lifted first, with the reason, on the proposal."""
    if confidentiality != Confidentiality.PUBLIC or item.route_step_id is None:
        return
    proposal = Proposal.objects.only("reference", "confidentiality").get(
        steps__pk=item.route_step_id
    )
    if proposal.is_confidential:
        raise ValidationError(
            {
                "confidentiality": _(
                    "Proposal %(reference)s is confidential, so this item is too. Lift the "
                    "proposal's confidentiality first (on the proposal, with the reason)."
                )
                % {"reference": proposal.reference}
            }
        )


def next_order(meeting: Meeting) -> int:
    highest = meeting.agenda_items.aggregate(highest=Max("order"))["highest"]
    return (highest or 0) + 1


def renumber(meeting: Meeting, *, actor: User) -> list[AgendaItem]:
    """Number the meeting's items 1..n in their order; save (with history) only the
    items whose order or number changes. The caller holds the meeting lock.

    Every change to the items of an agenda (add, move, remove, schedule, withdraw) ends
    here, so this is also where a published agenda asks for new agenda packs."""
    items = list(meeting.agenda_items.order_by("order", "pk"))
    for position, item in enumerate(items, start=1):
        if item.order != position or item.number != str(position):
            item.order = position
            item.number = str(position)
            save_with_history(
                item, actor=actor, reason=_("Renumbered"), update_fields=["order", "number"]
            )
    packs_request_for_published([meeting.pk], actor=actor)
    return items


def delete_item(item: AgendaItem, *, actor: User, reason: str) -> None:
    """Delete with the actor and reason on the history row (the caller checked it may)."""
    stamp_history(item, user=actor, reason=reason)
    item.delete()


# An advising body discusses the proposal and advises; only the deciding body decides.
ITEM_KIND_OF_PURPOSE = {
    "advise": AgendaItem.Kind.DISCUSSION,
    "decide": AgendaItem.Kind.DECISION,
    "discuss": AgendaItem.Kind.DISCUSSION,
    "inform": AgendaItem.Kind.INFORMATION,
}

# Titles of the formal item that closes an agenda ("Rondvraag en sluiting"); a scheduled
# proposal goes before it rather than after the closing.
CLOSING_WORDS = ("rondvraag", "sluiting", "any other business", "closing")


def is_closing_item(item: AgendaItem) -> bool:
    title = item.title.casefold()
    return item.kind == AgendaItem.Kind.FORMAL and any(word in title for word in CLOSING_WORDS)


def _insertion_order(meeting: Meeting, *, actor: User, exclude_pk: int | None) -> int:
    """The order for a new proposal item: before a trailing closing item (which moves
    one place down, with history), else after the last item."""
    items = meeting.agenda_items.order_by("order", "pk")
    if exclude_pk is not None:
        items = items.exclude(pk=exclude_pk)
    last = items.last()
    if last is None:
        return 1
    if not is_closing_item(last):
        return last.order + 1
    order = last.order
    last.order += 1
    save_with_history(last, actor=actor, reason=_("Moved on the agenda"), update_fields=["order"])
    return order


def place_step_item(step: RouteStep, meeting: Meeting, *, actor: User) -> AgendaItem:
    """Put ``step`` on ``meeting``'s agenda (the caller locked the meeting and checked it
    accepts items): a new item, or the step's item moved from its previous meeting
    (the caller checked that one may lose it), appended at the end but before a trailing
    "Rondvraag en sluiting". The caller renumbers."""
    proposal: Proposal = step.proposal
    item = AgendaItem.objects.filter(route_step=step, carried_over=False).first()
    if item is None:
        item = AgendaItem(
            route_step=step,
            title=proposal.title,
            kind=ITEM_KIND_OF_PURPOSE[step.purpose],
            confidentiality=proposal.confidentiality,
            woo_ground=proposal.woo_ground,
            requires_documents=True,
        )
        reason = _("Placed on the agenda for %(reference)s") % {"reference": proposal.reference}
    else:
        reason = _("Moved to %(meeting)s") % {"meeting": meeting.display_title}
    item.order = _insertion_order(meeting, actor=actor, exclude_pk=item.pk)
    item.meeting = meeting
    item.number = str(item.order)
    save_with_history(item, actor=actor, reason=reason)
    return item


# --- entry points --------------------------------------------------------------------


@transaction.atomic(durable=True)
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    kind: str,
    description: str = "",
    confidentiality: str = Confidentiality.PUBLIC,
    woo_ground: str = "",
    requires_documents: bool = False,
) -> AgendaItem:
    """Add an item without proposal (opening, minutes, announcements, any other
    business) at the end of ``meeting``'s agenda. Requires ``governance.add_agendaitem``;
    refused for a held or cancelled meeting."""
    require(actor, "governance.add_agendaitem")
    meeting = lock_meeting(meeting)
    check_agenda_accepts_items(meeting)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    validate_confidentiality(confidentiality, woo_ground)
    order = next_order(meeting)
    item = AgendaItem(
        meeting=meeting,
        order=order,
        number=str(order),
        title=title,
        kind=kind,
        description=description.strip(),
        confidentiality=confidentiality,
        woo_ground=woo_ground,
        requires_documents=requires_documents,
    )
    save_with_history(item, actor=actor, reason=_("Added to the agenda"))
    renumber(meeting, actor=actor)
    return item


@transaction.atomic(durable=True)
def agenda_item_update(*, actor: User, item: AgendaItem, **changes: Any) -> AgendaItem:
    """Change an item's title, description, kind, confidentiality or whether documents
    are expected. Requires ``governance.change_agendaitem``; refused once held."""
    require(actor, "governance.change_agendaitem")
    unknown = set(changes) - set(AGENDA_ITEM_FIELDS)
    if unknown:  # checked before the lock; apply_changes checks again
        raise TypeError(f"AgendaItem: unexpected fields {sorted(unknown)}")
    meeting = lock_meeting(item.meeting)
    check_agenda_editable(meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if "title" in changes:
        changes["title"] = changes["title"].strip()
        if not changes["title"]:
            raise ValidationError({"title": _("Give the item a title.")})
    if "description" in changes:
        changes["description"] = changes["description"].strip()
    validate_confidentiality(
        changes.get("confidentiality", item.confidentiality),
        changes.get("woo_ground", item.woo_ground),
    )
    _check_not_more_public_than_proposal(item, changes.get("confidentiality"))
    changed = apply_changes(item, changes, allowed=AGENDA_ITEM_FIELDS)
    if not changed:
        return item
    save_with_history(
        item, actor=actor, reason=changed_reason(item, changed), update_fields=changed
    )
    packs_request_for_published([meeting.pk], actor=actor)
    return item


@transaction.atomic(durable=True)
def agenda_item_move(*, actor: User, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item one place ``"up"`` or ``"down"`` and renumber. Moving the first item
    up or the last down changes nothing. Requires ``governance.change_agendaitem``."""
    require(actor, "governance.change_agendaitem")
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an item up or down."))
    meeting = lock_meeting(item.meeting)
    check_agenda_editable(meeting)
    items = list(meeting.agenda_items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _save_order(meeting, items, actor=actor)
    return AgendaItem.objects.get(pk=item.pk)


@transaction.atomic(durable=True)
def agenda_item_place(*, actor: User, item: AgendaItem, position: int) -> AgendaItem:
    """Move an item to ``position`` (1..n, where n is the number of items) and renumber:
    the drag-and-drop reorder. Requires ``governance.change_agendaitem``; a position
    outside the agenda is refused."""
    require(actor, "governance.change_agendaitem")
    meeting = lock_meeting(item.meeting)
    check_agenda_editable(meeting)
    items = list(meeting.agenda_items.order_by("order", "pk"))
    if not 1 <= position <= len(items):
        raise ValidationError(_("Choose a place between 1 and %(count)s.") % {"count": len(items)})
    moving = next(other for other in items if other.pk == item.pk)
    items.remove(moving)
    items.insert(position - 1, moving)
    _save_order(meeting, items, actor=actor)
    return AgendaItem.objects.get(pk=item.pk)


def _save_order(meeting: Meeting, items: list[AgendaItem], *, actor: User) -> None:
    """Give ``items`` the order of the list, saving (with a history row) only the items
    whose place changed, then renumber."""
    for position, other in enumerate(items, start=1):
        if other.order != position:
            other.order = position
            other.number = str(position)
            save_with_history(
                other,
                actor=actor,
                reason=_("Moved on the agenda"),
                update_fields=["order", "number"],
            )
    renumber(meeting, actor=actor)


@transaction.atomic(durable=True)
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    """Remove an item and renumber. Requires ``governance.delete_agendaitem``; refused
    when the item has a decision or the meeting has been held. A
    proposal's item can be removed: its route step becomes unscheduled."""
    require(actor, "governance.delete_agendaitem")
    item = AgendaItem.objects.select_related("route_step").get(pk=item.pk)
    if item.route_step is not None:
        # Same lock order as the route services: proposal, then meeting, then item.
        Proposal.objects.select_for_update().get(pk=item.route_step.proposal_id)
    meeting = lock_meeting(item.meeting)
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("route_step")
        .get(pk=item.pk)
    )
    check_item_removable(item, meeting)
    step = item.route_step
    delete_item(item, actor=actor, reason=_("Removed from the agenda"))
    if step is not None:
        step.meeting = None
        save_with_history(
            step, actor=actor, reason=_("Removed from the agenda"), update_fields=["meeting"]
        )
    renumber(meeting, actor=actor)
