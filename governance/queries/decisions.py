"""Read models for decisions, the besluitenlijst and written procedures.

The *roster* of a meeting is the list of voting seats of its body on the meeting day:
active memberships with a voting role (chair, member, deputy), each with the weight it
carries under the body's weighting. Services use it to validate and weigh votes; pages
use it to show the vote form, the tally and who responded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import tally
from governance.access import agenda_item_scope, decision_scope
from governance.models import (
    AgendaItem,
    Decision,
    Meeting,
    Membership,
    User,
    Vote,
    WrittenResponse,
)
from hecht.formats import number

VOTING_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.DEPUTY)
# A deputy stands in for a member: the seat is counted once in the body's total weight.
SEAT_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)


@dataclass(frozen=True)
class Seat:
    membership: Membership
    weight: Decimal | None  # None: no weight can be given (e.g. fixed weight missing)

    @property
    def user(self) -> User:
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
        return sum(
            (
                seat.weight
                for seat in self.seats
                if seat.counts_in_total and seat.weight is not None  # (implied; for mypy)
            ),
            Decimal(0),
        )

    @property
    def heads_total(self) -> int:
        """The sitting members (zitting hebbende leden, Gemeentewet art. 20): the chair
        and member seats; a deputy only stands in for one of them."""
        return sum(1 for seat in self.seats if seat.membership.role in SEAT_ROLES)


def meeting_day(meeting: Meeting):
    return timezone.localtime(meeting.starts_at).date()


def rule_of(body) -> tally.Rule:
    return tally.Rule(
        quorum_percent=body.quorum_percent,
        majority_percent=body.majority_percent,
        majority_base=body.majority_base,
        head_quorum=body.head_quorum,
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
    # The quorum by heads as recorded: None for a decision counted by weight only.
    head_quorum: bool | None = None
    quorum_percent: Decimal = Decimal(50)

    @property
    def quorum_text(self) -> str:
        if self.result is None:
            return ""
        return quorum_explanation(
            self.result, head_quorum=self.head_quorum, quorum_percent=self.quorum_percent
        )


def summarise(
    decision: Decision, *, rule: tally.Rule, weight_total: Decimal, heads_total: int
) -> VoteSummary:
    """The tally of a decision's stored vote rows (their weight snapshots).
    ``decision.votes`` should be prefetched.

    A decision is counted under the rule it was recorded with: its snapshot (weight
    total, percentages, the quorum by heads and the number of sitting members). A
    decision recorded before the quorum by heads existed (``head_quorum`` empty) was
    counted by weight only and stays so; without a snapshot of the total, today's
    seats of the meeting day stand in, never less than what was present."""
    votes = list(decision.votes.all())
    if not decision.votes_recorded:
        return VoteSummary(votes=votes, result=None)
    ballots = [tally.Ballot(weight=v.weight, choice=v.choice) for v in votes]
    present = sum((v.weight for v in votes), Decimal(0))
    heads = max(
        decision.heads_total if decision.heads_total is not None else heads_total, len(votes)
    )
    if (
        decision.weight_total is not None
        # (Stored together with the total; checked for the type checker.)
        and decision.quorum_percent is not None
        and decision.majority_percent is not None
    ):
        snapshot = tally.Rule(
            quorum_percent=decision.quorum_percent,
            majority_percent=decision.majority_percent,
            majority_base=decision.majority_base,
            head_quorum=bool(decision.head_quorum),
        )
        result = tally.tally(
            ballots, rule=snapshot, weight_total=decision.weight_total, heads_total=heads
        )
    else:
        snapshot = tally.Rule(
            quorum_percent=rule.quorum_percent,
            majority_percent=rule.majority_percent,
            majority_base=rule.majority_base,
            head_quorum=bool(decision.head_quorum),
        )
        result = tally.tally(
            ballots, rule=snapshot, weight_total=max(weight_total, present), heads_total=heads
        )
    return VoteSummary(
        votes=votes,
        result=result,
        head_quorum=decision.head_quorum,
        quorum_percent=snapshot.quorum_percent,
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
            decision,
            rule=rule_of(item.meeting.body),
            weight_total=seats.weight_total,
            heads_total=seats.heads_total,
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
            summarise(
                decision,
                rule=rule,
                weight_total=seats.weight_total,
                heads_total=seats.heads_total,
            )
            if decision
            else None
        )
        rows.append(DecisionRow(item=item, decision=decision, summary=summary))
    return rows


# --- The quorum in words -------------------------------------------------------------


def percent_text(share: Fraction, *, threshold: Decimal | None = None) -> str:
    """``share`` (0..1) as a Dutch percentage: "92 %", "50,004 %" (comma decimals as the
    active language formats them, never an exponent). Truncated, not rounded, so a share
    that is not more than ``threshold`` never looks more; and with as many decimals (up
    to six) as it takes for a share that is more than ``threshold`` to look more: 50.004 %
    under a "more than 50 %" rule reads "50,004 %", not "50 %"."""
    exact = share * 100
    for places in range(7):
        shown = Decimal(exact.numerator * 10**places // exact.denominator) / 10**places
        if threshold is None or exact <= threshold or shown > threshold:
            break
    return f"{number(shown, places)}\u00a0%"


def quorum_explanation(
    result: tally.Result, *, head_quorum: bool | None, quorum_percent: Decimal = Decimal(50)
) -> str:
    """The quorum of a vote in words, the same on every page and in the PDF: e.g.
    "Quorum: 15 van 18 leden, 92 % van de stemmen — gehaald".

    ``head_quorum`` is the rule as recorded: True counts heads and (when the weights
    differ from one per member) weight; False counts weight only (a body other than the
    AB or DB that switched heads off); None is a decision recorded before the quorum by
    heads existed, counted by weight only, and says so."""
    heads = _("%(present)s of %(total)s members") % {
        "present": result.heads_present,
        "total": result.heads_total,
    }
    share = result.share_present
    weight = (
        _("%(percent)s of the votes") % {"percent": percent_text(share, threshold=quorum_percent)}
        if share is not None
        else _("no vote weight")
    )
    # One vote per member: the weight says what the heads say, unless the body asks for
    # a larger share of it than half.
    show_weight = result.weighted or not result.quorum_weight_met
    counted = weight
    if head_quorum:
        counted = f"{heads}, {weight}" if show_weight else heads
    if result.quorum_met:
        verdict = _("met")
    else:
        missing = []
        if head_quorum and not result.quorum_heads_met:
            missing.append(_("not more than half of the members present"))
        if not result.quorum_weight_met:
            missing.append(_("not enough of the votes present"))
        verdict = _("not met") + (f" ({'; '.join(missing)})" if missing else "")
    if head_quorum is None:
        return _(
            "Quorum (by weight only, the rule when this was recorded): %(counted)s — %(verdict)s"
        ) % {"counted": counted, "verdict": verdict}
    return _("Quorum: %(counted)s — %(verdict)s") % {"counted": counted, "verdict": verdict}


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
    # ``responses``: Prefetch(to_attr=...) above, unknown to the type checker.
    return [(item, item.responses) for item in items]  # type: ignore[attr-defined]
