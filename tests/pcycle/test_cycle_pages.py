"""The budget-year cycle's pages, queries, the move check and the proposal panel."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.extensions import move_consequences
from governance.models import Meeting
from pcycle.models import CouncilView, PcDocument
from pcycle.queries import cycle as queries
from pcycle.services.cycle import pc_document_create
from tests.factories import TZ
from tests.pcycle.cycle_helpers import NOW, ab_meeting, budget, decide, pc_route

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _amendments(actor, count: int, year: int = 2028) -> None:
    for number in range(1, count + 1):
        pc_document_create(actor=actor, kind="amendment", year=year, number=number)


# --- the year timeline ---------------------------------------------------------------------------


def test_cycle_redirects_to_the_budget_year_being_prepared(client, secretary, ab):
    client.force_login(secretary)
    # Nothing yet: next year.
    assert client.get(reverse("pcycle:cycle"))["Location"] == reverse(
        "pcycle:cycle-year", kwargs={"year": 2028}
    )
    budget(secretary, ab, year=2027, meeting=False)
    assert client.get(reverse("pcycle:cycle"))["Location"].endswith("/pc-cyclus/2027/")


def test_current_budget_year_skips_adopted_budgets(secretary, ab):
    document = budget(secretary, ab, year=2027)
    decide(document)
    assert queries.current_budget_year(secretary) == 2028


def test_year_page_shows_steps_with_dates_articles_and_states(client, secretary, ab):
    budget(secretary, ab, planned_to_councils_on=D(2027, 4, 15))  # a day too late
    client.force_login(secretary)
    response = client.get(reverse("pcycle:cycle-year", kwargs={"year": 2028}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Begroting 2028" in body
    assert "14 april 2027" in body and "Wgr art. 35 lid 1" in body
    assert "Te laat gepland" in body and "hecht-badge--late" in body
    assert "utrecht-alert--warning" in body  # the violations summary at the top
    assert "P&C-document toevoegen" in body
    assert 'href="/pc-cyclus/2027/"' in body and 'href="/pc-cyclus/2029/"' in body
    assert 'class="hecht-subnav"' in body


def test_year_page_without_violations_has_no_warning(client, secretary, ab):
    budget(secretary, ab, planned_to_councils_on=D(2027, 4, 14))
    client.force_login(secretary)
    body = client.get(reverse("pcycle:cycle-year", kwargs={"year": 2028})).content.decode()
    assert "Op tijd gepland" in body and "utrecht-alert--warning" not in body


def test_readers_do_not_see_the_add_button(client, secretary, ab, ab_member):
    budget(secretary, ab)
    client.force_login(ab_member)
    body = client.get(reverse("pcycle:cycle-year", kwargs={"year": 2028})).content.decode()
    assert "Begroting 2028" in body  # routed through the AB: the member sees it
    assert "P&C-document toevoegen" not in body


def test_year_page_out_of_range_is_404(client, secretary):
    client.force_login(secretary)
    assert client.get("/pc-cyclus/99999/").status_code == 404


def test_amendments_show_their_status(client, secretary, ab):
    with time_machine.travel(dt.datetime(2027, 5, 1, 9, tzinfo=TZ), tick=False):
        meeting = ab_meeting(ab, dt.datetime(2027, 5, 5, 14, tzinfo=TZ))
        rejected = pc_document_create(
            actor=secretary,
            kind="amendment",
            year=2028,
            number=1,
            route_template=pc_route(ab),
            adoption_meeting=meeting,
        )
    decide(rejected, "rejected")
    pc_document_create(actor=secretary, kind="amendment", year=2028, number=2)
    year = queries.year_timeline(secretary, 2028)
    assert [(row.document.number, row.amendment_status) for row in year.documents] == [
        (1, "rejected"),
        (2, "proposed"),
    ]
    client.force_login(secretary)
    body = client.get(reverse("pcycle:cycle-year", kwargs={"year": 2028})).content.decode()
    assert "Verworpen" in body and "Voorgesteld" in body


def _year_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("pcycle:cycle-year", kwargs={"year": 2028})).status_code == 200
    return len(context.captured_queries)


def test_year_page_query_count_is_constant(client, secretary, ab, django_assert_num_queries):
    budget(secretary, ab)
    client.force_login(secretary)
    small = _year_queries(client, secretary)
    _amendments(secretary, 6)
    pc_document_create(actor=secretary, kind="frameworks", year=2028)
    document = PcDocument.objects.get(kind="budget")
    for municipality in ("Leiden", "Gouda", "Delft"):
        from tests.factories import MunicipalityFactory  # noqa: PLC0415 (test data only)

        CouncilView.objects.create(
            document=document,
            municipality=MunicipalityFactory(name=municipality),
            received_on=D(2027, 1, 5),
            position="agrees",
            registered_by=secretary,
        )
    with django_assert_num_queries(small):
        client.get(reverse("pcycle:cycle-year", kwargs={"year": 2028}))


def test_timeline_query_is_constant(secretary, ab, django_assert_num_queries):
    budget(secretary, ab)
    with django_assert_num_queries(5):
        queries.year_timeline(secretary, 2028)
    _amendments(secretary, 5)
    with django_assert_num_queries(5):
        queries.year_timeline(secretary, 2028)


def test_replies_count_only_when_every_view_is_answered(secretary, ab, leiden, gouda):
    document = budget(secretary, ab)
    common = {"document": document, "received_on": D(2027, 1, 5), "registered_by": secretary}
    CouncilView.objects.create(
        municipality=leiden, position="agrees", reply="Dank", reply_sent_on=D(2027, 1, 8), **common
    )
    gouda_view = CouncilView.objects.create(municipality=gouda, position="agrees", **common)
    assert queries.replies_sent([document]) == {}
    gouda_view.reply, gouda_view.reply_sent_on = "Dank", D(2027, 1, 9)
    gouda_view.save()
    assert queries.replies_sent([document]) == {document.pk: D(2027, 1, 9)}


# --- create, preview, detail, plan, sent ----------------------------------------------------------


def test_create_page_registers_and_redirects(client, secretary, ab):
    template = pc_route(ab)
    meeting = ab_meeting(ab)
    client.force_login(secretary)
    response = client.post(
        reverse("pcycle:document-create"),
        {
            "kind": "budget",
            "year": "2028",
            "adoption_meeting": str(meeting.pk),
            "route_template": str(template.pk),
            "confidentiality": "public",
        },
    )
    document = PcDocument.objects.get()
    assert response["Location"] == reverse("pcycle:document-detail", kwargs={"pk": document.pk})
    assert document.proposal.title == "Begroting 2028"


def test_create_form_offers_only_coming_ab_meetings(client, secretary, ab, ac):
    coming = ab_meeting(ab)
    ab_meeting(ab, dt.datetime(2026, 12, 1, 14, tzinfo=TZ))  # past
    ab_meeting(ac)
    client.force_login(secretary)
    form = client.get(reverse("pcycle:document-create") + "?year=2029").context["form"]
    assert list(form.fields["adoption_meeting"].queryset) == [coming]
    assert form.initial["year"] == 2029


def test_preview_shows_the_latest_send_date_immediately(client, secretary, ab):
    meeting = ab_meeting(ab)
    client.force_login(secretary)
    response = client.get(
        reverse("pcycle:document-preview"),
        {"kind": "budget", "year": "2028", "adoption_meeting": str(meeting.pk)},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "woensdag 14 april 2027" in body and "Wgr art. 35 lid 1" in body
    assert "Naar Gedeputeerde Staten" in body


def test_preview_without_choices_asks_for_them(client, secretary):
    client.force_login(secretary)
    body = client.get(reverse("pcycle:document-preview"), {"kind": "x"}).content.decode()
    assert "Kies de soort" in body


def test_without_javascript_the_dates_appear_after_submit(client, secretary, ab):
    meeting = ab_meeting(ab)
    client.force_login(secretary)
    response = client.post(
        reverse("pcycle:document-create"),
        {"kind": "amendment", "year": "2028", "adoption_meeting": str(meeting.pk)},
    )
    assert response.status_code == 200  # no number, no confidentiality: errors
    body = response.content.decode()
    assert "14 april 2027" in body and "Wgr art. 35 lid 6 jo. lid 1" in body
    assert not PcDocument.objects.exists()


def test_create_page_shows_service_errors(client, secretary, ab):
    pc_document_create(actor=secretary, kind="frameworks", year=2028)
    client.force_login(secretary)
    response = client.post(
        reverse("pcycle:document-create"),
        {"kind": "frameworks", "year": "2028", "confidentiality": "public"},
    )
    assert response.status_code == 200
    assert "Kaderbrief 2028 bestaat al." in response.content.decode()


def test_detail_links_to_proposal_and_route(client, secretary, ab):
    document = budget(secretary, ab)
    client.force_login(secretary)
    body = client.get(
        reverse("pcycle:document-detail", kwargs={"pk": document.pk})
    ).content.decode()
    assert reverse("governance:proposal-detail", kwargs={"pk": document.proposal_id}) in body
    assert reverse("governance:proposal-route", kwargs={"pk": document.proposal_id}) in body
    assert "Verzending vastleggen" in body


def test_plan_page_saves_and_shows_errors(client, secretary, ab):
    document = budget(secretary, ab)
    client.force_login(secretary)
    url = reverse("pcycle:document-plan", kwargs={"pk": document.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"planned_to_councils_on": "2027-07-08"})
    assert bad.status_code == 200 and "algemeen bestuur het vaststelt" in bad.content.decode()
    good = client.post(url, {"planned_to_councils_on": "2027-04-12"})
    assert good.status_code == 302
    document.refresh_from_db()
    assert document.planned_to_councils_on == D(2027, 4, 12)


def test_sent_page_records_and_refuses_the_future(client, secretary, ab):
    document = budget(secretary, ab)
    client.force_login(secretary)
    url = reverse("pcycle:document-sent", kwargs={"pk": document.pk})
    refused = client.post(url, {"to": "councils", "on": "2027-02-01"})
    assert refused.status_code == 400 and "toekomst" in refused.content.decode()
    assert client.post(url, {"to": "councils", "on": "2027-01-08"}).status_code == 302
    document.refresh_from_db()
    assert document.sent_to_councils_on == D(2027, 1, 8)


# --- the move check ------------------------------------------------------------------------


def _meeting_form(meeting: Meeting, starts_at: str) -> dict[str, str]:
    return {
        "body": str(meeting.body_id),
        "kind": meeting.kind,
        "title": "",
        "starts_at": starts_at,
        "ends_at": "",
        "location": "Bestuurskamer",
        "notes": "",
        "is_public": "on",
        "status": meeting.status,
    }


def test_moving_the_ab_meeting_earlier_says_what_broke(secretary, ab):
    document = budget(secretary, ab, planned_to_councils_on=D(2027, 4, 12))
    meeting = Meeting.objects.get(pk=document.proposal.steps.get(body=ab).meeting_id)
    messages = move_consequences(meeting, dt.datetime(2027, 6, 30, 14, tzinfo=TZ))
    assert len(messages) == 2
    assert "Begroting 2028, naar de gemeenteraden" in messages[0]
    assert "7 april 2027 (Wgr art. 35 lid 1)" in messages[0] and "12 april 2027" in messages[0]
    assert "7 dagen minder" in messages[1]


def test_moving_later_within_the_rules_breaks_nothing(secretary, ab):
    document = budget(secretary, ab, planned_to_councils_on=D(2027, 4, 12))
    meeting = document.proposal.steps.get(body=ab).meeting
    assert move_consequences(meeting, dt.datetime(2027, 7, 21, 14, tzinfo=TZ)) == []


def test_moving_after_14_september_puts_the_province_out_of_reach(secretary, ab):
    document = budget(secretary, ab)
    meeting = document.proposal.steps.get(body=ab).meeting
    assert move_consequences(meeting, dt.datetime(2027, 9, 14, 14, tzinfo=TZ)) == []
    (message,) = move_consequences(meeting, dt.datetime(2027, 9, 15, 14, tzinfo=TZ))
    assert "Gedeputeerde Staten" in message and "15 september" in message


def test_move_check_ignores_other_bodies_and_decided_documents(secretary, ab, ac):
    document = budget(secretary, ab, planned_to_councils_on=D(2027, 4, 12))
    other = ab_meeting(ac)
    assert move_consequences(other, dt.datetime(2027, 6, 30, 14, tzinfo=TZ)) == []
    meeting = document.proposal.steps.get(body=ab).meeting
    decide(document)
    assert move_consequences(meeting, dt.datetime(2027, 6, 30, 14, tzinfo=TZ)) == []


def test_meeting_edit_page_shows_consequences_and_asks_to_confirm(client, secretary, ab):
    document = budget(secretary, ab, planned_to_councils_on=D(2027, 4, 12))
    meeting = document.proposal.steps.get(body=ab).meeting
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": meeting.pk})
    data = _meeting_form(meeting, "2027-06-30T14:00")
    first = client.post(url, data)
    assert first.status_code == 200
    assert first.context["confirm_move"]
    assert "Begroting 2028, naar de gemeenteraden" in first.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at.date() == D(2027, 7, 7)  # not moved yet
    confirmed = client.post(url, {**data, "confirm_move": "yes"}, follow=True)
    meeting.refresh_from_db()
    assert timezone_day(meeting) == D(2027, 6, 30)
    assert "Begroting 2028, naar de gemeenteraden" in confirmed.content.decode()


def timezone_day(meeting: Meeting) -> dt.date:
    return meeting.starts_at.astimezone(TZ).date()


# --- the panel on the proposal page ------------------------------------------------------------


def test_proposal_page_shows_the_pc_panel(client, secretary, ab):
    document = budget(secretary, ab)
    client.force_login(secretary)
    body = client.get(
        reverse("governance:proposal-detail", kwargs={"pk": document.proposal_id})
    ).content.decode()
    assert "P&amp;C-document: Begroting 2028" in body
    assert "Uiterlijk naar de gemeenteraden: 14 april 2027 (Wgr art. 35 lid 1)" in body
    assert reverse("pcycle:document-detail", kwargs={"pk": document.pk}) in body


def test_panel_of_an_unplanned_budget_asks_to_plan_the_meeting(secretary, ab):
    document = budget(secretary, ab, meeting=False)
    (panel,) = queries.cycle_panels(secretary, [document.proposal_id])[document.proposal_id]
    assert "plan eerst" in panel.lines[0]


def test_panels_query_count_is_constant(secretary, ab, django_assert_num_queries):
    first = budget(secretary, ab)
    with django_assert_num_queries(3):
        queries.cycle_panels(secretary, [first.proposal_id])
    _amendments(secretary, 5)
    ids = list(PcDocument.objects.values_list("proposal_id", flat=True))
    with django_assert_num_queries(3):
        panels = queries.cycle_panels(secretary, ids)
    assert len(panels) == 6
