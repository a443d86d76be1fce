"""Decisions on agenda items, with their vote record, and what they mean for the
proposal's route."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance import tally
from governance.access import RECORD_DECISION, require
from governance.models import (
    AgendaItem,
    Decision,
    Meeting,
    Municipality,
    Proposal,
    RouteStep,
    StepPurpose,
    User,
    Vote,
)
from governance.queries.decisions import Roster, roster, rule_of
from hecht.formats import number

from ._common import save_with_history, stamp_history
from .proposals import step_carry_back, step_carry_over

Outcome = Decision.Outcome

# What a decision means for the route step it decides (postponed leaves it pending).
STEP_OUTCOMES: dict[str, dict[str, str]] = {
    StepPurpose.DECIDE: {
        Outcome.ADOPTED: RouteStep.Outcome.DECIDED,
        Outcome.ADOPTED_AMENDED: RouteStep.Outcome.DECIDED,
        Outcome.REJECTED: RouteStep.Outcome.DECIDED,
        Outcome.NOTED: RouteStep.Outcome.NOTED,
    },
    StepPurpose.ADVISE: {
        Outcome.ADOPTED: RouteStep.Outcome.ADVISED_POSITIVE,
        Outcome.ADOPTED_AMENDED: RouteStep.Outcome.ADVISED_REMARKS,
        Outcome.REJECTED: RouteStep.Outcome.SENT_BACK,
        Outcome.NOTED: RouteStep.Outcome.NOTED,
    },
    StepPurpose.DISCUSS: dict.fromkeys(
        (Outcome.ADOPTED, Outcome.ADOPTED_AMENDED, Outcome.REJECTED, Outcome.NOTED),
        RouteStep.Outcome.DISCUSSED,
    ),
    StepPurpose.INFORM: dict.fromkeys(
        (Outcome.ADOPTED, Outcome.ADOPTED_AMENDED, Outcome.REJECTED, Outcome.NOTED),
        RouteStep.Outcome.NOTED,
    ),
}
# A proposal is decided once the last step of its route ends in one of these.
FINAL_STEP_OUTCOMES = frozenset(
    {RouteStep.Outcome.DECIDED, RouteStep.Outcome.NOTED, RouteStep.Outcome.DISCUSSED}
)


def decision_waits_for_start(meeting: Meeting) -> bool:
    """Whether decisions on ``meeting``'s items must wait until it begins (a meeting,
    not a written procedure, that has not started yet). The one rule: ``decision_record``
    refuses on it, and the pages offer no decision form while it holds."""
    return not meeting.is_written and meeting.starts_at > timezone.now()


@transaction.atomic(durable=True)
def decision_record(
    *,
    actor: User,
    item: AgendaItem,
    outcome: str,
    text: str,
    votes: Sequence[tuple[User, str]] | None = None,
) -> Decision:
    """Record (or correct) the decision on ``item``. Requires ``access.RECORD_DECISION``
    (``governance.add_decision`` and ``governance.change_decision``), the permission the
    decision form asks for too.

    ``votes`` is the vote record: (member, choice) per member who voted; absent members
    are left out. Each voter must hold a voting seat (chair, member, deputy) in the
    meeting's body on the meeting day; the weight of the seat is stored on the vote
    (snapshot), and the outcome must agree with the tally under the body's rules.
    ``votes=None`` records the decision without votes (earlier vote rows are removed).

    The meeting must have started and may not be a theme session; a written procedure
    gets its decisions when it is closed (``written_close``), after which they can be
    corrected here. When ``item`` treats a route step, the step's outcome follows
    the decision, and a final decision on the last step decides the proposal.
    """
    require(actor, *RECORD_DECISION)
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__body")
        .get(pk=item.pk)
    )
    meeting = item.meeting
    if meeting.is_written and not meeting.is_held:
        raise ValidationError(
            _(
                "The decisions of a written procedure are recorded by closing the procedure "
                "after its response deadline."
            )
        )
    if decision_waits_for_start(meeting):
        raise ValidationError(_("A decision can be recorded only once the meeting has started."))
    return record(actor=actor, item=item, outcome=outcome, text=text, votes=votes)


def record(
    *,
    actor: User,
    item: AgendaItem,
    outcome: str,
    text: str,
    votes: Sequence[tuple[User, str]] | None,
    reason: str | None = None,
) -> Decision:
    """Validate and store a decision inside the caller's transaction (``item`` locked).
    Shared by ``decision_record`` and ``written_close``."""
    meeting = item.meeting
    if meeting.kind == Meeting.Kind.THEME:
        raise ValidationError(_("A theme session takes no decisions."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting takes no decisions."))
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors.setdefault("outcome", []).append(_("Choose an outcome."))
    text = text.strip()
    if not text:
        errors.setdefault("text", []).append(_("Write down what was decided."))
    if errors:
        raise ValidationError(errors)
    seats = roster(meeting)
    ballots, result = (None, None) if votes is None else _validate_votes(votes, seats, meeting)
    if result is not None:
        _check_outcome(outcome, result, tie_outcome(item, result))
    tie_postponed = result is not None and result.tie and outcome == Outcome.POSTPONED

    decision = Decision.objects.select_for_update().filter(agenda_item=item).first()
    created = decision is None
    if decision is None:
        decision = Decision(agenda_item=item, recorded_by=actor)
    decision.outcome = outcome
    decision.text = text
    decision.votes_recorded = ballots is not None
    # Snapshot of the counting rule (see Decision.weight_total); cleared without votes.
    rule = rule_of(meeting.body)
    counted = result is not None
    decision.weight_total = seats.weight_total if counted else None
    decision.quorum_percent = rule.quorum_percent if counted else None
    decision.majority_percent = rule.majority_percent if counted else None
    decision.majority_base = rule.majority_base if counted else ""
    decision.head_quorum = rule.head_quorum if counted else None
    decision.heads_present = result.heads_present if result is not None else None
    decision.heads_total = result.heads_total if result is not None else None
    decision.tie = result is not None and result.tie
    decision.recorded_by = actor
    label = decision.outcome_label
    if reason is None:
        reason = (
            _("Decision recorded: %(outcome)s") if created else _("Decision changed: %(outcome)s")
        ) % {"outcome": label}
    save_with_history(decision, actor=actor, reason=reason)
    _replace_votes(decision, ballots or [], actor=actor, created=created)
    if item.route_step_id is not None:
        if item.carried_over and not tie_postponed:
            step_carry_back(actor=actor, item=item)
        _follow_route(item, decision, step_id=item.route_step_id, actor=actor)
        if tie_postponed and not item.carried_over:
            step_carry_over(actor=actor, item=item)
    return decision


def postponed_for_tie_before(item: AgendaItem) -> bool:
    """Whether ``item`` is on the meeting its route step was postponed to because of a
    tie (Gemeentewet art. 32 lid 2: a tie there rejects the proposal)."""
    if item.route_step_id is None:
        return False
    return (
        AgendaItem.objects.filter(
            route_step_id=item.route_step_id,
            carried_over=True,
            meeting__starts_at__lt=item.meeting.starts_at,
            decision__tie=True,
            decision__outcome=Outcome.POSTPONED,
        )
        .exclude(pk=item.pk)
        .exists()
    )


def tie_outcome(item: AgendaItem, result: tally.Result) -> str | None:
    """The outcome a tie on ``item`` leads to (``tally.tie_consequence``), None without
    a tie."""
    if not result.tie:
        return None
    return tally.tie_consequence(
        full_meeting=result.full, postponed_for_tie_before=postponed_for_tie_before(item)
    )


def _validate_votes(
    votes: Sequence[tuple[User, str]], seats: Roster, meeting: Meeting
) -> tuple[list[tuple[User, str, Decimal, Municipality | None]], tally.Result]:
    """Check every voter; return (voter, choice, weight, municipality of the seat) per
    vote, and the tally under the body's rule."""
    checked: list[tuple[User, str, Decimal, Municipality | None]] = []
    seen: set[int] = set()
    municipalities: set[int] = set()
    for voter, choice in votes:
        seat = seats.by_user.get(voter.pk)
        if seat is None:
            raise ValidationError(
                _("%(name)s has no vote in the %(body)s on %(day)s.")
                % {
                    "name": voter,
                    "body": meeting.body.code,
                    "day": date_format(timezone.localtime(meeting.starts_at), "j F Y"),
                }
            )
        if choice not in tally.CHOICES:
            raise ValidationError(_("Unknown vote for %(name)s.") % {"name": voter})
        if voter.pk in seen:
            raise ValidationError(_("%(name)s voted more than once.") % {"name": voter})
        seen.add(voter.pk)
        if seat.weight is None:
            raise ValidationError(
                _("No vote weight is known for %(name)s; set it on the membership.")
                % {"name": voter}
            )
        municipality_id = seat.membership.municipality_id
        if municipality_id is not None:
            # A deputy votes instead of the member, never beside them.
            if municipality_id in municipalities:
                raise ValidationError(
                    _("%(municipality)s voted more than once.")
                    % {"municipality": seat.membership.municipality}
                )
            municipalities.add(municipality_id)
        checked.append((voter, choice, seat.weight, seat.membership.municipality))
    try:
        result = tally.tally(
            [tally.Ballot(weight=w, choice=c) for _v, c, w, _m in checked],
            rule=rule_of(meeting.body),
            weight_total=seats.weight_total,
            heads_total=seats.heads_total,
        )
    except ValueError as exc:
        raise ValidationError(
            _("The votes carry more weight than the body has seats: %(error)s") % {"error": exc}
        ) from None
    return checked, result


