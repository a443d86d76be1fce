"""Agenda packs: content and layout (pypdf), the public variant, watermarks, the build
task (idempotent, incremental, atomic), rebuild triggers, and the pack and decision-list
views."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader, PdfWriter

from governance import packs, services
from governance.demo.pdf import simple_pdf
from governance.models import AgendaPack, Confidentiality, CoverNote, Document, WooGround
from governance.packs import build as pack_build
from governance.packs import render as pack_render
from governance.packs.content import gather
from governance.services.packs import packs_rebuild
from hecht.pdf import active_content as pdf_active_content
from tests.factories import (
    TZ,
    AgendaItemFactory,
    CoverNoteFactory,
    DecisionFactory,
    DocumentFactory,
    DocumentVersionFactory,
    ProposalFactory,
    RouteStepFactory,
)

CONFIDENTIAL = {"confidentiality": Confidentiality.CONFIDENTIAL, "woo_ground": WooGround.PRIVACY}
SECRET_TITLE = "Personeelsdossier directeur"
SECRET_ITEM_TEXT = "GEHEIM-PERSONEELSDOSSIER"
SECRET_ANNEX_TEXT = "GEHEIME-GRONDPRIJZEN"


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def _document(*, pages: int = 1, text: str = "", **fields):
    document = DocumentFactory(versions=0, **fields)
    text = text or document.title
    # simple_pdf wraps 48 lines a page: one paragraph of ~40 lines per page wanted.
    body = [f"{text} regel {n}. " * 5 for n in range(pages * 9)]
    DocumentVersionFactory(
        document=document, file=ContentFile(simple_pdf(text, body), name="stuk.pdf")
    )
    return document


def _flat(content: bytes) -> str:
    """All text of a PDF with whitespace collapsed (table cells wrap lines)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _reader(path) -> PdfReader:
    return PdfReader(path)


def _text(reader: PdfReader, page: int) -> str:
    """Text of 1-based ``page``."""
    return reader.pages[page - 1].extract_text()


@pytest.fixture
def agenda(public_ab_meeting, leiden, gouda):
    """A published AB agenda: a formal item, a public proposal with a cover note, a public
    annex and a confidential annex, a confidential proposal with a document, and an item
    with its own document (minutes)."""
    meeting = public_ab_meeting
    opening = AgendaItemFactory(
        meeting=meeting, order=1, title="Opening en mededelingen", kind="formal"
    )
    budget = ProposalFactory(title="Begroting 2027", summary="De begroting voor 2027.")
    budget_item = AgendaItemFactory(
        meeting=meeting,
        order=2,
        title="Begroting 2027",
        route_step=RouteStepFactory(proposal=budget, body=meeting.body, meeting=meeting),
    )
    CoverNoteFactory(
        proposal=budget,
        decision_points="De begroting 2027 vast te stellen.\nDe zienswijzen te verwerken.",
        introduction="De begroting volgt de kadernota.",
        financial=CoverNote.Financial.SOME,
        amount=Decimal("125000.00"),
        nature=CoverNote.Nature.STRUCTURAL,
        budget_year_from=2027,
        budget_line="Programma 1",
        distribution=CoverNote.Distribution.POPULATION,
        risks="Loonstijging.",
    )
    budget_annex = _document(proposal=budget, title="Ontwerpbegroting 2027", pages=3, order=1)
    secret_annex = _document(
        proposal=budget,
        title="Grondprijzen (vertrouwelijk)",
        text=SECRET_ANNEX_TEXT,
        is_confidential=True,
        order=2,
    )
    secret = ProposalFactory(title=SECRET_TITLE, **CONFIDENTIAL)
    secret_item = AgendaItemFactory(
        meeting=meeting,
        order=3,
        title=SECRET_TITLE,
        route_step=RouteStepFactory(proposal=secret, body=meeting.body, meeting=meeting),
        **CONFIDENTIAL,
    )
    _document(
        proposal=secret, title="Dossier", text=SECRET_ITEM_TEXT, pages=2, is_confidential=True
    )
    minutes_item = AgendaItemFactory(
        meeting=meeting, order=4, title="Verslag vorige vergadering", kind="formal"
    )
    _document(agenda_item=minutes_item, title="Conceptverslag", kind="minutes", pages=1)
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    return {
        "meeting": meeting,
        "opening": opening,
        "budget": budget,
        "budget_item": budget_item,
        "budget_annex": budget_annex,
        "secret_annex": secret_annex,
        "secret_item": secret_item,
        "minutes_item": minutes_item,
    }


