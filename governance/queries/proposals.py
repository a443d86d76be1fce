"""Read models of the proposal pages: the list (route chains), the detail (route
timeline with deadlines), the route editor and the change history. Each function runs
a fixed number of queries, whatever the number of proposals or steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import ForeignObjectRel, Prefetch, QuerySet
from django.utils import timezone

from governance.access import (
    action_scope,
    decision_scope,
    document_scope,
    is_review_author,
    meeting_scope,
)
from governance.deadlines import NATIONAL, DaysOff
from governance.models import (
    Action,
    Body,
    CoverNote,
    Decision,
    Meeting,
    Proposal,
    ReviewRound,
    RouteStep,
    RouteTemplate,
    Track,
    User,
)
from governance.queries.agenda import document_deadline_of
from governance.queries.days_off import organisation_days_off
from governance.queries.history import display_value, record_history
from governance.queries.review import Glance, glances


@dataclass
class StepView:
    """One step of a route as a page shows it. ``meeting`` is None when the step is not
    scheduled or its meeting is not visible to the user (``meeting_hidden``)."""

    step: RouteStep
    meeting: Meeting | None
    meeting_hidden: bool
    deadline: dt.datetime | None
    deadline_passed: bool
    is_current: bool
    # The review rounds held before this step (``ReviewRound.before_step``), by number.
    review_rounds: list[ReviewRound] = field(default_factory=list)

    @property
    def is_treated(self) -> bool:
        return self.step.outcome != RouteStep.Outcome.PENDING


def _steps_prefetch() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=RouteStep.objects.select_related("body", "meeting__body").order_by("position"),
    )


def _visible_meeting_ids(user, meeting_ids: set[int]) -> set[int] | None:
    """Which of ``meeting_ids`` the user may see (None: all). One query at most."""
    if user.has_perm("governance.view_all_meetings"):
        return None
    if not meeting_ids:
        return set()
    return set(meeting_scope(user).filter(pk__in=meeting_ids).values_list("pk", flat=True))


def _step_views(
    steps: list[RouteStep], visible: set[int] | None, now, days_off: DaysOff
) -> list[StepView]:
    current = next((s for s in steps if s.outcome == RouteStep.Outcome.PENDING), None)
    views = []
    for step in steps:
        meeting = step.meeting
        hidden = meeting is not None and visible is not None and meeting.pk not in visible
        deadline = (
            document_deadline_of(meeting, days_off=days_off)
            if meeting is not None and not hidden
            else None
        )
        views.append(
            StepView(
                step=step,
                meeting=None if hidden else meeting,
                meeting_hidden=hidden,
                deadline=deadline,
                deadline_passed=deadline is not None and deadline < now,
                is_current=step is current,
            )
        )
    return views


@dataclass
class ProposalRow:
    proposal: Proposal
    steps: list[StepView]

    @property
    def current(self) -> StepView | None:
        return next((view for view in self.steps if view.is_current), None)


def with_route(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.select_related("owner", "track").prefetch_related(_steps_prefetch())


def proposal_rows(proposals: Iterable[Proposal], user) -> list[ProposalRow]:
    """Rows of the list: each proposal with its route (``with_route`` prefetched)."""
    proposals = list(proposals)
    meeting_ids = {s.meeting_id for p in proposals for s in p.steps.all() if s.meeting_id}
    visible = _visible_meeting_ids(user, meeting_ids)
    now = timezone.now()
    days_off = organisation_days_off() if meeting_ids else NATIONAL
    return [
        ProposalRow(p, _step_views(list(p.steps.all()), visible, now, days_off)) for p in proposals
    ]


# --- detail ----------------------------------------------------------------------------


@dataclass
class ProposalDetail:
    proposal: Proposal
    steps: list[StepView]
    documents: list
    decisions: list[Decision]
    actions: list[Action]
    next_deadline: dt.datetime | None
    has_cover_note: bool
    # The co-reading rounds with their status at a glance, for the review authors only.
    review_rounds: list[tuple[ReviewRound, Glance]] = field(default_factory=list)


def proposal_detail(proposal: Proposal, user) -> ProposalDetail:
    """Everything the detail page shows, in a fixed number of queries."""
    steps = list(
        RouteStep.objects.filter(proposal=proposal)
        .select_related("body", "meeting__body")
        .order_by("position")
    )
    visible = _visible_meeting_ids(user, {s.meeting_id for s in steps if s.meeting_id})
    days_off = organisation_days_off() if any(s.meeting_id for s in steps) else NATIONAL
    views = _step_views(steps, visible, timezone.now(), days_off)
    current = next((view for view in views if view.is_current), None)
    documents = list(
        document_scope(user)
        .filter(proposal=proposal)
        .select_related("current_version")
        .order_by("order", "delivered_at", "pk")
    )
    decisions = list(
        decision_scope(user)
        .filter(agenda_item__route_step__proposal=proposal)
        .select_related("agenda_item__meeting__body", "agenda_item__route_step__body")
        .order_by("agenda_item__meeting__starts_at")
    )
    actions = list(
        action_scope(user)
        .filter(origin_proposal=proposal)
        .select_related("owner", "actor_body")
        .order_by("due_date", "pk")
    )
    review_rounds: list[ReviewRound] = []
    if is_review_author(user):
        review_rounds = list(
            ReviewRound.objects.filter(proposal=proposal)
            .select_related("before_step__body")
            .order_by("number")
        )
        by_step = {view.step.pk: view for view in views}
        for review_round in review_rounds:
            if review_round.before_step_id in by_step:
                by_step[review_round.before_step_id].review_rounds.append(review_round)
    round_glances = glances(review_rounds)
    return ProposalDetail(
        proposal=proposal,
        steps=views,
        documents=documents,
        decisions=decisions,
        actions=actions,
        next_deadline=current.deadline if current else None,
        has_cover_note=CoverNote.objects.filter(proposal=proposal).exists(),
        review_rounds=[(r, round_glances[r.pk]) for r in review_rounds],
    )


# --- route editor ------------------------------------------------------------------------


@dataclass
class MeetingOption:
    meeting: Meeting
    deadline: dt.datetime


def meeting_options(
    body_ids: set[int], *, days_off: DaysOff | None = None
) -> dict[int, list[MeetingOption]]:
    """Per body, its upcoming meetings that can still take items (not cancelled, not
    held), each with its document deadline. One query, and one for the days off unless
    ``days_off`` is given."""
    options: dict[int, list[MeetingOption]] = {body_id: [] for body_id in body_ids}
    meetings = (
        Meeting.objects.filter(body_id__in=body_ids, starts_at__gt=timezone.now())
        .still_to_come()
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    days_off = days_off if days_off is not None else organisation_days_off()
    for meeting in meetings:
        options[meeting.body_id].append(
            MeetingOption(meeting, document_deadline_of(meeting, days_off=days_off))
        )
    return options


def target_meetings(
    proposal: Proposal, steps: list[RouteStep], *, days_off: DaysOff | None = None
) -> list[MeetingOption]:
    """Meetings the last step can be planned at (the last step's body)."""
    if not steps:
        return []
    return meeting_options({steps[-1].body_id}, days_off=days_off)[steps[-1].body_id]


# --- history -----------------------------------------------------------------------------


def proposal_history(proposal: Proposal) -> list[dict]:
    """The proposal's own history rows and those of its route steps (also removed ones),
    newest first, with names instead of ids. Only the secretariat and management read
    it, and they see every meeting, so the labels disclose nothing."""
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=_history_user_ids(proposal))}
    rows = record_history(
        proposal,
        related={
            "owner": users,
            "created_by": users,
            "track": {t.pk: str(t) for t in Track.objects.all()},
            "route_template": {t.pk: str(t) for t in RouteTemplate.objects.all()},
        },
    )
    rows += _step_history(proposal)
    rows.sort(key=lambda row: (row["record"].history_date, row["record"].history_id), reverse=True)
    return rows


