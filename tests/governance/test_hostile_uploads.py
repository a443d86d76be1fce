"""Uploads that cannot hurt: every file of the hostile corpus (``hostile.py``) is refused
for its own reason, through the real upload pages, with the form shown again (never a
500) and nothing stored; inspecting a zip bomb inflates nothing of it and stays small
in memory; ordinary files with links, forms without scripts and well-compressed office
parts are still accepted."""

from __future__ import annotations

import html
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from governance import uploads
from governance.models import Document, DocumentVersion
from governance.uploads import inspect_upload
from tests.factories import DocumentFactory, ProposalFactory, RouteStepFactory
from tests.governance import hostile
from tests.governance.test_documents import stored_files

ANNEX = Document.Kind.ANNEX
CORPUS = {item.label: item for item in hostile.CORPUS}


@pytest.fixture(scope="module")
def corpus_files() -> dict[str, bytes]:
    return {label: hostile.quietly(item.make) for label, item in CORPUS.items()}


def _refusal(data: bytes, name: str, *, language: str = "en") -> ValidationError:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        inspect_upload(SimpleUploadedFile(name, data), kind=ANNEX)
    return caught.value


@pytest.mark.parametrize("label", CORPUS)
def test_each_hostile_file_is_refused_for_its_own_reason(label, corpus_files):
    item = CORPUS[label]
    error = _refusal(corpus_files[label], item.name)
    assert error.code == item.expected, error.messages


@pytest.fixture
def proposal(ab):
    proposal = ProposalFactory(title="Begroting 2027")
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    return proposal


@pytest.mark.parametrize("label", CORPUS)
def test_each_hostile_file_is_refused_on_the_upload_page_and_nothing_is_stored(
    client, secretary, proposal, label, corpus_files
):
    item = CORPUS[label]
    data = corpus_files[label]
    client.force_login(secretary)
    url = reverse("governance:proposal-document-upload", kwargs={"pk": proposal.pk})
    response = client.post(
        url,
        {
            "kind": ANNEX,
            "title": "Bijlage",
            "file": SimpleUploadedFile(item.name, data, "application/octet-stream"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    # The page is Dutch; the uploader reads why the file was refused.
    message = _refusal(data, item.name, language="nl").messages[0]
    assert html.escape(message) in response.content.decode()
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    "label", ["zip bomb expanding to 1 GiB", "PDF: page /AA JavaScript", "macros"]
)
def test_a_hostile_new_version_is_refused_and_the_document_keeps_its_versions(
    client, manager, proposal, label, corpus_files
):
    item = CORPUS[label]
    document = DocumentFactory(proposal=proposal, kind=ANNEX)
    before = stored_files()
    client.force_login(manager)
    url = reverse("governance:document-version-upload", kwargs={"pk": document.pk})
    response = client.post(url, {"file": SimpleUploadedFile(item.name, corpus_files[label])})
    assert response.status_code == 200
    assert response.context["version_form"].errors["file"]
    assert document.versions.count() == 1
    assert stored_files() == before


# --- what inspecting a bomb costs -------------------------------------------------------


@pytest.fixture
def inflated(monkeypatch) -> list[int]:
    """Counts every byte zipfile inflates (ZipExtFile.read) during the test."""
    counts: list[int] = []
    original = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = original(self, n)
        counts.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return counts


def test_the_1_gib_bomb_is_refused_from_its_directory_without_inflating_a_byte(
    inflated, corpus_files
):
    data = corpus_files["zip bomb expanding to 1 GiB"]
    assert _refusal(data, "bijlage.docx").code == "archive_too_large"
    assert sum(inflated) == 0


def test_inspecting_the_1_gib_bomb_peaks_at_a_few_times_its_file_size(corpus_files):
    # The old check read [Content_Types].xml whole: 1 GiB in memory, twice (bytes and
    # text). The upload itself is about 1 MB and is held twice (file and bytes).
    data = corpus_files["zip bomb expanding to 1 GiB"]
    upload = SimpleUploadedFile("bijlage.docx", data)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            inspect_upload(upload, kind=ANNEX)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(data) + 1024 * 1024, peak


@pytest.mark.parametrize(
    "label", ["zip bomb: lying part size", "zip bomb: lying [Content_Types].xml"]
)
def test_a_lying_part_is_found_out_within_one_chunk_of_its_declared_size(
    inflated, label, corpus_files
):
    # The lying part declares 100 or 200 bytes and expands to 64 MiB; inflating stops
    # at the first chunk past the declared size.
    assert _refusal(corpus_files[label], "bijlage.docx").code == "archive_inconsistent"
    assert 0 < sum(inflated) <= 2 * uploads.CHUNK_SIZE + 1024
    assert max(inflated) <= uploads.CHUNK_SIZE


def test_parts_are_inflated_in_chunks_never_whole(inflated):
    # An honest part of 3 MB of sheet XML (it compresses some 10 times, as real ones do).
    body = b"".join(
        b'<row r="%d"><c r="A%d" s="3" t="s"><v>17</v></c><c r="B%d" s="3"/></row>' % (n, n, n)
        for n in range(1, 40_000)
    )
    data = hostile.docx(hostile.deflated("word/document2.xml", body))
    info = inspect_upload(SimpleUploadedFile("bijlage.docx", data), kind=ANNEX)
    assert info.content_type.endswith("wordprocessingml.document")
    assert sum(inflated) >= len(body)
    assert max(inflated) <= uploads.CHUNK_SIZE


# --- what is still accepted -------------------------------------------------------------


def test_links_to_web_addresses_and_open_at_a_page_are_accepted():
    writer = hostile._writer(2)
    link = hostile._link(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject("https://www.hecht.example/"),
            }
        )
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[1].indirect_reference, NameObject("/Fit")]
    )
    info = inspect_upload(
        SimpleUploadedFile("links.pdf", hostile._write(writer)), kind=Document.Kind.PROPOSAL
    )
    assert info.page_count == 2


def test_a_harmless_pdf_with_a_broken_cross_reference_table_is_repaired_and_accepted():
    data = hostile.quietly(hostile.pdf_broken_xref_clean)
    info = inspect_upload(SimpleUploadedFile("scan.pdf", data), kind=Document.Kind.PROPOSAL)
    assert info.page_count == 1
    assert info.size == len(data)  # stored as uploaded


def test_a_pdf_with_more_objects_than_we_walk_is_refused_as_too_complex(monkeypatch):
    from hecht import pdf

    monkeypatch.setattr(pdf, "MAX_OBJECTS", 2)
    error = _refusal(hostile._write(hostile._writer(3)), "groot.pdf")
    assert error.code == "pdf_too_complex"


def test_the_message_names_everything_active_that_was_found(corpus_files):
    data = hostile.quietly(hostile.pdf_all_active_content)
    message = _refusal(data, "alles.pdf").messages[0]
    for what in ("scripts (JavaScript)", "start a program", "embedded files", "XFA form"):
        assert what in message
    dutch = _refusal(data, "alles.pdf", language="nl").messages[0]
    assert "JavaScript" in dutch and dutch != message


@pytest.mark.parametrize(
    "name",
    ["mimetype", "word/_rels/document.xml.rels", "ppt/media/image 1.png", "x/ümlaut.xml"],
)
def test_ordinary_part_names_are_safe(name):
    assert not uploads._unsafe_name(name)


@pytest.mark.parametrize(
    "name", ["", "/x", "a/../b", "..", "a\\b", "c:x", "a\x00b", "a\nb", "a/b/../../.."]
)
def test_unsafe_part_names_are_recognised(name):
    assert uploads._unsafe_name(name)
