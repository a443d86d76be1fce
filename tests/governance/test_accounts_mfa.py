"""The second factor (BIO): who must have one, the code step after the password,
enrolment, recovery codes and the secretariat's reset. Each test fails when its
control is removed."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.mfa import requirement
from governance.models import User
from tests.conftest import login_without_second_factor, mfa_device
from tests.conftest import totp_code as code_for
from tests.factories import PASSWORD

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
# Pages of every kind: own pages, a list, the public portal, the admin.
GATED_URLS = [
    "/",
    "/vergaderingen/",
    "/voorstellen/",
    "/mijn-taken/",
    "/openbaar/",
    "/account/wachtwoord/",
    "/beheer/",
    "/beheer/governance/meeting/",
]


def _log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


# --- the rule ------------------------------------------------------------------------------


def test_the_rule_requires_it_at_once_for_staff_and_after_the_period_for_others(settings):
    settings.HECHT_MFA_GRACE_DAYS = 30
    assert requirement(always=True, grace_from=None, now=START).required
    fresh = requirement(always=False, grace_from=None, now=START)
    assert not fresh.required and fresh.deadline == START + dt.timedelta(days=30)
    day_29 = START + dt.timedelta(days=29, hours=23)
    assert not requirement(always=False, grace_from=START, now=day_29).required
    assert requirement(always=False, grace_from=START, now=START + dt.timedelta(days=30)).required


# --- required: secretariat, directie, /beheer/ ---------------------------------------------


@pytest.mark.parametrize("who", ["secretary", "manager"])
@pytest.mark.parametrize("url", GATED_URLS)
def test_secretariat_and_management_without_a_device_are_sent_to_enrolment(
    client, request, who, url
):
    user = request.getfixturevalue(who)
    login_without_second_factor(client, user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('governance:mfa-enrol')}?{urlencode({'next': url})}"


def test_staff_without_a_role_is_sent_to_enrolment_for_the_admin(client, outsider):
    outsider.is_staff = True
    outsider.save()
    login_without_second_factor(client, outsider)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("governance:mfa-enrol"))


def test_the_admins_own_login_form_leads_to_the_site_login(client):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/beheer/"


def test_a_session_that_passed_the_second_factor_is_let_through(client, secretary):
    client.force_login(secretary)  # verified, see tests/conftest.py
    assert client.get("/beheer/").status_code == 200
    assert client.get("/").status_code == 200


# --- offered, then required: members -------------------------------------------------------


def test_a_member_in_the_enrolment_period_is_offered_enrolment(client, ab_member):
    login_without_second_factor(client, ab_member)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Beveilig uw account met tweestapsverificatie" in body
    assert reverse("governance:mfa-enrol") in body


def test_a_member_past_the_enrolment_period_is_sent_to_enrolment(client, ab_member, settings):
    settings.HECHT_MFA_GRACE_DAYS = 30
    with time_machine.travel(START, tick=False):
        _log_in(client, ab_member)  # the first login starts the period
        assert client.get("/mijn-taken/").status_code == 200
    ab_member.refresh_from_db()
    assert ab_member.mfa_grace_from == START
    with time_machine.travel(START + dt.timedelta(days=29), tick=False):
        _log_in(client, ab_member)  # a later login does not restart it
        assert client.get("/mijn-taken/").status_code == 200
    with time_machine.travel(START + dt.timedelta(days=30, minutes=1), tick=False):
        _log_in(client, ab_member)
        for url in ("/", "/mijn-taken/", "/openbaar/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("governance:mfa-enrol"))


# --- the code step after the password ------------------------------------------------------


def test_with_a_device_the_password_alone_gives_nothing(client, ab_member):
    mfa_device(ab_member)
    _log_in(client, ab_member)
    for url in ("/", "/mijn-taken/", "/voorstellen/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("governance:mfa-verify"))


def test_a_wrong_code_is_refused_and_the_right_one_lets_in(client, secretary):
    device = mfa_device(secretary)
    _log_in(client, secretary)
    url = reverse("governance:mfa-verify")
    with time_machine.travel(timezone.now(), tick=False):
        wrong = "000000" if code_for(device) != "000000" else "111111"
        response = client.post(url, {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/").status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=False):
        response = client.post(url, {"code": code_for(device), "next": "/mijn-taken/"})
        assert response.status_code == 302
        assert response["Location"] == "/mijn-taken/"
        assert client.get("/").status_code == 200
        assert client.get("/beheer/").status_code == 200


@pytest.mark.parametrize("next_", ["abc", "²", "https://elders.example/", "//elders.example/"])
def test_a_next_that_is_no_path_on_this_site_goes_home_after_the_code(client, secretary, next_):
    # A bare word once reached redirect(), which reverses it as a view name: a 500.
    device = mfa_device(secretary)
    _log_in(client, secretary)
    response = client.post(
        reverse("governance:mfa-verify"), {"code": code_for(device), "next": next_}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_wrong_codes_are_throttled(client, secretary):
    device = mfa_device(secretary)
    _log_in(client, secretary)
    url = reverse("governance:mfa-verify")
    with time_machine.travel(timezone.now(), tick=False):
        right = code_for(device)
        client.post(url, {"code": "999999" if right != "999999" else "111111"})
        # Within the wait after a wrong code even the right code is not checked.
        response = client.post(url, {"code": right})
    assert response.status_code == 200
    assert "Te veel onjuiste codes" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_code_from_the_app_works_once(client, secretary):
    device = mfa_device(secretary)
    url = reverse("governance:mfa-verify")
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(device)
        _log_in(client, secretary)
        assert client.post(url, {"code": code}).status_code == 302
        client.post(reverse("logout"))
        _log_in(client, secretary)
        response = client.post(url, {"code": code})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_recovery_code_lets_in_once(client, secretary):
    mfa_device(secretary)
    recovery = StaticDevice.objects.create(user=secretary, name="recovery", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")
    StaticToken.objects.create(device=recovery, token="efgh6789")
    url = reverse("governance:mfa-verify")
    _log_in(client, secretary)
    response = client.post(url, {"code": "ABCD-2345"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "nog 1 code" in response.content.decode()
    client.post(reverse("logout"))
    _log_in(client, secretary)
    response = client.post(url, {"code": "abcd2345"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/").status_code == 302


# --- enrolment -----------------------------------------------------------------------------


def test_enrolment_confirms_the_app_and_shows_the_recovery_codes_once(client, secretary):
    login_without_second_factor(client, secretary)
    url = reverse("governance:mfa-enrol")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert '<svg role="img"' in body  # the QR code, inline
    device = TOTPDevice.objects.get(user=secretary, confirmed=False)
    secret = re.search(r'<code class="hecht-secret" id="mfa-secret">([A-Z2-7 ]+)</code>', body)
    assert secret is not None  # the key, for typing in by hand
    assert client.get(url).status_code == 200  # a reload keeps the same key
    assert TOTPDevice.objects.filter(user=secretary).count() == 1
    assert client.get("/").status_code == 302  # nothing else before it is done

    wrong = client.post(url, {"code": "12"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        response = client.post(url, {"code": code_for(device), "next": "/voorstellen/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("governance:mfa-recovery-codes"))
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.content.decode())
    assert len(codes) == settings.HECHT_MFA_RECOVERY_CODES == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=secretary).values_list("token", flat=True)
    )
    assert 'href="/voorstellen/"' in codes_page.content.decode()
    # Shown once: the page does not show them again.
    assert client.get(reverse("governance:mfa-recovery-codes")).status_code == 302
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_new_recovery_codes_replace_the_old_ones(client, secretary):
    client.force_login(secretary)
    recovery = StaticDevice.objects.create(user=secretary, name="recovery", confirmed=True)
    StaticToken.objects.create(device=recovery, token="oldcode2")
    response = client.post(reverse("governance:mfa-recovery-codes"))
    assert response.status_code == 302
    page = client.get(reverse("governance:mfa-recovery-codes"))
    shown = re.findall(r"<li><code>([^<]*)</code>", page.content.decode())
    stored = StaticToken.objects.filter(device__user=secretary).values_list("token", flat=True)
    assert len(shown) == 10 and sorted(shown) == sorted(stored)
    assert not StaticToken.objects.filter(token="oldcode2").exists()


def test_the_overview_shows_the_state(client, secretary, ab_member):
    client.force_login(secretary)
    assert (
        "Tweestapsverificatie staat aan"
        in client.get("/account/tweestapsverificatie/").content.decode()
    )
    login_without_second_factor(client, ab_member)
    body = client.get("/account/tweestapsverificatie/").content.decode()
    assert "staat nog niet aan" in body


# --- reset by the secretariat --------------------------------------------------------------


def test_the_secretariat_resets_a_members_second_factor(
    client, secretary, ab_member, django_capture_on_commit_callbacks
):
    ab_member.email = "wethouder@gouda.example"
    ab_member.language = User.Language.ENGLISH
    ab_member.save()
    mfa_device(ab_member)
    StaticDevice.objects.create(user=ab_member, name="recovery", confirmed=True)
    client.force_login(secretary)
    url = reverse("governance:account-mfa-reset", kwargs={"pk": ab_member.pk})
    assert "Tweede factor van" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:account-list")
    assert not TOTPDevice.objects.filter(user=ab_member).exists()
    assert not StaticDevice.objects.filter(user=ab_member).exists()
    ab_member.refresh_from_db()
    assert ab_member.mfa_reset_at is not None
    latest = ab_member.history.latest()
    assert latest.history_user == secretary
    assert latest.history_change_reason == f"Tweede factor hersteld door {secretary.username}"
    assert latest.mfa_reset_at == ab_member.mfa_reset_at
    (message,) = mail.outbox
    assert message.to == ["wethouder@gouda.example"]
    assert message.subject.startswith("Your second factor was reset")  # their language
    assert "set up an authenticator app again" in message.body
    # Their next login goes through enrolment again (past the period) or is offered it.
    listing = client.get(reverse("governance:account-list")).content.decode()
    assert ab_member.username in listing


def test_a_reset_of_ones_own_second_factor_is_refused(client, secretary):
    client.force_login(secretary)
    url = reverse("governance:account-mfa-reset", kwargs={"pk": secretary.pk})
    response = client.post(url, follow=True)
    assert "Vraag een collega" in response.content.decode()
    assert TOTPDevice.objects.filter(user=secretary, confirmed=True).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["manager", "ab_member", "contact_official"])
def test_others_cannot_reset_or_list_accounts(client, request, who, secretary):
    user = request.getfixturevalue(who)
    mfa_device(secretary)
    client.force_login(user)
    url = reverse("governance:account-mfa-reset", kwargs={"pk": secretary.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(reverse("governance:account-list")).status_code == 403
    assert TOTPDevice.objects.filter(user=secretary, confirmed=True).exists()
    assert mail.outbox == []


def test_demo_staff_log_in_with_the_published_key(client, db):
    from io import StringIO

    from django.core.management import call_command

    from governance.demo import Summary
    from governance.demo.mfa import load_demo_devices
    from governance.roles import SECRETARIAT
    from tests.factories import UserFactory

    user = UserFactory(username="secretariaat", roles=[SECRETARIAT], is_staff=True)
    summary = Summary(created={})
    load_demo_devices(summary)
    load_demo_devices(summary)  # idempotent
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    out = StringIO()
    call_command("demo_code", stdout=out, stderr=StringIO())
    _log_in(client, user)
    response = client.post(reverse("governance:mfa-verify"), {"code": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200
