"""governance.uploads.inspect_upload: files are recognised by content, never by name."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from governance.models import Document
from governance.uploads import NAME_LENGTH, inspect_upload, sanitise_name
from tests.factories import pdf_bytes

ANNEX = Document.Kind.ANNEX
PROPOSAL = Document.Kind.PROPOSAL


def upload(data: bytes, name: str = "stuk.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="geheim", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def ooxml(main: str = "wordprocessingml.document.main+xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
            f'ContentType="application/vnd.openxmlformats-officedocument.{main}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def opendocument(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def refused(data: bytes, name: str = "stuk.pdf", *, kind=PROPOSAL) -> ValidationError:
    # The messages are checked in English (the source language); the UI shows Dutch.
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        inspect_upload(upload(data, name), kind=kind)
    return caught.value


def test_a_pdf_is_described():
    data = pdf_bytes(pages=3)
    info = inspect_upload(upload(data, "Begroting 2027.pdf"), kind=PROPOSAL)
    assert info.content_type == "application/pdf"
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.page_count == 3
    assert info.original_name == "Begroting_2027.pdf"


def test_the_client_content_type_is_ignored():
    info = inspect_upload(
        SimpleUploadedFile("stuk.pdf", pdf_bytes(), content_type="text/html"), kind=PROPOSAL
    )
    assert info.content_type == "application/pdf"


def test_a_pdf_with_another_extension_gets_a_pdf_name():
    info = inspect_upload(upload(pdf_bytes(), "stuk.txt"), kind=PROPOSAL)
    assert info.original_name == "stuk.pdf"


def test_empty_file_is_refused():
    assert refused(b"").code == "empty"


def test_corrupt_pdf_is_refused():
    data = pdf_bytes()
    assert refused(data[:40]).code == "not_pdf"
    assert refused(b"%PDF-1.7\n" + b"\x00garbage" * 50).code == "not_pdf"


def test_encrypted_pdf_is_refused():
    error = refused(encrypted_pdf())
    assert error.code == "encrypted"
    assert "password" in error.messages[0]


def test_html_renamed_to_pdf_is_refused():
    error = refused(b"<!doctype html><script>alert(1)</script>", "stuk.pdf")
    assert error.code == "not_pdf"


def test_pdf_renamed_to_docx_is_refused_for_an_annex():
    assert refused(pdf_bytes(), "bijlage.docx", kind=ANNEX).code == "not_office"


def test_office_files_are_refused_for_other_kinds():
    assert refused(ooxml(), "voorstel.docx", kind=PROPOSAL).code == "not_pdf"


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (
            ooxml(),
            "bijlage.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            ooxml("spreadsheetml.sheet.main+xml"),
            "cijfers.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            ooxml("presentationml.presentation.main+xml"),
            "dia.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (opendocument(), "tekst.odt", "application/vnd.oasis.opendocument.text"),
        (
            opendocument("application/vnd.oasis.opendocument.spreadsheet"),
            "rekenblad.ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
    ],
)
def test_office_annexes_are_recognised_by_content(data, name, content_type):
    info = inspect_upload(upload(data, name, "application/octet-stream"), kind=ANNEX)
    assert info.content_type == content_type
    assert info.page_count is None
    assert info.original_name == name


def test_office_file_with_the_wrong_extension_is_refused():
    # A spreadsheet named .docx, a text document named .ods, a plain zip named .xlsx.
    assert refused(ooxml("spreadsheetml.sheet.main+xml"), "x.docx", kind=ANNEX).code == (
        "not_office"
    )
    assert refused(opendocument(), "x.ods", kind=ANNEX).code == "not_office"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    assert refused(buffer.getvalue(), "x.xlsx", kind=ANNEX).code == "not_office"


def test_annex_that_is_neither_pdf_nor_office_is_refused():
    error = refused(b"just text", "notities.txt", kind=ANNEX)
    assert "docx" in error.messages[0]


def test_too_large_file_names_limit_and_size(settings):
    settings.HECHT_MAX_UPLOAD_MB = 1
    error = refused(pdf_bytes() + b"\n%" + b"x" * (1024 * 1024 + 10))
    assert error.code == "too_large"
    assert "1 MB" in error.messages[0]
    assert re.search(r"is 1\.0\sMB;", error.messages[0])  # the file's size


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Begroting.pdf", "Begroting.pdf"),
        ("", "document"),
        ("..", "document"),
        (".hidden.pdf", "hidden.pdf"),
        ("nota <def>.pdf", "nota_def.pdf"),
    ],
)
def test_original_names_are_sanitised(name, expected):
    assert sanitise_name(name) == expected


def test_long_names_are_shortened_keeping_the_extension():
    name = sanitise_name("a" * 400 + ".pdf")
    assert len(name) == NAME_LENGTH
    assert name.endswith(".pdf")


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.binary(max_size=2048).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=2048).map(lambda b: b"PK\x03\x04" + b),
        st.integers(min_value=0, max_value=2000).map(lambda n: pdf_bytes()[:n]),
    ),
    name=st.sampled_from(["x.pdf", "x.docx", "x.odt", "x.xlsx", "x", "x.exe"]),
    kind=st.sampled_from([ANNEX, PROPOSAL]),
)
def test_random_bytes_never_crash_the_inspector(data, name, kind):
    try:
        info = inspect_upload(upload(data, name), kind=kind)
    except ValidationError:
        return
    assert info.size == len(data) > 0
