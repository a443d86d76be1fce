"""The demo holds on any day it is loaded (issue 13, part 1): loaded with the clock frozen
on days that broke it before or that are edges of the calendar (new year, mid-year, the
December weeks around the last AB, the last working days of a year, a leap day), it
shows the next AB and DB with full, published agendas and built packs, a lived-in past
year, a continuous calendar, and no two facts that contradict each other."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.urls import reverse

from governance.models import (
    Action,
    AgendaItem,
    AgendaPack,
    Decision,
    DocumentVersion,
    Meeting,
    Proposal,
    RouteStep,
    User,
)
from governance.queries.agenda import item_document_status
from governance.queries.publication import publication_log
from pcycle import fit
from pcycle.models import (
    CouncilCalendar,
    CouncilMeeting,
    CouncilView,
    PcDocument,
    QuickWin,
    QuickWinNote,
)
from pcycle.queries.schedule import adoptions, amendment_status, view_windows
from tests.factories import TZ

DAYS = [
    dt.date(2026, 1, 1),  # new year's day, a Thursday: last year's December is history
    dt.date(2026, 7, 1),  # an AB Wednesday in the year plan
    dt.date(2026, 12, 4),  # the day the first review found the demo broken
    dt.date(2026, 12, 28),  # between Christmas and new year: next meetings in January
    dt.date(2028, 2, 29),  # a leap day
]


def _load(day: dt.date, django_capture_on_commit_callbacks) -> dt.datetime:
    now = dt.datetime.combine(day, dt.time(10), tzinfo=TZ)
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    return now


@pytest.mark.parametrize("day", DAYS, ids=[day.isoformat() for day in DAYS])
def test_the_demo_holds_on_any_day(day, db, settings, client, django_capture_on_commit_callbacks):
    """One load per day (a load takes seconds), every promise checked on it."""
    settings.DEBUG = True
    now = _load(day, django_capture_on_commit_callbacks)
    next_ab_and_db_have_full_published_agendas_and_built_packs(now)
    the_last_meetings_have_decisions_and_published_decision_lists(now)
    every_held_meeting_of_the_past_year_has_its_agenda_and_decisions(now)
    the_calendar_runs_from_the_seed_to_next_year_without_gaps(now)
    no_two_facts_contradict_each_other(now)
    the_next_ab_looks_the_same_on_every_page(now, client)
    co_reading_is_under_way(now)
    the_pc_cycle_is_computed_and_some_councils_cannot_respond(now)


def _next(code: str, now: dt.datetime) -> Meeting:
    return (
        Meeting.objects.filter(body__code=code, kind=Meeting.Kind.REGULAR, starts_at__gt=now)
        .select_related("body")
        .order_by("starts_at")
        .first()
    )


def next_ab_and_db_have_full_published_agendas_and_built_packs(now: dt.datetime) -> None:
    secretary = User.objects.get(username="secretariaat")
    states = set()
    for code in ("AB", "DB"):
        meeting = _next(code, now)
        assert meeting.starts_at - now < dt.timedelta(days=14), (code, meeting)
        assert meeting.agenda_published_at is not None and meeting.agenda_published_at <= now
        items = list(
            AgendaItem.objects.filter(meeting=meeting).select_related("meeting__body", "route_step")
        )
        # Opening, minutes, announcements, at least two proposals, closing.
        assert len(items) >= 6, (code, [i.title for i in items])
        assert sum(1 for i in items if i.route_step_id) >= 2
        packs = {p.variant: p for p in AgendaPack.objects.filter(meeting=meeting)}
        assert set(packs) == set(AgendaPack.Variant.values)
        for pack in packs.values():
            assert pack.status == AgendaPack.Status.READY and pack.file_name, (code, pack)
        states |= {s.state for s in item_document_status(items, user=secretary).values()}
    assert {"delivered", "late", "missing"} <= states


def the_last_meetings_have_decisions_and_published_decision_lists(now: dt.datetime) -> None:
    for code in ("AB", "DB", "BAO", "AC"):
        last = (
            Meeting.objects.filter(
                body__code=code,
                kind=Meeting.Kind.REGULAR,
                starts_at__lt=now - dt.timedelta(days=3),
            )
            .order_by("starts_at")
            .last()
        )
        assert Decision.objects.filter(agenda_item__meeting=last).exists(), last
        assert last.decisions_published_at is not None, last


def every_held_meeting_of_the_past_year_has_its_agenda_and_decisions(now: dt.datetime) -> None:
    held = Meeting.objects.filter(starts_at__lt=now, starts_at__gte=now - dt.timedelta(days=366))
    assert held.count() >= 25
    for meeting in held.annotate(
        items=Count("agenda_items", distinct=True),
        decisions=Count("agenda_items__decision", distinct=True),
    ):
        assert meeting.items, meeting
        assert meeting.agenda_published_at is not None, meeting
        assert meeting.is_held, meeting
        if meeting.kind != Meeting.Kind.THEME:
            assert meeting.decisions, meeting


def the_calendar_runs_from_the_seed_to_next_year_without_gaps(now: dt.datetime) -> None:
    months = set(Meeting.objects.values_list("starts_at__year", "starts_at__month"))
    year, month = 2023, 11
    while (year, month) <= (now.year + 1, 12):
        if month != 8:  # the summer recess
            assert (year, month) in months, (year, month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def no_two_facts_contradict_each_other(now: dt.datetime) -> None:
    meetings = Meeting.objects.all()
    assert not meetings.filter(starts_at__lt=now, status=Meeting.Status.PLANNED).exists()
    assert not meetings.filter(starts_at__gt=now, status__in=Meeting.HELD_STATUSES).exists()
    assert not meetings.filter(agenda_published_at__isnull=False, agenda_items=None).exists()
    assert not meetings.filter(agenda_published_at__gt=now).exists()
    assert not meetings.filter(agenda_published_at__gt=F("starts_at")).exists()
    with_decisions = Decision.objects.values("agenda_item__meeting")
    assert (
        not meetings.filter(decisions_published_at__isnull=False)
        .exclude(pk__in=with_decisions)
        .exists()
    )
    assert not meetings.filter(decisions_published_at__gt=now).exists()
    assert not Decision.objects.filter(agenda_item__meeting__starts_at__gt=now).exists()
    # A regular meeting's minutes are adopted only once its body has met again.
    for meeting in meetings.filter(
        kind=Meeting.Kind.REGULAR, status=Meeting.Status.MINUTES_ADOPTED
    ):
        assert meetings.filter(
            body=meeting.body,
            kind=Meeting.Kind.REGULAR,
            starts_at__gt=meeting.starts_at,
            starts_at__lt=now,
        ).exists(), meeting
    # The publication history says what the publication fields say, and when.
    for meeting in [
        _next("AB", now),
        _next("DB", now),
        *meetings.filter(decisions_published_at__isnull=False).order_by("-starts_at")[:3],
    ]:
        events = {event.label: event.at for event in publication_log(meeting)}
        assert events.get("Agenda gepubliceerd") == meeting.agenda_published_at, meeting
        if meeting.decisions_published_at:
            assert events.get("Besluitenlijst gepubliceerd") == meeting.decisions_published_at
        assert not any("ingetrokken" in label for label in events), (meeting, events)
    # Route steps: an outcome only after the meeting, pending only before it.
    steps = RouteStep.objects.exclude(meeting=None)
    assert (
        not steps.filter(meeting__starts_at__gt=now)
        .exclude(outcome=RouteStep.Outcome.PENDING)
        .exists()
    )
    assert not steps.filter(meeting__starts_at__lt=now, outcome=RouteStep.Outcome.PENDING).exists()
    pending = Q(steps__outcome=RouteStep.Outcome.PENDING)
    proposals = Proposal.objects.annotate(pending=Count("steps", filter=pending))
    assert not proposals.filter(status=Proposal.Status.DECIDED, pending__gt=0).exists()
    assert not proposals.filter(status=Proposal.Status.IN_ROUTE, pending=0).exists()
    # Nothing was delivered, uploaded or closed in the future.
    assert not DocumentVersion.objects.filter(uploaded_at__gt=now).exists()
    assert not DocumentVersion.objects.filter(document__delivered_at__gt=now).exists()
    today = now.date()
    assert not Action.objects.filter(closed_on__gt=today).exists()
    assert not Action.objects.filter(status__in=Action.CLOSED_STATUSES, closed_on=None).exists()
    # "Current year" proposals are named after the year of the meeting they go to.
    for proposal in Proposal.objects.filter(status=Proposal.Status.IN_ROUTE):
        last_step = proposal.steps.order_by("position").last()
        assert last_step.meeting is not None and last_step.meeting.starts_at > now, proposal


def the_next_ab_looks_the_same_on_every_page(now: dt.datetime, client) -> None:
    """Meeting page, publication page and public portal say the same about the next AB:
    agenda published, packs ready to download."""
    meeting = _next("AB", now)
    with time_machine.travel(now, tick=False):
        client.force_login(User.objects.get(username="secretariaat"))
        pages = {
            "detail": client.get(reverse("governance:meeting-detail", args=[meeting.pk])),
            "publication": client.get(reverse("governance:meeting-publication", args=[meeting.pk])),
        }
        client.logout()
        pages["portal"] = client.get(reverse("governance:public-meeting", args=[meeting.pk]))
    says = {
        "detail": "Agenda gepubliceerd",
        "publication": ">Gepubliceerd</span>",  # the agenda's badge (the first section)
        "portal": "Agenda gepubliceerd",
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert says[name] in html, name
        assert "wordt samengesteld" not in html, name
        assert "Gepland" not in html.split("<main", 1)[1], name


def co_reading_is_under_way(now: dt.datetime) -> None:
    """Issue 14's demo: an open round past its deadline with comments of several
    municipalities, some answered, a suggestion adopted and two municipalities late; the
    2024 P&C document co-read by all 18; a finished round whose response note is in the
    next AB's members' pack."""
    from django.utils import translation

    from governance.models import CoverNote, Document, ReviewRound
    from governance.packs.content import gather
    from governance.queries.review import LATE, glances

    today = now.date()
    rounds = list(ReviewRound.objects.select_related("proposal").order_by("opened_at"))
    assert len(rounds) == 3
    recovery, report, treasury = rounds
    assert recovery.proposal.reference == "VS-2024-003" and not recovery.is_open
    assert recovery.invitations.count() == 18 and recovery.opened_at.year == 2024
    assert treasury.is_open and treasury.deadline < today
    glance = glances([treasury], today=today)[treasury.pk]
    assert len(glance.by_state[LATE]) == 2, glance.by_state
    comments = list(treasury.comments.all())
    assert len({c.municipality_id for c in comments}) >= 3
    assert any(c.is_answered for c in comments) and not all(c.is_answered for c in comments)
    reasons = CoverNote.history.filter(proposal_id=treasury.proposal_id).values_list(
        "history_change_reason", flat=True
    )
    assert any(reason and reason.startswith("Suggestie van") for reason in reasons)
    note = Document.objects.get(kind=Document.Kind.RESPONSE_NOTE, versions__answers_round=report)
    assert note.proposal_id == report.proposal_id and not report.is_open
    with translation.override("nl"):
        pack = gather(_next("AB", now))["members"]
    assert note.pk in [d.pk for item in pack.items for d in item.documents]


def the_pc_cycle_is_computed_and_some_councils_cannot_respond(now: dt.datetime) -> None:
    """Issue 15's demo: the rejected amendment 2023, the views on the budget 2026, the
    next two budget years planned on the calendar, council calendars in which some
    councils cannot give their view on an upcoming budget in time, the six quick wins."""
    documents = list(PcDocument.objects.select_related("proposal"))
    planned = adoptions(documents)
    by_label = {(d.kind, d.year, d.number): d for d in documents}
    amendment = by_label[(PcDocument.Kind.AMENDMENT, 2023, 1)]
    assert amendment_status(amendment, planned[amendment.pk]) == "rejected"
    budget_2026 = by_label[(PcDocument.Kind.BUDGET, 2026, None)]
    views = list(CouncilView.objects.filter(document=budget_2026))
    assert len(views) == 15
    assert [v.position for v in views].count(CouncilView.Position.DISAGREES) == 1
    assert all(v.reply_sent_on is not None for v in views)
    # The consolidated views document travels with the proposal into the AB's pack.
    assert budget_2026.proposal.documents.filter(
        kind="report", title__startswith="Zienswijzen"
    ).exists()
    for year in (now.year + 1, now.year + 2):
        if year > 2026:
            budget = by_label[(PcDocument.Kind.BUDGET, year, None)]
            assert planned[budget.pk].day is not None, year
    upcoming = {
        pk: window for pk, window in view_windows(documents).items() if window.closes >= now.date()
    }
    assert upcoming, "an upcoming views window for the fit matrix"
    calendars = {c.municipality_id: c.preparation_weeks for c in CouncilCalendar.objects.all()}
    assert len(calendars) == 18
    days: dict[int, list[dt.date]] = {}
    for municipality_id, day in CouncilMeeting.objects.values_list("municipality_id", "day"):
        days.setdefault(municipality_id, []).append(day)
    fits = {
        fit.council_fit(window, days[m], preparation=dt.timedelta(weeks=weeks)).fit
        for window in upcoming.values()
        for m, weeks in calendars.items()
    }
    assert {fit.Fit.GREEN, fit.Fit.IMPOSSIBLE} <= fits
    assert QuickWin.objects.count() == 6
    assert QuickWinNote.objects.values("quick_win").distinct().count() == 6
