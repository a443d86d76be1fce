"""The quick wins' pages, services and progress report: the six with status, latest note
and indicator; a status change and a progress note by the secretariat and the directie;
the reporting meetings from the reporting proposals' routes; the PDF for the AB."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from governance.models import Body, Meeting, StepPurpose
from pcycle.models import QuickWin, QuickWinNote
from pcycle.services.quickwins import quick_win_note_add, quick_win_set_status
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
    TrackFactory,
)

TZ = ZoneInfo("Europe/Amsterdam")
SEED = [
    (1, "Stukken op tijd aanleveren", QuickWin.Actor.HECHT, QuickWin.Measure.ON_TIME),
    (2, "Via afgesproken route agendapunten inbrengen bij AB", "together", "route"),
    (3, "Contactambtenaren laten meelezen", QuickWin.Actor.HECHT, "co_reading"),
    (4, "Beter aansluiten op gemeentelijke P&C cyclus", "together", "fit"),
    (5, "De juiste mensen in de juiste overleggen", QuickWin.Actor.HECHT, "attendance"),
    (6, "Meer scherpte op financiële consequenties", QuickWin.Actor.HECHT, "financial"),
]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


@pytest.fixture
def wins(db, manager):
    """The six quick wins, reported in a progress report routed BAO -> AC -> AB."""
    track = TrackFactory(title="Spoor 1: P&C-cyclus")
    report = ProposalFactory(title="Voortgang quick wins", created_by=manager)
    for position, (code, kind, when) in enumerate(
        [
            ("BAO", Body.Kind.OFFICIALS, dt.datetime(2024, 6, 13, 10, tzinfo=TZ)),
            ("AC", Body.Kind.AUDIT_COMMITTEE, dt.datetime(2024, 6, 24, 15, tzinfo=TZ)),
            ("AB", Body.Kind.GENERAL_BOARD, dt.datetime(2024, 7, 10, 14, tzinfo=TZ)),
        ],
        start=1,
    ):
        body = BodyFactory(code=code, kind=kind)
        RouteStepFactory(
            proposal=report,
            body=body,
            position=position,
            purpose=StepPurpose.DECIDE if code == "AB" else StepPurpose.ADVISE,
            meeting=MeetingFactory(body=body, starts_at=when, is_public=True),
        )
    created = []
    for number, title, actor, measure in SEED:
        win = QuickWin.objects.create(
            number=number,
            title=title,
            action=f"Actie {number}",
            actor=actor,
            measure=measure,
            track=track,
        )
        win.reports.add(report)
        created.append(win)
    return created


def _note(win, author, day, text):
    return QuickWinNote.objects.create(quick_win=win, author=author, written_on=day, text=text)


def test_the_overview_lists_the_six_with_status_latest_note_and_indicator(
    english, wins, secretary, manager
):
    _note(wins[0], secretary, dt.date(2024, 3, 1), "Oude stand")
    _note(wins[0], manager, dt.date(2024, 6, 1), "Deadlines in de jaarplanning")
    english.force_login(secretary)
    response = english.get(reverse("pcycle:quickwins"))
    assert response.status_code == 200
    html = response.content.decode()
    for _number, title, _actor, _measure in SEED:
        assert title.replace("&", "&amp;") in html
    assert "1 June 2024" in html and "Deadlines in de jaarplanning" in html
    assert "Oude stand" not in html, "only the latest note on the overview"
    assert "Not started" in html
    assert "Documents delivered on time: no data yet" in html
    assert 'class="hecht-subnav"' in html
    # The report meetings from the report's route: BAO, AC, AB 10 July 2024.
    assert re.search(
        r"\(BAO\), 13 June 2024.*\(AC\), 24 June 2024.*\(AB\), 10 July 2024", html, re.S
    )
    assert "style=" not in html.split("<main", 1)[-1]


def test_the_overview_shows_the_computed_headline_and_chart(english, wins, secretary):
    bao = Body.objects.get(code="BAO")
    meeting = MeetingFactory(
        body=bao, starts_at=dt.datetime(2024, 5, 2, 10, tzinfo=TZ), status=Meeting.Status.HELD
    )
    for present in (6, 7):
        DecisionFactory(
            agenda_item=AgendaItemFactory(meeting=meeting), heads_present=present, heads_total=8
        )
    english.force_login(secretary)
    html = english.get(reverse("pcycle:quickwins")).content.decode()
    assert "7 of 8 (88%)" in html
    assert "Attendance per meeting, Q2 2024" in html
    assert 'id="chart-qw-5"' in html and 'role="img"' in html


@pytest.mark.parametrize("size", [1, 4])
def test_the_overview_takes_a_fixed_number_of_queries(
    english, wins, secretary, size, django_assert_num_queries
):
    bao = Body.objects.get(code="BAO")
    for index in range(size):
        meeting = MeetingFactory(
            body=bao,
            starts_at=dt.datetime(2024, 1 + index, 3, 10, tzinfo=TZ),
            status=Meeting.Status.HELD,
        )
        for _ in range(size):
            item = AgendaItemFactory(meeting=meeting)
            DocumentFactory(agenda_item=item, versions=0)
            DecisionFactory(agenda_item=item, heads_present=5, heads_total=8)
        for win in wins:
            _note(win, secretary, dt.date(2024, 1 + index, 1), f"Stand {index}")
    english.force_login(secretary)
    # Session, user, second factor and permissions (5), the quick wins with their notes,
    # reports and routes (4), the indicators: on time (4), co-reading (1), attendance (3),
    # financial (1), the councils' fit (2 here, without open view windows: pcycle.queries.fit).
    with django_assert_num_queries(20):
        assert english.get(reverse("pcycle:quickwins")).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_the_detail_takes_a_fixed_number_of_queries(
    english, wins, secretary, size, django_assert_num_queries
):
    bao = Body.objects.get(code="BAO")
    for index in range(size):
        meeting = MeetingFactory(
            body=bao,
            starts_at=dt.datetime(2024, 1 + index, 3, 10, tzinfo=TZ),
            status=Meeting.Status.HELD,
        )
        for _ in range(size):
            DecisionFactory(
                agenda_item=AgendaItemFactory(meeting=meeting), heads_present=5, heads_total=8
            )
        _note(wins[4], secretary, dt.date(2024, 1 + index, 1), f"Stand {index}")
    english.force_login(secretary)
    # Session, user, second factor and permissions (5), the quick win (1), again with its
    # notes, reports and routes (4), attendance (3), the meetings the reader sees (1).
    with django_assert_num_queries(14):
        response = english.get(reverse("pcycle:quickwin-detail", args=[wins[4].pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Stand ") == size


def test_the_detail_shows_notes_newest_first_the_chart_per_meeting_and_the_forms(
    english, wins, secretary, manager
):
    bao = Body.objects.get(code="BAO")
    meeting = MeetingFactory(
        body=bao,
        starts_at=dt.datetime(2024, 5, 2, 10, tzinfo=TZ),
        status=Meeting.Status.HELD,
        is_public=True,
    )
    DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting), heads_present=6, heads_total=8)
    _note(wins[4], secretary, dt.date(2024, 3, 1), "Eerste stand")
    _note(wins[4], manager, dt.date(2024, 6, 1), "Tweede stand")
    english.force_login(secretary)
    html = english.get(reverse("pcycle:quickwin-detail", args=[wins[4].pk])).content.decode()
    assert html.index("Tweede stand") < html.index("Eerste stand")
    assert "BAO 02-05-2024" in html, "the share per meeting"
    assert reverse("pcycle:quickwin-status", args=[wins[4].pk]) in html
    assert reverse("pcycle:quickwin-note", args=[wins[4].pk]) in html
    assert "Spoor 1: P&amp;C-cyclus" in html


def test_a_board_member_reads_without_the_forms(english, wins, ab_member):
    english.force_login(ab_member)
    html = english.get(reverse("pcycle:quickwin-detail", args=[wins[0].pk])).content.decode()
    assert reverse("pcycle:quickwin-status", args=[wins[0].pk]) not in html
    assert reverse("pcycle:quickwin-note", args=[wins[0].pk]) not in html


@time_machine.travel(dt.datetime(2024, 7, 1, 9, tzinfo=TZ), tick=False)
def test_the_secretary_changes_the_status_and_adds_a_note(english, wins, secretary):
    english.force_login(secretary)
    win = wins[0]
    response = english.post(
        reverse("pcycle:quickwin-status", args=[win.pk]), {"status": "implemented"}
    )
    assert response.status_code == 302
    win.refresh_from_db()
    assert win.status == "implemented"
    assert (
        win.history.order_by("-history_id").first().history_change_reason
        == "Status changed from Not started to Implemented"
    )
    response = english.post(
        reverse("pcycle:quickwin-note", args=[win.pk]),
        {"written_on": "2024-07-01", "text": "  Deadlines gehaald  "},
    )
    assert response.status_code == 302
    note = win.notes.get()
    assert (note.written_on, note.author, note.text) == (
        dt.date(2024, 7, 1),
        secretary,
        "Deadlines gehaald",
    )
    assert note.history.count() == 1


@pytest.mark.parametrize(
    ("now", "written_on", "ok"),
    [
        (dt.datetime(2024, 7, 1, 9, tzinfo=TZ), dt.date(2024, 7, 1), True),
        (dt.datetime(2024, 7, 1, 9, tzinfo=TZ), dt.date(2024, 7, 2), False),
        (dt.datetime(2024, 12, 31, 23, 30, tzinfo=TZ), dt.date(2025, 1, 1), False),
        (dt.datetime(2025, 1, 1, 0, 30, tzinfo=TZ), dt.date(2025, 1, 1), True),
    ],
)
def test_a_note_cannot_be_dated_in_the_future(wins, manager, now, written_on, ok):
    with time_machine.travel(now, tick=False):
        if ok:
            quick_win_note_add(actor=manager, quick_win=wins[0], written_on=written_on, text="x")
        else:
            with pytest.raises(ValidationError):
                quick_win_note_add(
                    actor=manager, quick_win=wins[0], written_on=written_on, text="x"
                )


@time_machine.travel(dt.datetime(2024, 7, 1, 9, tzinfo=TZ), tick=False)
def test_a_future_note_is_shown_on_the_form(english, wins, manager):
    english.force_login(manager)
    response = english.post(
        reverse("pcycle:quickwin-note", args=[wins[0].pk]),
        {"written_on": "2024-07-02", "text": "Te vroeg"},
    )
    assert response.status_code == 422
    assert "A progress note cannot be dated in the future." in response.content.decode()
    assert not wins[0].notes.exists()


def test_the_services_check_the_permission_first(wins, ab_member, contact_official):
    for actor in (ab_member, contact_official):
        with pytest.raises(PermissionDenied):
            quick_win_set_status(actor=actor, quick_win=wins[0], status="started")
        with pytest.raises(PermissionDenied):
            quick_win_note_add(
                actor=actor, quick_win=wins[0], written_on=dt.date(2024, 1, 1), text="x"
            )


def test_an_unknown_status_is_refused_and_an_unchanged_one_writes_no_history(wins, secretary):
    with pytest.raises(ValidationError):
        quick_win_set_status(actor=secretary, quick_win=wins[0], status="done")
    before = wins[0].history.count()
    quick_win_set_status(actor=secretary, quick_win=wins[0], status="not_started")
    assert wins[0].history.count() == before


def test_the_progress_report_is_a_tagged_dutch_pdf_with_every_win_and_its_chart(
    client, wins, secretary
):
    bao = Body.objects.get(code="BAO")
    meeting = MeetingFactory(
        body=bao, starts_at=dt.datetime(2024, 5, 2, 10, tzinfo=TZ), status=Meeting.Status.HELD
    )
    DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting), heads_present=6, heads_total=8)
    _note(wins[4], secretary, dt.date(2024, 6, 1), "Dennis sluit aan bij het BAO")
    client.force_login(secretary)
    response = client.get(reverse("pcycle:quickwins-report"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    for _number, title, _actor, _measure in SEED:
        assert title.split()[0] in text
    assert "Dennis sluit aan bij het BAO" in text
    assert "6 van 8 (75%)" in text or "6 of 8 (75%)" in text
    assert "10 juli 2024" in text, "the AB meeting it reports to"
