"""The deadline sources of the governance core, registered in ``GovernanceConfig.ready``.

Each is one function from a :class:`~governance.reminders.registry.Window` to the open
deadlines in it, in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.deadlines import AMSTERDAM
from governance.models import (
    Action,
    AgendaItem,
    Document,
    Meeting,
    Membership,
    Proposal,
    ReviewInvitation,
    User,
    WrittenResponse,
)
from governance.queries.agenda import document_deadline_of
from governance.queries.days_off import organisation_days_off
from governance.queries.decisions import VOTING_ROLES, meeting_day
from governance.roles import MANAGEMENT

from .registry import Deadline, Window, register

END_OF_DAY = dt.time(23, 59, 59)
# The longest document lead time a body may have (Body.document_lead_days ≤ 60 working
# days) in calendar days, for the coarse database pre-filter on the meeting's start.
MAX_LEAD_CALENDAR_DAYS = 60 * 7 // 5 + 21


def management_ids() -> tuple[int, ...]:
    """The active people in the management group: the escalation recipients, and the
    owners of work the management owns as a whole (a proposal without an owner)."""
    return tuple(
        User.objects.filter(groups__name=MANAGEMENT.group_name, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def url_maker(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many pks at the cost of one ``reverse()``."""
    marker = 2_147_483_647
    return reverse(name, args=[marker]).replace(str(marker), "{}", 1).format


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.body.code} {date_format(timezone.localtime(meeting.starts_at), 'j F Y')}"


def action_deadlines(window: Window) -> Iterator[Deadline]:
    """Open actions with a due date and an owner: the owner owes them by the end of the
    due day."""
    actions = Action.objects.open().filter(due_date__isnull=False, owner__isnull=False)
    if window.user_ids is not None:
        actions = actions.filter(owner_id__in=window.user_ids)
    if window.due_from is not None:
        actions = actions.filter(due_date__gte=timezone.localtime(window.due_from).date())
    if window.due_until is not None:
        actions = actions.filter(due_date__lte=timezone.localtime(window.due_until).date())
    rows = actions.order_by("due_date", "pk").values_list(
        "pk",
        "description",
        "due_date",
        "owner_id",
        "owner__first_name",
        "owner__last_name",
        "origin_meeting__body__code",
    )
    action_url = url_maker("governance:action-detail")
    for pk, description, due_date, owner_id, first, last, body_code in rows.iterator(
        chunk_size=5000
    ):
        if due_date is None:  # the query keeps actions with a due date only
            continue
        yield Deadline(
            kind="action",
            object_id=pk,
            due_at=dt.datetime.combine(due_date, END_OF_DAY, tzinfo=AMSTERDAM),
            title=description if len(description) <= 120 else description[:119] + "…",
            url=action_url(pk),
            recipient_ids=(owner_id,),
            context=_("Action of %(body)s") % {"body": body_code} if body_code else "",
            owner=f"{first} {last}".strip(),
            all_day=True,
        )


