"""Login throttling (django-axes): repeated failures lock the account and the address
for the cool-off time, with the same Dutch message for unknown user names."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.urls import reverse

from tests.factories import PASSWORD

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
LOCKED = "Te veel mislukte inlogpogingen"


def _try(client, username, password="fout-wachtwoord", address="192.0.2.10"):  # noqa: S107
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _alert(response) -> str:
    """The lock-out message itself (the page also carries per-request CSRF tokens)."""
    match = re.search(
        r'role="alert">\s*<p class="utrecht-paragraph">([^<]+)</p>', response.content.decode()
    )
    assert match, response.content.decode()[:2000]
    return match[1]


def test_the_fifth_failure_locks_and_the_right_password_is_then_refused(client, ab_member):
    for attempt in range(1, 5):
        response = _try(client, ab_member.username)
        assert response.status_code == 200, attempt
        assert "wachtwoord klopt niet" in response.content.decode()
    locked = _try(client, ab_member.username)
    assert locked.status_code == 429
    assert LOCKED in _alert(locked)
    assert "15 minuten" in _alert(locked)
    # The sixth try, with the right password, is refused as well.
    sixth = _try(client, ab_member.username, PASSWORD)
    assert sixth.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_unknown_user_name_gets_the_same_lock_out(client, ab_member):
    for _attempt in range(5):
        unknown = _try(client, "bestaat-niet", address="192.0.2.20")
    for _attempt in range(5):
        known = _try(client, ab_member.username, address="192.0.2.21")
    assert unknown.status_code == known.status_code == 429
    assert _alert(unknown) == _alert(known)


def test_the_account_is_locked_from_every_address(client, ab_member):
    for n in range(5):
        _try(client, ab_member.username, address=f"192.0.2.{30 + n}")
    assert _try(client, ab_member.username, PASSWORD, address="198.51.100.1").status_code == 429


def test_the_address_is_locked_for_every_account(client, ab_member):
    for n in range(5):
        _try(client, f"geraden-{n}", address="192.0.2.40")
    assert _try(client, ab_member.username, PASSWORD, address="192.0.2.40").status_code == 429
    # Another address may still log in to the same account.
    assert _try(client, ab_member.username, PASSWORD, address="192.0.2.41").status_code == 302


def test_the_lock_ends_after_the_cool_off_time(client, ab_member):
    with time_machine.travel(T0, tick=False):
        for _attempt in range(5):
            _try(client, ab_member.username)
    with time_machine.travel(T0 + dt.timedelta(minutes=14), tick=False):
        assert _try(client, ab_member.username, PASSWORD).status_code == 429
    with time_machine.travel(T0 + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert _try(client, ab_member.username, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(client, ab_member):
    for _attempt in range(4):
        _try(client, ab_member.username)
    assert _try(client, ab_member.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert _try(client, ab_member.username).status_code == 200


def test_the_client_address_behind_trusted_proxies(rf, settings):
    from hecht.throttling import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.HECHT_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.HECHT_TRUSTED_PROXIES = 1
    # The client wrote 6.6.6.6 itself; the one proxy appended the real address.
    assert client_ip(request) == "203.0.113.9"
