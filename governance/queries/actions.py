"""Read models of the action list, action detail and the development programme.
Each function runs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import BaseExpression
from django.utils import timezone

from governance.access import action_scope, meeting_scope, proposal_scope
from governance.models import (
    Action,
    Body,
    Meeting,
    Programme,
    Proposal,
    Track,
    User,
)
from governance.queries.history import record_history

OPEN = Action.OPEN_STATUSES


def with_links(actions: QuerySet[Action], user) -> QuerySet[Action]:
    """Actions with everything a row shows, and whether the user may see the meetings
    and proposal they point at: a link to a closed meeting or a confidential proposal
    would disclose it, so the template names only what ``*_visible`` allows."""
    if user.has_perm("governance.view_all_meetings"):
        meetings_visible: dict[str, BaseExpression] = {
            "origin_meeting_visible": Value(True),
            "report_meeting_visible": Value(True),
        }
    else:
        meetings = meeting_scope(user)
        meetings_visible = {
            "origin_meeting_visible": Exists(meetings.filter(pk=OuterRef("origin_meeting_id"))),
            "report_meeting_visible": Exists(meetings.filter(pk=OuterRef("report_meeting_id"))),
        }
    proposal_visible: BaseExpression
    if user.has_perm("governance.view_all_proposals"):
        proposal_visible = Value(True)
    else:
        proposal_visible = Exists(proposal_scope(user).filter(pk=OuterRef("origin_proposal_id")))
    return actions.select_related(
        "actor_body",
        "owner",
        "origin_meeting__body",
        "origin_proposal",
        "report_meeting__body",
        "track",
    ).annotate(**meetings_visible, origin_proposal_visible=proposal_visible)


def ordered(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Earliest due date first; actions without a due date last."""
    return actions.order_by(F("due_date").asc(nulls_last=True), "pk")


def mark_overdue(actions: Iterable[Action], today: dt.date | None = None) -> list[Action]:
    """Set ``days_overdue`` (0 when not overdue) on each action, for the highlight."""
    today = today or timezone.localdate()
    rows = list(actions)
    for action in rows:
        # For the template (not a model field).
        action.days_overdue = (  # type: ignore[attr-defined]
            (today - action.due_date).days
            if action.due_date is not None and action.is_overdue(today)
            else 0
        )
    return rows


@dataclass(frozen=True)
class StatusCounts:
    by_status: dict[str, int]
    overdue: int


def status_counts(actions: QuerySet[Action], today: dt.date | None = None) -> StatusCounts:
    """How many of ``actions`` have each status, and how many are overdue (one query)."""
    today = today or timezone.localdate()
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in Action.Status.values}
    aggregates["overdue"] = Count("pk", filter=Q(status__in=OPEN, due_date__lt=today))
    counts = actions.order_by().aggregate(**aggregates)
    overdue = counts.pop("overdue")
    return StatusCounts(by_status=counts, overdue=overdue)


def action_detail(action: Action, user) -> Action:
    """The action with its links and its progress notes (newest first) in two queries."""
    action = with_links(Action.objects.filter(pk=action.pk), user).get()
    # For the template (not a model field).
    action.note_list = list(  # type: ignore[attr-defined]
        action.notes.select_related("author").order_by("-date", "-pk")
    )
    mark_overdue([action])
    return action


def action_history(action: Action) -> list[dict]:
    """History rows of an action, with names instead of ids for its relations. Only
    the secretariat and management read it (``view_historicalaction``), and they see
    every meeting and proposal, so the labels disclose nothing."""
    ids: dict[str, set[int]] = {
        "meetings": set(),
        "proposals": set(),
        "users": set(),
        "bodies": set(),
        "tracks": set(),
    }
    fields = {
        "origin_meeting_id": "meetings",
        "report_meeting_id": "meetings",
        "origin_proposal_id": "proposals",
        "owner_id": "users",
        "created_by_id": "users",
        "actor_body_id": "bodies",
        "track_id": "tracks",
    }
    for row in action.history.values(*fields):
        for field, kind in fields.items():
            if row[field] is not None:
                ids[kind].add(row[field])
    meetings = {
        m.pk: m.display_title
        for m in Meeting.objects.select_related("body").filter(pk__in=ids["meetings"])
    }
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=ids["users"])}
    return record_history(
        action,
        related={
            "origin_meeting": meetings,
            "report_meeting": meetings,
            "origin_proposal": {
                p.pk: str(p) for p in Proposal.objects.filter(pk__in=ids["proposals"])
            },
            "owner": users,
            "created_by": users,
            "actor_body": {b.pk: b.code for b in Body.objects.filter(pk__in=ids["bodies"])},
            "track": {t.pk: str(t) for t in Track.objects.filter(pk__in=ids["tracks"])},
        },
    )


# --- The development programme -------------------------------------------------------


def current_programme() -> Programme | None:
    """The programme that started last."""
    return Programme.objects.order_by("-start_date", "-pk").first()


def programme_tracks(programme: Programme, user, today: dt.date | None = None) -> list[Track]:
    """The programme's tracks with counts of the actions and proposals ``user`` may see
    (one query: each count is a conditional aggregate; ``distinct`` because actions
    and proposals are joined side by side)."""
    today = today or timezone.localdate()
    in_scope = Q(actions__in=action_scope(user))
    return list(
        programme.tracks.select_related("owner")
        .annotate(
            open_count=Count(
                "actions", filter=in_scope & Q(actions__status__in=OPEN), distinct=True
            ),
            overdue_count=Count(
                "actions",
                filter=in_scope & Q(actions__status__in=OPEN, actions__due_date__lt=today),
                distinct=True,
            ),
            done_count=Count(
                "actions",
                filter=in_scope & Q(actions__status=Action.Status.DONE),
                distinct=True,
            ),
            proposal_count=Count(
                "proposals", filter=Q(proposals__in=proposal_scope(user)), distinct=True
            ),
        )
        .order_by("number")
    )


def track_actions(track: Track, user) -> list[Action]:
    """The track's actions the user may see: open ones first (earliest due first),
    then the closed ones."""
    closed = Case(When(status__in=OPEN, then=Value(0)), default=Value(1))
    actions = with_links(action_scope(user).filter(track=track), user).order_by(
        closed, F("due_date").asc(nulls_last=True), "pk"
    )
    return mark_overdue(actions)


def track_proposals(track: Track, user) -> list[Proposal]:
    return list(proposal_scope(user).filter(track=track).order_by("-created_at"))


def my_open_actions(user, *, limit: int = 8) -> list[Action]:
    """The open actions the user owns, soonest due first (undated last)."""
    if not user.is_authenticated:
        return []
    return list(
        Action.objects.open()
        .filter(owner=user)
        .select_related("actor_body")
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:limit]
    )
