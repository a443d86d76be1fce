"""Registering, planning and sending P&C documents (``pcycle.services.cycle``): the happy
path, every refusal, and nothing half-saved when scheduling the AB meeting fails."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import Meeting, Proposal, RouteStep, RouteTemplate
from pcycle import timeline
from pcycle.models import ExemptCategory, PcDocument
from pcycle.services.cycle import pc_document_create, pc_document_plan, pc_document_record_sent
from tests.pcycle.cycle_helpers import NOW, ab_meeting, budget, decide, pc_route

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def exempt(db):
    return ExemptCategory.objects.create(name="Technische wijziging", source="art. 31 lid 4")


def test_timeline_kinds_are_the_model_kinds():
    assert set(timeline.KINDS) == set(PcDocument.Kind.values)


def test_create_registers_proposal_document_and_schedules_the_ab_step(secretary, ab):
    document = budget(secretary, ab, planned_to_councils_on=D(2027, 4, 1))
    assert document.proposal.title == "Begroting 2028"
    assert document.proposal.status == Proposal.Status.IN_ROUTE
    step = RouteStep.objects.get(proposal=document.proposal, body=ab)
    assert step.meeting.starts_at.date() == D(2027, 7, 7)
    assert document.planned_to_councils_on == D(2027, 4, 1)
    assert document.history.get().history_change_reason == "P&C-document geregistreerd"


def test_create_keeps_a_given_title_and_needs_no_meeting(manager, ab):
    document = pc_document_create(
        actor=manager, kind="frameworks", year=2028, title="  Kaderbrief 2028 Hecht "
    )
    assert document.proposal.title == "Kaderbrief 2028 Hecht"
    assert document.proposal.status == Proposal.Status.DRAFT


def test_create_needs_the_permission(ab_member, contact_official):
    for user in (ab_member, contact_official):
        with pytest.raises(PermissionDenied):
            pc_document_create(actor=user, kind="frameworks", year=2028)
    assert not PcDocument.objects.exists()


def test_manager_cannot_schedule_the_ab_meeting(manager, ab):
    with pytest.raises(PermissionDenied):
        budget(manager, ab)
    assert not Proposal.objects.exists() and not PcDocument.objects.exists()


@pytest.mark.parametrize(
    ("kind", "number", "field"),
    [
        ("amendment", None, "number"),
        ("interim", None, "number"),
        ("budget", 1, "number"),
        ("letter", None, "kind"),
    ],
)
def test_numbers_only_and_always_for_numbered_kinds(secretary, kind, number, field):
    with pytest.raises(ValidationError) as caught:
        pc_document_create(actor=secretary, kind=kind, year=2028, number=number)
    assert field in caught.value.message_dict
    assert not Proposal.objects.exists()


def test_a_document_is_unique_per_kind_year_and_number(secretary):
    pc_document_create(actor=secretary, kind="frameworks", year=2028)
    pc_document_create(actor=secretary, kind="amendment", year=2028, number=1)
    pc_document_create(actor=secretary, kind="amendment", year=2028, number=2)
    for kind, number in (("frameworks", None), ("amendment", 1)):
        with pytest.raises(ValidationError, match="bestaat al"):
            pc_document_create(actor=secretary, kind=kind, year=2028, number=number)
    assert PcDocument.objects.count() == Proposal.objects.count() == 3


def test_exempt_category_only_for_amendments(secretary, exempt):
    with pytest.raises(ValidationError) as caught:
        pc_document_create(actor=secretary, kind="budget", year=2028, exempt_category=exempt)
    assert "exempt_category" in caught.value.message_dict
    document = pc_document_create(
        actor=secretary, kind="amendment", year=2028, number=1, exempt_category=exempt
    )
    assert not document.has_view_procedure


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"planned_to_councils_on": D(2020, 1, 1)}, "planned_to_councils_on"),
        ({"planned_to_province_on": D(2031, 1, 1)}, "planned_to_province_on"),
        (
            {"planned_to_councils_on": D(2027, 4, 1), "views_requested_by": D(2027, 4, 1)},
            "views_requested_by",
        ),
        ({"planned_to_councils_on": D(2027, 7, 7)}, "planned_to_councils_on"),
        ({"planned_to_province_on": D(2027, 7, 6)}, "planned_to_province_on"),
    ],
)
def test_implausible_dates_are_refused(secretary, ab, dates, field):
    with pytest.raises(ValidationError) as caught:
        budget(secretary, ab, **dates)
    assert field in caught.value.message_dict
    assert not PcDocument.objects.exists() and not Proposal.objects.exists()


def test_dates_for_steps_a_kind_does_not_have_are_refused(secretary):
    for kind, field in (
        ("interim", "planned_to_councils_on"),
        ("frameworks", "planned_to_province_on"),
        ("frameworks", "views_requested_by"),
    ):
        number = 1 if kind == "interim" else None
        with pytest.raises(ValidationError) as caught:
            pc_document_create(
                actor=secretary, kind=kind, year=2028, number=number, **{field: D(2027, 3, 1)}
            )
        assert field in caught.value.message_dict


def test_adoption_meeting_must_be_of_the_general_board(secretary, ab, ac):
    with pytest.raises(ValidationError) as caught:
        budget(secretary, ab, meeting=ab_meeting(ac))
    assert "adoption_meeting" in caught.value.message_dict


def test_route_without_an_ab_decision_is_refused_and_nothing_is_saved(secretary, ab):
    template = RouteTemplate.objects.create(name="Alleen informeren")
    with pytest.raises(ValidationError) as caught:
        pc_document_create(
            actor=secretary,
            kind="budget",
            year=2028,
            route_template=template,
            adoption_meeting=ab_meeting(ab),
        )
    assert "adoption_meeting" in caught.value.message_dict
    assert not Proposal.objects.exists() and not PcDocument.objects.exists()


def test_nothing_half_saved_when_scheduling_fails(secretary, ab):
    cancelled = ab_meeting(ab, status=Meeting.Status.CANCELLED)
    with pytest.raises(ValidationError):
        budget(secretary, ab, meeting=cancelled)
    assert not Proposal.objects.exists()
    assert not PcDocument.objects.exists()
    assert not RouteStep.objects.exists()


# --- planning ------------------------------------------------------------------------------------


def test_plan_changes_dates_with_history(secretary, ab):
    document = budget(secretary, ab)
    pc_document_plan(
        actor=secretary,
        document=document,
        planned_to_councils_on=D(2027, 4, 12),
        views_requested_by=D(2027, 6, 16),
    )
    document.refresh_from_db()
    assert document.views_requested_by == D(2027, 6, 16)
    reason = document.history.first().history_change_reason
    assert reason.startswith("Gewijzigd:") and "zienswijzen" in reason


def test_plan_without_changes_writes_no_history(secretary, ab):
    document = budget(secretary, ab)
    pc_document_plan(actor=secretary, document=document, planned_to_councils_on=None)
    assert document.history.count() == 1


def test_plan_checks_dates_against_the_ab_meeting(secretary, ab):
    document = budget(secretary, ab)
    with pytest.raises(ValidationError) as caught:
        pc_document_plan(actor=secretary, document=document, planned_to_province_on=D(2027, 7, 1))
    assert "planned_to_province_on" in caught.value.message_dict


def test_plan_exempt_category_only_on_an_amendment(secretary, ab, exempt):
    document = budget(secretary, ab)
    with pytest.raises(ValidationError):
        pc_document_plan(actor=secretary, document=document, exempt_category=exempt)
    amendment = pc_document_create(actor=secretary, kind="amendment", year=2028, number=1)
    pc_document_plan(actor=secretary, document=amendment, exempt_category=exempt)
    amendment.refresh_from_db()
    assert amendment.exempt_category == exempt


def test_plan_needs_the_permission(secretary, ab, ab_member):
    document = budget(secretary, ab)
    with pytest.raises(PermissionDenied):
        pc_document_plan(actor=ab_member, document=document, planned_to_councils_on=None)


def test_plan_refuses_unknown_fields(secretary, ab):
    document = budget(secretary, ab)
    with pytest.raises(TypeError):
        pc_document_plan(actor=secretary, document=document, year=2029)


# --- sending ------------------------------------------------------------------------------------


def test_record_sent_to_the_councils(secretary, ab):
    document = budget(secretary, ab)
    pc_document_record_sent(actor=secretary, document=document, to="councils", on=D(2027, 1, 8))
    document.refresh_from_db()
    assert document.sent_to_councils_on == D(2027, 1, 8)
    assert document.history.first().history_change_reason == "Verzonden aan de gemeenteraden"


def test_record_sent_refuses_a_future_date(secretary, ab):
    document = budget(secretary, ab)
    with pytest.raises(ValidationError, match="toekomst"):
        pc_document_record_sent(
            actor=secretary, document=document, to="councils", on=D(2027, 1, 11)
        )


def test_record_sent_refuses_an_unknown_destination(secretary, ab):
    document = budget(secretary, ab)
    with pytest.raises(ValidationError):
        pc_document_record_sent(actor=secretary, document=document, to="mayor", on=D(2027, 1, 8))


def test_record_sent_refuses_a_destination_the_kind_does_not_have(secretary):
    interim = pc_document_create(actor=secretary, kind="interim", year=2028, number=1)
    for to in ("councils", "province"):
        with pytest.raises(ValidationError):
            pc_document_record_sent(actor=secretary, document=interim, to=to, on=D(2027, 1, 8))


def test_province_only_after_adoption(secretary, ab):
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        document = budget(
            secretary, ab, meeting=ab_meeting(ab, dt.datetime(2027, 6, 2, 14, tzinfo=dt.UTC))
        )
    with time_machine.travel(dt.datetime(2027, 6, 10, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ValidationError, match="Gedeputeerde Staten"):
            pc_document_record_sent(
                actor=secretary, document=document, to="province", on=D(2027, 6, 9)
            )
        decide(document, "rejected")
        with pytest.raises(ValidationError):
            pc_document_record_sent(
                actor=secretary, document=document, to="province", on=D(2027, 6, 9)
            )


def test_province_after_adoption_not_before_it(secretary, ab):
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        document = budget(
            secretary, ab, meeting=ab_meeting(ab, dt.datetime(2027, 6, 2, 14, tzinfo=dt.UTC))
        )
    decide(document)
    with time_machine.travel(dt.datetime(2027, 6, 10, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ValidationError) as caught:
            pc_document_record_sent(
                actor=secretary, document=document, to="province", on=D(2027, 6, 1)
            )
        assert "on" in caught.value.message_dict
        pc_document_record_sent(actor=secretary, document=document, to="province", on=D(2027, 6, 9))
    document.refresh_from_db()
    assert document.sent_to_province_on == D(2027, 6, 9)


def test_record_sent_needs_the_permission(secretary, ab, contact_official):
    document = budget(secretary, ab)
    with pytest.raises(PermissionDenied):
        pc_document_record_sent(
            actor=contact_official, document=document, to="councils", on=D(2027, 1, 8)
        )


def test_route_helper_reuses_the_template(secretary, ab):
    pc_route(ab)
    budget(secretary, ab, year=2029, meeting=False)
    assert RouteTemplate.objects.count() == 1
