"""Public search: Dutch full-text search on PostgreSQL, a substring fallback elsewhere,
over public data only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext

from governance import search, services
from tests.factories import TZ, AgendaItemFactory, MeetingFactory
from tests.governance.test_public_portal import SECRETS, build_world


@pytest.fixture
def world(ab, db_body, secretary):
    return build_world(ab, db_body, secretary)


def _found(query, **kwargs):
    return [(hit.kind, hit.pk) for hit in search.hits(search.search(query, **kwargs))]


def test_dutch_stemming_finds_the_singular_for_a_plural(postgresql, world):
    assert "begrotingen" not in "Begroting 2027".lower()  # no substring match possible
    found = _found("begrotingen")
    assert (search.ITEM, world.budget.pk) in found
    assert (search.DECISION, world.budget_decision.pk) in found
    assert _found("begrotingen", vendor="sqlite") == []  # the fallback does not stem


def test_websearch_syntax_and_ranking(postgresql, world):
    found = _found('"begroting 2027" -ongewijzigd')
    assert found[0] == (search.ITEM, world.budget.pk)  # title and description match
    assert (search.DECISION, world.budget_decision.pk) not in found  # excluded word
    either = _found("begroting or kadernota")
    assert (search.ITEM, world.budget.pk) in either
    assert (search.ITEM, world.db_item.pk) in either


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_nothing_confidential_or_unpublished_is_found(world, vendor):
    if vendor == "postgresql" and connection.vendor != "postgresql":
        vendor = connection.vendor  # the fallback, on SQLite
    for secret in SECRETS.values():
        assert _found(secret, vendor=vendor) == [], secret
        assert _found(secret.split()[-1], vendor=vendor) == [], secret


def test_the_fallback_matches_substrings_case_insensitively(world):
    found = _found("BEGROTING 2027", vendor="sqlite")
    assert (search.ITEM, world.budget.pk) in found
    assert (search.DOCUMENT, world.budget_document.pk) in found  # "Ontwerpbegroting 2027"
    assert (search.DECISION, world.budget_decision.pk) in found
    assert set(_found("kadernota", vendor="sqlite")) == {
        (search.ITEM, world.db_item.pk),
        (search.DOCUMENT, world.db_document.pk),
    }


def test_meetings_are_found_by_title_and_body(world):
    themed = MeetingFactory(
        body=world.meeting.body,
        is_public=True,
        title="Themasessie jeugdgezondheid",
        starts_at=dt.datetime(2026, 9, 1, 19, tzinfo=TZ),
    )
    assert (search.MEETING, themed.pk) in _found("jeugdgezondheid")
    assert (search.MEETING, themed.pk) in _found("jeugdgezondheid", vendor="sqlite")
    assert (search.MEETING, world.closed.pk) not in _found("Bergambacht", vendor="sqlite")


def test_an_empty_query_finds_nothing(world):
    assert _found("") == []
    assert _found("   ") == []


def test_search_page_shows_typed_results_with_links(client, world):
    response = client.get(reverse("governance:public-search"), {"q": "begroting 2027"})
    assert response.status_code == 200
    html = response.content.decode()
    meeting_url = reverse("governance:public-meeting", args=[world.meeting.pk])
    assert f'href="{meeting_url}#item-{world.budget.pk}"' in html
    assert f'href="{meeting_url}#decision-{world.budget_decision.pk}"' in html
    download = reverse("governance:public-document-download", args=[world.budget_document.pk])
    documents = client.get(reverse("governance:public-search"), {"q": "ontwerpbegroting"})
    assert f'href="{download}"' in documents.content.decode()
    assert gettext("Agenda item") in html and gettext("Decision") in html
    assert 'role="search"' in html and 'for="public-search-q"' in html
    assert html.count("<h1") == 1


def test_search_page_is_paginated_with_a_fixed_number_of_queries(
    client, ab, secretary, django_assert_num_queries
):
    meeting = MeetingFactory(body=ab, is_public=True)
    for n in range(3):
        AgendaItemFactory(meeting=meeting, order=n + 1, title=f"Jaarrekening {n}")
    services.agenda_publish(actor=secretary, meeting=meeting)
    url = reverse("governance:public-search")
    with django_assert_num_queries(3):  # count, page, meetings of the page
        client.get(url, {"q": "jaarrekening"})
    for n in range(3, 45):
        AgendaItemFactory(meeting=meeting, order=n + 1, title=f"Jaarrekening {n}")
    with django_assert_num_queries(3):
        response = client.get(url, {"q": "jaarrekening"})
    page = response.context["page"]
    assert page.paginator.count == 45
    assert len(page.object_list) == 20
    assert "page=2" in response.content.decode()
    second = client.get(url, {"q": "jaarrekening", "page": "3"})
    assert len(second.context["page"].object_list) == 5


def test_an_overlong_query_is_cut_short(client, world):
    response = client.get(reverse("governance:public-search"), {"q": "begroting " * 100})
    assert response.status_code == 200
    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH
