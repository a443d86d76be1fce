"""Private notes of board members (issue 14): a member's own highlights and notes on the
documents and packs they read, carried to a new version where the quoted text still is,
listed per meeting, and read by nobody else — not the secretariat, not in the admin,
search, API, feeds, packs or e-mail."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.contrib import admin
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import packs, services
from governance.demo.pdf import simple_pdf
from governance.models import AgendaPack, Confidentiality, PrivateNote, WooGround
from governance.queries import notes as queries
from governance.services.notes import note_add, note_delete
from tests.authz.packs import _ready_packs
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    DocumentVersionFactory,
    ProposalFactory,
    RouteStepFactory,
)

MARKER = "ZWARTE-ZWAAN-7731"
QUOTE = "De reserve weerstandsvermogen blijft ruim boven de norm"
FILLER = [f"Vulregel {n} over de begroting." for n in range(40)]


def _version(document, paragraphs: list[str]):
    data = simple_pdf(document.title, paragraphs)
    return DocumentVersionFactory(
        document=document,
        file=ContentFile(data, name="stuk.pdf"),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=len(PdfReader(io.BytesIO(data)).pages),
    )


@pytest.fixture
def meeting(public_ab_meeting):
    public_ab_meeting.agenda_published_at = timezone.now()
    public_ab_meeting.save()
    return public_ab_meeting


@pytest.fixture
def proposal(ab, meeting):
    proposal = ProposalFactory(title="Begroting 2027")
    step = RouteStepFactory(proposal=proposal, body=ab, meeting=meeting, position=1)
    AgendaItemFactory(meeting=meeting, route_step=step, title=proposal.title, order=2)
    return proposal


@pytest.fixture
def document(proposal):
    document = DocumentFactory(proposal=proposal, versions=0, title="Begroting 2027")
    _version(document, [f"Inleiding. {QUOTE}.", *FILLER])
    document.refresh_from_db()
    return document


@pytest.fixture
def confidential_document(ab):
    proposal = ProposalFactory(
        title="Grondaankoop",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    return DocumentFactory(proposal=proposal, is_confidential=True, title="Grondaankoop kavel 7")


def _note(owner, *, page: int = 1, quote: str = "", text: str = "Navragen.", **target):
    return note_add(actor=owner, page=page, quote=quote, text=text, **target)


def _add_url(version) -> str:
    return reverse("governance:note-add-version", kwargs={"pk": version.pk})


# --- Add, change, delete: the owner only -----------------------------------------------


def test_owner_adds_changes_and_deletes_a_note(client, ab_member, document):
    client.force_login(ab_member)
    version = document.current_version
    response = client.post(
        _add_url(version), {"page": "1", "quote": f"  {QUOTE}\n", "text": "Klopt dit?"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#mijn-notities")
    note = PrivateNote.objects.get()
    assert (note.owner, note.version, note.pack) == (ab_member, version, None)
    assert (note.page, note.quote, note.text) == (1, QUOTE, "Klopt dit?")

    read = client.get(reverse("governance:document-read", kwargs={"pk": document.pk}))
    assert "Klopt dit?" in read.text
    assert reverse("governance:note-edit", kwargs={"pk": note.pk}) in read.text

    edit = reverse("governance:note-edit", kwargs={"pk": note.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"page": "2", "quote": "", "text": "Toch navragen."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.page, note.quote, note.text) == (2, "", "Toch navragen.")
    assert note.updated_at >= note.created_at

    delete = reverse("governance:note-delete", kwargs={"pk": note.pk})
    assert client.post(delete).status_code == 302
    assert not PrivateNote.objects.exists()


def test_a_note_has_no_history_table(document):
    assert not hasattr(PrivateNote, "history")
    assert "historicalprivatenote" not in {m._meta.model_name for m in admin.site._registry}


@pytest.mark.parametrize(
    "actor", ["secretary", "manager", "ac_member", "contact_official", "outsider", "ab_colleague"]
)
def test_nobody_but_the_owner_reaches_a_note(client, request, ab, ab_member, document, actor):
    if actor == "ab_colleague":  # another member of the same body, reading the same document
        from tests.factories import MembershipFactory, UserFactory

        other = UserFactory(username="collega")
        MembershipFactory(user=other, body=ab)
    else:
        other = request.getfixturevalue(actor)
    note = _note(ab_member, version=document.current_version, text=MARKER)
    client.force_login(other)
    edit = reverse("governance:note-edit", kwargs={"pk": note.pk})
    delete = reverse("governance:note-delete", kwargs={"pk": note.pk})
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"page": "1", "text": "Overschreven"}).status_code == 404
    assert client.post(delete).status_code == 404
    note.refresh_from_db()
    assert note.text == MARKER
    with pytest.raises(Exception) as caught:
        note_delete(actor=other, note=note)
    assert caught.typename == "Http404"
    assert PrivateNote.objects.filter(pk=note.pk).exists()


def test_a_note_on_a_document_one_may_not_read_is_404(client, outsider, confidential_document):
    client.force_login(outsider)
    version = confidential_document.current_version
    response = client.post(_add_url(version), {"page": "1", "text": "Poging"})
    assert response.status_code == 404
    assert not PrivateNote.objects.exists()
    with pytest.raises(PermissionDenied):
        _note(outsider, version=version)


def test_a_note_on_a_pack_one_may_not_read_is_404(client, outsider, ab_member, closed_ab_meeting):
    _ready_packs(closed_ab_meeting, decisions=False)
    members = AgendaPack.objects.get(meeting=closed_ab_meeting, variant="members")
    client.force_login(outsider)
    url = reverse("governance:note-add-pack", kwargs={"pk": closed_ab_meeting.pk})
    assert client.post(url, {"page": "1", "text": "Poging"}).status_code == 404
    with pytest.raises(PermissionDenied):
        _note(outsider, pack=members)
    # The public pack is not the one a member reads: a note goes on the members' pack.
    public = AgendaPack.objects.get(meeting=closed_ab_meeting, variant="public")
    with pytest.raises(PermissionDenied):
        _note(ab_member, pack=public)
    assert not PrivateNote.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"page": "2", "text": "Te ver"}, "page"),  # the document has one page
        ({"page": "1", "text": "   "}, "text"),
        ({"page": "0", "text": "Nul"}, "page"),
    ],
)
def test_a_note_needs_a_text_and_a_page_of_the_document(client, ab_member, proposal, data, field):
    document = DocumentFactory(proposal=proposal, title="Kort")  # one page
    client.force_login(ab_member)
    response = client.post(_add_url(document.current_version), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not PrivateNote.objects.exists()


# --- Carried to a new version where the quote still is ----------------------------------


def test_a_note_is_carried_to_a_new_version_that_still_has_the_quote(client, ab_member, document):
    first = document.current_version
    quoted = _note(ab_member, version=first, quote=QUOTE, text="Hoe ruim?")
    plain = _note(ab_member, version=first, page=1, text="Algemene vraag")
    # Version 2 moves the sentence to its last page; version 3 drops it.
    second = _version(document, [*FILLER, *FILLER, f"Slot. {QUOTE} volgens de nota."])
    shown = queries.document_notes(ab_member, second)
    rows = {row.note.pk: row for row in shown.found}
    assert set(rows) == {quoted.pk, plain.pk}
    assert rows[quoted.pk].page == second.page_count > 1
    assert rows[quoted.pk].carried and rows[quoted.pk].version_number == 1
    assert rows[plain.pk].page == 1  # no quote: carried as is
    assert shown.missing == []

    third = _version(document, ["De paragraaf over de reserve is geschrapt.", *FILLER])
    shown = queries.document_notes(ab_member, third)
    assert [row.note.pk for row in shown.found] == [plain.pk]
    assert [(row.note.pk, row.version_number, row.page) for row in shown.missing] == [
        (quoted.pk, 1, None)
    ]

    client.force_login(ab_member)
    page = client.get(reverse("governance:document-read", kwargs={"pk": document.pk}))
    assert page.context["version"] == third
    assert "Hoe ruim?" in page.text and "Algemene vraag" in page.text
    assert page.context["notes"].missing[0].note == quoted
    # Reading version 1 shows the note where it was written, not as carried.
    old = client.get(
        reverse("governance:document-read", kwargs={"pk": document.pk}), {"versie": "1"}
    )
    assert {row.note.pk for row in old.context["notes"].found} == {quoted.pk, plain.pk}
    assert not any(row.carried for row in old.context["notes"].found)


def test_page_text_is_extracted_once_per_version(ab_member, document, monkeypatch):
    _note(ab_member, version=document.current_version, quote=QUOTE, text="Eerste")
    second = _version(document, [QUOTE, *FILLER])
    calls = []
    real = queries._extract
    monkeypatch.setattr(queries, "_extract", lambda stream: calls.append(1) or real(stream))
    for _ in range(3):
        assert queries.document_notes(ab_member, second).found[0].page == 1
    assert len(calls) == 1


# --- Reading pages -----------------------------------------------------------------------


def test_the_reading_page_shows_only_ones_own_notes(client, ab_member, secretary, document):
    _note(ab_member, version=document.current_version, text=MARKER)
    client.force_login(secretary)
    response = client.get(reverse("governance:document-read", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert MARKER not in response.text
    assert 'id="mijn-notities"' in response.text
    assert "js/private-notes" in response.text


def test_the_pack_reads_in_the_browser_with_its_notes(client, ab_member, meeting):
    _ready_packs(meeting, decisions=True)
    pack = AgendaPack.objects.get(meeting=meeting, variant="members")
    client.force_login(ab_member)
    url = reverse("governance:pack-read", kwargs={"pk": meeting.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["pack"] == pack
    download = reverse("governance:pack-download", kwargs={"pk": meeting.pk})
    assert f'data-pdf-url="{download}"' in response.text

    add = reverse("governance:note-add-pack", kwargs={"pk": meeting.pk})
    assert client.post(add, {"page": "3", "text": "Te ver"}).status_code == 200  # 2 pages
    response = client.post(add, {"page": "2", "quote": "", "text": "Bijlage nalezen"})
    assert response.status_code == 302
    note = PrivateNote.objects.get()
    assert (note.pack, note.version, note.page) == (pack, None, 2)
    assert "Bijlage nalezen" in client.get(url).text


def test_a_pack_note_whose_quote_is_gone_after_a_rebuild_is_listed_apart(ab_member, meeting):
    _ready_packs(meeting, decisions=True)
    pack = AgendaPack.objects.get(meeting=meeting, variant="members")
    note = _note(ab_member, pack=pack, page=1, quote="Tekst uit de vorige versie")
    # On the build it was written on, the note stays where it was written.
    shown = queries.pack_notes(ab_member, pack)
    assert [(row.note, row.page) for row in shown.found] == [(note, 1)]
    # Rebuilt: the stand-in pack has blank pages, so the quoted text is gone.
    AgendaPack.objects.filter(pk=pack.pk).update(built_at=timezone.now())
    pack.refresh_from_db()
    shown = queries.pack_notes(ab_member, pack)
    assert shown.found == [] and [row.note for row in shown.missing] == [note]


# --- Per meeting ---------------------------------------------------------------------------


def _add_notes(owner, meeting, documents, numbers) -> None:
    pack = AgendaPack.objects.get(meeting=meeting, variant="members")
    for n in numbers:
        if n % 3 == 2:
            _note(owner, pack=pack, text=f"Pack {n}")
        else:
            _note(owner, version=documents[n % 2].current_version, text=f"Notitie {n}")


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.text


def test_notes_per_meeting_take_the_same_queries_for_one_or_ten(
    client, ab_member, meeting, proposal, document
):
    _ready_packs(meeting, decisions=True)
    item = AgendaItemFactory(meeting=meeting, order=1, title="Opening")
    documents = [DocumentFactory(agenda_item=item, title="Notulen"), document]
    client.force_login(ab_member)
    url = reverse("governance:notes-meeting", kwargs={"pk": meeting.pk})
    overview = reverse("governance:notes")
    _add_notes(ab_member, meeting, documents, [0])
    few, text = _count(client, url)
    few_overview, _ = _count(client, overview)
    assert "Notitie 0" in text
    _add_notes(ab_member, meeting, documents, range(1, 10))
    many, text = _count(client, url)
    many_overview, overview_text = _count(client, overview)
    assert all(f"Notitie {n}" in text for n in (0, 1, 3, 4, 9))
    assert all(f"Pack {n}" in text for n in (2, 5, 8))
    assert many == few
    assert many_overview == few_overview
    assert meeting.display_title in overview_text
    assert overview_text.count(">10<") == 1  # the meeting's note count


def test_the_meeting_page_links_to_ones_notes(client, ab_member, secretary, meeting, document):
    url = reverse("governance:meeting-detail", kwargs={"pk": meeting.pk})
    notes_url = reverse("governance:notes-meeting", kwargs={"pk": meeting.pk})
    client.force_login(ab_member)
    assert notes_url not in client.get(url).text
    _note(ab_member, version=document.current_version)
    assert notes_url in client.get(url).text
    client.force_login(secretary)
    assert notes_url not in client.get(url).text
    assert MARKER not in client.get(notes_url).text


def test_notes_of_a_document_that_is_on_no_meeting_are_listed_apart(client, ab, ab_member):
    proposal = ProposalFactory(title="Nog niet geagendeerd")
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    document = DocumentFactory(proposal=proposal, title="Concept nota")
    _note(ab_member, version=document.current_version)
    overview = queries.notes_overview(ab_member)
    assert overview.meetings == []
    assert overview.documents == [(document, 1)]


# --- Never in an export, search, feed, pack, admin or e-mail -----------------------------


def _pack_text(meeting) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        packs.build_meeting_packs(meeting.pk)
    text = []
    for pack in AgendaPack.objects.filter(meeting=meeting):
        path = packs.pack_path(pack)
        assert path is not None and path.exists()
        text += [page.extract_text() for page in PdfReader(path).pages]
    return " ".join(text)


def test_a_note_appears_in_no_search_api_feed_pack_admin_or_mail(
    client, settings, ab, ab_member, secretary, meeting, proposal, document
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    public_item = AgendaItemFactory(meeting=meeting, order=1, title="Opening")
    _note(
        ab_member,
        version=document.current_version,
        quote=QUOTE,
        text=f"Vraag over het grondwaterpeil {MARKER}",
    )
    assert MARKER not in _pack_text(meeting)
    members_pack = AgendaPack.objects.get(meeting=meeting, variant="members")
    _note(ab_member, pack=members_pack, text=f"Pack {MARKER}")

    mail.outbox.clear()
    client.force_login(secretary)  # sends the due reminders of everyone
    assert client.post(reverse("governance:reminders-send-now")).status_code == 302
    assert all(MARKER not in message.body for message in mail.outbox)

    feed_url = services.personal_feed_url(ab_member, _request(), create=True)
    client.force_login(secretary)
    urls = [
        # (the search page repeats its query, so it is asked for the note's other words)
        reverse("governance:public-search") + "?q=grondwaterpeil",
        reverse("governance:public-api-meetings"),
        reverse("governance:public-api-meeting", kwargs={"pk": meeting.pk}),
        reverse("governance:public-api-agenda-items"),
        reverse("governance:public-api-documents"),
        reverse("governance:public-api-decisions"),
        reverse("governance:public-meeting", kwargs={"pk": meeting.pk}),
        reverse("governance:calendar-feed-public"),
        reverse("governance:calendar-feed-body", kwargs={"code": ab.code}),
        feed_url,
        reverse("governance:meeting-detail", kwargs={"pk": meeting.pk}),
        reverse("governance:agenda-item-detail", kwargs={"pk": public_item.pk}),
        reverse("governance:document-detail", kwargs={"pk": document.pk}),
        reverse("governance:document-read", kwargs={"pk": document.pk}),
        reverse("governance:pack-read", kwargs={"pk": meeting.pk}),
        reverse("governance:pack-download", kwargs={"pk": meeting.pk}),
        reverse("governance:notes"),
        reverse("governance:notes-meeting", kwargs={"pk": meeting.pk}),
        reverse("governance:my-tasks"),
        reverse("admin:index"),
    ]
    # Every changelist of the admin the secretariat may open (some need a permission
    # it does not have: those answer 403, without content).
    changelists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    opened = 0
    for url in urls + changelists:
        response = client.get(url)
        assert response.status_code == 200 or (url in changelists and response.status_code == 403)
        opened += response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARKER.encode() not in body, url
    assert opened > len(urls) + 10
    assert PrivateNote not in admin.site._registry
    assert PrivateNote.objects.filter(text__contains=MARKER).count() == 2


def _request():
    from django.test import RequestFactory

    return RequestFactory().get("/")


def test_the_reading_pages_take_the_same_queries_for_one_or_ten_notes(
    client, ab_member, meeting, document
):
    _ready_packs(meeting, decisions=True)
    pack = AgendaPack.objects.get(meeting=meeting, variant="members")
    older = document.current_version
    current = _version(document, [QUOTE, *FILLER])
    client.force_login(ab_member)
    read = reverse("governance:document-read", kwargs={"pk": document.pk})
    pack_read = reverse("governance:pack-read", kwargs={"pk": meeting.pk})
    _note(ab_member, version=older, quote=QUOTE, text="Notitie 0")
    _note(ab_member, pack=pack, text="Pack 0")
    few, _ = _count(client, read)
    few_pack, _ = _count(client, pack_read)
    for n in range(1, 10):
        _note(ab_member, version=older if n % 2 else current, quote=QUOTE, text=f"Notitie {n}")
        _note(ab_member, pack=pack, page=2, text=f"Pack {n}")
    many, text = _count(client, read)
    many_pack, pack_text = _count(client, pack_read)
    assert all(f"Notitie {n}" in text for n in range(10))
    assert all(f"Pack {n}" in pack_text for n in range(10))
    assert (many, many_pack) == (few, few_pack)
