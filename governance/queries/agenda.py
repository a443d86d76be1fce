"""Read models of agendas: the document deadline of a meeting and the document status
of its items (delivered / missing / late), in a fixed number of queries.

The deadline arithmetic itself is ``governance.deadlines`` (pure rules); this module
only feeds it the meeting, the body's lead time and the organisation's days off
(``queries.days_off.organisation_days_off``, loaded once per call).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from governance import deadlines
from governance.access import (
    agenda_item_scope,
    decision_scope,
    document_scope,
    is_review_author,
)
from governance.models import AgendaItem, Document, Meeting
from governance.queries.days_off import organisation_days_off
from governance.queries.review import RoundGlance, proposal_round_glances

MISSING = "missing"
LATE = "late"
DELIVERED = "delivered"


def document_deadline_of(meeting: Meeting, *, days_off: deadlines.DaysOff) -> dt.datetime:
    """When the documents for ``meeting`` are due (its body's lead time in working
    days, at ``HECHT_DOCUMENT_DEADLINE_TIME``), counted with ``days_off`` (the
    organisation's: ``organisation_days_off()``, loaded once by the caller).
    ``meeting.body`` should be selected."""
    return deadlines.document_deadline(
        meeting.starts_at,
        meeting.body.document_lead_days,
        settings.HECHT_DOCUMENT_DEADLINE_TIME,
        days_off=days_off,
    )


def item_deadline(meeting: Meeting, *, days_off: deadlines.DaysOff) -> dt.datetime | None:
    """The document deadline for the items of ``meeting``; None for a written procedure,
    whose documents go out with the procedure itself."""
    return None if meeting.is_written else document_deadline_of(meeting, days_off=days_off)


@dataclass(frozen=True)
class DocumentStatus:
    """The document status of one agenda item. ``state`` is None when no documents are
    expected (``requires_documents`` off, or a written procedure)."""

    state: str | None
    deadline: dt.datetime | None
    document_count: int = 0
    late_by: dt.timedelta | None = None
    late_working_days: int = 0

    @property
    def is_missing(self) -> bool:
        return self.state == MISSING

    @property
    def is_late(self) -> bool:
        return self.state == LATE

    @property
    def is_delivered(self) -> bool:
        return self.state == DELIVERED


def item_document_status(
    items: Iterable[AgendaItem],
    *,
    user=None,
    days_off: deadlines.DaysOff | None = None,
    documents: QuerySet[Document] | None = None,
) -> dict[int, DocumentStatus]:
    """Per item pk, the status of its documents as far as ``user`` may see them: the
    item's own documents plus its proposal's (``item.route_step.proposal``).
    ``documents`` replaces the user's scope for a count over all of them (the quick
    wins' indicator ``pcycle.queries.kpis``: pass ``Document.objects.all()``); one of
    the two must be given.

    "missing" when documents are expected and none is visible, "late" when any was
    delivered after the deadline (by how much: the latest one), else "delivered".
    Items should come with ``meeting__body`` and ``route_step`` selected. One query
    whatever the number of items (none when no item expects documents), and one for
    the days off unless ``days_off`` is given (none when there are no items).
    """
    if documents is None and user is None:
        raise TypeError("item_document_status needs a user or a documents queryset")
    items = list(items)
    if not items:
        return {}
    if days_off is None:
        days_off = organisation_days_off()
    expecting = [item for item in items if item.requires_documents]
    proposal_of = {
        item.pk: item.route_step.proposal_id for item in expecting if item.route_step is not None
    }
    delivered: dict[tuple[str, int], list[dt.datetime]] = defaultdict(list)
    if expecting:
        visible = document_scope(user) if documents is None else documents
        rows = visible.filter(
            Q(agenda_item_id__in=[item.pk for item in expecting])
            | Q(proposal_id__in=set(proposal_of.values()))
        ).values_list("agenda_item_id", "proposal_id", "delivered_at")
        for item_id, proposal_id, delivered_at in rows:
            # django-stubs types values_list's nullable agenda_item_id as int (not None).
            key = (
                ("item", item_id)
                if item_id is not None  # type: ignore[redundant-expr]
                else ("proposal", proposal_id)
            )
            delivered[key].append(delivered_at)
    deadline_cache: dict[int, dt.datetime | None] = {}
    result: dict[int, DocumentStatus] = {}
    for item in items:
        meeting = item.meeting
        if meeting.pk not in deadline_cache:
            deadline_cache[meeting.pk] = item_deadline(meeting, days_off=days_off)
        deadline = deadline_cache[meeting.pk]
        if not item.requires_documents or deadline is None:
            result[item.pk] = DocumentStatus(state=None, deadline=deadline)
            continue
        times = list(delivered.get(("item", item.pk), []))
        if item.pk in proposal_of:
            times += delivered.get(("proposal", proposal_of[item.pk]), [])
        result[item.pk] = status_of(times, deadline, days_off=days_off)
    return result


def status_of(
    delivered_times: list[dt.datetime], deadline: dt.datetime, *, days_off: deadlines.DaysOff
) -> DocumentStatus:
    """The status of documents delivered at ``delivered_times`` against ``deadline``
    (how many working days late counted with ``days_off``)."""
    if not delivered_times:
        return DocumentStatus(state=MISSING, deadline=deadline)
    late = [delay for delay in (deadlines.lateness(t, deadline) for t in delivered_times) if delay]
    if not late:
        return DocumentStatus(
            state=DELIVERED, deadline=deadline, document_count=len(delivered_times)
        )
    latest = max(delivered_times)
    return DocumentStatus(
        state=LATE,
        deadline=deadline,
        document_count=len(delivered_times),
        late_by=max(late),
        late_working_days=deadlines.working_days_between(
            deadline.astimezone(deadlines.AMSTERDAM).date(),
            latest.astimezone(deadlines.AMSTERDAM).date(),
            days_off=days_off,
        ),
    )


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    status: DocumentStatus
    # The open and recent review rounds of the item's proposal (for the review authors).
    reviews: list[RoundGlance] = field(default_factory=list)


def meeting_agenda(
    meeting: Meeting, user, *, days_off: deadlines.DaysOff | None = None
) -> list[AgendaRow]:
    """The items of ``meeting`` that ``user`` may see, in order, each with its document
    status (and ``item.has_decision``) and, for the review authors, the status at a
    glance of its proposal's open and recent review rounds. Two queries whatever the
    number of items (three for the review authors), and one for the days off unless
    ``days_off`` is given."""
    items = list(
        agenda_item_scope(user)
        .filter(meeting=meeting)
        .annotate(has_decision=Exists(decision_scope(user).filter(agenda_item=OuterRef("pk"))))
        .select_related("meeting__body", "route_step")
        .order_by("order", "pk")
    )
    statuses = item_document_status(items, user=user, days_off=days_off)
    reviews: dict[int, list[RoundGlance]] = {}
    if is_review_author(user):
        # One query for the whole meeting (none when no item has a proposal).
        reviews = proposal_round_glances(
            item.route_step.proposal_id for item in items if item.route_step is not None
        )
    return [
        AgendaRow(
            item,
            statuses[item.pk],
            reviews.get(item.route_step.proposal_id, []) if item.route_step is not None else [],
        )
        for item in items
    ]


def deadline_passed(deadline: dt.datetime | None) -> bool:
    return deadline is not None and deadline < timezone.now()