def _tie_message(result: tally.Result, required: str) -> str:
    counts = {"for": number(result.weight_for), "against": number(result.weight_against)}
    if required == Outcome.POSTPONED:
        return (
            _(
                "The votes are tied (%(for)s for, %(against)s against) and not every member is "
                "present: the decision is postponed to the next meeting (Gemeentewet art. 32). "
                "Record it as postponed."
            )
            % counts
        )
    if result.full:
        return (
            _(
                "The votes are tied (%(for)s for, %(against)s against) in a full meeting: the "
                "proposal is rejected (Gemeentewet art. 32). Record it as rejected."
            )
            % counts
        )
    return (
        _(
            "The votes are tied (%(for)s for, %(against)s against) again in the meeting the "
            "decision was postponed to: the proposal is rejected (Gemeentewet art. 32). "
            "Record it as rejected."
        )
        % counts
    )


def _check_outcome(outcome: str, result: tally.Result, tie: str | None) -> None:
    if outcome == Outcome.NOTED:
        raise ValidationError(
            {"outcome": _("Taking note of an item is not voted on; leave the votes empty.")}
        )
    if tie is not None and outcome != tie:
        raise ValidationError({"outcome": _tie_message(result, tie)})
    if outcome in Decision.ADOPTING_OUTCOMES and not result.adopted:
        if not result.quorum_met:
            message = _(
                "The votes do not reach the quorum, so the item cannot be adopted. "
                "Record it as postponed."
            )
        else:
            message = _(
                "According to the votes the item is rejected (%(for)s for, %(against)s "
                "against); it cannot be recorded as adopted."
            ) % {"for": number(result.weight_for), "against": number(result.weight_against)}
        raise ValidationError({"outcome": message})
    if outcome == Outcome.REJECTED:
        if not result.quorum_met:
            raise ValidationError(
                {
                    "outcome": _(
                        "The votes do not reach the quorum, so the item cannot be rejected. "
                        "Record it as postponed."
                    )
                }
            )
        if result.adopted:
            raise ValidationError(
                {
                    "outcome": _(
                        "According to the votes the item is adopted (%(for)s for, %(against)s "
                        "against); it cannot be recorded as rejected."
                    )
                    % {
                        "for": number(result.weight_for),
                        "against": number(result.weight_against),
                    }
                }
            )


