"""The budget-year cycle as the pages read it: per P&C document its steps in time
(``pcycle.timeline``) from its facts, its AB adoption (``queries.schedule``), the replies to
the councils' views and the organisation's days off — in a fixed number of queries whatever
the number of documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from governance.access import Viewer
from governance.deadlines import NATIONAL, DaysOff
from governance.extensions import Panel
from governance.models import Body, Meeting, RouteStep, StepPurpose
from governance.queries.days_off import organisation_days_off
from pcycle import timeline, wgr
from pcycle.access import pc_document_scope
from pcycle.models import CouncilView, PcDocument
from pcycle.queries.schedule import Adoption, adoptions, amendment_status
from pcycle.timeline import State, StepKey

STEP_LABELS: dict[str, Promise] = {
    StepKey.TO_COUNCILS: _("To the councils"),
    StepKey.VIEWS: _("Councils' views"),
    StepKey.REPLIES: _("Replies to the councils"),
    StepKey.ADOPTION: _("Adoption by the general board"),
    StepKey.TO_PROVINCE: _("To Gedeputeerde Staten"),
}
STATE_LABELS: dict[str, Promise] = {
    State.DONE: _("Done"),
    State.DONE_LATE: _("Done late"),
    State.PLANNED: _("Planned in time"),
    State.PLANNED_LATE: _("Planned too late"),
    State.OVERDUE: _("Overdue"),
    State.NOT_PLANNED: _("Not planned"),
}
# The articles ``pcycle.wgr`` names, for the catalogue: the pure module cannot translate,
# so the pages and messages pass ``Latest.article`` through gettext (``article``).
WGR_ARTICLES = (
    gettext_noop("Wgr art. 34 lid 2 (before 15 September)"),
    gettext_noop("Wgr art. 34 lid 2 (two weeks after adoption)"),
    gettext_noop("Wgr art. 34 lid 4 (before 15 July)"),
    gettext_noop("Wgr art. 34 lid 4 (two weeks after adoption)"),
)


def article(latest: wgr.Latest) -> str:
    """The article of ``latest`` in the active language."""
    return gettext(latest.article)


# The badge (``hecht-badge--…``) of each state.
STATE_BADGES = {
    State.DONE: "on-time",
    State.DONE_LATE: "late",
    State.PLANNED: "planned",
    State.PLANNED_LATE: "late",
    State.OVERDUE: "overdue",
    State.NOT_PLANNED: "incomplete",
}


@dataclass(frozen=True)
class StepRow:
    """A step with what the page shows of it."""

    step: timeline.Step

    @property
    def label(self) -> Promise:
        return STEP_LABELS[self.step.key]

    @property
    def state_label(self) -> Promise:
        return STATE_LABELS[self.step.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.step.state]


@dataclass(frozen=True)
class DocumentTimeline:
    document: PcDocument
    adoption: Adoption | None
    steps: tuple[StepRow, ...]
    amendment_status: str | None

    @property
    def violations(self) -> tuple[StepRow, ...]:
        return tuple(row for row in self.steps if row.step.is_violation)

    @property
    def amendment_status_label(self) -> str:
        if self.amendment_status is None:
            return ""
        return str(PcDocument.AmendmentStatus(self.amendment_status).label)


@dataclass(frozen=True)
class YearTimeline:
    year: int
    documents: tuple[DocumentTimeline, ...]

    @property
    def violations(self) -> list[tuple[DocumentTimeline, StepRow]]:
        return [(doc, row) for doc in self.documents for row in doc.violations]

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def next_year(self) -> int:
        return self.year + 1


def replies_sent(documents: Iterable[PcDocument]) -> dict[int, dt.date]:
    """Per document pk, the last send date of the board's replies, once every received
    view has been answered (absent while one is not). One query."""
    pks = [document.pk for document in documents]
    if not pks:
        return {}
    rows = (
        CouncilView.objects.filter(document_id__in=pks)
        .values("document_id")
        .annotate(views=Count("pk"), answered=Count("reply_sent_on"), last=Max("reply_sent_on"))
    )
    return {
        row["document_id"]: row["last"]
        for row in rows
        if row["views"] == row["answered"] and row["last"] is not None
    }


def facts_of(
    document: PcDocument,
    adoption: Adoption | None,
    replies_sent_on: dt.date | None = None,
    *,
    adoption_day: dt.date | None = None,
) -> timeline.Facts:
    """The plain facts of ``document`` for ``pcycle.timeline``; ``adoption_day`` overrides
    the AB meeting's day (the move check: "what if it met then")."""
    decided_on = adoption.day if adoption is not None and adoption.is_decided else None
    if adoption_day is None and adoption is not None:
        adoption_day = adoption.day
    return timeline.Facts(
        kind=document.kind,
        year=document.year,
        exempt=document.exempt_category_id is not None,
        adoption_day=adoption_day,
        decided_on=decided_on,
        planned_to_councils_on=document.planned_to_councils_on,
        sent_to_councils_on=document.sent_to_councils_on,
        views_requested_by=document.views_requested_by,
        planned_to_province_on=document.planned_to_province_on,
        sent_to_province_on=document.sent_to_province_on,
        replies_sent_on=replies_sent_on,
    )


