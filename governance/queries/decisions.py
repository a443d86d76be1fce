"""Read models for decisions, the besluitenlijst and written procedures.

The *roster* of a meeting is the list of voting seats of its body on the meeting day:
active memberships with a voting role (chair, member, deputy), each with the weight it
carries under the body's weighting. Services use it to validate and weigh votes; pages
use it to show the vote form, the tally and who responded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from governance import tally
from governance.access import agenda_item_scope, decision_scope
from governance.models import AgendaItem, Decision, Meeting, Membership, Vote, WrittenResponse

VOTING_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.DEPUTY)
# A deputy stands in for a member: the seat is counted once in the body's total weight.
SEAT_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)


@dataclass(frozen=True)
class Seat:
    membership: Membership
    weight: Decimal | None  # None: no weight can be given (e.g. fixed weight missing)

    @property
    def user(self):
        return self.membership.user

    @property
    def counts_in_total(self) -> bool:
        return self.membership.role in SEAT_ROLES and self.weight is not None


@dataclass
class Roster:
    seats: list[Seat]
    by_user: dict[int, Seat] = field(init=False)

    def __post_init__(self) -> None:
        self.by_user = {}
        for seat in self.seats:
            # A person with two voting memberships on the same day keeps the first seat.
            self.by_user.setdefault(seat.membership.user_id, seat)

    @property
    def weight_total(self) -> Decimal:
        return sum((seat.weight for seat in self.seats if seat.counts_in_total), Decimal(0))


def meeting_day(meeting: Meeting):
    return timezone.localtime(meeting.starts_at).date()


def rule_of(body) -> tally.Rule:
    return tally.Rule(
        quorum_percent=body.quorum_percent,
        majority_percent=body.majority_percent,
        majority_base=body.majority_base,
    )


def seat_weight(body, membership: Membership) -> Decimal | None:
    municipality = membership.municipality
    try:
        return tally.member_weight(
            body.weighting,
            fixed_weight=membership.vote_weight,
            population=municipality.population if municipality is not None else None,
        )
    except ValueError:
        return None


def roster(meeting: Meeting) -> Roster:
    """The voting seats of ``meeting``'s body on the meeting day (one query)."""
    body = meeting.body
    memberships = (
        Membership.objects.active_on(meeting_day(meeting))
        .filter(body_id=meeting.body_id, role__in=VOTING_ROLES)
        .select_related("user", "municipality")
        .order_by("municipality__name", "user__last_name", "user__first_name", "pk")
    )
    return Roster([Seat(m, seat_weight(body, m)) for m in memberships])


# --- Decisions and their tally ------------------------------------------------------


@dataclass
class VoteSummary:
    """The vote record of a decision: rows per member, and the tally over them."""

    votes: list[Vote]
    result: tally.Result | None


def summarise(decision: Decision, *, rule: tally.Rule, weight_total: Decimal) -> VoteSummary:
    """The tally of a decision's stored vote rows (their weight snapshots).
    ``decision.votes`` should be prefetched."""
    votes = list(decision.votes.all())
    if not decision.votes_recorded:
        return VoteSummary(votes=votes, result=None)
    ballots = [tally.Ballot(weight=v.weight, choice=v.choice) for v in votes]
    present = sum((v.weight for v in votes), Decimal(0))
    if decision.weight_total is not None:
        # Counted as recorded: the rule and total weight of the day of the vote.
        snapshot = tally.Rule(
            quorum_percent=decision.quorum_percent,
            majority_percent=decision.majority_percent,
            majority_base=decision.majority_base,
        )
        return VoteSummary(
            votes=votes,
            result=tally.tally(ballots, rule=snapshot, weight_total=decision.weight_total),
        )
    # The total is today's roster of the meeting day; should memberships have changed
    # since, never let it drop below the weight that was present.
    return VoteSummary(
        votes=votes, result=tally.tally(ballots, rule=rule, weight_total=max(weight_total, present))
    )


def _votes_prefetch() -> Prefetch:
    return Prefetch(
        "votes",
        queryset=Vote.objects.select_related("voter", "municipality").order_by(
            "municipality__name", "voter__last_name", "pk"
        ),
    )


@dataclass
class DecisionRow:
    item: AgendaItem
    decision: Decision | None
    summary: VoteSummary | None


def item_decision(item: AgendaItem, user, *, seats: Roster | None = None) -> DecisionRow:
    """The decision of ``item`` as far as ``user`` may see it (``access.decision_scope``;
    None when nothing is recorded or it is not theirs to read) with its vote summary."""
    decision = (
        decision_scope(user)
        .filter(agenda_item=item)
        .select_related("recorded_by")
        .prefetch_related(_votes_prefetch())
        .first()
    )
    summary = None
    if decision is not None:
        seats = seats if seats is not None else roster(item.meeting)
        summary = summarise(
            decision, rule=rule_of(item.meeting.body), weight_total=seats.weight_total
        )
    return DecisionRow(item=item, decision=decision, summary=summary)


def decision_list(meeting: Meeting, user, *, insider: bool) -> list[DecisionRow]:
    """The besluitenlijst of ``meeting`` as ``user`` may read it, in agenda order, with
    each decision and vote result: for the insiders of the meeting every agenda item (with
    or without a decision yet); for anyone else only the decisions of the published list
    that are public (``access.decision_scope``), exactly what the portal shows. ``insider``
    is ``access.is_insider_of(user, meeting)``. Three queries whatever the number of items
    (items with decisions, votes, roster)."""
    if insider:
        items_qs = agenda_item_scope(user).filter(meeting=meeting)
    else:
        items_qs = AgendaItem.objects.filter(meeting=meeting, decision__in=decision_scope(user))
    items = list(
        items_qs.select_related("decision")
        .prefetch_related(Prefetch("decision__votes", queryset=_votes_prefetch().queryset))
        .order_by("order", "pk")
    )
    seats = roster(meeting)
    rule = rule_of(meeting.body)
    rows = []
    for item in items:
        decision = getattr(item, "decision", None)
        summary = (
            summarise(decision, rule=rule, weight_total=seats.weight_total) if decision else None
        )
        rows.append(DecisionRow(item=item, decision=decision, summary=summary))
    return rows


# --- Written procedures ---------------------------------------------------------------


@dataclass
class ResponseRow:
    seat: Seat
    response: WrittenResponse | None


def written_responses(item: AgendaItem, seats: Roster) -> list[ResponseRow]:
    """Every voting seat of the written procedure with its response (or None)."""
    responses = {
        r.member_id: r
        for r in WrittenResponse.objects.filter(agenda_item=item).select_related("municipality")
    }
    return [ResponseRow(seat, responses.get(seat.membership.user_id)) for seat in seats.seats]


def own_response(item: AgendaItem, user) -> WrittenResponse | None:
    if not user.is_authenticated:
        return None
    return WrittenResponse.objects.filter(agenda_item=item, member=user).first()


def meeting_response_counts(meeting: Meeting) -> list[tuple[AgendaItem, int]]:
    """Per agenda item of a written procedure, how many members responded."""
    items: QuerySet[AgendaItem] = meeting.agenda_items.annotate(
        responses=Count("written_responses")
    ).order_by("order", "pk")
    return [(item, item.responses) for item in items]