def _replace_votes(
    decision: Decision,
    ballots: Sequence[tuple[User, str, Decimal, Municipality | None]],
    *,
    actor: User,
    created: bool,
) -> None:
    """Replace the vote rows one by one, so each removal and each new vote leaves a
    history row (no bulk writes on history-tracked models)."""
    old = list(decision.votes.all()) if not created else []
    for vote in old:
        stamp_history(vote, user=actor, reason=_("Vote replaced"))
        vote.delete()
    reason = _("Vote replaced") if old else _("Vote recorded")
    for voter, choice, weight, municipality in ballots:
        vote = Vote(
            decision=decision,
            voter=voter,
            municipality=municipality,
            choice=choice,
            weight=weight,
        )
        save_with_history(vote, actor=actor, reason=reason)


def _follow_route(item: AgendaItem, decision: Decision, *, step_id: int, actor: User) -> None:
    step = RouteStep.objects.select_for_update().get(pk=step_id)
    new_outcome = STEP_OUTCOMES.get(step.purpose, {}).get(
        decision.outcome, RouteStep.Outcome.PENDING
    )
    if step.outcome != new_outcome or step.outcome_note != decision.text:
        step.outcome = new_outcome
        step.outcome_note = decision.text
        save_with_history(
            step,
            actor=actor,
            reason=_("Outcome from the decision on agenda item %(number)s of %(meeting)s")
            % {"number": item.number, "meeting": item.meeting.display_title},
            update_fields=["outcome", "outcome_note"],
        )
    proposal = Proposal.objects.select_for_update().get(pk=step.proposal_id)
    last = proposal.steps.order_by("-position").values_list("pk", flat=True).first()
    if last != step.pk:
        return
    if new_outcome in FINAL_STEP_OUTCOMES and proposal.status != Proposal.Status.DECIDED:
        proposal.status = Proposal.Status.DECIDED
        save_with_history(
            proposal,
            actor=actor,
            reason=_("Decided in %(meeting)s") % {"meeting": item.meeting.display_title},
            update_fields=["status"],
        )
    elif new_outcome not in FINAL_STEP_OUTCOMES and proposal.status == Proposal.Status.DECIDED:
        # The final decision was changed into a postponement: the proposal is under way again.
        proposal.status = Proposal.Status.IN_ROUTE
        save_with_history(
            proposal,
            actor=actor,
            reason=_("Decision in %(meeting)s postponed") % {"meeting": item.meeting.display_title},
            update_fields=["status"],
        )
