"""The fit matrix over real rows (``pcycle/queries/fit.py``): each municipality's own
preparation time, council meetings only, the window's edges, documents whose window has
closed left out, counts per document, the summary for the quick-win KPI, and a constant
number of queries in the number of municipalities and documents."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from pcycle.fit import Fit
from pcycle.queries import calendars as calendar_queries
from pcycle.queries import fit as queries
from tests.pcycle.calendars_data import municipality, view_document

pytestmark = pytest.mark.django_db

D = dt.date
SENT = D(2026, 4, 9)
ADOPTION = D(2026, 7, 2)
CLOSES = D(2026, 7, 1)  # the day before the AB adopts
READY = D(2026, 4, 23)  # two weeks of preparation


def cells_by_name(matrix):
    return {row.municipality.name: row.cells[0].fit for row in matrix.rows}


def test_each_council_is_judged_at_the_window_edges_with_its_own_preparation(ab, secretary):
    document = view_document(ab, sent=SENT, adoption=ADOPTION)
    municipality("A day early", days=[READY - dt.timedelta(days=1)])
    municipality("B on the ready day", days=[READY])
    municipality("C a week later", days=[READY + dt.timedelta(days=7)])
    municipality("D last day", days=[CLOSES])
    municipality("E day after", days=[CLOSES + dt.timedelta(days=1)])
    municipality("F committee only", committee=[D(2026, 5, 14)])
    municipality("G four weeks", weeks=4, days=[D(2026, 4, 30)])
    municipality("H no preparation", weeks=0, days=[SENT])
    municipality("I nothing")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        matrix = queries.fit_matrix(secretary)
    assert [column.document for column in matrix.columns] == [document]
    fits = cells_by_name(matrix)
    assert {name: result.fit for name, result in fits.items()} == {
        "A day early": Fit.IMPOSSIBLE,
        "B on the ready day": Fit.TIGHT,
        "C a week later": Fit.GREEN,
        "D last day": Fit.GREEN,
        "E day after": Fit.IMPOSSIBLE,
        "F committee only": Fit.IMPOSSIBLE,
        "G four weeks": Fit.IMPOSSIBLE,
        "H no preparation": Fit.TIGHT,
        "I nothing": Fit.IMPOSSIBLE,
    }
    assert fits["B on the ready day"].meeting == READY
    assert fits["D last day"].meeting == CLOSES
    assert fits["G four weeks"].earliest_ready == D(2026, 5, 7)
    assert fits["I nothing"].earliest_ready == READY
    assert [row.preparation_weeks for row in matrix.rows if row.municipality.name[0] in "AGH"] == [
        2,
        4,
        0,
    ]
    column = matrix.columns[0]
    assert (column.green, column.tight, column.impossible) == (2, 2, 5)
    assert [place.name for place in column.unable] == [
        "A day early",
        "E day after",
        "F committee only",
        "G four weeks",
        "I nothing",
    ]


def test_the_views_requested_by_date_closes_the_window_early(ab, secretary):
    view_document(ab, sent=SENT, adoption=ADOPTION, views_by=D(2026, 6, 1))
    municipality("On the date", days=[D(2026, 6, 1)])
    municipality("After it", days=[D(2026, 6, 2)])
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        fits = cells_by_name(queries.fit_matrix(secretary))
    assert fits["On the date"].fit == Fit.GREEN
    assert fits["After it"].fit == Fit.IMPOSSIBLE


@pytest.mark.parametrize(
    ("today", "shown"),
    [(D(2026, 1, 5), True), (CLOSES, True), (CLOSES + dt.timedelta(days=1), False)],
)
def test_a_document_is_shown_until_its_window_has_closed(ab, secretary, today, shown):
    view_document(ab, sent=SENT, adoption=ADOPTION)
    municipality("Gouda", days=[D(2026, 5, 28)])
    moment = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        matrix = queries.fit_matrix(secretary)
    assert bool(matrix.columns) is shown
    assert len(matrix.rows) == (1 if shown else 0)


def test_columns_run_by_closing_date_and_a_document_without_window_is_left_out(ab, secretary):
    later = view_document(ab, sent=D(2026, 9, 3), adoption=D(2026, 11, 26))
    sooner = view_document(ab, sent=SENT, adoption=ADOPTION)
    view_document(ab, sent=D(2026, 12, 10), adoption=D(2026, 12, 3))  # sent after adoption
    municipality("Gouda", days=[D(2026, 5, 28), D(2026, 10, 8)])
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        matrix = queries.fit_matrix(secretary)
    assert [column.document for column in matrix.columns] == [sooner, later]
    assert [cell.fit.meeting for cell in matrix.rows[0].cells] == [D(2026, 5, 28), D(2026, 10, 8)]


def test_the_summary_gives_the_share_of_councils_that_can_respond(ab, secretary):
    document = view_document(ab, sent=SENT, adoption=ADOPTION)
    municipality("Green", days=[D(2026, 5, 28)])
    municipality("Tight", days=[READY])
    municipality("Never")
    municipality("Late", days=[D(2026, 7, 9)])
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        summary = queries.fit_summary(secretary)
        unscoped = queries.fit_summary()
    assert [(row.document, row.able, row.total, row.share) for row in summary] == [
        (document, 2, 4, 0.5)
    ]
    assert [(row.able, row.total) for row in unscoped] == [(2, 4)]


def test_without_documents_the_matrix_is_empty(secretary):
    municipality("Gouda", days=[D(2026, 5, 28)])
    matrix = queries.fit_matrix(secretary)
    assert (matrix.columns, matrix.rows) == ([], [])
    assert queries.fit_summary(secretary) == []


def _world(ab, size: int):
    for n in range(size):
        view_document(ab, sent=SENT + dt.timedelta(days=n), adoption=ADOPTION, year=2027 + n)
        municipality(f"Gemeente {size}-{n}", weeks=n % 3, days=[D(2026, 5, 7 + n), D(2026, 6, 4)])


@pytest.mark.parametrize("size", [2, 6])
def test_the_fit_matrix_takes_a_fixed_number_of_queries(
    ab, secretary, django_assert_num_queries, size
):
    _world(ab, size)
    # the user's permissions (2), documents (scoped), route steps, decisions,
    # municipalities with their calendars, council meetings
    moment = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False), django_assert_num_queries(7):
        matrix = queries.fit_matrix(secretary)
    assert (len(matrix.columns), len(matrix.rows)) == (size, size)


@pytest.mark.parametrize("size", [2, 6])
def test_the_calendar_overview_takes_a_fixed_number_of_queries(ab, django_assert_num_queries, size):
    _world(ab, size)
    with django_assert_num_queries(2):
        rows = calendar_queries.calendar_overview(today=D(2026, 3, 1))
    assert len(rows) == size


def test_the_overview_counts_council_meetings_per_year_and_the_next_one(secretary):
    place = municipality(
        "Leiden",
        weeks=3,
        days=[D(2026, 1, 29), D(2026, 4, 9), D(2026, 12, 17), D(2027, 2, 4), D(2028, 1, 1)],
        committee=[D(2026, 3, 26), D(2027, 1, 14)],
    )
    municipality("Gouda")
    rows = {
        row.municipality.name: row
        for row in calendar_queries.calendar_overview(today=D(2026, 3, 1))
    }
    leiden = rows["Leiden"]
    assert (leiden.municipality, leiden.this_year, leiden.next_year) == (place, 3, 1)
    assert leiden.next_meeting == D(2026, 4, 9)
    assert leiden.preparation_weeks == 3
    with translation.override("en"):
        assert [str(source) for source in leiden.sources] == ["Entered by hand"]
    gouda = rows["Gouda"]
    assert (gouda.this_year, gouda.next_meeting, gouda.preparation_weeks) == (0, None, 2)
    assert (gouda.sources, gouda.imported_at) == ([], None)