def document_deadlines(window: Window) -> Iterator[Deadline]:
    """Agenda items of coming meetings that expect documents and have none delivered
    yet: the proposal's owner (the management when it has none) owes them by the
    meeting's document deadline."""
    now = window.now
    delivered = Document.objects.filter(
        Q(agenda_item=OuterRef("pk")) | Q(proposal=OuterRef("route_step__proposal")),
        delivered_at__isnull=False,
    )
    items = (
        AgendaItem.objects.filter(
            requires_documents=True,
            route_step__proposal__status=Proposal.Status.IN_ROUTE,
            meeting__starts_at__gt=now,
        )
        .exclude(meeting__kind=Meeting.Kind.WRITTEN)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .exclude(Exists(delivered))
    )
    managers: tuple[int, ...] | None = None
    if window.user_ids is not None:
        managers = management_ids()
        mine = Q(route_step__proposal__owner_id__in=window.user_ids)
        if window.user_ids.intersection(managers):
            mine |= Q(route_step__proposal__owner__isnull=True)
        items = items.filter(mine)
    if window.due_from is not None:
        items = items.filter(meeting__starts_at__gte=window.due_from)
    if window.due_until is not None:
        latest_start = window.due_until + dt.timedelta(days=MAX_LEAD_CALENDAR_DAYS)
        items = items.filter(meeting__starts_at__lte=latest_start)
    items = items.select_related("meeting__body", "route_step__proposal").order_by(
        "meeting__starts_at", "order", "pk"
    )
    days_off = None  # loaded with the first item: no query when nothing is owed
    for item in items:
        if days_off is None:
            days_off = organisation_days_off()
        if item.route_step is None:  # the query keeps items of a proposal only
            continue
        proposal = item.route_step.proposal
        if proposal.owner_id is not None:
            recipients: tuple[int, ...] = (proposal.owner_id,)
        else:
            managers = management_ids() if managers is None else managers
            recipients = managers
        meeting_label = _meeting_label(item.meeting)
        yield Deadline(
            kind="documents",
            object_id=item.pk,
            due_at=document_deadline_of(item.meeting, days_off=days_off),
            title=_("Documents for “%(title)s”") % {"title": proposal.title},
            url=reverse("governance:agenda-item-detail", args=[item.pk]),
            recipient_ids=recipients,
            context=_("Agenda item %(number)s, %(meeting)s")
            % {"number": item.number, "meeting": meeting_label},
            confidential=proposal.is_confidential or item.is_confidential,
            neutral_title=_("Documents for %(reference)s (confidential)")
            % {"reference": proposal.reference},
        )


def written_response_deadlines(window: Window) -> Iterator[Deadline]:
    """Open written procedures: every member with a voting seat who has not yet
    responded to every item owes a response by the procedure's deadline."""
    rounds = Meeting.objects.taking_written_responses(window.now)
    if window.due_from is not None:
        rounds = rounds.filter(response_deadline__gte=window.due_from)
    if window.due_until is not None:
        rounds = rounds.filter(response_deadline__lte=window.due_until)
    meetings = list(rounds.select_related("body").order_by("response_deadline", "pk"))
    if not meetings:
        return
    items = AgendaItem.objects.filter(meeting__in=meetings).exclude(kind=AgendaItem.Kind.FORMAL)
    item_count: dict[int, int] = {}
    for meeting_id in items.values_list("meeting_id", flat=True):
        item_count[meeting_id] = item_count.get(meeting_id, 0) + 1
    answered: dict[tuple[int, int], int] = {}
    responses = WrittenResponse.objects.filter(agenda_item__in=items)
    for meeting_id, member_id in responses.values_list("agenda_item__meeting_id", "member_id"):
        answered[meeting_id, member_id] = answered.get((meeting_id, member_id), 0) + 1
    seats = Membership.objects.filter(
        body_id__in={m.body_id for m in meetings}, role__in=VOTING_ROLES, user__is_active=True
    )
    if window.user_ids is not None:
        seats = seats.filter(user_id__in=window.user_ids)
    seat_rows = list(seats.values_list("body_id", "user_id", "start_date", "end_date"))
    for meeting in meetings:
        # (The query keeps meetings with a response deadline only.)
        if not item_count.get(meeting.pk) or meeting.response_deadline is None:
            continue
        day = meeting_day(meeting)  # the seats counted are those of the day the round opened
        owing = sorted(
            {
                user_id
                for body_id, user_id, start, end in seat_rows
                if body_id == meeting.body_id
                and start <= day
                and (end is None or end >= day)
                and answered.get((meeting.pk, user_id), 0) < item_count[meeting.pk]
            }
        )
        if owing:
            yield Deadline(
                kind="written_response",
                object_id=meeting.pk,
                due_at=meeting.response_deadline,
                title=_("Respond to the written procedure “%(title)s”")
                % {"title": meeting.display_title},
                url=reverse("governance:meeting-detail", args=[meeting.pk]),
                recipient_ids=tuple(owing),
                context=_meeting_label(meeting),
            )