def _build(meeting) -> dict[str, AgendaPack]:
    # As in production, the old file is removed once the new one is committed.
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = packs.build_meeting_packs(meeting.pk)
    assert set(outcome.values()) <= {"built", "unchanged"}, outcome
    return {pack.variant: pack for pack in AgendaPack.objects.filter(meeting=meeting)}


@pytest.fixture
def built(agenda):
    return _build(agenda["meeting"])


def _outline(reader: PdfReader) -> list:
    def walk(nodes):
        return [walk(n) if isinstance(n, list) else n.title for n in nodes]

    return walk(reader.outline)


def _pack_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "packs"
    return sorted(p.name for p in folder.iterdir() if p.is_file())


# --- content and layout -----------------------------------------------------------------


def test_members_pack_outline_has_one_entry_per_item_and_one_per_document(built):
    reader = _reader(packs.pack_path(built["members"]))
    assert _outline(reader) == [
        nl("Cover page and agenda"),
        "1. Opening en mededelingen",
        "2. Begroting 2027",
        ["Ontwerpbegroting 2027", "Grondprijzen (vertrouwelijk)"],
        f"3. {SECRET_TITLE}",
        ["Dossier"],
        "4. Verslag vorige vergadering",
        ["Conceptverslag"],
    ]


def test_toc_page_numbers_are_the_real_pages_of_items_and_documents(built):
    reader = _reader(packs.pack_path(built["members"]))
    front = _text(reader, 2)
    entries = []
    for node in reader.outline[1:]:
        if isinstance(node, list):
            entries += [
                (child.title, reader.get_destination_page_number(child) + 1) for child in node
            ]
        else:
            title = node.title.split(". ", 1)[1]
            entries.append((title, reader.get_destination_page_number(node) + 1))
    assert len(entries) == 8
    for title, page in entries:
        listed = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", front, re.MULTILINE)
        assert listed, (title, front)
        assert int(listed.group(1)) == page, title
    # ...and those pages really show the item or document.
    budget_page = dict(entries)["Begroting 2027"]
    assert "Begroting 2027" in _text(reader, budget_page)
    assert nl("Proposed decision") in _text(reader, budget_page)
    annex_page = dict(entries)["Ontwerpbegroting 2027"]
    assert "Ontwerpbegroting 2027 regel 0." in _text(reader, annex_page)


def test_page_count_is_front_plus_items_plus_documents(built, agenda):
    pack = built["members"]
    reader = _reader(packs.pack_path(pack))
    assert pack.page_count == len(reader.pages)
    with translation.override("nl"):
        inputs = gather(agenda["meeting"])["members"]
    item_pages = sum(
        len(PdfReader(path).pages) for path in pack_render.items_pages(inputs.items, title="x")
    )
    document_pages = sum(
        len(PdfReader(d.current_version.file.path).pages)
        for d in Document.objects.filter(current_version__isnull=False)
    )
    front_pages = reader.get_destination_page_number(reader.outline[1])
    assert front_pages == 2  # the cover and one page of agenda
    assert pack.page_count == front_pages + item_pages + document_pages
    assert pack.size == packs.pack_path(pack).stat().st_size
    assert pack.build_seconds > 0 and pack.built_at is not None


def test_every_page_but_the_cover_has_the_running_header_and_footer(built):
    reader = _reader(packs.pack_path(built["members"]))
    total = len(reader.pages)
    header = "Algemeen Bestuur — woensdag 9 december 2026"
    assert header not in _text(reader, 1)
    for page in range(2, total + 1):
        text = _text(reader, page)
        assert header in text, page
        assert nl("page %(page)s of %(pages)s") % {"page": page, "pages": total} in text
    item_label = nl("Item %(number)s: %(title)s") % {"number": 2, "title": "Begroting 2027"}
    assert item_label in _text(reader, 4)


def test_cover_page_names_the_body_meeting_date_time_place_and_hecht(built):
    cover = _text(_reader(packs.pack_path(built["public"])), 1)
    for expected in (
        "Algemeen Bestuur",
        "woensdag 9 december 2026",
        "14:00",
        "Bestuurskamer",
        "GR Hecht — Gemeenschappelijke regeling Hecht",
    ):
        assert expected in cover


