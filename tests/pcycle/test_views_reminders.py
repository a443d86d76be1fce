"""The ``council_view`` deadline source: a council without a registered view owes it by
the end of the view window's last day; its active contact officials are reminded at the
stages, the management is told two working days after; a registered view stops it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Proposal, ReminderDelivery
from governance.reminders import ledger, registry
from governance.reminders.owed import tasks_for
from governance.roles import CONTACT_OFFICIAL
from pcycle.models import PcDocument
from pcycle.reminders import council_view_deadlines, deadline_object_id
from pcycle.services.views import council_view_register
from tests.factories import TZ, UserFactory
from tests.pcycle.views_setup import DURING, WINDOW_CLOSES, budget, municipalities, next_year

pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def _deadlines(**window):
    return list(council_view_deadlines(registry.Window(now=DURING, **window)))


@pytest.fixture
def document(ab, leiden, gouda, contact_official, gouda_official):
    return budget(ab)


def test_one_deadline_per_council_without_a_view_owed_by_its_contact_officials(
    document, leiden, contact_official, gouda_official, ab_member
):
    UserFactory(
        username="ca-leiden-weg", roles=[CONTACT_OFFICIAL], municipality=leiden, is_active=False
    )
    found = {d.context: d for d in _deadlines()}
    assert set(found) == {"Voor Leiden", "Voor Gouda"}
    ours = found["Voor Leiden"]
    assert ours.recipient_ids == (contact_official.pk,)
    assert found["Voor Gouda"].recipient_ids == (gouda_official.pk,)  # not the AB member
    assert ours.all_day and ours.due_on == WINDOW_CLOSES
    assert ours.due_at == dt.datetime(2027, 6, 30, 23, 59, 59, tzinfo=TZ)
    assert ours.url == reverse("pcycle:views", args=[document.pk])
    assert ours.object_id == deadline_object_id(document.pk, leiden.pk)
    assert ours.title == "Registreer de zienswijze van de gemeenteraad op de begroting 2028"


def test_a_registered_view_stops_the_reminder(document, leiden, contact_official):
    with time_machine.travel(DURING, tick=False):
        council_view_register(
            actor=contact_official,
            document=document,
            municipality=leiden,
            received_on=DURING.date(),
            position="agrees",
        )
    assert [d.context for d in _deadlines()] == ["Voor Gouda"]


def test_the_window_filters_people_and_dates(document, contact_official):
    mine = _deadlines(user_ids=frozenset({contact_official.pk}))
    assert [d.recipient_ids for d in mine] == [(contact_official.pk,)]
    assert _deadlines(due_from=at(2027, 7, 1, 0)) == []
    assert _deadlines(due_until=at(2027, 6, 30, 12)) == []
    assert len(_deadlines(due_from=at(2027, 6, 30, 0), due_until=at(2027, 7, 1, 0))) == 2


def test_no_deadline_without_views_procedure_window_or_open_proposal(
    ab, document, contact_official
):
    budget(ab, kind=PcDocument.Kind.INTERIM, number=1, year=next_year())
    unplanned = budget(ab, year=next_year())
    unplanned.proposal.steps.update(meeting=None)
    assert {d.url for d in _deadlines()} == {reverse("pcycle:views", args=[document.pk])}
    Proposal.objects.filter(pk=document.proposal_id).update(status=Proposal.Status.WITHDRAWN)
    assert _deadlines() == []


def test_the_source_takes_a_fixed_number_of_queries(ab, document):
    counts = []
    for size in (1, 5):
        for municipality in municipalities(size):
            UserFactory(roles=[CONTACT_OFFICIAL], municipality=municipality)
        for _n in range(size):
            budget(ab, year=next_year())
        with CaptureQueriesContext(connection) as captured:
            assert _deadlines()
        counts.append(len(captured))
    assert counts[0] == counts[1] == 6


def _sweep(now):
    result = ledger.sweep(now)
    for user_id in result.recipients:
        ledger.deliver(result.token, user_id, now)


def test_reminded_at_each_stage_escalated_when_late_and_stopped_by_the_view(
    document, leiden, contact_official, gouda_official, manager
):
    mine = ReminderDelivery.objects.filter(recipient=contact_official, kind="council_view")
    theirs = ReminderDelivery.objects.filter(recipient=gouda_official, kind="council_view")
    _sweep(at(2027, 6, 1, 9))  # a month ahead: nothing yet
    assert not mine.exists()
    _sweep(at(2027, 6, 16, 9))  # ten working days before 30 June
    assert [row.stage for row in mine] == ["before-10"]
    _sweep(at(2027, 6, 28, 9))  # two working days before
    assert [row.stage for row in mine.order_by("pk")] == ["before-10", "before-2"]
    with time_machine.travel(at(2027, 6, 29, 10), tick=False):
        council_view_register(
            actor=contact_official,
            document=document,
            municipality=leiden,
            received_on=dt.date(2027, 6, 29),
            position="agrees",
        )
        assert tasks_for(contact_official, now=at(2027, 6, 29, 10)).own == []
        assert [t.deadline.context for t in tasks_for(gouda_official).own] == ["Voor Gouda"]
    _sweep(at(2027, 6, 30, 9))
    _sweep(at(2027, 7, 2, 9))  # two working days late
    # No reminder on the day ("due") or later for Leiden (an unsent one may even be withdrawn).
    assert {row.stage for row in mine} <= {"before-10", "before-2"}
    assert [row.stage for row in theirs.order_by("pk")] == [
        "before-10",
        "before-2",
        "due",
    ]
    escalated = ReminderDelivery.objects.filter(recipient=manager, kind="council_view")
    assert escalated.count() == 1


def test_the_source_is_registered_by_the_app_config_and_mandatory():
    source = registry.source("council_view")
    assert source.collect is council_view_deadlines
    assert source.mandatory and source.escalates
    assert [stage.offset for stage in source.stages] == [-10, -2, 0, 2]
