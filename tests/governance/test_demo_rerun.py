"""``load_demo`` run again after people changed the demo data (issue 11, part 2): it
finishes, keeping their changes, or stops with a clear message; it never leaves half a
demo behind (one transaction)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from governance import services
from governance.models import AgendaItem, Body, Meeting, Municipality, Proposal, RouteStep, User
from tests.governance.conftest import DEMO_TODAY
from tests.governance.test_demo import _counts


def _load_again():
    with time_machine.travel(DEMO_TODAY):
        call_command("load_demo", verbosity=0)


@pytest.fixture
def secretary(demo):
    return User.objects.get(username="secretariaat")


def test_rerun_keeps_a_renamed_agenda_item_and_adds_no_second_item_for_its_step(secretary):
    item = (
        AgendaItem.objects.filter(route_step__isnull=False, meeting__starts_at__gt=DEMO_TODAY)
        .order_by("pk")
        .first()
    )
    services.agenda_item_update(actor=secretary, item=item, title="Hernoemd agendapunt")
    before = _counts()
    _load_again()
    assert _counts() == before
    item.refresh_from_db()
    assert item.title == "Hernoemd agendapunt"


def test_rerun_after_a_route_step_was_inserted_finishes(secretary):
    proposal = Proposal.objects.filter(steps__outcome=RouteStep.Outcome.PENDING).first()
    pending = proposal.steps.filter(outcome=RouteStep.Outcome.PENDING).order_by("position")[0]
    services.route_step_add(
        actor=secretary,
        proposal=proposal,
        body=Body.objects.get(code="BAO"),
        purpose=pending.purpose,
        position=pending.position,
    )
    _load_again()


def test_rerun_after_a_route_step_was_removed_finishes(secretary):
    step = RouteStep.objects.filter(outcome=RouteStep.Outcome.PENDING).order_by("pk").first()
    services.route_step_remove(actor=secretary, step=step)
    _load_again()


def test_rerun_after_a_meeting_was_moved_finishes(secretary):
    meeting = Meeting.objects.filter(starts_at__gt=DEMO_TODAY).order_by("starts_at")[0]
    services.meeting_update(
        actor=secretary,
        meeting=meeting,
        starts_at=meeting.starts_at + dt.timedelta(days=1),
        ends_at=meeting.ends_at + dt.timedelta(days=1) if meeting.ends_at else None,
    )
    _load_again()


def test_a_demo_that_cannot_be_completed_stops_with_a_message_and_writes_nothing(
    db, settings, monkeypatch
):
    settings.DEBUG = True

    def conflict(*args, **kwargs):
        raise ValidationError("Er bestaat al een Agendapunt met eenzelfde Routestap.")

    # The story runs after the municipalities, bodies, people and meetings were written.
    monkeypatch.setattr("governance.demo.story.load_story", conflict)
    with pytest.raises(CommandError, match="nothing was written"):
        _load_again()
    assert not Municipality.objects.exists()
    assert not User.objects.exists()