def test_cover_note_is_rendered_from_its_fields_with_the_distribution(built):
    reader = _reader(packs.pack_path(built["public"]))
    page = next(
        p for p in range(1, len(reader.pages) + 1) if "De begroting 2027 vast" in _text(reader, p)
    )
    text = _text(reader, page) + _text(reader, page + 1)
    # Both decision points, in order, as a numbered list (pypdf extracts the list numbers
    # apart from the items).
    points = "voorgesteld:\nDe begroting 2027 vast te stellen.\nDe zienswijzen te verwerken.\n"
    assert points in text
    assert "\n1. \n2. \n" in text
    assert "€ 125.000,00" in text
    assert "Leiden" in text and "Gouda" in text  # the distribution per municipality
    assert "Loonstijging." in text


def test_pdf_metadata_has_the_title_and_dutch_as_language(built):
    reader = _reader(packs.pack_path(built["members"]))
    assert reader.metadata.title == nl("Agenda pack %(body)s %(date)s") % {
        "body": "Algemeen Bestuur",
        "date": "woensdag 9 december 2026",
    }
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


# --- public variant ---------------------------------------------------------------------


def test_public_pack_contains_no_confidential_title_or_document_text(built):
    reader = _reader(packs.pack_path(built["public"]))
    everything = "\n".join(page.extract_text() for page in reader.pages)
    assert SECRET_TITLE not in everything
    assert SECRET_ITEM_TEXT not in everything
    assert SECRET_ANNEX_TEXT not in everything
    assert "Grondprijzen" not in everything
    assert "Ontwerpbegroting 2027 regel" in everything  # the public annex is there
    flat = str(_outline(reader))
    assert SECRET_TITLE not in flat and "Grondprijzen" not in flat
    assert SECRET_TITLE not in (reader.metadata.title or "")


def test_public_pack_has_one_placeholder_page_with_number_and_woo_ground(built):
    reader = _reader(packs.pack_path(built["public"]))
    placeholder = nl("Confidential — not public")
    pages = [p for p in range(1, len(reader.pages) + 1) if placeholder in _text(reader, p)]
    # The agenda (page 2) lists it; the placeholder page itself is the only other.
    assert pages[0] == 2
    assert len(pages) == 2
    text = _text(reader, pages[1])
    with translation.override("nl"):
        assert str(WooGround(WooGround.PRIVACY).label) in text
    assert (nl("Agenda item %(number)s") % {"number": 3}).upper() in text.upper()
    assert built["public"].confidential_pages == []


def test_members_pack_records_the_confidential_page_ranges(built):
    pack = built["members"]
    reader = _reader(packs.pack_path(pack))
    by_title = {}
    for node in reader.outline[1:]:
        nodes = node if isinstance(node, list) else [node]
        for n in nodes:
            by_title[n.title] = reader.get_destination_page_number(n) + 1
    secret_annex = by_title["Grondprijzen (vertrouwelijk)"]
    secret_item = by_title[f"3. {SECRET_TITLE}"]
    minutes = by_title["4. Verslag vorige vergadering"]
    # The confidential annex ends where the confidential item starts: one range.
    assert pack.confidential_pages == [[secret_annex, minutes - 1]]
    assert secret_annex < secret_item


# --- watermark --------------------------------------------------------------------------


def test_members_download_is_stamped_on_confidential_pages_only(client, built, ab_member):
    ab_member.first_name, ab_member.last_name = "Anna", "de Vries"
    ab_member.save()
    at = dt.datetime(2026, 12, 7, 9, 30, tzinfo=TZ)
    with time_machine.travel(at, tick=False):
        client.force_login(ab_member)
        response = client.get(
            reverse("governance:pack-download", args=[built["members"].meeting_id])
        )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    mark = nl("Confidential — %(name)s — %(when)s") % {
        "name": "Anna de Vries",
        "when": "07-12-2026 09:30",
    }
    ((first, last),) = built["members"].confidential_pages
    for page in range(1, len(reader.pages) + 1):
        text = reader.pages[page - 1].extract_text()
        assert (mark in text) == (first <= page <= last), page


