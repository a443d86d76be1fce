"""Every PDF the application generates is accessible (WCAG via the Woo portal): tagged,
with a document language and a title that viewers show. The public decision list is
PDF/UA-1. An agenda pack, merged from uploaded PDFs, cannot keep their structure: it says
so in its metadata and on its agenda page, and every document in it can be downloaded
on its own."""

from __future__ import annotations

import io
import logging
import re
import subprocess

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from governance import packs
from governance.demo.pdf import simple_pdf
from governance.models import AgendaPack, Confidentiality, WooGround
from governance.packs import render as pack_render
from governance.packs.build import LANGUAGE
from governance.packs.content import gather
from hecht import pdf
from tests.factories import (
    AgendaItemFactory,
    CoverNoteFactory,
    DecisionFactory,
    DocumentFactory,
    DocumentVersionFactory,
    ProposalFactory,
    RouteStepFactory,
)

CONFIDENTIAL = {"confidentiality": Confidentiality.CONFIDENTIAL, "woo_ground": WooGround.PRIVACY}


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def facts(data: bytes) -> dict:
    """What a PDF says about its accessibility, read from the file itself."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    preferences = root.get("/ViewerPreferences")
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    xmp_title = re.search(r"<dc:title>.*?<rdf:li[^>]*>([^<]*)</rdf:li>", xmp, re.S)
    part = re.search(r"pdfuaid:part(?:=\"|>)(\d)", xmp)
    info = reader.metadata or {}
    return {
        "marked": bool(mark_info and mark_info.get("/Marked")),
        "structure": "/StructTreeRoot" in root,
        "lang": str(root.get("/Lang", "")),
        "title": str(info.get("/Title") or (xmp_title.group(1) if xmp_title else "")),
        "shows_title": bool(preferences and preferences.get("/DisplayDocTitle")),
        "pdfua": part.group(1) if part else None,
        "subject": str(info.get("/Subject", "")),
        "untagged": str(info.get(pdf.UNTAGGED_KEY, "")),
        "struct_parents": any("/StructParents" in page for page in reader.pages),
    }


def assert_tagged(data: bytes, *, title: str, pdfua: str | None) -> None:
    found = facts(data)
    assert found["marked"], found
    assert found["structure"], found
    assert found["lang"] == "nl"
    assert found["title"] == title
    assert found["shows_title"]
    assert found["pdfua"] == pdfua
    assert found["untagged"] == ""


def _document(title: str, **fields):
    document = DocumentFactory(versions=0, title=title, **fields)
    DocumentVersionFactory(
        document=document,
        file=ContentFile(simple_pdf(title, [f"Tekst van {title}."]), name="stuk.pdf"),
    )
    return document


@pytest.fixture
def meeting(public_ab_meeting):
    """A published agenda: a public proposal with a cover note and an annex, and a
    confidential item with a document; both decided."""
    budget = ProposalFactory(title="Begroting 2027", summary="De begroting voor 2027.")
    budget_item = AgendaItemFactory(
        meeting=public_ab_meeting,
        order=1,
        title="Begroting 2027",
        route_step=RouteStepFactory(
            proposal=budget, body=public_ab_meeting.body, meeting=public_ab_meeting
        ),
    )
    CoverNoteFactory(proposal=budget, decision_points="De begroting 2027 vast te stellen.")
    _document("Ontwerpbegroting 2027", proposal=budget)
    secret = ProposalFactory(title="Personeelszaak", **CONFIDENTIAL)
    secret_item = AgendaItemFactory(
        meeting=public_ab_meeting,
        order=2,
        title="Personeelszaak",
        route_step=RouteStepFactory(
            proposal=secret, body=public_ab_meeting.body, meeting=public_ab_meeting
        ),
        **CONFIDENTIAL,
    )
    _document("Dossier", proposal=secret, is_confidential=True)
    DecisionFactory(agenda_item=budget_item, text="Vastgesteld.")
    DecisionFactory(agenda_item=secret_item, text="Besloten.")
    public_ab_meeting.agenda_published_at = timezone.now()
    public_ab_meeting.decisions_published_at = timezone.now()
    public_ab_meeting.save()
    return public_ab_meeting


def _built(meeting) -> dict[str, AgendaPack]:
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = packs.build_meeting_packs(meeting.pk)
    assert set(outcome.values()) == {"built"}, outcome
    return {pack.variant: pack for pack in AgendaPack.objects.filter(meeting=meeting)}


def _decision_list_title(meeting) -> str:
    with translation.override("nl"):
        return gettext("Decision list %(meeting)s") % {"meeting": meeting.display_title}


# --- the decision lists -----------------------------------------------------------------


def _weasyprint_errors(caplog) -> list[str]:
    """What WeasyPrint reported as wrong while tagging (an image without alt text, a
    missing language)."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("weasyprint") and record.levelno >= logging.ERROR
    ]


