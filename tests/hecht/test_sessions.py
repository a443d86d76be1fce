"""Sessions: the idle timeout, the "stay logged in" keep-alive, the absolute lifetime
from the login, and a new password that must differ. Each test fails when its control
is removed."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from tests.factories import PASSWORD

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
IDLE = dt.timedelta(minutes=30)  # the default HECHT_SESSION_IDLE_SECONDS
PAGE = "/mijn-taken/"  # needs a login: an anonymous visitor is sent to the login page


def _at(delta: dt.timedelta):
    return time_machine.travel(T0 + delta, tick=False)


def _logged_in(response) -> bool:
    return response.status_code == 200


def test_the_defaults(settings):
    assert settings.HECHT_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.HECHT_SESSION_WARNING_SECONDS >= 20
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_an_idle_session_is_logged_out_with_a_message(client, ab_member):
    with _at(dt.timedelta(0)):
        client.force_login(ab_member)
    with _at(IDLE - dt.timedelta(seconds=1)):
        assert _logged_in(client.get(PAGE))
    with _at(2 * IDLE - dt.timedelta(seconds=1)):
        response = client.get(PAGE)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        login_page = client.get(response["Location"])
    assert "niet actief was" in login_page.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_restarts_the_idle_clock(client, ab_member):
    with _at(dt.timedelta(0)):
        client.force_login(ab_member)
    for minutes in (20, 40, 60, 80):
        with _at(dt.timedelta(minutes=minutes)):
            assert _logged_in(client.get(PAGE)), minutes


def test_polling_the_session_status_is_not_activity(client, ab_member):
    with _at(dt.timedelta(0)):
        client.force_login(ab_member)
    with _at(dt.timedelta(minutes=20)):
        status = client.get(reverse("session-status")).json()
        assert status == {
            "authenticated": True,
            "idle_remaining": 10 * 60,
            "absolute_remaining": 7 * 3600 + 40 * 60,
        }
    with _at(IDLE + dt.timedelta(seconds=1)):
        assert client.get(reverse("session-status")).json() == {"authenticated": False}
        assert client.get(PAGE).status_code == 302


def test_stay_logged_in_restarts_the_idle_clock(client, ab_member):
    with _at(dt.timedelta(0)):
        client.force_login(ab_member)
    with _at(IDLE - dt.timedelta(seconds=30)):
        response = client.post(reverse("session-keepalive"), HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response.json()["idle_remaining"] == 30 * 60
    with _at(IDLE + dt.timedelta(minutes=20)):
        assert _logged_in(client.get(PAGE))


def test_stay_logged_in_without_javascript_returns_to_the_page(client, ab_member):
    client.force_login(ab_member)
    response = client.post(reverse("session-keepalive"), {"next": "/voorstellen/"})
    assert response.status_code == 302
    assert response["Location"] == "/voorstellen/"
    response = client.post(reverse("session-keepalive"), {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get(reverse("session-keepalive")).status_code == 405


def test_stay_logged_in_does_not_revive_an_expired_session(client, ab_member):
    with _at(dt.timedelta(0)):
        client.force_login(ab_member)
    with _at(IDLE + dt.timedelta(seconds=1)):
        response = client.post(reverse("session-keepalive"), HTTP_ACCEPT="application/json")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert client.get(PAGE).status_code == 302


def test_the_absolute_lifetime_ends_the_session_despite_activity(client, ab_member):
    with _at(dt.timedelta(0)):
        client.force_login(ab_member)
    for minutes in range(20, 8 * 60, 20):
        with _at(dt.timedelta(minutes=minutes)):
            assert _logged_in(client.get(PAGE)), minutes
            client.post(reverse("session-keepalive"), HTTP_ACCEPT="application/json")
    with _at(dt.timedelta(hours=8)):
        response = client.get(PAGE)
        assert response.status_code == 302
        login_page = client.get(response["Location"])
    assert "na 8 uur beëindigd" in login_page.content.decode()


def test_the_absolute_lifetime_counts_from_the_login_through_the_form(client, ab_member):
    with _at(dt.timedelta(0)):
        client.post(reverse("login"), {"username": ab_member.username, "password": PASSWORD})
    with _at(dt.timedelta(minutes=10)):
        status = client.get(reverse("session-status")).json()
    assert status["absolute_remaining"] == 8 * 3600 - 10 * 60


def test_the_new_password_must_differ_from_the_current_one(client, ab_member):
    client.force_login(ab_member)
    url = reverse("password_change")
    same = {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    response = client.post(url, same)
    assert response.status_code == 200
    assert "moet anders zijn dan uw huidige wachtwoord" in response.content.decode()
    ab_member.refresh_from_db()
    assert ab_member.check_password(PASSWORD)
    new = "een-heel-ander-wachtwoord-2026"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    ab_member.refresh_from_db()
    assert ab_member.check_password(new)


def test_the_warning_dialog_is_on_every_page_for_a_logged_in_user(client, ab_member, settings):
    assert "hecht-session-dialog" not in client.get("/").content.decode()
    client.force_login(ab_member)
    body = client.get("/").content.decode()
    assert 'role="alertdialog"' in body
    assert f'data-warn-seconds="{settings.HECHT_SESSION_WARNING_SECONDS}"' in body
    assert "js/session-timeout.js" in body
    assert "Blijf ingelogd" in body
