"""Where a P&C document stands in time, read from the governance core: the general board
(AB) meeting that adopts it (the meeting of the AB decision step on its route — not a
stored date, so moving that meeting moves every date that depends on it), the decision
taken there (an amendment's status), and the window in which the councils can give their
view. Every function answers for many documents in a fixed number of queries; pages, the
fit check, the reminders and the PDFs all read these, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from governance.models import Body, Decision, Meeting, RouteStep, StepPurpose
from pcycle import wgr
from pcycle.fit import Window
from pcycle.models import PcDocument


@dataclass(frozen=True)
class Adoption:
    """The AB decision step of a document's route: its meeting (None while unplanned)
    and, once taken, the decision's outcome."""

    step: RouteStep
    meeting: Meeting | None
    outcome: str | None  # a ``Decision.Outcome`` value, None while not decided

    @property
    def day(self) -> dt.date | None:
        """The day the AB meets (in the application's time zone)."""
        if self.meeting is None:
            return None
        return timezone.localtime(self.meeting.starts_at).date()

    @property
    def is_decided(self) -> bool:
        return self.outcome is not None

    @property
    def is_adopted(self) -> bool:
        return self.outcome in Decision.ADOPTING_OUTCOMES


def adoptions(documents: Iterable[PcDocument]) -> dict[int, Adoption]:
    """Per document pk, its AB decision step (the last one, if a route has several),
    with meeting and decision outcome. Documents without such a step are absent. One
    query whatever the number of documents."""
    by_proposal = {document.proposal_id: document.pk for document in documents}
    if not by_proposal:
        return {}
    steps = (
        RouteStep.objects.filter(
            proposal_id__in=by_proposal,
            body__kind=Body.Kind.GENERAL_BOARD,
            purpose=StepPurpose.DECIDE,
        )
        .select_related("meeting__body")
        .order_by("proposal_id", "position")
    )
    outcomes = dict(
        Decision.objects.filter(
            agenda_item__route_step__in=steps, agenda_item__carried_over=False
        ).values_list("agenda_item__route_step_id", "outcome")
    )
    result: dict[int, Adoption] = {}
    for step in steps:  # ordered by position: the last AB decision step wins
        result[by_proposal[step.proposal_id]] = Adoption(
            step=step, meeting=step.meeting, outcome=outcomes.get(step.pk)
        )
    return result


def amendment_status(document: PcDocument, adoption: Adoption | None) -> str | None:
    """A budget amendment's status, from the AB's decision: adopted, rejected, or
    proposed while the AB has not decided (None for other kinds)."""
    if document.kind != PcDocument.Kind.AMENDMENT:
        return None
    if adoption is None or not adoption.is_decided:
        return PcDocument.AmendmentStatus.PROPOSED
    if adoption.is_adopted:
        return PcDocument.AmendmentStatus.ADOPTED
    if adoption.outcome == Decision.Outcome.REJECTED:
        return PcDocument.AmendmentStatus.REJECTED
    return PcDocument.AmendmentStatus.PROPOSED  # postponed, noted: still to be decided


def to_councils_latest(document: PcDocument, adoption: Adoption | None) -> wgr.Latest | None:
    """The statutory latest day the document reaches the councils (None when it does not
    go to them, or, for a budget or amendment, while its AB meeting is not planned)."""
    kind = document.kind
    if kind == PcDocument.Kind.FRAMEWORKS:
        return wgr.frameworks_to_councils(document.year)
    if kind == PcDocument.Kind.PROVISIONAL_ACCOUNTS:
        return wgr.provisional_accounts_to_councils(document.year)
    day = adoption.day if adoption is not None else None
    if day is None:
        return None
    if kind == PcDocument.Kind.BUDGET:
        return wgr.draft_budget_to_councils(day)
    if kind == PcDocument.Kind.AMENDMENT:
        return wgr.amendment_to_councils(day, exempt=document.exempt_category_id is not None)
    return None


def view_window(document: PcDocument, adoption: Adoption | None) -> Window | None:
    """The days in which the councils can give their view on ``document``: from the day
    it is sent (or planned to be sent; without either, the statutory latest day) to the
    day the organisation asks the views by (``views_requested_by``), else the day before
    the AB adopts (Wgr art. 35 lid 2-3). None when the document has no views procedure or
    its AB meeting is not planned."""
    if not document.has_view_procedure or adoption is None or adoption.day is None:
        return None
    latest = to_councils_latest(document, adoption)
    opens = document.sent_to_councils_on or document.planned_to_councils_on
    if opens is None and latest is not None:
        opens = latest.date
    if opens is None or opens >= adoption.day:
        return None
    _first, last = wgr.view_window(opens, adoption.day)
    closes = min(document.views_requested_by or last, last)
    if closes < opens:
        return None
    return Window(opens, closes)


def view_windows(documents: Iterable[PcDocument]) -> dict[int, Window]:
    """Per document pk, its view window (documents without one are absent); one query."""
    documents = list(documents)
    planned = adoptions(documents)
    result: dict[int, Window] = {}
    for document in documents:
        window = view_window(document, planned.get(document.pk))
        if window is not None:
            result[document.pk] = window
    return result