def review_deadlines(window: Window) -> Iterator[Deadline]:
    """Open review rounds: the readers of every municipality that has not finished the
    round owe their response by the end of the deadline day — its contact officials and,
    when the round includes the BAO, its BAO members. One deadline per municipality."""
    invitations = ReviewInvitation.objects.filter(
        outcome="", round__closed_at__isnull=True
    ).exclude(round__proposal__status__in=Proposal.CLOSED_STATUSES)
    if window.due_from is not None:
        invitations = invitations.filter(
            round__deadline__gte=timezone.localtime(window.due_from).date()
        )
    if window.due_until is not None:
        invitations = invitations.filter(
            round__deadline__lte=timezone.localtime(window.due_until).date()
        )
    rows = list(
        invitations.order_by("round__deadline", "pk").values_list(
            "pk",
            "municipality_id",
            "municipality__name",
            "round_id",
            "round__number",
            "round__deadline",
            "round__includes_bao",
            "round__proposal__title",
            "round__proposal__reference",
            "round__proposal__confidentiality",
        )
    )
    if not rows:
        return
    municipality_ids = {row[1] for row in rows}
    officials = User.objects.filter(
        is_active=True,
        municipality_id__in=municipality_ids,
        groups__permissions__codename="add_reviewcomment",
    )
    bao = Membership.objects.active().filter(
        body__code="BAO", municipality_id__in=municipality_ids, user__is_active=True
    )
    if window.user_ids is not None:
        officials = officials.filter(pk__in=window.user_ids)
        bao = bao.filter(user_id__in=window.user_ids)
    readers: dict[int, set[int]] = {}
    for pk, municipality_id in officials.values_list("pk", "municipality_id").distinct():
        readers.setdefault(municipality_id, set()).add(pk)
    bao_readers: dict[int, set[int]] = {}
    for user_id, municipality_id in bao.values_list("user_id", "municipality_id"):
        bao_readers.setdefault(municipality_id, set()).add(user_id)
    round_url = url_maker("governance:review-read")
    for pk, municipality_id, name, round_id, number, deadline, with_bao, title, ref, conf in rows:
        recipients = set(readers.get(municipality_id, ()))
        if with_bao:
            recipients |= bao_readers.get(municipality_id, set())
        if not recipients:
            continue
        yield Deadline(
            kind="review",
            object_id=pk,
            due_at=dt.datetime.combine(deadline, END_OF_DAY, tzinfo=AMSTERDAM),
            title=_("Read along: “%(title)s” (round %(number)s)")
            % {"title": title, "number": number},
            url=round_url(round_id),
            recipient_ids=tuple(sorted(recipients)),
            context=_("For %(municipality)s") % {"municipality": name},
            owner=name,
            all_day=True,
            confidential=conf == "confidential",
            neutral_title=_("Read along: %(reference)s (confidential)") % {"reference": ref},
        )


def register_core_sources() -> None:
    """Called from ``GovernanceConfig.ready``; other apps register theirs the same way.
    Stages are working days relative to the due day; ``HECHT_REMINDER_POLICY`` in the
    settings overrides them per kind."""
    register(
        "documents",
        document_deadlines,
        label=gettext_lazy("Documents for the agenda"),
        mandatory=True,
        stages=[(-5,), (-1,), (0, "urgent"), (1, "urgent")],
    )
    register(
        "action",
        action_deadlines,
        label=gettext_lazy("Actions"),
        stages=[(-5,), (-1,), (0, "urgent"), (1, "urgent"), (3, "escalate", "urgent")],
    )
    register(
        "written_response",
        written_response_deadlines,
        mandatory=True,
        label=gettext_lazy("Responses to written procedures"),
        stages=[(-2,), (0, "urgent")],
    )
    # The first stage is reached when a round of the usual ten working days opens, so
    # opening it tells the readers (a longer round tells them ten working days ahead).
    register(
        "review",
        review_deadlines,
        mandatory=True,
        label=gettext_lazy("Review rounds (reading along)"),
        stages=[(-10,), (-2,), (0, "urgent"), (2, "escalate")],
    )