def document_timelines(
    documents: Iterable[PcDocument],
    *,
    today: dt.date | None = None,
    days_off: DaysOff | None = None,
) -> list[DocumentTimeline]:
    """The steps of each document: three queries (AB steps, decisions, replies) plus one
    for the days off when not given."""
    documents = list(documents)
    today = today or timezone.localdate()
    if days_off is None:
        days_off = organisation_days_off() if documents else NATIONAL
    planned = adoptions(documents)
    replies = replies_sent(documents)
    result = []
    for document in documents:
        adoption = planned.get(document.pk)
        facts = facts_of(document, adoption, replies.get(document.pk))
        result.append(
            DocumentTimeline(
                document=document,
                adoption=adoption,
                steps=tuple(
                    StepRow(step) for step in timeline.steps(facts, today=today, days_off=days_off)
                ),
                amendment_status=amendment_status(document, adoption),
            )
        )
    return result


def year_timeline(user: Viewer, year: int, *, today: dt.date | None = None) -> YearTimeline:
    """The P&C documents of ``year`` that ``user`` may see, with their steps."""
    documents = pc_document_scope(user).filter(year=year).order_by("kind", "number", "pk")
    order = {kind: position for position, kind in enumerate(timeline.KINDS)}
    rows = sorted(
        document_timelines(documents, today=today),
        key=lambda row: (order[row.document.kind], row.document.number or 0),
    )
    return YearTimeline(year=year, documents=tuple(rows))


def current_budget_year(user: Viewer, *, today: dt.date | None = None) -> int:
    """The budget year being prepared: the earliest year (from this year on) with a
    budget the general board has not adopted yet, else next year."""
    today = today or timezone.localdate()
    budgets = list(
        pc_document_scope(user)
        .filter(kind=PcDocument.Kind.BUDGET, year__gte=today.year)
        .order_by("year")
    )
    planned = adoptions(budgets)
    for budget in budgets:
        adoption = planned.get(budget.pk)
        if adoption is None or not adoption.is_adopted:
            return budget.year
    return today.year + 1


# --- what the core shows of P&C documents (registered in ``PcycleConfig.ready``) ----------


def _day(day: dt.date | None) -> str:
    return date_format(day, "j F Y") if day is not None else "—"


def cycle_panels(user: Viewer, proposal_ids: list[int]) -> dict[int, list[Panel]]:
    """The panel on the proposal page of a P&C document: which document it is and the
    latest day it goes to the councils. Three queries whatever the number of proposals
    (the caller passes only proposals ``user`` may see; the documents are those of
    ``pc_document_scope``, so nobody without the P&C pages gets a link to them)."""
    documents = list(pc_document_scope(user).filter(proposal_id__in=proposal_ids))
    planned = adoptions(documents)
    result: dict[int, list[Panel]] = {}
    for document in documents:
        adoption = planned.get(document.pk)
        facts = facts_of(document, adoption)
        latest = timeline.to_councils_latest(facts)
        lines: list[str] = []
        if latest is not None:
            lines.append(
                gettext("Latest to the councils: %(day)s (%(article)s)")
                % {"day": _day(latest.date), "article": article(latest)}
            )
        elif document.goes_to_councils and timeline.has_view_procedure(
            document.kind, exempt=facts.exempt
        ):
            lines.append(gettext("Latest to the councils: plan the general board's meeting first."))
        status = amendment_status(document, adoption)
        if status is not None:
            lines.append(
                gettext("Status: %(status)s") % {"status": PcDocument.AmendmentStatus(status).label}
            )
        result[document.proposal_id] = [
            Panel(
                heading=gettext("P&C document: %(label)s") % {"label": document.label},
                lines=tuple(lines),
                url=reverse("pcycle:document-detail", kwargs={"pk": document.pk}),
                link_text=gettext("To the P&C document"),
            )
        ]
    return result


