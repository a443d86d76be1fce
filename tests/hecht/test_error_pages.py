"""The login page for an anonymous link to an internal page, the friendly 403/404/500
pages (also with DEBUG on, as under ``make run``) and the favicon."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.views import defaults

from governance.models import Confidentiality, WooGround
from tests.conftest import mfa_device
from tests.conftest import totp_code as code_for
from tests.factories import PASSWORD, AgendaItemFactory

UNKNOWN_PK = 987_654


def _login_url(path: str) -> str:
    return f"{reverse('login')}?{urlencode({'next': path}, safe='/')}"


# --- anonymous: the login page, existing or not alike -------------------------------------


@pytest.mark.django_db
def test_an_anonymous_link_to_a_closed_meeting_leads_to_the_login_page(client, closed_ab_meeting):
    path = reverse("governance:meeting-detail", kwargs={"pk": closed_ab_meeting.pk})
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == _login_url(path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["governance:meeting-detail", "governance:agenda-item-detail", "governance:document-detail"],
)
def test_an_anonymous_link_to_an_unknown_object_leads_to_the_login_page_too(client, name):
    # The same answer as for an object that exists: nothing is disclosed.
    path = reverse(name, kwargs={"pk": UNKNOWN_PK})
    response = client.get(f"{path}?tab=1")
    assert response.status_code == 302
    assert response["Location"] == _login_url(f"{path}?tab=1")


@pytest.mark.django_db
def test_a_confidential_agenda_item_asks_an_anonymous_visitor_to_log_in(client, public_ab_meeting):
    item = AgendaItemFactory(
        meeting=public_ab_meeting,
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    path = reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == _login_url(path)


@pytest.mark.django_db
def test_a_logged_in_user_who_may_not_see_it_gets_the_friendly_404(
    client, outsider, closed_ab_meeting
):
    client.force_login(outsider)
    response = client.get(reverse("governance:meeting-detail", kwargs={"pk": closed_ab_meeting.pk}))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert 'class="hecht-header"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/openbaar/vergaderingen/{UNKNOWN_PK}/",
        f"/api/v1/vergaderingen/{UNKNOWN_PK}/",
        "/agenda/ONBEKEND.ics",
        "/bestaat-niet/",
    ],
)
def test_public_and_machine_paths_keep_their_404_for_anonymous(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_bad_parameter_on_a_page_without_an_id_stays_a_404(client):
    response = client.get(reverse("governance:meeting-calendar"), {"jaar": "abc"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_closed_meeting_on_the_portal_stays_a_404(client, closed_ab_meeting):
    url = reverse("governance:public-meeting", kwargs={"pk": closed_ab_meeting.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_after_logging_in_the_member_returns_to_the_page(client, ab_member, closed_ab_meeting):
    path = reverse("governance:meeting-detail", kwargs={"pk": closed_ab_meeting.pk})
    login = client.get(path)["Location"]
    assert f'value="{path}"' in client.get(login).content.decode()
    response = client.post(
        login, {"username": ab_member.username, "password": PASSWORD, "next": path}
    )
    assert response.status_code == 302
    assert response["Location"] == path
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_after_the_second_factor_the_secretary_returns_to_the_page(
    client, secretary, closed_ab_meeting
):
    device = mfa_device(secretary)
    path = reverse("governance:meeting-detail", kwargs={"pk": closed_ab_meeting.pk})
    login = client.get(path)["Location"]
    response = client.post(
        login, {"username": secretary.username, "password": PASSWORD, "next": path}
    )
    assert response["Location"] == path
    response = client.get(path)  # the second-factor gate, keeping where to go
    verify = f"{reverse('governance:mfa-verify')}?{urlencode({'next': path})}"
    assert response["Location"] == verify
    assert f'value="{path}"' in client.get(verify).content.decode()
    response = client.post(verify, {"code": code_for(device), "next": path})
    assert response.status_code == 302
    assert response["Location"] == path
    assert client.get(path).status_code == 200


# --- the friendly pages ----------------------------------------------------------------------


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "tests.hecht.error_urls"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_url_shows_the_friendly_404(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert 'class="hecht-header"' in body
    assert "img/favicon.svg" in body
    assert "technical" not in body.lower() and "Django" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_failing_view_shows_the_friendly_500(settings, error_urls, debug, caplog):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-fout/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er ging iets mis" in body
    assert 'lang="nl"' in body
    assert "css/hecht.css" in body and "img/favicon.svg" in body
    assert "Traceback" not in body and "RuntimeError" not in body
    # The error is logged with its traceback, DEBUG or not.
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)


def test_the_500_page_needs_no_database_or_user(rf):
    # No django_db mark: any query would raise; the request has no user or session.
    response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_refusal_shows_the_friendly_403(client, settings, error_urls, outsider, debug):
    settings.DEBUG = debug
    client.force_login(outsider)
    response = client.get("/test-verboden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Geen toegang" in body
    assert 'class="hecht-header"' in body


@pytest.mark.django_db
def test_debug_pages_can_be_switched_back_on(client, settings):
    settings.DEBUG = True
    settings.HECHT_FRIENDLY_ERROR_PAGES = False
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" not in response.content.decode()


@pytest.mark.django_db
def test_the_favicon_is_the_logo_h(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.svg")
    assert finders.find("img/favicon.svg") is not None
