"""Planning a proposal's route backwards from its target meeting (``plan_route`` and
``route_plan_backwards``), on top of the pure ``deadlines.plan_backwards``."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from governance import services
from governance.models import AgendaItem, Meeting, Proposal, RouteStep
from governance.services.proposals import plan_gaps, plan_route
from tests.governance.route_helpers import NOW, at, bodies, meeting, pc_template


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def route_bodies(ab, db_body, ac):
    return bodies(ab, db_body, ac)


@pytest.fixture
def proposal(secretary, route_bodies):
    return services.proposal_create(
        actor=secretary,
        title="Herstelplan eigen vermogen",
        route_template=pc_template(route_bodies),
    )


@pytest.fixture
def calendar(route_bodies):
    """AB 9 July; its deadline 25 June 12:00. DB 24 June fits (26 June does not); DB's
    deadline 17 June: AC 16 June fits; AC's deadline 9 June 12:00: BAO 9 June 09:00
    fits, BAO 10 June does not."""
    b = route_bodies
    return {
        "AB": meeting(b["AB"], 2026, 7, 9, 14),
        "DB": meeting(b["DB"], 2026, 6, 24, 10),
        "DB-late": meeting(b["DB"], 2026, 6, 26, 10),
        "DB-early": meeting(b["DB"], 2026, 6, 3, 10),
        "AC": meeting(b["AC"], 2026, 6, 16, 15),
        "AC-cancelled": meeting(b["AC"], 2026, 6, 17, 9, status=Meeting.Status.CANCELLED),
        "BAO": meeting(b["BAO"], 2026, 6, 9, 9),
        "BAO-late": meeting(b["BAO"], 2026, 6, 10, 9),
    }


def test_plan_chooses_the_latest_meeting_before_each_next_deadline(proposal, calendar):
    lines = plan_route(proposal, calendar["AB"])
    assert [line.meeting for line in lines] == [
        calendar["BAO"],
        calendar["AC"],
        calendar["DB"],
        calendar["AB"],
    ]
    assert [line.deadline for line in lines] == [
        at(2026, 6, 2, 12),
        at(2026, 6, 9, 12),
        at(2026, 6, 17, 12),
        at(2026, 6, 25, 12),
    ]
    # Each earlier step had to meet before the next step's document deadline.
    assert [line.latest_start for line in lines[:3]] == [
        at(2026, 6, 9, 12),
        at(2026, 6, 17, 12),
        at(2026, 6, 25, 12),
    ]
    assert not any(line.is_gap for line in lines)
    assert not AgendaItem.objects.exists()  # planning alone writes nothing


def test_plan_backwards_schedules_every_step_and_builds_the_agendas(secretary, proposal, calendar):
    lines = services.route_plan_backwards(
        actor=secretary, proposal=proposal, target_meeting=calendar["AB"]
    )
    assert len(lines) == 4 and not any(line.is_gap for line in lines)
    steps = list(proposal.steps.order_by("position"))
    assert [s.meeting for s in steps] == [
        calendar["BAO"],
        calendar["AC"],
        calendar["DB"],
        calendar["AB"],
    ]
    for step in steps:
        item = AgendaItem.objects.get(route_step=step)
        assert item.meeting == step.meeting
        assert item.title == "Herstelplan eigen vermogen"
        assert item.number == "1"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_ROUTE


def test_a_gap_is_named_and_nothing_is_scheduled(secretary, proposal, calendar, route_bodies):
    calendar["AC"].delete()  # no AC meeting before DB's deadline of 17 June
    lines = plan_route(proposal, calendar["AB"])
    assert [line.is_gap for line in lines] == [True, True, False, False]
    gap = lines[1]
    assert gap.step.body.code == "AC"
    assert gap.latest_start == at(2026, 6, 17, 12)  # "no AC meeting before 17 June 12:00"
    assert lines[0].latest_start is None  # before a gap nothing can be computed
    with translation.override("nl"):
        assert plan_gaps(lines) == [
            "Stap 1 (BAO) kan nog niet worden gepland: de stap erna heeft geen vergadering.",
            "Stap 2 (AC): er is geen AC-vergadering tussen 1 juni 2026 en 17 juni 2026, 12:00, "
            "op tijd voor de DB-vergadering van 24 juni 2026 (de stukken daarvoor moeten er "
            "uiterlijk 17 juni 2026, 12:00 zijn).",
        ]
    # Only a plan in which every step fits is scheduled: all or nothing.
    with pytest.raises(ValidationError) as refused:
        services.route_plan_backwards(
            actor=secretary, proposal=proposal, target_meeting=calendar["AB"]
        )
    assert refused.value.messages == plan_gaps(lines)
    assert not RouteStep.objects.filter(meeting__isnull=False).exists()
    assert not AgendaItem.objects.exists()


def test_a_step_whose_deadline_has_passed_comes_too_late(proposal, calendar, route_bodies):
    with time_machine.travel(at(2026, 6, 18, 9), tick=False):
        lines = plan_route(proposal, calendar["AB"])
        with translation.override("nl"):
            reasons = plan_gaps(lines)
    assert reasons[-1] == (
        "Stap 2 (AC) komt te laat voor de DB-vergadering van 24 juni 2026: de stukken "
        "daarvoor moesten er uiterlijk 17 juni 2026, 12:00 zijn."
    )
    assert plan_gaps(plan_route(proposal, calendar["AB"])) == []  # on 1 June it all fits


def test_replanning_moves_items_to_the_new_meetings(secretary, proposal, calendar, route_bodies):
    services.route_plan_backwards(actor=secretary, proposal=proposal, target_meeting=calendar["AB"])
    later_ab = meeting(route_bodies["AB"], 2026, 7, 16, 14)
    later_db = meeting(route_bodies["DB"], 2026, 7, 1, 10)
    services.route_plan_backwards(actor=secretary, proposal=proposal, target_meeting=later_ab)
    db_step = proposal.steps.get(position=3)
    ab_step = proposal.steps.get(position=4)
    assert db_step.meeting == later_db
    assert ab_step.meeting == later_ab
    assert not calendar["AB"].agenda_items.exists()
    assert AgendaItem.objects.filter(route_step__proposal=proposal).count() == 4


def test_the_target_must_be_a_meeting_of_the_last_steps_body(secretary, proposal, calendar):
    with pytest.raises(ValidationError):
        services.route_plan_backwards(
            actor=secretary, proposal=proposal, target_meeting=calendar["DB"]
        )
    assert not RouteStep.objects.filter(meeting__isnull=False).exists()
    assert not AgendaItem.objects.exists()


def test_planning_needs_the_route_permission(manager, proposal, calendar):
    with pytest.raises(PermissionDenied):
        services.route_plan_backwards(
            actor=manager, proposal=proposal, target_meeting=calendar["AB"]
        )