def _breaks(document: PcDocument, old: timeline.Step, new: timeline.Step) -> str | None:
    """What moving the adoption breaks in one step (a step that was on time and no longer
    is), or None."""
    latest = new.latest
    if latest is None or not new.is_violation or old.is_violation:
        return None
    if new.actual is not None:
        done = gettext("done on %(day)s") % {"day": _day(new.actual)}
    elif new.planned is not None:
        done = gettext("planned on %(day)s") % {"day": _day(new.planned)}
    else:
        done = gettext("not done")
    return gettext(
        "%(document)s, %(step)s: the latest day becomes %(latest)s (%(article)s), %(done)s."
    ) % {
        "document": document.label,
        "step": str(STEP_LABELS[new.key]).lower(),
        "latest": _day(latest.date),
        "article": article(latest),
        "done": done,
    }


def _province_too_late(document: PcDocument, new: timeline.Step, day: dt.date) -> str | None:
    """An adoption on or after the fixed date for Gedeputeerde Staten (15 September,
    15 July) that no send date can meet any more."""
    latest = new.latest
    if latest is None or new.actual is not None or latest.date >= day or new.is_violation:
        return None
    return gettext(
        "%(document)s: adopted on %(day)s it cannot reach Gedeputeerde Staten in time "
        "(latest %(latest)s, %(article)s)."
    ) % {
        "document": document.label,
        "day": _day(day),
        "latest": _day(latest.date),
        "article": article(latest),
    }


def _shorter_window(document: PcDocument, old: timeline.Step, new: timeline.Step) -> str | None:
    """The councils get less time for their view (the window closes with the adoption)."""
    if old.planned is None or new.planned is None or new.planned >= old.planned:
        return None
    if new.opens is None or new.is_violation:
        return None
    return gettext(
        "%(document)s: the councils have %(days)s days less for their view "
        "(until %(day)s instead of %(old)s)."
    ) % {
        "document": document.label,
        "days": (old.planned - new.planned).days,
        "day": _day(new.planned),
        "old": _day(old.planned),
    }


def move_check(meeting: Meeting, new_starts_at: dt.datetime) -> list[str]:
    """What moving ``meeting`` (of the general board) to ``new_starts_at`` breaks for the
    P&C documents it adopts: only the steps that were on time and no longer are, a
    shorter views window, and Gedeputeerde Staten out of reach. Four queries."""
    if meeting.body.kind != Body.Kind.GENERAL_BOARD:
        return []
    proposal_ids = RouteStep.objects.filter(meeting=meeting, purpose=StepPurpose.DECIDE).values(
        "proposal_id"
    )
    documents = list(PcDocument.objects.filter(proposal_id__in=proposal_ids))
    planned = adoptions(documents)
    replies = replies_sent(documents)
    today = timezone.localdate()
    new_day = timezone.localtime(new_starts_at).date()
    messages: list[str] = []
    for document in documents:
        adoption = planned.get(document.pk)
        if adoption is None or adoption.meeting is None or adoption.meeting.pk != meeting.pk:
            continue  # adopted at a later meeting of its route
        if adoption.is_decided:
            continue
        sent = replies.get(document.pk)
        before = timeline.steps(facts_of(document, adoption, sent), today=today)
        after = timeline.steps(
            facts_of(document, adoption, sent, adoption_day=new_day), today=today
        )
        for old, new in zip(before, after, strict=True):
            message = _breaks(document, old, new)
            if message is None and new.key == StepKey.VIEWS:
                message = _shorter_window(document, old, new)
            if message is None and new.key == StepKey.TO_PROVINCE:
                message = _province_too_late(document, new, new_day)
            if message is not None:
                messages.append(message)
    return messages
