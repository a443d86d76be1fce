"""Written procedures (schriftelijke ronde): members respond per item before the
deadline; the secretariat closes the round and the responses become the decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance import tally
from governance.access import CLOSE_WRITTEN, require
from governance.models import AgendaItem, Decision, Meeting, Membership, User, WrittenResponse
from governance.queries.decisions import (
    SEAT_ROLES,
    VOTING_ROLES,
    Roster,
    meeting_day,
    roster,
    rule_of,
)

from ._common import save_with_history
from .decisions import record, tie_outcome

Answer = WrittenResponse.Answer
# Agreeing with remarks is agreeing: the remarks are quoted in the decision text.
CHOICE_OF_ANSWER: dict[str, str] = {
    Answer.AGREE: tally.FOR,
    Answer.REMARKS: tally.FOR,
    Answer.DISAGREE: tally.AGAINST,
}


def responding_membership(user: User | AnonymousUser, meeting: Meeting) -> Membership | None:
    """The user's voting seat in the meeting's body on the day the round opened, if any:
    the same seats ``written_close`` counts (``queries.decisions.roster``)."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.active_on(meeting_day(meeting))
        .filter(user=user, body_id=meeting.body_id, role__in=VOTING_ROLES)
        .select_related("municipality")
        .order_by("-start_date")
        .first()
    )


@transaction.atomic(durable=True)
def written_respond(
    *, actor: User, item: AgendaItem, answer: str, remarks: str = ""
) -> WrittenResponse:
    """Record or change ``actor``'s response to ``item`` of a written procedure.

    Requires ``governance.add_writtenresponse`` and a voting seat (chair, member,
    deputy) in the meeting's body on the day the round opened; otherwise
    ``PermissionDenied``. One response per member, changeable until the deadline;
    remarks are required with the answer "agree with remarks". The municipality is
    that of the member's seat.
    """
    require(actor, "governance.add_writtenresponse")
    item = (
        AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    )
    meeting = item.meeting
    if meeting.kind != Meeting.Kind.WRITTEN:
        raise ValidationError(_("Only items of a written procedure take written responses."))
    membership = responding_membership(actor, meeting)
    if membership is None:
        raise PermissionDenied
    if meeting.status not in Meeting.OPEN_STATUSES:
        raise ValidationError(_("This written procedure is closed."))
    if timezone.now() >= _deadline(meeting):
        raise ValidationError(_("The deadline for responses has passed."))
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    remarks = remarks.strip()
    if answer == Answer.REMARKS and not remarks:
        raise ValidationError({"remarks": _("Write down your remarks.")})
    response = (
        WrittenResponse.objects.select_for_update(of=("self",))
        .filter(agenda_item=item, member=actor)
        .order_by("pk")
        .first()
    )
    if response is None:
        response = WrittenResponse(agenda_item=item, member=actor)
        reason = _("Response given: %(answer)s")
    else:
        reason = _("Response changed: %(answer)s")
    response.answer = answer
    response.remarks = remarks
    response.municipality = membership.municipality
    save_with_history(response, actor=actor, reason=reason % {"answer": Answer(answer).label})
    return response


@dataclass(frozen=True)
class WrittenCloseResult:
    meeting: Meeting
    decisions: list[Decision]
    already_closed: bool


def _summary(responses: list[WrittenResponse], result: tally.Result, outcome: str) -> str:
    answers = {a: sum(1 for r in responses if r.answer == a) for a in Answer.values}
    lines = [
        _(
            "Written procedure: %(agree)s agreed, %(remarks)s agreed with remarks, "
            "%(disagree)s disagreed."
        )
        % {
            "agree": answers[Answer.AGREE],
            "remarks": answers[Answer.REMARKS],
            "disagree": answers[Answer.DISAGREE],
        }
    ]
    if result.adopted:
        lines.append(_("The proposal is adopted."))
    elif result.tie and outcome == Decision.Outcome.POSTPONED:
        lines.append(
            _(
                "The votes are tied and not every member responded: the decision is "
                "postponed to the next meeting (Gemeentewet art. 32)."
            )
        )
    elif result.tie:
        lines.append(_("The votes are tied: the proposal is rejected (Gemeentewet art. 32)."))
    elif not result.quorum_met:
        lines.append(_("The proposal is not adopted: too few members responded (no quorum)."))
    else:
        lines.append(_("The proposal is not adopted: there is no majority in favour."))
    remarks = [r for r in responses if r.answer == Answer.REMARKS]
    if remarks:
        lines.append(
            ngettext("Remark:", "Remarks:", len(remarks))
            + "".join(
                f"\n- {r.municipality.name if r.municipality else r.member}: “{r.remarks}”"
                for r in remarks
            )
        )
    return "\n".join(lines)


