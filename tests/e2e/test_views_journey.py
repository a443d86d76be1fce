"""The councils' views in a real browser: a contact official starts from "Zienswijzen",
registers the view of their own council with its decision; the secretariat writes and
sends the executive board's reply and attaches the consolidated views document to the
proposal. Every page is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pcycle.models import CouncilView
from tests.factories import pdf_bytes
from tests.pcycle.views_setup import budget

from .test_journeys import LOGIN_URL, _log_in, _text

pytestmark = pytest.mark.e2e


def test_views_journey(new_page, scan, ab, leiden, gouda, contact_official, secretary, tmp_path):
    today = timezone.localdate()
    document = budget(ab, ab_day=today + dt.timedelta(days=40), sent=today - dt.timedelta(days=10))
    decision = tmp_path / "raadsbesluit.pdf"
    decision.write_bytes(pdf_bytes(text="Raadsbesluit Leiden"))

    page = new_page()
    page.goto(f"{LOGIN_URL}?next=/pc-cyclus/mijn-zienswijzen/")
    _log_in(page, contact_official)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Zienswijzen van de gemeenteraden", "Councils' views")
    )
    scan(page, "01-my-views")
    page.get_by_role("link", name=_text("Zienswijze registreren", "Register the view")).click()
    page.locator("#id_received_on").fill(today.isoformat())
    page.get_by_label(_text("Akkoord met opmerkingen", "Agrees with remarks")).check()
    page.locator("#id_text").fill("De raad vraagt aandacht voor de loonkosten.")
    page.locator("#id_decision_file").set_input_files(str(decision))
    scan(page, "02-register-form")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text(
        "De raad vraagt aandacht voor de loonkosten."
    )
    scan(page, "03-views-registered")
    view = CouncilView.objects.get(document=document, municipality=leiden)
    assert view.decision_file_name == "raadsbesluit.pdf"

    secretariat = new_page()
    secretariat.goto(f"{LOGIN_URL}?next=/pc-cyclus/documenten/{document.pk}/zienswijzen/")
    _log_in(secretariat, secretary)
    secretariat.get_by_role("link", name=_text("Reactie (Leiden)", "Reply (Leiden)")).click()
    secretariat.locator("#id_reply").fill("Het dagelijks bestuur neemt de opmerking over.")
    secretariat.locator("#id_sent_on").fill(today.isoformat())
    scan(secretariat, "04-reply-form")
    secretariat.locator("main form button[type=submit]").click()
    expect(secretariat.locator("main table")).to_contain_text("neemt de opmerking over")
    secretariat.get_by_role(
        "button", name=_text("Aan het voorstel toevoegen", "Attach to the proposal")
    ).click()
    expect(secretariat.locator("main")).to_contain_text(
        _text("Toegevoegd aan het voorstel", "Attached to the proposal")
    )
    scan(secretariat, "05-views-attached")
    assert document.proposal.documents.count() == 1
