"""Documents: upload, versions, download through the access check, pages."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from governance import services
from governance.models import Confidentiality, Document, DocumentVersion, WooGround
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    DocumentVersionFactory,
    ProposalFactory,
    RouteStepFactory,
    pdf_bytes,
)


def pdf_upload(name: str = "voorstel.pdf", pages: int = 2) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def proposal(ab):
    proposal = ProposalFactory(title="Begroting 2027")
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    return proposal


@pytest.fixture
def confidential_proposal(ab):
    proposal = ProposalFactory(
        title="Grondaankoop",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    return proposal


# --- services ---------------------------------------------------------------------


def test_upload_creates_document_with_version_one(secretary, proposal):
    data = pdf_bytes(2)
    document = services.document_upload(
        actor=secretary,
        proposal=proposal,
        kind=Document.Kind.PROPOSAL,
        title="Voorstel",
        is_confidential=False,
        file=SimpleUploadedFile("Voorstel AB.pdf", data),
        note="Eerste versie",
    )
    document.refresh_from_db()
    version = document.current_version
    assert version.number == 1
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size == len(data)
    assert version.page_count == 2
    assert version.original_name == "Voorstel_AB.pdf"
    assert version.uploaded_by == secretary
    assert version.uploaded_at == document.delivered_at
    with version.file.open("rb") as stored:
        assert stored.read() == data
    assert not version.file.name.endswith(".pdf")  # the client's name is not the path
    assert document.history.first().history_user == secretary
    assert "1" in version.history.first().history_change_reason


def test_new_versions_are_numbered_and_become_current(manager, proposal):
    document = services.document_upload(
        actor=manager,
        proposal=proposal,
        kind=Document.Kind.PROPOSAL,
        title="Voorstel",
        is_confidential=False,
        file=pdf_upload(),
    )
    delivered = document.delivered_at
    for expected in (2, 3):
        version = services.document_version_upload(
            actor=manager, document=document, file=pdf_upload(pages=expected), note="Correctie"
        )
        assert version.number == expected
    document.refresh_from_db()
    assert document.current_version.number == 3
    assert document.current_version.page_count == 3
    assert document.delivered_at == delivered  # the first delivery counts for deadlines
    assert list(document.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_document_of_confidential_proposal_is_always_confidential(secretary, confidential_proposal):
    document = services.document_upload(
        actor=secretary,
        proposal=confidential_proposal,
        kind=Document.Kind.PROPOSAL,
        title="Taxatie",
        is_confidential=False,
        file=pdf_upload(),
    )
    assert document.is_confidential


def test_document_of_confidential_agenda_item_is_always_confidential(secretary, public_ab_meeting):
    item = AgendaItemFactory(
        meeting=public_ab_meeting,
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    document = services.document_upload(
        actor=secretary,
        agenda_item=item,
        kind=Document.Kind.MINUTES,
        title="Notulen",
        is_confidential=False,
        file=pdf_upload(),
    )
    assert document.is_confidential
    assert document.agenda_item == item


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"", "leeg.pdf", Document.Kind.PROPOSAL),
        (b"<html><body>nep</body></html>", "nep.pdf", Document.Kind.PROPOSAL),
        (pdf_bytes()[:60], "kapot.pdf", Document.Kind.PROPOSAL),
        (pdf_bytes(), "bijlage.docx", Document.Kind.ANNEX),
    ],
)
def test_refused_upload_stores_nothing(secretary, proposal, data, name, kind):
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            actor=secretary,
            proposal=proposal,
            kind=kind,
            title="Stuk",
            is_confidential=False,
            file=SimpleUploadedFile(name, data),
        )
    assert "file" in caught.value.message_dict
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


def test_failure_after_storing_removes_the_file(secretary, proposal):
    # A note too long for its column fails validation after the document row was
    # written; the transaction rolls back and the stored file must go too.
    with pytest.raises(ValidationError):
        services.document_upload(
            actor=secretary,
            proposal=proposal,
            kind=Document.Kind.PROPOSAL,
            title="Stuk",
            is_confidential=False,
            file=pdf_upload(),
            note="x" * 251,
        )
    assert not Document.objects.exists()
    assert stored_files() == []


def test_failure_at_the_database_removes_the_stored_file(secretary, proposal, monkeypatch):
    from governance.services import documents as document_services

    original = document_services.save_with_history

    def fail_on_current(obj, **kwargs):
        if kwargs.get("update_fields") == ["current_version"]:
            raise RuntimeError("database gone")
        return original(obj, **kwargs)

    monkeypatch.setattr(document_services, "save_with_history", fail_on_current)
    with pytest.raises(RuntimeError):
        services.document_upload(
            actor=secretary,
            proposal=proposal,
            kind=Document.Kind.PROPOSAL,
            title="Stuk",
            is_confidential=False,
            file=pdf_upload(),
        )
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


def test_refused_oversized_and_encrypted_uploads_store_nothing(secretary, proposal, settings):
    from tests.governance.test_uploads import encrypted_pdf

    settings.HECHT_MAX_UPLOAD_MB = 1
    too_large = pdf_bytes() + b"\n%" + b"x" * (1024 * 1024 + 10)
    for data in (too_large, encrypted_pdf()):
        with pytest.raises(ValidationError) as caught:
            services.document_upload(
                actor=secretary,
                proposal=proposal,
                kind=Document.Kind.PROPOSAL,
                title="Stuk",
                is_confidential=False,
                file=SimpleUploadedFile("stuk.pdf", data),
            )
        assert "file" in caught.value.message_dict
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


def test_office_annex_is_stored_without_page_count(secretary, proposal):
    from tests.governance.test_uploads import ooxml

    document = services.document_upload(
        actor=secretary,
        proposal=proposal,
        kind=Document.Kind.ANNEX,
        title="Toelichting",
        is_confidential=False,
        file=SimpleUploadedFile("toelichting.docx", ooxml()),
    )
    version = document.current_version
    assert version.page_count is None
    assert version.content_type.endswith("wordprocessingml.document")
    assert len(stored_files()) == 1


def test_failing_version_insert_removes_the_stored_file(secretary, proposal, monkeypatch):
    # The file is written to storage just before its row is inserted; when the insert
    # itself fails the file must not stay behind.
    from django.db import IntegrityError

    def fail_insert(self, *args, **kwargs):
        raise IntegrityError("insert failed")

    monkeypatch.setattr(DocumentVersion, "_do_insert", fail_insert)
    with pytest.raises(IntegrityError):
        services.document_upload(
            actor=secretary,
            proposal=proposal,
            kind=Document.Kind.PROPOSAL,
            title="Stuk",
            is_confidential=False,
            file=pdf_upload(),
        )
    assert not Document.objects.exists()
    assert stored_files() == []


def test_uploads_leave_history_with_reasons(secretary, proposal):
    document = services.document_upload(
        actor=secretary,
        proposal=proposal,
        kind=Document.Kind.PROPOSAL,
        title="Voorstel",
        is_confidential=False,
        file=pdf_upload(),
    )
    services.document_version_upload(actor=secretary, document=document, file=pdf_upload())
    reasons = list(
        document.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "history_user"
        )
    )
    assert len(reasons) == 3  # created, version 1 current, version 2 current
    assert all(reason and user == secretary.pk for reason, user in reasons)
    assert "2" in reasons[-1][0]
    version_reasons = DocumentVersion.history.filter(document_id=document.pk).values_list(
        "history_change_reason", flat=True
    )
    assert len(version_reasons) == 2 and all(version_reasons)


def test_refused_new_version_stores_nothing(secretary, proposal):
    document = DocumentFactory(proposal=proposal)
    before = stored_files()
    with pytest.raises(ValidationError):
        services.document_version_upload(
            actor=secretary, document=document, file=SimpleUploadedFile("x.pdf", b"")
        )
    assert document.versions.count() == 1
    assert stored_files() == before


@pytest.mark.parametrize("actor", ["ab_member", "contact_official", "outsider"])
def test_upload_requires_permission(request, actor, proposal):
    user = request.getfixturevalue(actor)
    with pytest.raises(PermissionDenied):
        services.document_upload(
            actor=user,
            proposal=proposal,
            kind=Document.Kind.PROPOSAL,
            title="Stuk",
            is_confidential=False,
            file=pdf_upload(),
        )
    document = DocumentFactory(proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.document_version_upload(actor=user, document=document, file=pdf_upload())


def test_document_belongs_to_exactly_one_parent(secretary, proposal, public_ab_meeting):
    item = AgendaItemFactory(meeting=public_ab_meeting)
    for kwargs in ({}, {"proposal": proposal, "agenda_item": item}):
        with pytest.raises(ValidationError):
            services.document_upload(
                actor=secretary,
                kind=Document.Kind.PROPOSAL,
                title="Stuk",
                is_confidential=False,
                file=pdf_upload(),
                **kwargs,
            )
    assert stored_files() == []


# --- download ---------------------------------------------------------------------


def _download(client, version):
    return client.get(reverse("governance:document-version-download", kwargs={"pk": version.pk}))


@pytest.fixture
def confidential_document(confidential_proposal):
    return DocumentFactory(proposal=confidential_proposal, is_confidential=True)


@pytest.mark.parametrize("actor", ["outsider", "contact_official", "ac_member"])
def test_confidential_document_is_hidden_from_others(client, request, actor, confidential_document):
    client.force_login(request.getfixturevalue(actor))
    assert _download(client, confidential_document.current_version).status_code == 404
    url = reverse("governance:document-detail", kwargs={"pk": confidential_document.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("actor", ["ab_member", "secretary"])
def test_confidential_document_reaches_the_route_bodies_and_secretariat(
    client, request, actor, confidential_document
):
    client.force_login(request.getfixturevalue(actor))
    response = _download(client, confidential_document.current_version)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="stuk.pdf"'
    response.close()


def test_download_of_a_missing_file_is_404(client, secretary, proposal):
    version = DocumentFactory(proposal=proposal).current_version
    version.file.storage.delete(version.file.name)
    client.force_login(secretary)
    assert _download(client, version).status_code == 404


def test_download_requires_login(client, confidential_document):
    response = _download(client, confidential_document.current_version)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_download_uses_the_stored_content_type_and_name(client, secretary, proposal):
    version = DocumentVersionFactory(
        document=DocumentFactory(proposal=proposal, kind=Document.Kind.ANNEX, versions=0),
        original_name="Cijfers 2027.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    client.force_login(secretary)
    response = _download(client, version)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Cijfers 2027.xlsx" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Length"] == str(version.size)
    # Not streamed and not closed: no file handle may be left open (ResourceWarning).


def test_media_is_never_served_directly(settings):
    import importlib

    import hecht.urls

    settings.DEBUG = True
    try:
        importlib.reload(hecht.urls)
        with pytest.raises(Resolver404):
            resolve(f"/{django_settings.MEDIA_URL.strip('/')}/documents/2026/01/x.bin")
    finally:
        settings.DEBUG = False
        importlib.reload(hecht.urls)


# --- pages ------------------------------------------------------------------------


def test_upload_page_saves_and_redirects(client, secretary, proposal):
    client.force_login(secretary)
    url = reverse("governance:proposal-document-upload", kwargs={"pk": proposal.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": Document.Kind.PROPOSAL,
            "title": "Raadsvoorstel",
            "is_confidential": "",
            "file": pdf_upload(),
            "note": "",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:document-detail", kwargs={"pk": document.pk})
    assert document.proposal == proposal
    assert document.current_version.number == 1


def test_upload_page_shows_file_errors_and_saves_nothing(client, secretary, proposal):
    client.force_login(secretary)
    url = reverse("governance:proposal-document-upload", kwargs={"pk": proposal.pk})
    response = client.post(
        url,
        {
            "kind": Document.Kind.PROPOSAL,
            "title": "Nep",
            "file": SimpleUploadedFile("nep.pdf", b"<html></html>", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert b'enctype="multipart/form-data"' in response.content
    assert not Document.objects.exists()
    assert stored_files() == []


def test_item_upload_page(client, secretary, public_ab_meeting):
    item = AgendaItemFactory(meeting=public_ab_meeting)
    client.force_login(secretary)
    url = reverse("governance:item-document-upload", kwargs={"pk": item.pk})
    response = client.post(
        url,
        {"kind": Document.Kind.MINUTES, "title": "Notulen", "file": pdf_upload("notulen.pdf")},
    )
    assert response.status_code == 302
    assert Document.objects.get().agenda_item == item


def test_version_upload_page(client, manager, proposal):
    document = DocumentFactory(proposal=proposal)
    client.force_login(manager)
    url = reverse("governance:document-version-upload", kwargs={"pk": document.pk})
    response = client.post(url, {"file": pdf_upload(), "note": "Nieuwe cijfers"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_version.number == 2
    assert document.current_version.note == "Nieuwe cijfers"
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"nope")})
    assert response.status_code == 200
    assert response.context["version_form"].errors["file"]
    assert document.versions.count() == 2


def test_detail_lists_versions_newest_first(client, secretary, proposal):
    document = DocumentFactory(proposal=proposal, versions=3)
    client.force_login(secretary)
    response = client.get(reverse("governance:document-detail", kwargs={"pk": document.pk}))
    assert [v.number for v in response.context["document"].version_list] == [3, 2, 1]
    content = response.content.decode()
    assert content.count("0" * 64) == 3  # the SHA-256 of each version
    assert document.versions.count() == 3
    for version in document.versions.all():
        assert reverse("governance:document-version-download", kwargs={"pk": version.pk}) in content
    assert 'enctype="multipart/form-data"' in content  # the new-version form


def test_detail_has_no_upload_form_for_readers(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal)
    client.force_login(ab_member)
    response = client.get(reverse("governance:document-detail", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert b"multipart/form-data" not in response.content


def test_detail_query_count_does_not_grow_with_versions(client, secretary, proposal):
    few = DocumentFactory(proposal=proposal, versions=1)
    many = DocumentFactory(proposal=proposal, versions=12)
    client.force_login(secretary)
    counts = []
    for document in (few, many):
        url = reverse("governance:document-detail", kwargs={"pk": document.pk})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_document_list_component_shows_lateness(secretary, proposal):
    import datetime as dt

    from django.template.loader import render_to_string

    from tests.factories import TZ

    deadline = dt.datetime(2026, 12, 1, 12, tzinfo=TZ)
    DocumentFactory(
        proposal=proposal, title="Op tijd", delivered_at=deadline - dt.timedelta(days=1)
    )
    DocumentFactory(
        proposal=proposal, title="Te laat", delivered_at=deadline + dt.timedelta(days=2)
    )
    documents = Document.objects.select_related("current_version").order_by("delivered_at")
    html = render_to_string(
        "components/document_list.html",
        {"documents": documents, "deadline": deadline, "upload_url": "/upload/"},
    )
    rows = re.findall(r"<tr\b.*?</tr>", html, flags=re.S)
    on_time = [row for row in rows if "hecht-badge--on-time" in row]
    late = [row for row in rows if "hecht-badge--late" in row]
    assert len(on_time) == 1 and "Op tijd" in on_time[0]
    assert len(late) == 1 and "Te laat" in late[0] and "2\xa0dagen" in late[0]
    assert 'href="/upload/"' in html
    assert "<caption" in html