def _history_user_ids(proposal: Proposal) -> set[int]:
    ids: set[int] = set()
    for owner_id, created_by_id in proposal.history.values_list("owner_id", "created_by_id"):
        ids.update(i for i in (owner_id, created_by_id) if i is not None)
    return ids


def _step_history(proposal: Proposal) -> list[dict]:
    """History of the route steps: each row against the previous row of the same step.
    Three queries whatever the number of steps or changes."""
    records = list(
        RouteStep.history.filter(proposal_id=proposal.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    bodies = {b.pk: b.code for b in Body.objects.all()}
    meeting_ids = {r.meeting_id for r in records if r.meeting_id}
    meetings = {
        m.pk: m.display_title
        for m in Meeting.objects.filter(pk__in=meeting_ids).select_related("body")
    }
    related = {"body": bodies, "meeting": meetings}
    rows, previous = [], None
    for record in records:
        changes: list[dict[str, Any]] = []
        if previous is not None and previous.id == record.id:
            for change in record.diff_against(previous).changes:
                field = RouteStep._meta.get_field(change.field)
                if field.name == "proposal" or isinstance(field, ForeignObjectRel):
                    continue
                labels = related.get(field.name, {})
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": display_value(field, change.old, labels),
                        "new": display_value(field, change.new, labels),
                    }
                )
        rows.append({"record": record, "changes": changes})
        previous = record
    return rows


__all__ = [
    "MeetingOption",
    "ProposalDetail",
    "ProposalRow",
    "StepView",
    "meeting_options",
    "proposal_detail",
    "proposal_history",
    "proposal_rows",
    "target_meetings",
    "with_route",
]
