"""Accounts in the browser: a secretary sets up two-step verification at the first
login, logs in again with a code; a lock-out after failed logins; the idle-timeout
warning with "Blijf ingelogd", and the logout when nobody answers it."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import mfa_device, totp_code
from tests.e2e.conftest import log_in, pass_code_step
from tests.factories import PASSWORD

from .test_journeys import LOGIN_URL, _text

pytestmark = pytest.mark.e2e

ENROL_URL = "/account/tweestapsverificatie/instellen/"


def _code_from_secret(secret: str) -> str:
    """What an authenticator app shows for the key typed in by hand."""
    key = b32decode(secret.replace(" ", ""))
    clock = TOTP(key)
    clock.time = timezone.now().timestamp()
    return f"{clock.token():06d}"


def _password_step(page, username: str, password: str = PASSWORD) -> None:
    form = page.locator("main form")
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(password)
    form.locator("button[type=submit]").click()


def test_second_factor_journey(page, scan, secretary, ab_member):
    # First login: the password, then the secretariat must set up an app before anything.
    page.goto(f"{LOGIN_URL}?next=/voorstellen/")
    _password_step(page, secretary.username)
    expect(page).to_have_url(re.compile(re.escape(ENROL_URL)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Tweestapsverificatie instellen", "Set up two-step verification")
    )
    expect(page.get_by_role("img", name=re.compile("QR"))).to_be_visible()
    scan(page, "01-enrol")

    # Nothing else opens until it is done: not the proposals, not the admin.
    page.goto("/beheer/")
    expect(page).to_have_url(re.compile(re.escape(ENROL_URL)))
    page.goto("/voorstellen/")
    expect(page).to_have_url(re.compile(re.escape(ENROL_URL)))

    # A wrong code first, then the one the app shows for the key typed in by hand.
    page.locator("#id_code").fill("000000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_code_error")).to_be_visible()
    scan(page, "02-enrol-wrong-code")
    secret = page.locator("#mfa-secret").inner_text()
    # django-otp refuses any code for 1 s after a wrong one (OTP_TOTP_THROTTLE_FACTOR);
    # a person retyping takes longer than that, a browser driven by a test may not.
    page.wait_for_timeout(1200)
    page.locator("#id_code").fill(_code_from_secret(secret))
    page.locator("main form button[type=submit]").click()

    # The recovery codes, once.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Uw herstelcodes", "Your recovery codes")
    )
    codes = page.locator(".hecht-recovery-codes li")
    expect(codes).to_have_count(10)
    scan(page, "03-recovery-codes")
    page.get_by_role("link", name=_text("Ik heb de codes bewaard", "I have saved")).click()
    expect(page).to_have_url(re.compile(r"/voorstellen/$"))
    scan(page, "04-after-enrolment")

    # Log out; the next login asks for the code.
    page.locator("header form[action='/account/uitloggen/'] button").click()
    page.goto(LOGIN_URL)
    _password_step(page, secretary.username)
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/code/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Vul uw code in", "Enter your code")
    )
    scan(page, "05-code-step")

    pass_code_step(page, totp_code(TOTPDevice.objects.get(user=secretary, confirmed=True)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Mijn overzicht", "My overview")
    )
    page.goto("/account/tweestapsverificatie/")
    expect(page.locator("main")).to_contain_text(
        _text("Tweestapsverificatie staat aan", "Two-step verification is on")
    )
    scan(page, "06-overview")

    # The secretariat resets a member's second factor (a lost phone).
    mfa_device(ab_member)
    page.get_by_role(
        "link", name=_text("iemands tweede factor herstellen", "reset someone")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_text("Gebruikers", "Accounts"))
    scan(page, "07-accounts")
    page.get_by_role("link", name=re.compile(re.escape(ab_member.username))).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        _text("Tweede factor van", "Reset the second factor of")
    )
    scan(page, "08-reset-confirm")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text(
        _text("is hersteld", "has been reset")
    )
    scan(page, "09-reset-done")
    assert not TOTPDevice.objects.filter(user=ab_member).exists()


def _expected_429(page) -> None:
    """The lock-out page answers 429 Too Many Requests, which the browser reports in its
    console; that one message is expected, any other still fails the scan."""
    errors = page.browser_errors.messages
    expected = [m for m in errors if "status of 429" in m]
    assert expected, errors
    page.browser_errors.messages = [m for m in errors if m not in expected]


def test_lockout_journey(page, scan, ab_member):
    page.goto(LOGIN_URL)
    for _attempt in range(4):
        _password_step(page, "iemand-die-niet-bestaat", "geraden-wachtwoord")
        expect(page.locator("main [role=alert]")).to_contain_text(
            _text("klopt niet", "not correct")
        )
    scan(page, "01-wrong-password")
    _password_step(page, "iemand-die-niet-bestaat", "geraden-wachtwoord")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Inloggen tijdelijk geblokkeerd", "Login temporarily blocked")
    )
    expect(page.locator("main [role=alert]")).to_contain_text(_text("15 minuten", "15 minutes"))
    _expected_429(page)
    scan(page, "02-locked-out")
    # From this address even the right password of an existing account is refused now.
    page.goto(LOGIN_URL)
    _password_step(page, ab_member.username)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Inloggen tijdelijk geblokkeerd", "Login temporarily blocked")
    )
    _expected_429(page)


def test_idle_timeout_journey(page, scan, settings, ab_member):
    # A short timeout so the journey takes seconds: warned 20 s before (WCAG 2.2.1's
    # minimum), after 30 s without activity.
    settings.HECHT_SESSION_IDLE_SECONDS = 30
    settings.HECHT_SESSION_WARNING_SECONDS = 20
    page.goto(f"{LOGIN_URL}?next=/mijn-taken/")
    log_in(page, ab_member)
    expect(page).to_have_url(re.compile(r"/mijn-taken/$"))
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_hidden()

    # The warning opens, with the focus on "Blijf ingelogd".
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog).to_contain_text(_text("uitgelogd over", "logged out in"))
    stay = dialog.get_by_role("button", name=_text("Blijf ingelogd", "Stay logged in"))
    expect(stay).to_be_focused()
    scan(page, "01-warning")
    stay.click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/mijn-taken/$"))

    # Kept: the warning comes back later, and unanswered the session ends with a message.
    expect(dialog).to_be_visible(timeout=20_000)
    expect(page).to_have_url(re.compile(re.escape(LOGIN_URL)), timeout=30_000)
    expect(page.locator("main")).to_contain_text(_text("niet actief was", "inactive"))
    scan(page, "02-logged-out")
    page.goto("/mijn-taken/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_URL)))
