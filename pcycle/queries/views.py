"""The councils' views on P&C documents, gathered per document: every municipality with
its view (received) or without (outstanding, late once the window has closed), the
position, the executive board's reply and when it was sent. The views page, the
consolidated views document (PDF), the panels on the proposal and agenda-item pages and
"my views" all read these, in a fixed number of queries whatever the number of
documents and municipalities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance.extensions import Panel
from governance.models import Municipality
from governance.reminders.sources import url_maker
from hecht import pdf
from pcycle.access import may_read
from pcycle.fit import Window
from pcycle.models import CouncilView, PcDocument
from pcycle.queries.schedule import view_windows

RECEIVED = "received"
OUTSTANDING = "outstanding"
LATE = "late"


@dataclass(frozen=True)
class ViewRow:
    """One municipality on one document: its view (None while outstanding) and state."""

    municipality: Municipality
    view: CouncilView | None
    state: str  # RECEIVED, OUTSTANDING or LATE
    received_late: bool = False  # received after the window closed (shown, not refused)

    @property
    def state_label(self) -> str:
        return {
            RECEIVED: _("Received"),
            OUTSTANDING: _("Outstanding"),
            LATE: _("Late"),
        }[self.state]


@dataclass(frozen=True)
class ViewsOverview:
    document: PcDocument
    window: Window | None
    rows: list[ViewRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> int:
        return sum(1 for row in self.rows if row.view is not None)

    @property
    def disagreeing(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.view is not None and row.view.position == CouncilView.Position.DISAGREES
        )

    @property
    def answered(self) -> int:
        return sum(1 for row in self.rows if row.view is not None and row.view.is_answered)

    @property
    def is_complete(self) -> bool:
        return self.received == self.total and self.answered == self.received

    @property
    def summary(self) -> str:
        """E.g. "15 of 18 received (1 disagrees), 12 answered"."""
        return summary_line(
            received=self.received,
            total=self.total,
            disagreeing=self.disagreeing,
            answered=self.answered,
        )


def summary_line(*, received: int, total: int, disagreeing: int, answered: int) -> str:
    text = _("%(received)s of %(total)s received") % {"received": received, "total": total}
    if disagreeing:
        text += " " + _("(%(count)s disagree)") % {"count": disagreeing}
    return text + ", " + _("%(count)s answered") % {"count": answered}


def _state(view: CouncilView | None, window: Window | None, today: dt.date) -> str:
    if view is not None:
        return RECEIVED
    if window is not None and today > window.closes:
        return LATE
    return OUTSTANDING


def views_overviews(documents: Iterable[PcDocument]) -> dict[int, ViewsOverview]:
    """Per document pk (documents with a views procedure only), every municipality with
    its view. Four queries whatever the number of documents and municipalities."""
    documents = [document for document in documents if document.has_view_procedure]
    if not documents:
        return {}
    windows = view_windows(documents)  # two queries: the AB steps and their decisions
    municipalities = list(Municipality.objects.order_by("name"))
    views: dict[tuple[int, int], CouncilView] = {
        (view.document_id, view.municipality_id): view
        for view in CouncilView.objects.filter(document__in=[d.pk for d in documents])
        .select_related("registered_by")
        .order_by("pk")
    }
    today = timezone.localdate()
    result: dict[int, ViewsOverview] = {}
    for document in documents:
        window = windows.get(document.pk)
        rows = []
        for municipality in municipalities:
            view = views.get((document.pk, municipality.pk))
            late = False
            if view is not None:
                view.document = document
                view.municipality = municipality
                late = window is not None and view.received_on > window.closes
            rows.append(ViewRow(municipality, view, _state(view, window, today), late))
        result[document.pk] = ViewsOverview(document, window, rows)
    return result


def views_overview(document: PcDocument) -> ViewsOverview | None:
    """The overview of one document (None without a views procedure)."""
    return views_overviews([document]).get(document.pk)


def view_counts(proposal_ids: Iterable[int]) -> dict[int, tuple[PcDocument, dict[str, int]]]:
    """Per proposal id of a P&C document with a views procedure: the document and its
    counts (received, disagreeing, answered, total). Three queries for any number."""
    documents = list(
        PcDocument.objects.filter(
            proposal_id__in=list(proposal_ids),
            kind__in=PcDocument.VIEW_KINDS,
            exempt_category__isnull=True,
        )
    )
    if not documents:
        return {}
    total = Municipality.objects.count()
    counts: dict[int, dict[str, Any]] = {
        row["document_id"]: dict(row)
        for row in CouncilView.objects.filter(document__in=documents)
        .values("document_id")
        .annotate(
            received=Count("pk"),
            disagreeing=Count("pk", filter=Q(position=CouncilView.Position.DISAGREES)),
            answered=Count("pk", filter=Q(reply_sent_on__isnull=False)),
        )
    }
    result = {}
    for document in documents:
        row: dict[str, Any] = counts.get(document.pk, {})
        result[document.proposal_id] = (
            document,
            {
                "received": row.get("received", 0),
                "disagreeing": row.get("disagreeing", 0),
                "answered": row.get("answered", 0),
                "total": total,
            },
        )
    return result


def own_views(documents: Iterable[PcDocument], municipality_id: int) -> dict[int, CouncilView]:
    """Per document pk, the view of ``municipality_id``'s council (one query)."""
    return {
        view.document_id: view
        for view in CouncilView.objects.filter(
            document__in=[d.pk for d in documents], municipality_id=municipality_id
        )
    }


def views_document_title(document: PcDocument) -> str:
    """E.g. "Zienswijzen van de gemeenteraden op de begroting 2028"."""
    return _("Views of the councils on the %(document)s") % {"document": document.label.lower()}


def views_pdf(document: PcDocument) -> bytes:
    """The consolidated views document of ``document`` as a tagged PDF/UA document in
    Dutch (``templates/pdf/pcycle_views.html``): every municipality, its position, view
    and the executive board's reply. Texts autoescaped, like everywhere."""
    overview = views_overview(document)
    if overview is None:
        raise ValueError(f"{document} has no views procedure")
    title = views_document_title(document)
    return pdf.render_pdf(
        "pdf/pcycle_views.html",
        {
            "overview": overview,
            "document": document,
            "proposal": document.proposal,
            "generated_at": date_format(timezone.localtime(), "j F Y H:i"),
            "pdf_title": title,
        },
        title=title,
    )


def views_panels(user: Any, proposal_ids: list[int]) -> dict[int, list[Panel]]:
    """The panel "Councils' views: 15 of 18 received (1 disagree), 12 answered" on the
    proposal and agenda-item pages of a P&C document with a views procedure
    (``governance.extensions.register_panel``). Three queries for any number of
    proposals; nothing for a reader who may not read the P&C pages."""
    if not may_read(user):
        return {}
    url = url_maker("pcycle:views")
    result: dict[int, list[Panel]] = {}
    for proposal_id, (document, counts) in view_counts(proposal_ids).items():
        received = counts["received"]
        complete = received == counts["total"] and counts["answered"] == received
        result[proposal_id] = [
            Panel(
                heading=_("Councils' views"),
                lines=(summary_line(**counts),),
                url=url(document.pk),
                link_text=_("The views and the replies"),
                state="ok" if complete else "warning",
            )
        ]
    return result