def test_public_pack_download_has_no_watermark(client, built, contact_official):
    client.force_login(contact_official)  # sees the public meeting, no confidential items
    response = client.get(reverse("governance:pack-download", args=[built["public"].meeting_id]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert SECRET_TITLE not in text
    assert contact_official.last_name not in text  # no watermark naming the recipient
    assert response.content == packs.pack_path(built["public"]).read_bytes()


# --- the task: idempotent, incremental, atomic -----------------------------------------


def test_task_run_twice_writes_one_file_per_variant_and_one_history_row(agenda, settings):
    meeting = agenda["meeting"]
    first = _build(meeting)
    files = _pack_files(settings)
    assert packs.build_meeting_packs(meeting.pk) == {"members": "unchanged", "public": "unchanged"}
    second = {p.variant: p for p in AgendaPack.objects.filter(meeting=meeting)}
    assert _pack_files(settings) == files
    assert len(files) == 2  # one per variant
    for variant in ("members", "public"):
        assert second[variant].content_key == first[variant].content_key
        reasons = list(second[variant].history.values_list("history_change_reason", flat=True))
        assert reasons.count(nl("Pack built")) == 1


def test_the_celery_task_builds_both_packs(agenda):
    from governance.tasks import build_agenda_packs

    result = build_agenda_packs.delay(agenda["meeting"].pk).get()
    assert result == {"members": "built", "public": "built"}


def test_a_request_with_nothing_changed_marks_the_pack_ready_without_writing(
    agenda, secretary, settings, django_capture_on_commit_callbacks
):
    meeting = agenda["meeting"]
    _build(meeting)
    files = _pack_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        packs_rebuild(actor=secretary, meeting=meeting)
    assert _pack_files(settings) == files
    statuses = set(AgendaPack.objects.filter(meeting=meeting).values_list("status", flat=True))
    assert statuses == {AgendaPack.Status.READY}


def test_changing_one_item_rerenders_only_that_item(agenda, secretary, monkeypatch):
    meeting = agenda["meeting"]
    rendered: list[int] = []
    real = pack_render.render_items_pdf

    def spy(items, *, title):
        rendered.extend(item.pk for item in items)
        return real(items, title=title)

    monkeypatch.setattr(pack_render, "render_items_pdf", spy)
    first = _build(meeting)
    assert set(rendered) == {
        agenda["opening"].pk,
        agenda["budget_item"].pk,
        agenda["secret_item"].pk,
        agenda["minutes_item"].pk,
    }
    rendered.clear()
    services.agenda_item_update(
        actor=secretary, item=agenda["minutes_item"], description="Vastgesteld met één wijziging."
    )
    second = _build(meeting)
    assert set(rendered) == {agenda["minutes_item"].pk}
    for variant in ("members", "public"):
        assert second[variant].content_key != first[variant].content_key
        assert not packs.pack_path(first[variant]).exists()  # the old file is removed
        assert packs.pack_path(second[variant]).exists()


def test_a_new_document_version_changes_the_pack_without_rerendering_items(
    agenda, monkeypatch, manager, django_capture_on_commit_callbacks
):
    meeting = agenda["meeting"]
    first = _build(meeting)
    calls = []
    monkeypatch.setattr(
        pack_render, "render_items_pdf", lambda items, *, title: calls.append(items)
    )
    upload = SimpleUploadedFile(
        "begroting.pdf", simple_pdf("Ontwerpbegroting v2", ["Nieuwe versie."]), "application/pdf"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_version_upload(
            actor=manager, document=agenda["budget_annex"], file=upload
        )
    packs_now = {p.variant: p for p in AgendaPack.objects.filter(meeting=meeting)}
    assert calls == []
    for variant in ("members", "public"):
        assert packs_now[variant].status == AgendaPack.Status.READY
        assert packs_now[variant].content_key != first[variant].content_key
    text = "\n".join(p.extract_text() for p in _reader(packs.pack_path(packs_now["public"])).pages)
    assert "Nieuwe versie." in text


def test_a_failed_build_keeps_the_previous_file_and_records_the_error(
    agenda, secretary, monkeypatch, settings
):
    meeting = agenda["meeting"]
    first = _build(meeting)
    services.agenda_item_update(actor=secretary, item=agenda["opening"], title="Opening")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pack_build.pdf, "stamp", broken)
    assert packs.build_meeting_packs(meeting.pk) == {"members": "failed", "public": "failed"}
    for variant in ("members", "public"):
        pack = AgendaPack.objects.get(meeting=meeting, variant=variant)
        assert pack.status == AgendaPack.Status.FAILED
        assert pack.error == "OSError: disk full"
        assert pack.file_name == first[variant].file_name
        assert pack.content_key == first[variant].content_key
        assert packs.pack_path(pack).exists()
        assert pack.history.first().history_change_reason == nl("Build failed")
    assert _pack_files(settings) == sorted(p.file_name for p in first.values())
    leftovers = [p.name for p in (settings.MEDIA_ROOT / "packs").rglob(".tmp-*")]
    assert leftovers == []


def test_a_failure_while_writing_leaves_no_temporary_file(agenda, monkeypatch, settings):
    meeting = agenda["meeting"]

    real = PdfWriter.write

    def half(self, stream):
        if isinstance(stream, io.BytesIO):  # pages rendered into memory: fine
            return real(self, stream)
        stream.write(b"%PDF-1.7 half")  # the pack file on disk: half written, then full
        raise OSError("no space left")

    monkeypatch.setattr(PdfWriter, "write", half)
    assert packs.build_meeting_packs(meeting.pk) == {"members": "failed", "public": "failed"}
    assert _pack_files(settings) == []
    assert list((settings.MEDIA_ROOT / "packs").rglob(".tmp-*")) == []


def test_a_build_overtaken_by_a_change_is_redone_from_the_committed_data(
    agenda, secretary, monkeypatch, settings
):
    """The agenda changed while the pack was being assembled: that result is dropped (an
    older build must not overwrite a newer change) and the pack is built again."""
    meeting = agenda["meeting"]
    real = pack_build.assemble
    assembled = []

    def assemble_then_change(inputs):
        result = real(inputs)
        assembled.append(inputs.variant)
        if len(assembled) == 1:
            with TestCase.captureOnCommitCallbacks(execute=False):
                services.agenda_item_update(
                    actor=secretary, item=agenda["opening"], title="Opening door de voorzitter"
                )
        return result

    monkeypatch.setattr(pack_build, "assemble", assemble_then_change)
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = packs.build_meeting_packs(meeting.pk)
    assert outcome == {"members": "built", "public": "built"}
    assert assembled == ["members", "members", "public"]
    members = AgendaPack.objects.get(meeting=meeting, variant="members")
    assert "Opening door de voorzitter" in _text(_reader(packs.pack_path(members)), 2)
    assert len(_pack_files(settings)) == 2  # the overtaken file was removed


def test_nothing_is_built_for_an_agenda_that_is_no_longer_published(
    agenda, secretary, django_capture_on_commit_callbacks, settings
):
    meeting = agenda["meeting"]
    with django_capture_on_commit_callbacks(execute=False):
        packs_rebuild(actor=secretary, meeting=meeting)
    meeting.agenda_published_at = None
    meeting.save()
    assert packs.build_meeting_packs(meeting.pk) == {
        "members": "not published",
        "public": "not published",
    }
    assert not (settings.MEDIA_ROOT / "packs").exists()
    assert set(AgendaPack.objects.values_list("status", flat=True)) == {AgendaPack.Status.FAILED}


def test_item_pages_are_cached_by_content(agenda, settings):
    _build(agenda["meeting"])
    cache = settings.MEDIA_ROOT / "packs" / "cache"
    # Four items: the opening and minutes pages are the same in both variants and are
    # rendered once; the budget page lists the confidential annex for members only and
    # the confidential item is a placeholder in public: six item pages, and one
    # cover-and-agenda per variant.
    names = sorted(p.name for p in cache.iterdir())
    assert len([n for n in names if not n.startswith("front-")]) == 6
    assert len([n for n in names if n.startswith("front-")]) == 2


# --- rebuild triggers -------------------------------------------------------------------


def _statuses(meeting):
    return set(AgendaPack.objects.filter(meeting=meeting).values_list("status", flat=True))


def test_a_new_document_on_a_published_agenda_queues_the_packs(
    agenda, manager, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("notitie.pdf", simple_pdf("Notitie", ["Tekst."]), "application/pdf")
    with django_capture_on_commit_callbacks() as callbacks:
        services.document_upload(
            actor=manager,
            proposal=agenda["budget"],
            kind="annex",
            title="Notitie",
            is_confidential=False,
            file=upload,
        )
    assert _statuses(agenda["meeting"]) == {AgendaPack.Status.QUEUED}
    assert len(callbacks) == 1


def test_saving_a_cover_note_queues_the_packs(agenda, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.cover_note_save(actor=manager, proposal=agenda["budget"], risks="Geen.")
    assert _statuses(agenda["meeting"]) == {AgendaPack.Status.QUEUED}
    assert len(callbacks) == 1


@pytest.mark.parametrize("change", ["add", "update", "move", "remove"])
def test_agenda_changes_on_a_published_agenda_queue_the_packs(
    agenda, secretary, change, django_capture_on_commit_callbacks
):
    meeting, item = agenda["meeting"], agenda["minutes_item"]
    with django_capture_on_commit_callbacks() as callbacks:
        if change == "add":
            services.agenda_item_add(
                actor=secretary, meeting=meeting, title="Rondvraag", kind="formal"
            )
        elif change == "update":
            services.agenda_item_update(actor=secretary, item=item, title="Verslag 12 november")
        elif change == "move":
            services.agenda_item_move(actor=secretary, item=item, direction="up")
        else:
            services.agenda_item_remove(actor=secretary, item=agenda["opening"])
    assert _statuses(meeting) == {AgendaPack.Status.QUEUED}
    assert len(callbacks) == 1, callbacks


def test_changes_on_an_unpublished_agenda_queue_nothing(
    closed_ab_meeting, secretary, manager, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=closed_ab_meeting, order=1)
    with django_capture_on_commit_callbacks() as callbacks:
        services.agenda_item_update(actor=secretary, item=item, title="Anders")
        services.document_upload(
            actor=manager,
            agenda_item=item,
            kind="annex",
            title="Notitie",
            is_confidential=False,
            file=SimpleUploadedFile("n.pdf", simple_pdf("N", ["T"]), "application/pdf"),
        )
    assert not AgendaPack.objects.exists()
    assert callbacks == []


# --- the rebuild service ----------------------------------------------------------------


def test_only_the_secretariat_rebuilds(agenda, manager, ab_member):
    for actor in (manager, ab_member):
        with pytest.raises(PermissionDenied):
            packs_rebuild(actor=actor, meeting=agenda["meeting"])


def test_an_unpublished_agenda_has_no_packs_to_rebuild(closed_ab_meeting, secretary):
    with pytest.raises(ValidationError):
        packs_rebuild(actor=secretary, meeting=closed_ab_meeting)


# --- views ------------------------------------------------------------------------------


PACK_TEXTS = {
    "building": "The agenda pack is being built. This page updates itself.",
    "failed": (
        "Building the agenda pack failed. The board secretariat sees this on the "
        "publication page and can build it again."
    ),
    "none": "No agenda pack has been built for this meeting.",
    "not_published": "Not available: the agenda has not been published yet.",
}


@pytest.mark.parametrize(
    ("status", "published", "state", "polls"),
    [
        (AgendaPack.Status.QUEUED, True, "building", True),
        (AgendaPack.Status.BUILDING, True, "building", True),
        (AgendaPack.Status.FAILED, True, "failed", False),
        (None, True, "none", False),
        (AgendaPack.Status.READY, False, "not_published", False),
        (None, False, "not_published", False),
    ],
)
def test_meeting_page_and_download_say_why_there_is_no_pack(
    client, agenda, ab_member, status, published, state, polls
):
    meeting = agenda["meeting"]
    if status is not None:
        _build(meeting)
        AgendaPack.objects.filter(meeting=meeting).update(status=status)
    if not published:
        meeting.agenda_published_at = None
        meeting.save()
    client.force_login(ab_member)
    url = reverse("governance:meeting-detail", args=[meeting.pk])
    pack_url = reverse("governance:pack-download", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert nl(PACK_TEXTS[state]) in html
    assert f'href="{pack_url}"' not in html
    assert ('hx-select="#pack-download"' in html) == polls
    for other in set(PACK_TEXTS) - {state}:
        assert nl(PACK_TEXTS[other]) not in html
    response = client.get(pack_url, follow=True)
    assert response.redirect_chain == [(url, 302)]
    with translation.override("en"):
        messages = [str(m) for m in response.context["messages"]]
    assert nl(PACK_TEXTS[state]) in messages


def test_meeting_page_links_the_ready_pack_with_its_pages(client, built, ab_member):
    meeting_pk = built["members"].meeting_id
    client.force_login(ab_member)
    html = client.get(reverse("governance:meeting-detail", args=[meeting_pk])).content.decode()
    assert f'href="{reverse("governance:pack-download", args=[meeting_pk])}"' in html
    assert f"{built['members'].page_count} pagina" in html
    assert "hx-select" not in html
    for text in PACK_TEXTS.values():
        assert nl(text) not in html


def test_who_gets_which_pack(client, built, ab_member, contact_official, ac_member, secretary):
    meeting_pk = built["members"].meeting_id
    url = reverse("governance:pack-download", args=[meeting_pk])
    members_text = SECRET_TITLE
    for user, sees_members in (
        (secretary, True),
        (ab_member, True),
        (contact_official, False),  # public meeting, no seat on the AB
        (ac_member, False),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert (members_text in text) == sees_members, user
        assert 'filename="vergaderboek-ab-2026-12-09.pdf"' in response["Content-Disposition"]


def test_public_pack_download_needs_no_login_but_a_published_agenda(client, built, agenda):
    url = reverse("governance:public-pack-download", args=[agenda["meeting"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == packs.pack_path(built["public"]).read_bytes()
    assert "public" in response["Cache-Control"]
    meeting = agenda["meeting"]
    meeting.agenda_published_at = None
    meeting.save()
    assert client.get(url).status_code == 404


def test_public_pack_of_a_closed_meeting_with_published_agenda(client, closed_ab_meeting):
    AgendaItemFactory(meeting=closed_ab_meeting, order=1, title="Opening")
    closed_ab_meeting.agenda_published_at = timezone.now()
    closed_ab_meeting.save()
    _build(closed_ab_meeting)
    url = reverse("governance:public-pack-download", args=[closed_ab_meeting.pk])
    assert client.get(url).status_code == 200


def test_member_decision_list_pdf_shows_what_the_user_may_see(
    client, agenda, ab_member, contact_official
):
    DecisionFactory(agenda_item=agenda["budget_item"], text="Vastgesteld conform voorstel.")
    DecisionFactory(agenda_item=agenda["secret_item"], text="Geheim besluit genomen.")
    url = reverse("governance:decision-list-pdf", args=[agenda["meeting"].pk])
    client.force_login(ab_member)
    response = client.get(url)
    assert response.status_code == 200
    text = _flat(response.content)
    assert "Vastgesteld conform voorstel." in text and "Geheim besluit genomen." in text
    # The print stylesheet's margin boxes: running title and page numbers.
    assert "pagina 1 van 1" in text
    assert text.count(nl("Decision list")) == 2
    client.force_login(contact_official)
    assert client.get(url).status_code == 404  # not an insider, and not published yet
    meeting = agenda["meeting"]
    meeting.decisions_published_at = timezone.now()
    meeting.save()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(url).content)).pages)
    assert "Vastgesteld conform voorstel." in text
    assert "Geheim besluit genomen." not in text and SECRET_TITLE not in text


def test_public_decision_list_pdf_shows_placeholders_for_confidential_decisions(client, agenda):
    DecisionFactory(agenda_item=agenda["budget_item"], text="Vastgesteld conform voorstel.")
    DecisionFactory(agenda_item=agenda["secret_item"], text="Geheim besluit genomen.")
    url = reverse("governance:public-decision-list-pdf", args=[agenda["meeting"].pk])
    assert client.get(url).status_code == 404  # the decision list is not published yet
    meeting = agenda["meeting"]
    meeting.decisions_published_at = timezone.now()
    meeting.save()
    response = client.get(url)
    assert response.status_code == 200
    text = _flat(response.content)
    assert "Vastgesteld conform voorstel." in text
    assert "Geheim besluit genomen." not in text and SECRET_TITLE not in text
    assert nl("Confidential — not public") in text


def test_status_partial_shows_both_packs_and_polls_while_building(client, agenda, secretary):
    client.force_login(secretary)
    url = reverse("governance:pack-status", args=[agenda["meeting"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"hx-trigger" not in response.content  # nothing is being built
    _build(agenda["meeting"])
    AgendaPack.objects.filter(variant="public").update(status=AgendaPack.Status.BUILDING)
    response = client.get(url)
    content = response.content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert f'hx-get="{url}"' in content
    assert reverse("governance:pack-download", args=[agenda["meeting"].pk]) in content
    assert "<script" not in content and "style=" not in content


# Session, user, the session's second-factor device, meeting, permissions, both packs.
QUERIES = 7


def test_status_partial_runs_a_fixed_number_of_queries(
    client, agenda, secretary, django_assert_num_queries
):
    client.force_login(secretary)
    url = reverse("governance:pack-status", args=[agenda["meeting"].pk])
    # The same with no pack rows and with both.
    with django_assert_num_queries(QUERIES):
        client.get(url)
    _build(agenda["meeting"])
    with django_assert_num_queries(QUERIES):
        client.get(url)


def test_rebuild_redirects_to_the_publication_page_or_returns_the_partial(
    client, built, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    meeting_pk = built["members"].meeting_id
    url = reverse("governance:pack-rebuild", args=[meeting_pk])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting-publication", args=[meeting_pk])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="pack-status"' in content
    assert nl("The agenda packs are being rebuilt.") in content
    assert 'hx-trigger="every 2s"' in content  # queued: it polls


# --- active content ---------------------------------------------------------------------


@pytest.fixture
def hostile_agenda(public_ab_meeting):
    """A published agenda whose item carries a PDF with every kind of active content,
    stored directly (as a file uploaded before uploads were checked for it would be),
    next to a confidential one for the members' pack."""
    from tests.governance import hostile

    meeting = public_ab_meeting
    item = AgendaItemFactory(meeting=meeting, order=1, title="Verslag", kind="formal")
    for confidential in (False, True):
        document = DocumentFactory(agenda_item=item, versions=0, is_confidential=confidential)
        DocumentVersionFactory(
            document=document,
            file=ContentFile(hostile.quietly(hostile.pdf_all_active_content), name="stuk.pdf"),
            page_count=2,
        )
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    return meeting


def test_packs_never_carry_active_content_even_from_a_file_stored_before_the_check(
    hostile_agenda, client, ab_member
):
    from tests.governance import hostile

    source = hostile.quietly(hostile.pdf_all_active_content)
    assert hostile.active_traces(source) >= {b"/JavaScript", b"/Launch", b"/EmbeddedFile"}
    built = _build(hostile_agenda)
    for variant in ("members", "public"):
        data = packs.pack_path(built[variant]).read_bytes()
        assert hostile.active_traces(data) == set(), variant
        assert pdf_active_content(data) == set()
    # The members' copy, stamped for its recipient at download, as well.
    client.force_login(ab_member)
    response = client.get(reverse("governance:pack-download", args=[hostile_agenda.pk]))
    assert response.status_code == 200
    assert hostile.active_traces(response.content) == set()


def test_the_pack_keeps_the_pages_of_a_file_whose_active_content_was_removed(hostile_agenda):
    built = _build(hostile_agenda)
    # cover and agenda, the item page, then 2 + 2 pages of the two documents
    public = PdfReader(packs.pack_path(built["public"]))
    members = PdfReader(packs.pack_path(built["members"]))
    assert len(members.pages) == len(public.pages) + 2


def test_rebuild_packs_replaces_a_pack_built_before_active_content_was_stripped(
    hostile_agenda, monkeypatch
):
    from django.core.management import call_command

    from hecht import pdf
    from tests.governance import hostile

    # A pack as built by the previous format: merged without stripping.
    with monkeypatch.context() as old_release:
        old_release.setattr(pack_render, "PACK_FORMAT", 1)
        old_release.setattr(pdf, "strip_active_content", lambda writer: None)
        old = _build(hostile_agenda)
    assert hostile.active_traces(packs.pack_path(old["public"]).read_bytes())
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("rebuild_packs", stdout=out)
    assert out.getvalue().strip() == "built 2"
    rebuilt = AgendaPack.objects.filter(meeting=hostile_agenda)
    assert rebuilt.count() == 2
    for pack in rebuilt:
        assert hostile.active_traces(packs.pack_path(pack).read_bytes()) == set()
    out = io.StringIO()
    call_command("rebuild_packs", stdout=out)
    assert out.getvalue().strip() == "unchanged 2"