def test_public_decision_list_is_pdf_ua_with_language_and_title(client, meeting, caplog):
    response = client.get(reverse("governance:public-decision-list-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert_tagged(response.content, title=_decision_list_title(meeting), pdfua="1")
    assert _weasyprint_errors(caplog) == []


def test_internal_decision_list_is_tagged_with_language_and_title(client, meeting, ab_member):
    client.force_login(ab_member)
    with translation.override("en"):  # the PDF is Dutch whatever the reader's language
        response = client.get(reverse("governance:decision-list-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert_tagged(response.content, title=_decision_list_title(meeting), pdfua="1")


def pdfinfo(data: bytes, tmp_path, *options: str) -> str:
    """What poppler's ``pdfinfo`` (installed by scripts/test.sh) says of a PDF."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdfinfo", *options, str(path)], capture_output=True, check=True
    ).stdout.decode()


def test_pdfinfo_reads_the_public_decision_list_as_tagged(client, meeting, tmp_path):
    data = client.get(reverse("governance:public-decision-list-pdf", args=[meeting.pk])).content
    report = pdfinfo(data, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", report, re.M), report
    assert re.search(r"^Title:\s+" + re.escape(_decision_list_title(meeting)), report, re.M)


def test_every_rendered_print_template_is_tagged(public_ab_meeting):
    data = pdf.render_pdf(
        "pdf/decision_list.html",
        {"meeting": public_ab_meeting, "rows": [], "date": "9 december 2026"},
        title="Besluitenlijst",
        lang="en",
    )
    found = facts(data)
    assert found["marked"] and found["structure"] and found["shows_title"]
    assert found["lang"] == "en"  # the language it was rendered in
    assert found["title"] == "Besluitenlijst"


# --- agenda packs -----------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["public", "members"])
def test_a_pack_says_it_is_not_tagged_and_where_its_documents_are(meeting, variant):
    pack = _built(meeting)[variant]
    data = packs.pack_path(pack).read_bytes()
    found = facts(data)
    # A merged book keeps no half structure tree (it would hide the rest of the pack).
    assert not found["marked"] and not found["structure"] and not found["struct_parents"]
    assert found["lang"] == LANGUAGE
    assert found["title"].startswith(nl("Agenda pack %(body)s %(date)s").split("%")[0])
    assert found["shows_title"]
    name = "governance:public-meeting" if variant == "public" else "governance:meeting-detail"
    url = settings.HECHT_SITE_URL.rstrip("/") + reverse(name, args=[meeting.pk])
    assert found["untagged"].startswith("Niet getagd")
    assert url in found["untagged"]
    assert found["untagged"] in found["subject"]  # shown in a viewer's document properties
    # The agenda page says the same to the reader.
    agenda = " ".join(PdfReader(io.BytesIO(data)).pages[1].extract_text().split())
    assert "niet getagd voor hulpsoftware" in agenda
    assert url in "".join(agenda.split())  # the address may wrap over two lines


def test_the_stamped_members_pack_keeps_saying_so(meeting, ab_member):
    pack = _built(meeting)["members"]
    assert pack.confidential_pages  # so the download is stamped, not the file as it is
    found = facts(packs.members_pack_for(pack, ab_member))
    assert found["untagged"].startswith("Niet getagd")
    assert found["lang"] == LANGUAGE and found["shows_title"]


def test_the_pack_cover_and_agenda_are_rendered_tagged(meeting, caplog):
    _built(meeting)
    assert _weasyprint_errors(caplog) == []
    fronts = list(pack_render.cache_dir().glob("front-*.pdf"))
    assert len(fronts) == 2  # one per variant
    for path in fronts:
        found = facts(path.read_bytes())
        assert found["marked"] and found["structure"] and found["shows_title"]
        assert found["lang"] == "nl"
        assert found["title"].startswith(nl("Agenda pack %(body)s %(date)s").split("%")[0])


def test_every_document_of_the_public_pack_can_be_downloaded_on_its_own(client, meeting):
    with translation.override(LANGUAGE):
        inputs = gather(meeting)["public"]
    documents = [document for item in inputs.items for document in item.documents]
    assert [d.title for d in documents] == ["Ontwerpbegroting 2027"]
    page = client.get(reverse("governance:public-meeting", args=[meeting.pk])).content.decode()
    for document in documents:
        url = reverse("governance:public-document-download", args=[document.pk])
        assert f'href="{url}"' in page
        response = client.get(url)
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert_tagged(data, title=document.title, pdfua=None)


# --- demo documents ---------------------------------------------------------------------


def test_demo_documents_are_tagged_with_language_title_and_structure():
    paragraphs = [f"Alinea {n}. " + "Tekst over de begroting. " * 30 for n in range(12)]
    data = simple_pdf("Ontwerpbegroting 2027 – toelichting", paragraphs, footer="GR Hecht")
    assert_tagged(data, title="Ontwerpbegroting 2027 – toelichting", pdfua=None)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 1  # the paragraphs run over pages
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document = root["/K"].get_object()
    assert document["/S"] == "/Document"
    kinds = [kid.get_object()["/S"] for kid in document["/K"]]
    assert kinds == ["/H1"] + ["/P"] * len(paragraphs)
    # Every page's marked content is found back through the parent tree.
    numbers = root["/ParentTree"]["/Nums"]
    assert [numbers[i] for i in range(0, len(numbers), 2)] == list(range(len(reader.pages)))
    assert [page["/StructParents"] for page in reader.pages] == list(range(len(reader.pages)))
    text = reader.pages[0].extract_text()
    assert "Ontwerpbegroting 2027" in text and "Alinea 0." in text


def test_pdfinfo_reads_a_demo_document_as_tagged_with_its_structure(tmp_path):
    data = simple_pdf("Notitie", ["Eerste alinea.", "Tweede alinea."])
    report = pdfinfo(data, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", report, re.M), report
    tree = pdfinfo(data, tmp_path, "-struct-text")
    assert re.findall(r"^  (\w+)", tree, re.M) == ["H1", "P", "P"]
    assert '"Tweede alinea."' in tree
