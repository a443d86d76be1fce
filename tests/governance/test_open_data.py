"""The open data API (``api/v1/``) and its OpenAPI document: every response validates
against the schema, confidential items are placeholders only, pagination, filters,
caching and a fixed number of queries per endpoint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi

from governance import services
from governance.models import AgendaItem, Decision, Document, Meeting, WooGround
from tests.factories import (
    TZ,
    AgendaItemFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    RouteStepFactory,
)
from tests.governance.test_public_portal import SECRETS, build_world

OPENAPI = json.loads((Path(settings.BASE_DIR) / "governance" / "openapi.json").read_text())


@pytest.fixture
def world(ab, db_body, secretary):
    return build_world(ab, db_body, secretary)


def _validator(schema_name: str) -> Draft202012Validator:
    schema = {
        "$ref": f"#/components/schemas/{schema_name}",
        "components": OPENAPI["components"],
    }
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _get(client, name, *, pk=None, schema=None, **params):
    url = reverse(f"governance:{name}", args=[pk] if pk is not None else [])
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    data = response.json()
    if schema:
        _validator(schema).validate(data)
    return data


ENDPOINTS = [
    ("public-api-meetings", None, "MeetingPage", {}),
    ("public-api-meetings", None, "MeetingPage", {"orgaan": "ab", "jaar": "2026"}),
    ("public-api-meetings", None, "MeetingPage", {"page_size": "1", "page": "2"}),
    ("public-api-agenda-items", None, "AgendaItemPage", {}),
    ("public-api-agenda-items", "meeting", "AgendaItemPage", {}),
    ("public-api-documents", None, "DocumentPage", {}),
    ("public-api-documents", "meeting", "DocumentPage", {}),
    ("public-api-decisions", None, "DecisionPage", {}),
    ("public-api-decisions", "meeting", "DecisionPage", {}),
]


# --- the OpenAPI document ---------------------------------------------------------------


def test_the_openapi_document_is_valid_and_served_as_is(client):
    validate_openapi(OPENAPI)
    response = client.get(reverse("governance:public-api-openapi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == (Path(settings.BASE_DIR) / "governance/openapi.json").read_bytes()


def test_every_api_path_is_documented_and_every_documented_path_exists():
    documented = {f"/api/v1{path}" for path in OPENAPI["paths"]}
    actual = {
        reverse("governance:public-api-meetings"),
        reverse("governance:public-api-meeting", args=[1]).replace("/1/", "/{id}/"),
        reverse("governance:public-api-agenda-items"),
        reverse("governance:public-api-documents"),
        reverse("governance:public-api-decisions"),
        reverse("governance:public-api-openapi"),
    }
    assert documented == actual


def test_the_schema_enums_follow_the_models():
    schemas = OPENAPI["components"]["schemas"]
    meeting = schemas["MeetingFields"]["properties"]
    assert meeting["soort"]["enum"] == Meeting.Kind.values
    assert meeting["status"]["enum"] == Meeting.Phase.values
    assert schemas["AgendaItem"]["properties"]["soort"]["enum"] == AgendaItem.Kind.values
    assert schemas["Document"]["properties"]["soort"]["enum"] == Document.Kind.values
    assert schemas["Decision"]["properties"]["uitkomst"]["enum"] == Decision.Outcome.values
    assert schemas["Placeholder"]["properties"]["woo_grond"]["enum"] == WooGround.values


# --- every response against the schema --------------------------------------------------


@pytest.mark.parametrize(("name", "meeting", "schema", "params"), ENDPOINTS)
def test_list_responses_validate_against_the_schema(client, world, name, meeting, schema, params):
    if meeting:
        params = {**params, "vergadering": str(world.meeting.pk)}
    data = _get(client, name, schema=schema, **params)
    assert data["results"], "an empty list would validate trivially"


@pytest.mark.parametrize("which", ["meeting", "db_meeting", "later"])
def test_meeting_detail_validates_against_the_schema(client, world, which):
    meeting = getattr(world, which)
    data = _get(client, "public-api-meeting", pk=meeting.pk, schema="MeetingDetail")
    assert data["id"] == meeting.pk


def test_a_leaked_title_on_a_placeholder_fails_the_schema():
    placeholder = {"id": 1, "nummer": "3", "vertrouwelijk": True, "woo_grond": "5.1.2e"}
    _validator("AgendaItemOrPlaceholder").validate(placeholder)
    with pytest.raises(Exception, match="is not valid"):
        _validator("AgendaItemOrPlaceholder").validate({**placeholder, "titel": "Geheim"})


# --- content --------------------------------------------------------------------------------


def test_meeting_detail_holds_the_published_agenda_documents_and_decisions(client, world):
    data = _get(client, "public-api-meeting", pk=world.meeting.pk)
    assert data["orgaan"] == {"code": "AB", "naam": "Algemeen Bestuur"}
    assert data["begin"] == "2026-12-09T14:00:00+01:00"
    assert data["url"] == "http://testserver" + reverse(
        "governance:public-meeting", args=[world.meeting.pk]
    )
    assert data["api_url"] == "http://testserver" + reverse(
        "governance:public-api-meeting", args=[world.meeting.pk]
    )
    items = data["agendapunten"]
    assert [item["nummer"] for item in items] == ["1", "2", "3", "4"]
    assert items[2] == {
        "id": world.confidential.pk,
        "nummer": "3",
        "vertrouwelijk": True,
        "woo_grond": "5.1.2e",
    }
    assert items[3] == {
        "id": world.proposal_item.pk,
        "nummer": "4",
        "vertrouwelijk": True,
        "woo_grond": "5.1.2b",
    }
    budget = items[1]
    assert budget["titel"] == "Begroting 2027"
    assert sorted(budget["documenten"]) == sorted([world.budget_document.pk, world.annex.pk])
    assert {d["id"] for d in data["documenten"]} == {world.budget_document.pk, world.annex.pk}
    decisions = data["besluiten"]
    assert decisions[0]["tekst"] == "Besloten de begroting 2027 ongewijzigd vast te stellen."
    assert decisions[0]["uitkomst"] == "adopted"
    assert decisions[1:] == [
        {
            "id": world.confidential_decision.pk,
            "nummer": "3",
            "vertrouwelijk": True,
            "woo_grond": "5.1.2e",
        },
        {
            "id": world.proposal_decision.pk,
            "nummer": "4",
            "vertrouwelijk": True,
            "woo_grond": "5.1.2b",
        },
    ]
    assert data["besluitenlijst_pdf_url"].endswith(
        reverse("governance:public-decision-list-pdf", args=[world.meeting.pk])
    )
    assert data["vergaderboek_url"] is None  # no pack built yet


def test_meeting_before_publication_has_no_agenda_or_decisions(client, world):
    data = _get(client, "public-api-meeting", pk=world.later.pk)
    assert data["agendapunten"] == data["documenten"] == data["besluiten"] == []
    assert data["agenda_gepubliceerd_op"] is None
    assert data["besluitenlijst_pdf_url"] is None


def test_meeting_not_on_the_portal_is_a_json_404(client, world):
    for pk in (world.closed.pk, 999_999):
        response = client.get(reverse("governance:public-api-meeting", args=[pk]))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_document_entries_name_their_file_and_items(client, world):
    data = _get(client, "public-api-documents")
    by_id = {d["id"]: d for d in data["results"]}
    assert set(by_id) == {d.pk for d in world.public_documents}
    budget = by_id[world.budget_document.pk]
    version = world.budget_document.current_version
    assert budget["url"] == "http://testserver" + reverse(
        "governance:public-document-download", args=[world.budget_document.pk]
    )
    assert budget["mediatype"] == "application/pdf"
    assert budget["bestandsformaat"] == "pdf"
    assert budget["bestandsnaam"] == "ontwerpbegroting-2027.pdf"
    assert budget["grootte"] == version.size
    assert budget["paginas"] == 1
    assert budget["agendapunten"] == [world.budget.pk]
    assert dt.datetime.fromisoformat(budget["gewijzigd_op"]) == version.uploaded_at
    # In Dutch local time: +01:00 in winter, +02:00 in summer.
    local = version.uploaded_at.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert budget["gewijzigd_op"][-6:] == local.isoformat()[-6:]


def test_agenda_items_list_leaves_out_unpublished_agendas(client, world):
    data = _get(client, "public-api-agenda-items", page_size="100")
    ids = {item["id"] for item in data["results"]}
    assert world.unpublished.pk not in ids
    assert ids == {
        world.opening.pk,
        world.budget.pk,
        world.confidential.pk,
        world.proposal_item.pk,
        world.db_item.pk,
    }
    assert data["count"] == 5


# --- filters and pagination -----------------------------------------------------------------


def test_meetings_filter_by_body_code_and_year(client, world):
    ids = {m["id"] for m in _get(client, "public-api-meetings", orgaan="DB")["results"]}
    assert ids == {world.db_meeting.pk}
    ids = {m["id"] for m in _get(client, "public-api-meetings", jaar="2027")["results"]}
    assert ids == {world.later.pk}
    ids = {m["id"] for m in _get(client, "public-api-meetings")["results"]}
    assert ids == {world.meeting.pk, world.db_meeting.pk, world.later.pk}  # not the closed one


def test_items_documents_and_decisions_filter_by_meeting(client, world):
    pk = world.db_meeting.pk
    items = _get(client, "public-api-agenda-items", vergadering=str(pk))["results"]
    assert [item["id"] for item in items] == [world.db_item.pk]
    documents = _get(client, "public-api-documents", vergadering=str(pk))["results"]
    assert [d["id"] for d in documents] == [world.db_document.pk]
    assert _get(client, "public-api-decisions", vergadering=str(pk))["results"] == []


def test_pagination_links_and_limits(client, world):
    first = _get(client, "public-api-meetings", page_size="2", orgaan="AB")
    assert first["count"] == 2
    assert first["next"] is None and first["previous"] is None
    page1 = _get(client, "public-api-meetings", page_size="1")
    assert page1["count"] == 3
    assert page1["previous"] is None
    assert page1["next"].startswith("http://testserver/api/v1/vergaderingen/?")
    assert "page=2" in page1["next"] and "page_size=1" in page1["next"]
    page2 = client.get(page1["next"]).json()
    assert page2["previous"] and page2["results"][0]["id"] != page1["results"][0]["id"]
    url = reverse("governance:public-api-meetings")
    assert client.get(url, {"page": "9"}).status_code == 404
    for params in ({"page_size": "101"}, {"page_size": "0"}, {"page": "x"}, {"jaar": "twee"}):
        response = client.get(url, params)
        assert response.status_code == 400, params
        _validator("Error").validate(response.json())
    bad = client.get(reverse("governance:public-api-documents"), {"vergadering": "-1"})
    assert bad.status_code == 400


def test_responses_are_cacheable_with_an_etag(client, world):
    url = reverse("governance:public-api-meetings")
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_the_api_is_read_only(client, world):
    response = client.post(reverse("governance:public-api-meetings"), {})
    assert response.status_code == 405


def test_withdrawn_publication_disappears_from_the_api(client, world, secretary):
    services.decisions_unpublish(actor=secretary, meeting=world.meeting, reason="Onjuist")
    data = _get(client, "public-api-decisions")
    assert data["results"] == []
    text = json.dumps(_get(client, "public-api-meeting", pk=world.meeting.pk))
    assert "Besloten de begroting 2027" not in text


# --- no leaks (the full sweep is in test_public_portal) ---------------------------------------


def test_no_api_response_holds_confidential_or_unpublished_text(client, world):
    responses = [_get(client, name, **params) for name, _m, _s, params in ENDPOINTS]
    responses += [
        _get(client, "public-api-meeting", pk=meeting.pk)
        for meeting in (world.meeting, world.db_meeting, world.later)
    ]
    text = json.dumps(responses, ensure_ascii=False)
    for secret in SECRETS.values():
        assert secret not in text


# --- query counts -----------------------------------------------------------------------------


def _grow(body, secretary, *, meetings: int, items: int):
    for m in range(meetings):
        meeting = MeetingFactory(
            body=body, is_public=True, starts_at=dt.datetime(2026, 5, 1, 10, tzinfo=TZ)
        )
        for n in range(items):
            confidential = {"confidentiality": "confidential", "woo_ground": "5.1.2e"}
            item = AgendaItemFactory(
                meeting=meeting, order=n + 1, number=str(n + 1), **(confidential if n % 3 else {})
            )
            DocumentFactory(agenda_item=item)
            DecisionFactory(agenda_item=item)
            if n == 0:  # a public item of a proposal, with the proposal's document
                step = RouteStepFactory(body=body, meeting=meeting)
                AgendaItem.objects.filter(pk=item.pk).update(route_step=step)
                DocumentFactory(proposal=step.proposal)
        services.agenda_publish(actor=secretary, meeting=meeting)
        services.decisions_publish(actor=secretary, meeting=meeting)
        if m == 0:
            first = meeting
    return first


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("public-api-meetings", 2),  # count, page
        ("public-api-agenda-items", 3),  # count, page, documents
        ("public-api-documents", 3),  # count, page, items of proposal documents
        ("public-api-decisions", 2),  # count, page
    ],
)
def test_list_endpoints_run_a_fixed_number_of_queries(
    client, ab, secretary, django_assert_num_queries, name, queries
):
    _grow(ab, secretary, meetings=1, items=2)
    url = reverse(f"governance:{name}")
    with django_assert_num_queries(queries):
        few = len(client.get(url, {"page_size": "100"}).json()["results"])
    _grow(ab, secretary, meetings=4, items=12)
    with django_assert_num_queries(queries):
        many = len(client.get(url, {"page_size": "100"}).json()["results"])
    assert many > few


def test_meeting_detail_runs_a_fixed_number_of_queries(
    client, ab, secretary, django_assert_num_queries
):
    meeting = _grow(ab, secretary, meetings=1, items=2)
    url = reverse("governance:public-api-meeting", args=[meeting.pk])
    # meeting, items, item documents, meeting documents, their items, decisions, pack
    with django_assert_num_queries(7) as few:
        client.get(url)
    for n in range(20):
        item = AgendaItemFactory(meeting=meeting, order=10 + n, number=str(10 + n))
        DocumentFactory(agenda_item=item)
        DecisionFactory(agenda_item=item)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.json()["agendapunten"]) == 22
