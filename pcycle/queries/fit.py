"""The fit check over the data (quick win 4): for every P&C document whose view window
has not closed yet, and every municipality, whether its council can give its view in
time (``pcycle.fit``), with the council meeting it rests on and the day the council is
prepared. Only council meetings count (a committee prepares, the council decides); each
municipality's own preparation time (``CouncilCalendar.preparation_weeks``, default two
weeks). A fixed number of queries, whatever the number of documents and municipalities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from governance.access import Viewer
from governance.models import Municipality
from pcycle import fit
from pcycle.access import pc_document_scope
from pcycle.models import CouncilMeeting, PcDocument
from pcycle.queries.calendars import preparation_weeks
from pcycle.queries.schedule import view_windows


@dataclass(frozen=True)
class DocumentColumn:
    document: PcDocument
    window: fit.Window
    green: int
    tight: int
    impossible: int
    unable: list[Municipality]  # the councils that cannot respond in time

    @property
    def total(self) -> int:
        return self.green + self.tight + self.impossible

    @property
    def able(self) -> int:
        return self.green + self.tight


@dataclass(frozen=True)
class FitCell:
    document: PcDocument
    fit: fit.CouncilFit

    @property
    def state(self) -> str:
        return self.fit.fit.value


@dataclass(frozen=True)
class MunicipalityRow:
    municipality: Municipality
    preparation_weeks: int
    cells: list[FitCell]  # in the order of the columns


@dataclass(frozen=True)
class FitMatrix:
    today: dt.date
    columns: list[DocumentColumn]
    rows: list[MunicipalityRow]


def _open_windows(
    documents: Iterable[PcDocument], today: dt.date
) -> list[tuple[PcDocument, fit.Window]]:
    documents = list(documents)
    windows = view_windows(documents)
    result = [
        (document, windows[document.pk])
        for document in documents
        if document.pk in windows and windows[document.pk].closes >= today
    ]
    return sorted(result, key=lambda pair: (pair[1].closes, pair[1].opens, pair[0].pk))


def build_fit_matrix(documents: Iterable[PcDocument], *, today: dt.date | None = None) -> FitMatrix:
    """The matrix for ``documents`` (those whose window ends today or later)."""
    today = today or timezone.localdate()
    open_windows = _open_windows(documents, today)
    municipalities = list(Municipality.objects.select_related("council_calendar").order_by("name"))
    if not open_windows:
        return FitMatrix(today, [], [])
    first = min(window.opens for _document, window in open_windows)
    last = max(window.closes for _document, window in open_windows)
    days: dict[int, list[dt.date]] = defaultdict(list)
    for municipality_id, day in CouncilMeeting.objects.filter(
        kind=CouncilMeeting.Kind.COUNCIL, day__range=(first, last)
    ).values_list("municipality_id", "day"):
        days[municipality_id].append(day)
    windows = {str(document.pk): window for document, window in open_windows}
    # fit.fit_matrix takes one preparation time: one call per distinct preparation time.
    by_weeks: dict[int, list[Municipality]] = defaultdict(list)
    for municipality in municipalities:
        by_weeks[preparation_weeks(municipality)].append(municipality)
    fits: dict[tuple[str, str], fit.CouncilFit] = {}
    for weeks, group in by_weeks.items():
        fits |= fit.fit_matrix(
            windows,
            {str(municipality.pk): days[municipality.pk] for municipality in group},
            preparation=dt.timedelta(weeks=weeks),
        )
    rows = [
        MunicipalityRow(
            municipality=municipality,
            preparation_weeks=preparation_weeks(municipality),
            cells=[
                FitCell(document, fits[(str(municipality.pk), str(document.pk))])
                for document, _window in open_windows
            ],
        )
        for municipality in municipalities
    ]
    columns = []
    for index, (document, window) in enumerate(open_windows):
        states = [row.cells[index].fit.fit for row in rows]
        columns.append(
            DocumentColumn(
                document=document,
                window=window,
                green=states.count(fit.Fit.GREEN),
                tight=states.count(fit.Fit.TIGHT),
                impossible=states.count(fit.Fit.IMPOSSIBLE),
                unable=[
                    row.municipality
                    for row in rows
                    if row.cells[index].fit.fit == fit.Fit.IMPOSSIBLE
                ],
            )
        )
    return FitMatrix(today, columns, rows)


def _documents(user: Viewer | None) -> QuerySet[PcDocument]:
    if user is None:
        return PcDocument.objects.select_related("proposal", "exempt_category")
    return pc_document_scope(user)


def fit_matrix(user: Viewer, *, today: dt.date | None = None) -> FitMatrix:
    """The matrix of the P&C documents ``user`` may see."""
    return build_fit_matrix(_documents(user), today=today)


@dataclass(frozen=True)
class DocumentFitSummary:
    document: PcDocument
    window: fit.Window
    able: int  # councils that can respond in time (green or tight)
    total: int

    @property
    def share(self) -> float | None:
        """The share of councils able to respond, 0..1 (None without municipalities)."""
        return self.able / self.total if self.total else None


def fit_summary(
    user: Viewer | None = None, *, today: dt.date | None = None
) -> list[DocumentFitSummary]:
    """Per document with an open view window (those ``user`` may see; all without a
    user, for server-side use such as a report), how many councils can respond in time."""
    matrix = build_fit_matrix(_documents(user), today=today)
    return [
        DocumentFitSummary(column.document, column.window, column.able, column.total)
        for column in matrix.columns
    ]