@transaction.atomic(durable=True)
def written_close(*, actor: User, meeting: Meeting) -> WrittenCloseResult:
    """Close a written procedure: record each item's decision from the responses and
    set the meeting to held. Requires ``governance.add_decision`` and
    ``governance.change_meeting`` (the secretariat).

    Allowed after the deadline, or earlier once every voting member has responded to
    every item. Agree and agree-with-remarks count in favour, disagree against, each
    with the member's weight under the body's rule; a member who responded is present
    for the quorum (by heads and by weight). A tie when not every member responded
    postpones the decision and moves the route step on to the next meeting of the body
    (Gemeentewet art. 32); without one nothing is saved. Closing a closed round changes
    nothing and says so (``already_closed``).
    """
    require(actor, *CLOSE_WRITTEN)
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    if meeting.kind != Meeting.Kind.WRITTEN:
        raise ValidationError(_("Only a written procedure is closed this way."))
    if meeting.is_held:
        return WrittenCloseResult(meeting, [], already_closed=True)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This written procedure was cancelled."))
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("meeting__body", "route_step")
        .select_for_update(of=("self",))
        .order_by("order")
    )
    responses = list(
        WrittenResponse.objects.filter(agenda_item__meeting=meeting).select_related(
            "member", "municipality"
        )
    )
    seats = roster(meeting)
    if _close_waits(meeting, [item.pk for item in items], responses, seats):
        raise ValidationError(
            _(
                "The deadline has not passed and not every member has responded: "
                "the procedure cannot be closed yet."
            )
        )
    decisions = []
    for item in items:
        mine = [
            r for r in responses if r.agenda_item_id == item.pk and r.member_id in seats.by_user
        ]
        counted = _counted(mine, seats)
        votes = [(r.member, CHOICE_OF_ANSWER[r.answer]) for r in counted]
        result = tally.tally(
            [tally.Ballot(_weight(seats, r), CHOICE_OF_ANSWER[r.answer]) for r in counted],
            rule=rule_of(meeting.body),
            weight_total=seats.weight_total,
            heads_total=seats.heads_total,
        )
        tie = tie_outcome(item, result)
        outcome: str
        if result.adopted:
            outcome = Decision.Outcome.ADOPTED
        elif tie is not None:
            # Staking van stemmen (Gemeentewet art. 32): every member responded, or the
            # round is where a tie was postponed to, rejects; otherwise postponed.
            outcome = tie
        elif result.quorum_met:
            outcome = Decision.Outcome.REJECTED
        else:
            # Too few responses to decide either way: the item is not decided.
            outcome = Decision.Outcome.POSTPONED
        decisions.append(
            record(
                actor=actor,
                item=item,
                outcome=outcome,
                text=_summary(mine, result, outcome),
                votes=votes,
                reason=_("Written procedure closed: %(outcome)s")
                % {"outcome": Decision.Outcome(outcome).label},
            )
        )
    meeting.status = Meeting.Status.HELD
    save_with_history(
        meeting, actor=actor, reason=_("Written procedure closed"), update_fields=["status"]
    )
    return WrittenCloseResult(meeting, decisions, already_closed=False)


def _close_waits(
    meeting: Meeting, item_ids: list[int], responses: list[WrittenResponse], seats: Roster
) -> bool:
    """The rule for closing early: before the deadline a written procedure can be closed
    only once every seat has answered every item (a deputy only stands in, so is not
    awaited)."""
    if timezone.now() >= _deadline(meeting):
        return False
    expected = {
        (item_id, seat.membership.user_id)
        for item_id in item_ids
        for seat in seats.seats
        if seat.membership.role in SEAT_ROLES
    }
    given = {(r.agenda_item_id, r.member_id) for r in responses}
    return not expected or not expected <= given


def written_close_waits(meeting: Meeting) -> bool:
    """Whether ``written_close`` would refuse ``meeting`` now because its deadline has
    not passed and not every member has responded (``_close_waits``, the rule the
    service applies): the pages then offer no close button and say when it can."""
    if not meeting.is_written or meeting.is_held:
        return False
    item_ids = list(meeting.agenda_items.values_list("pk", flat=True))
    responses = list(WrittenResponse.objects.filter(agenda_item__meeting=meeting))
    return _close_waits(meeting, item_ids, responses, roster(meeting))


def _deadline(meeting: Meeting) -> dt.datetime:
    """The response deadline of a written procedure (``Meeting.clean`` requires one)."""
    if meeting.response_deadline is None:
        raise ValueError(f"Written procedure {meeting.pk} has no response deadline")
    return meeting.response_deadline


def _weight(seats: Roster, response: WrittenResponse) -> Decimal:
    """The weight of a counted response's seat (``_counted`` keeps only weighted seats)."""
    weight = seats.by_user[response.member_id].weight
    if weight is None:
        raise ValueError(f"Response {response.pk} has no vote weight")
    return weight


def _counted(responses: list[WrittenResponse], seats: Roster) -> list[WrittenResponse]:
    """The responses that carry a vote: seats with a weight, and per municipality one
    response (a member's before a deputy's, since a deputy only stands in)."""
    chosen: dict[object, WrittenResponse] = {}
    for response in responses:
        seat = seats.by_user[response.member_id]
        if seat.weight is None:
            continue
        key = seat.membership.municipality_id or ("seat", seat.membership.pk)
        other = chosen.get(key)
        if other is None or (
            seats.by_user[other.member_id].membership.role == Membership.Role.DEPUTY
            and seat.membership.role != Membership.Role.DEPUTY
        ):
            chosen[key] = response
    return list(chosen.values())
