"""Publication in a real browser: the secretariat publishes an agenda (after a
confirmation page that warns about the incomplete cover note), the packs are
built (eager Celery, after commit), the secretary downloads the members' pack stamped
for them, and the public finds the agenda and the public pack without logging in — with
the confidential item withheld. Every page is scanned with axe-core."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from governance.demo.pdf import simple_pdf
from governance.models import Confidentiality, WooGround
from tests.factories import (
    TZ,
    AgendaItemFactory,
    CoverNoteFactory,
    DocumentFactory,
    DocumentVersionFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
)

from .test_journeys import _log_in, _text

pytestmark = pytest.mark.e2e

SECRET_TITLE = "Personele reorganisatie afdeling X"


def _document(title: str, **owner) -> None:
    document = DocumentFactory(title=title, versions=0, **owner)
    DocumentVersionFactory(
        document=document,
        file=ContentFile(simple_pdf(title, [f"Tekst van {title}."] * 3), name="stuk.pdf"),
    )


@pytest.fixture
def meeting(ab, secretary):
    day = timezone.localdate() + dt.timedelta(days=21)
    meeting = MeetingFactory(
        body=ab,
        is_public=True,
        starts_at=dt.datetime.combine(day, dt.time(14), tzinfo=TZ),
        location="Bestuurskamer Hecht, Leiden",
    )
    AgendaItemFactory(meeting=meeting, order=1, title="Opening en mededelingen", kind="formal")
    proposal = ProposalFactory(title="Begroting 2027")
    CoverNoteFactory(
        proposal=proposal,
        decision_points="De begroting 2027 vast te stellen.\nDe zienswijzen te betrekken.",
        introduction="Het dagelijks bestuur legt de begroting 2027 voor.",
        financial="none",
        no_financial_reason="De begroting zelf stelt de bijdragen vast.",
    )
    step = RouteStepFactory(proposal=proposal, body=ab, meeting=meeting)
    AgendaItemFactory(meeting=meeting, order=2, title="Begroting 2027", route_step=step)
    _document("Begroting 2027", proposal=proposal)
    secret = AgendaItemFactory(
        meeting=meeting,
        order=3,
        title=SECRET_TITLE,
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.PRIVACY,
    )
    _document("Notitie reorganisatie", agenda_item=secret)
    return meeting


def test_publication_journey(new_page, scan, meeting, secretary):
    page = new_page()
    page.goto("/account/inloggen/")
    _log_in(page, secretary)
    page.goto(f"/vergaderingen/{meeting.pk}/")
    page.get_by_role(
        "link", name=_text("Publicatie en vergaderboek", "Publication and agenda pack")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Publicatie en vergaderboek", "Publication and agenda pack")
    )
    scan(page, "01-publication-page")

    # Publishing asks for confirmation first and says what stands out (WCAG 3.3.4).
    page.get_by_role("link", name=_text("Agenda publiceren", "Publish the agenda")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Agenda publiceren?", "Publish the agenda?")
    )
    warnings = page.locator("main section.utrecht-alert--warning")
    expect(warnings.get_by_role("link", name=re.compile("Begroting 2027"))).to_be_visible()
    expect(warnings).to_contain_text(
        _text(
            "De oplegger van het voorstel is niet compleet.",
            "The proposal's cover note is not complete.",
        )
    )
    scan(page, "02-publish-confirm")
    page.get_by_role("button", name=_text("Ja, publiceren", "Yes, publish")).click()
    expect(page.get_by_role("status").or_(page.locator(".utrecht-alert")).first).to_contain_text(
        _text("De agenda is gepubliceerd", "The agenda has been published")
    )
    # Eager Celery: the packs were built after the commit, before this page was served.
    expect(page.locator("#pack-status")).to_contain_text(_text("Gereed", "Ready"))
    scan(page, "03-published")

    with page.expect_download() as download_info:
        page.locator("#pack-status").get_by_role(
            "link", name=re.compile("leden|members", re.I)
        ).click()
    pack = PdfReader(download_info.value.path())
    text = "\n".join(p.extract_text() for p in pack.pages)
    assert SECRET_TITLE in text  # the members' pack holds the confidential item …
    assert secretary.get_full_name() in text  # … stamped for the one who downloaded it

    # The public, without logging in.
    public = new_page()
    public.goto("/openbaar/")
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    scan(public, "04-portal-home")
    public.goto(f"/openbaar/vergaderingen/{meeting.pk}/")
    expect(public.locator("main")).to_contain_text("Begroting 2027")
    expect(public.locator("main")).not_to_contain_text(SECRET_TITLE)
    expect(public.locator("main")).to_contain_text(_text("Vertrouwelijk", "Confidential"))
    scan(public, "05-public-meeting")

    pack_link = public.locator(f'a[href="/openbaar/vergaderingen/{meeting.pk}/vergaderboek.pdf"]')
    expect(pack_link).to_be_visible()
    response = public.request.get(pack_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    public_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Begroting 2027" in public_text
    assert SECRET_TITLE not in public_text
    assert "Notitie reorganisatie" not in public_text

    public.goto(f"/openbaar/zoeken/?q={'begroting'}")
    expect(public.locator("main")).to_contain_text("Begroting 2027")
    scan(public, "06-public-search")
