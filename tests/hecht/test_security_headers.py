"""Every page sends the CSP and security headers; no template carries inline script
or style (the CSP would block it in the browser, silently)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
# E-mail templates are not served under our CSP, and mail clients need inline styles.
EMAIL_TEMPLATES = ROOT / "templates" / "governance" / "email"
TEMPLATES = sorted(
    p for p in (ROOT / "templates").rglob("*.html") if EMAIL_TEMPLATES not in p.parents
)


def _pages(meeting):
    return [
        reverse("governance:home"),
        reverse("governance:meeting-calendar"),
        reverse("governance:meeting-month", kwargs={"year": 2026, "month": 12}),
        reverse("governance:meeting-detail", kwargs={"pk": meeting.pk}),
        reverse("login"),
    ]


def _secretary_pages(meeting):
    return [
        *_pages(meeting),
        reverse("governance:meeting-create"),
        reverse("governance:meeting-edit", kwargs={"pk": meeting.pk}),
        reverse("governance:meeting-history", kwargs={"pk": meeting.pk}),
        reverse("password_change"),
        reverse("admin:index"),
    ]


def _assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["style-src"] == ["'self'"]
    # The document viewer's pdf.js worker: only our own static file (no blob:, no data:).
    assert directives["worker-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert all(s == "'self'" or s.startswith("'nonce-") for s in directives["script-src"])
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_send_security_headers(client, public_ab_meeting):
    for url in _pages(public_ab_meeting):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_security_headers(response)
        assert "Cookie" in response["Vary"]


def test_authenticated_pages_are_never_stored(client, secretary, public_ab_meeting):
    client.force_login(secretary)
    for url in _secretary_pages(public_ab_meeting):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_security_headers(response)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_every_script_carries_the_request_nonce(client, db, logged_in):
    """htmx, the page script and (logged in) the session-timeout script."""
    if logged_in:
        client.force_login(UserFactory())
    response = client.get(reverse("governance:home"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) >= (3 if logged_in else 2), scripts
    for tag in scripts:
        assert 'src="' in tag
        assert f'nonce="{nonce}"' in tag


def test_nonce_differs_per_request(client, db):
    first = client.get(reverse("governance:home"))["Content-Security-Policy"]
    second = client.get(reverse("governance:home"))["Content-Security-Policy"]
    assert first != second


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_or_style(template):
    # Template comments may talk about <style>; only markup counts.
    text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
        assert "src=" in tag, f"inline <script> in {template}"
    assert not re.search(r"<style\b", text, flags=re.I), f"<style> block in {template}"
    assert not re.search(r"\sstyle\s*=", text, flags=re.I), f"style attribute in {template}"
    assert not re.search(r"\son[a-z]+\s*=", text, flags=re.I), f"inline event handler in {template}"
    assert "javascript:" not in text.lower()


def test_email_templates_have_no_script_at_all():
    templates = sorted(EMAIL_TEMPLATES.rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8").lower()
        assert "<script" not in text and "javascript:" not in text
        assert not re.search(r"\son[a-z]+\s*=", text), f"event handler in {template}"


def test_there_are_templates_to_check():
    assert len(TEMPLATES) >= 10
