"""The quick wins' indicators (``pcycle.queries.kpis``) against hand-counted fixtures:
exact fractions, periods without data (no value, not 0%), and a fixed number of queries
whatever the amount of data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from governance.models import (
    AgendaItem,
    CoverNote,
    Meeting,
    Proposal,
    ReviewRound,
    RouteStep,
)
from governance.queries.agenda import item_document_status
from governance.services.cover_notes import missing_for_completion
from pcycle.queries import kpis
from pcycle.queries.kpis import Period, Share
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CoverNoteFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
    UserFactory,
)
from tests.pcycle.calendars_data import municipality, view_document

TZ = ZoneInfo("Europe/Amsterdam")
HELD = Meeting.Status.HELD


def _at(year, month, day, hour=14):
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


def _meeting(body, when, *, status=HELD, **kwargs):
    return MeetingFactory(body=body, starts_at=when, status=status, **kwargs)


def _item(meeting, *, delivered=(), **kwargs):
    """An item expecting documents, with a document delivered at each of ``delivered``."""
    item = AgendaItemFactory(meeting=meeting, **kwargs)
    for moment in delivered:
        DocumentFactory(agenda_item=item, delivered_at=moment, versions=0)
    return item


@pytest.fixture(autouse=True)
def _english():
    """Labels compared in English (the source strings)."""
    with translation.override("en"):
        yield


@pytest.fixture
def bodies(db):
    return (
        BodyFactory(code="AB", name="Algemeen Bestuur", order=1),
        BodyFactory(code="BAO", name="Bestuurlijk ambtelijk overleg", order=3),
    )


# --- Share and periods -----------------------------------------------------------------


def test_a_share_without_anything_counted_has_no_value_not_zero():
    assert Share().value is None
    assert Share(0, 3).value == 0
    assert Share(1, 3).value == pytest.approx(1 / 3)
    assert Share(2, 3).label == "2 of 3 (67%)"
    assert Share().label == "no data"


def test_periods_are_quarters_or_half_years_in_dutch_time():
    # 31 March 23:30 UTC is already 1 April in Amsterdam.
    assert Period.of(dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC)) == Period(2024, 2)
    assert Period.of(dt.date(2024, 12, 31)).label == "Q4 2024"
    assert Period.of(dt.date(2024, 7, 1), size=6).label == "H2 2024"


# --- ON_TIME ---------------------------------------------------------------------------


def test_on_time_counts_delivered_late_and_missing_per_meeting_and_per_body_quarter(bodies):
    ab, bao = bodies
    early = _at(2024, 1, 2)
    # AB 6 March 2024 (Q1): on time, on time, late, missing -> 2 of 4.
    m1 = _meeting(ab, _at(2024, 3, 6))
    _item(m1, delivered=[early])
    _item(m1, delivered=[early, early])
    _item(m1, delivered=[early, _at(2024, 3, 6, 10)])  # one of two late: late
    _item(m1)
    # Not counted: an item expecting no documents, a planned meeting, a written procedure.
    _item(m1, requires_documents=False)
    _item(_meeting(ab, _at(2024, 3, 20), status=Meeting.Status.PLANNED))
    _item(
        _meeting(
            ab, _at(2024, 3, 21), kind=Meeting.Kind.WRITTEN, response_deadline=_at(2024, 3, 28)
        )
    )
    # BAO 10 April 2024 (Q2): 1 of 1, the document delivered with the proposal.
    m2 = _meeting(bao, _at(2024, 4, 10))
    proposal = ProposalFactory()
    step = RouteStepFactory(proposal=proposal, body=bao, meeting=m2)
    _item(m2, route_step=step)
    DocumentFactory(proposal=proposal, delivered_at=early, versions=0)
    # AB 12 June 2024 (Q2): 0 of 1.
    m3 = _meeting(ab, _at(2024, 6, 12))
    _item(m3, delivered=[_at(2024, 6, 12, 9)])

    found = kpis.on_time()

    assert [p.label for p in found.periods] == ["Q1 2024", "Q2 2024"]
    assert dict(found.series) == {
        "Algemeen Bestuur": (Share(2, 4), Share(0, 1)),
        "Bestuurlijk ambtelijk overleg": (Share(), Share(1, 1)),
    }
    assert found.overall == (Share(2, 4), Share(1, 2))
    assert [(row.meeting, row.share) for row in found.meetings] == [
        (m1, Share(2, 4)),
        (m2, Share(1, 1)),
        (m3, Share(0, 1)),
    ]
    assert found.headline == (Period(2024, 2), Share(1, 2))


def test_on_time_without_held_meetings_has_no_periods_and_no_headline(bodies):
    _item(_meeting(bodies[0], _at(2024, 3, 6), status=Meeting.Status.PLANNED))
    found = kpis.on_time()
    assert found.periods == () and found.meetings == () and found.headline is None


def _on_time_world(bodies, size):
    for index in range(size):
        meeting = _meeting(bodies[index % 2], _at(2024, 1 + index % 12, 10))
        for _ in range(size):
            _item(meeting, delivered=[_at(2023, 12, 1)])


@pytest.mark.parametrize("size", [1, 4])
def test_on_time_takes_four_queries_whatever_the_data(bodies, size, django_assert_num_queries):
    _on_time_world(bodies, size)
    with django_assert_num_queries(4):
        found = kpis.on_time()
    assert sum(share.total for share in found.overall) == size * size


# --- ATTENDANCE ------------------------------------------------------------------------


def _decision(meeting, present, total, **kwargs):
    return DecisionFactory(
        agenda_item=AgendaItemFactory(meeting=meeting),
        heads_present=present,
        heads_total=total,
        votes_recorded=present is not None,
        **kwargs,
    )


def test_attendance_takes_the_most_members_present_per_meeting_and_pools_per_quarter(bodies):
    ab, bao = bodies
    m1 = _meeting(bao, _at(2024, 2, 1))
    _decision(m1, 5, 8)
    _decision(m1, 6, 8)  # someone came later: 6 of 8
    m2 = _meeting(bao, _at(2024, 3, 1))
    _decision(m2, 3, 8)
    m3 = _meeting(ab, _at(2024, 7, 10))
    _decision(m3, 14, 18)
    # Not counted: no votes counted, a meeting not held.
    _decision(_meeting(ab, _at(2024, 5, 1)), None, None)
    _decision(_meeting(ab, _at(2024, 12, 18), status=Meeting.Status.PLANNED), 18, 18)
    # A written procedure: the members who responded.
    written = _meeting(
        bao, _at(2024, 7, 20), kind=Meeting.Kind.WRITTEN, response_deadline=_at(2024, 7, 30)
    )
    _decision(written, 4, 8)

    found = kpis.attendance()

    assert [row.share for row in found.meetings] == [
        Share(6, 8),
        Share(3, 8),
        Share(14, 18),
        Share(4, 8),
    ]
    assert [p.label for p in found.periods] == ["Q1 2024", "Q3 2024"]
    assert dict(found.series) == {
        "Algemeen Bestuur": (Share(), Share(14, 18)),
        "Bestuurlijk ambtelijk overleg": (Share(9, 16), Share(4, 8)),
    }
    assert found.series[0][0] == "Algemeen Bestuur", "bodies in their order"


@pytest.mark.parametrize("size", [1, 4])
def test_attendance_takes_three_queries_whatever_the_data(bodies, size, django_assert_num_queries):
    for index in range(size):
        meeting = _meeting(bodies[index % 2], _at(2024, 1 + index, 5))
        for _ in range(size):
            _decision(meeting, 5, 8)
    with django_assert_num_queries(3):
        found = kpis.attendance()
    assert len(found.meetings) == size


# --- CO_READING ------------------------------------------------------------------------


def _decided(body, when, *, rounds=0, status=Proposal.Status.DECIDED):
    proposal = ProposalFactory(status=status)
    RouteStepFactory(
        proposal=proposal,
        body=body,
        meeting=_meeting(body, when),
        outcome=RouteStep.Outcome.DECIDED,
    )
    for number in range(1, rounds + 1):
        ReviewRound.objects.create(
            proposal=proposal,
            number=number,
            deadline=when.date(),
            opened_by=proposal.created_by,
            opened_at=when - dt.timedelta(days=30),
        )
    return proposal


def test_co_reading_counts_decided_proposals_with_a_round_per_half_year(bodies):
    ab = bodies[0]
    _decided(ab, _at(2024, 3, 6), rounds=1)
    _decided(ab, _at(2024, 3, 6), rounds=2)  # two rounds count once
    _decided(ab, _at(2024, 6, 12))
    _decided(ab, _at(2024, 12, 18), rounds=1)
    # Not counted: in route, or decided without a meeting of a decided step.
    _decided(ab, _at(2024, 12, 18), rounds=1, status=Proposal.Status.IN_ROUTE)
    ProposalFactory(status=Proposal.Status.DECIDED)

    found = kpis.co_reading()

    assert [p.label for p in found.periods] == ["H1 2024", "H2 2024"]
    assert found.overall == (Share(2, 3), Share(1, 1))


@pytest.mark.parametrize("size", [1, 5])
def test_co_reading_takes_one_query(bodies, size, django_assert_num_queries):
    for index in range(size):
        _decided(bodies[0], _at(2024, 1 + index, 3), rounds=index % 2)
    with django_assert_num_queries(1):
        found = kpis.co_reading()
    assert sum(share.total for share in found.overall) == size


# --- FINANCIAL -------------------------------------------------------------------------


def _note(body, when, **fields):
    proposal = ProposalFactory()
    RouteStepFactory(proposal=proposal, body=body, meeting=_meeting(body, when), position=1)
    return CoverNoteFactory(proposal=proposal, **fields)


def test_financial_counts_complete_sections_per_quarter_of_the_first_meeting(bodies):
    ab, bao = bodies
    complete_none = {"financial": CoverNote.Financial.NONE, "no_financial_reason": "Geen."}
    complete_some = {
        "financial": CoverNote.Financial.SOME,
        "amount": 1000,
        "nature": CoverNote.Nature.INCIDENTAL,
        "budget_year_from": 2025,
        "budget_line": "Programma 1",
    }
    _note(bao, _at(2024, 2, 1), **complete_none)
    _note(bao, _at(2024, 2, 2), **complete_some)
    _note(bao, _at(2024, 2, 3))  # not answered
    _note(bao, _at(2024, 2, 4), financial=CoverNote.Financial.NONE)  # no reason
    _note(ab, _at(2024, 5, 4), **{**complete_some, "budget_line": " "})
    # Its first meeting decides the quarter: BAO in Q2, though the AB is in Q3.
    two_steps = _note(bao, _at(2024, 6, 30), **complete_none)
    RouteStepFactory(
        proposal=two_steps.proposal, body=ab, meeting=_meeting(ab, _at(2024, 7, 10)), position=2
    )
    # Not counted: no meeting on the route yet, withdrawn.
    CoverNoteFactory()
    withdrawn = _note(ab, _at(2024, 5, 1))
    Proposal.objects.filter(pk=withdrawn.proposal_id).update(status=Proposal.Status.WITHDRAWN)

    found = kpis.financial()

    assert [p.label for p in found.periods] == ["Q1 2024", "Q2 2024"]
    assert found.overall == (Share(2, 4), Share(1, 2))


def test_the_financial_rule_is_the_one_completing_a_cover_note_applies(db):
    note = CoverNote(decision_points="Besluiten.", financial=CoverNote.Financial.SOME)
    assert note.financial_section_missing() == [
        "the amount",
        "whether the amount is incidental or structural",
        "the first budget year",
        "the budget line",
    ]
    assert missing_for_completion(note) == note.financial_section_missing()
    note.decision_points = ""
    assert missing_for_completion(note) == [
        "the decision points",
        *note.financial_section_missing(),
    ]


@pytest.mark.parametrize("size", [1, 5])
def test_financial_takes_one_query(bodies, size, django_assert_num_queries):
    for index in range(size):
        _note(bodies[1], _at(2024, 1 + index, 3))
    with django_assert_num_queries(1):
        found = kpis.financial()
    assert sum(share.total for share in found.overall) == size


# --- charts of an indicator ------------------------------------------------------------


def test_the_trend_chart_tables_the_exact_counts_and_no_data(bodies):
    ab, bao = bodies
    _decision(_meeting(bao, _at(2024, 2, 1)), 6, 8)
    _decision(_meeting(ab, _at(2024, 7, 10)), 14, 18)
    chart = kpis.trend_chart(kpis.attendance(), key="t")
    assert chart.headers == ("Period", "Algemeen Bestuur", "Bestuurlijk ambtelijk overleg")
    assert chart.rows == (
        ("Q1 2024", "no data", "6 of 8 (75%)"),
        ("Q3 2024", "14 of 18 (78%)", "no data"),
    )


def test_the_fit_indicator_counts_the_councils_that_can_respond_per_open_window(ab):
    """Hand-counted: the window 2026-04-01 .. 2026-06-30 (adoption 1 July); with the default
    two weeks to prepare, Gouda (28 May) and Leiden (16 April: ready on 15 April) can
    respond, Katwijk (9 July, after the window) and Lisse (no meetings) cannot: 2 of 4."""
    document = view_document(ab, sent=dt.date(2026, 4, 1), adoption=dt.date(2026, 7, 1))
    municipality("Gouda", days=[dt.date(2026, 5, 28)])
    municipality("Leiden", days=[dt.date(2026, 4, 16)])
    municipality("Katwijk", days=[dt.date(2026, 7, 9)])
    municipality("Lisse")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        found = kpis.indicator("fit")
    assert found is not None
    assert found.periods == (Period(2026, 2),)
    assert found.series == (("P&C documents with an open view window", (Share(2, 4),)),)
    assert document.label  # the matrix page names it; the indicator pools the documents
    assert found.headline == (Period(2026, 2), Share(2, 4))
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        assert kpis.indicator("fit").periods == ()  # the window has closed


def test_the_indicators_not_computed_here_give_none(db):
    assert kpis.indicator("route") is None
    assert kpis.indicator("") is None


def test_item_document_status_still_needs_a_user_or_documents(db):
    with pytest.raises(TypeError):
        item_document_status([AgendaItem()])
    secretary = UserFactory()
    assert item_document_status([], user=secretary) == {}
