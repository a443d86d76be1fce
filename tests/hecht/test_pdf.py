"""hecht/pdf.py: rendering with a fetcher that serves only our static files, merging with
an outline, stamping, metadata and atomic writes."""

from __future__ import annotations

import http.server
import io
import os
import threading
from pathlib import Path

import pytest
from django.template import engines
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from weasyprint import HTML

from hecht import pdf
from tests.factories import pdf_bytes
from tests.governance import hostile


def _render_string(source: str, **context) -> bytes:
    """Render a template given as a string through the same code path as render_pdf."""
    template = engines["django"].from_string(source)
    html = template.render({"pdf_static": pdf.PDF_STATIC, **context})
    from weasyprint import HTML

    document = HTML(string=html, base_url=pdf.PDF_ORIGIN + "/", url_fetcher=pdf._fetcher())
    return document.write_pdf()


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    _CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# --- the URL fetcher --------------------------------------------------------------------


def test_fetcher_requests_nothing_from_a_local_http_server_and_the_pdf_still_renders(
    local_server,
):
    port = local_server.server_address[1]
    source = (
        "<html lang='nl'><body><p>Agendatekst</p>"
        f"<img src='http://127.0.0.1:{port}/x'>"
        f"<link rel='stylesheet' href='http://127.0.0.1:{port}/style.css'>"
        f"<p style=\"background: url('https://127.0.0.1:{port}/bg')\">Tekst</p>"
        "</body></html>"
    )
    data = _render_string(source)
    assert _CountingHandler.requests == []
    assert "Agendatekst" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_fetcher_reads_no_local_file(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("p { margin-left: 9cm }")
    source = (
        "<html><head>"
        f"<link rel='stylesheet' href='file://{secret}'>"
        "</head><body><img src='file:///etc/passwd'><p>Tekst</p></body></html>"
    )
    data = _render_string(source)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Tekst" in text
    assert "root:" not in text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "https://example.org/logo.png",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/x",
        "https://hecht.invalid/media/documents/x.pdf",
        "https://hecht.invalid/static/../../../etc/passwd",
        "https://hecht.invalid/static/%2e%2e/%2e%2e/hecht/settings.py",
        "https://hecht.invalid.example.org/static/pdf/print.css",
        "https://hecht.invalid/static/does-not-exist.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(pdf.FetchRefused):
        pdf._fetcher().fetch(url)


def test_fetcher_serves_our_static_files():
    response = pdf._fetcher().fetch(pdf.PDF_STATIC + "pdf/print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_find_static_falls_back_to_static_root(settings, tmp_path, monkeypatch):
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "collected.css").write_text("p {}")
    settings.STATIC_ROOT = tmp_path
    # As in production after collectstatic: the finders know nothing of this file.
    monkeypatch.setattr(pdf.finders, "find", lambda name: None)
    assert pdf.find_static("pdf/collected.css") == tmp_path / "pdf" / "collected.css"
    assert pdf.find_static("../collected.css") is None


# --- rendering --------------------------------------------------------------------------


def test_render_pdf_is_a4_dutch_with_title_and_author(public_ab_meeting):
    data = pdf.render_pdf(
        "pdf/decision_list.html",
        {"meeting": public_ab_meeting, "rows": [], "date": "9 december 2026"},
        title="Besluitenlijst AB 9 december 2026",
    )
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Besluitenlijst AB 9 december 2026"
    assert reader.metadata.author == pdf.DEFAULT_AUTHOR
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_rendered_text_uses_dejavu():
    data = _render_string(
        "<html lang='nl'><head><link rel='stylesheet' href='{{ pdf_static }}pdf/print.css'>"
        "</head><body><p>Tekst</p></body></html>"
    )
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in name for name in fonts), fonts


# --- merging, stamping, metadata -------------------------------------------------------


def _outline_titles(reader: PdfReader) -> list:
    def walk(nodes):
        out = []
        for node in nodes:
            if isinstance(node, list):
                out.append(walk(node))
            else:
                out.append(node.title)
        return out

    return walk(reader.outline)


def test_merge_builds_a_nested_outline_and_records_the_layout():
    parts = [
        pdf.Part(title="Voorblad", source=pdf_bytes(1)),
        pdf.Part(
            title="1. Begroting",
            source=pdf_bytes(2),
            children=[
                pdf.Part(title="Begroting 2027", source=pdf_bytes(3)),
                pdf.Part(title="Bijlage", source=pdf_bytes(1)),
            ],
        ),
        pdf.Part(title="2. Rondvraag", source=pdf_bytes(1)),
    ]
    writer = pdf.merge(parts)
    reader = PdfReader(io.BytesIO(pdf.to_bytes(writer)))
    assert len(reader.pages) == 8
    assert _outline_titles(reader) == [
        "Voorblad",
        "1. Begroting",
        ["Begroting 2027", "Bijlage"],
        "2. Rondvraag",
    ]
    begroting = reader.outline[1]
    assert reader.get_destination_page_number(begroting) == 1
    assert reader.get_destination_page_number(reader.outline[2][0]) == 3
    assert reader.get_destination_page_number(reader.outline[2][1]) == 6
    assert [(p.first_page, p.page_count) for p in parts] == [(0, 1), (1, 6), (7, 1)]
    assert [(c.first_page, c.page_count) for c in parts[1].children] == [(3, 3), (6, 1)]


def test_stamp_draws_text_only_on_the_chosen_pages():
    writer = pdf.merge([pdf.Part(source=pdf_bytes(3))])
    pdf.stamp(
        writer,
        lambda index, width, height: [pdf.Text(f"Stempel {index + 1} – één", 56, 20)],
        pages=[1],
    )
    reader = PdfReader(io.BytesIO(pdf.to_bytes(writer)))
    texts = [page.extract_text() for page in reader.pages]
    assert "Stempel" not in texts[0]
    assert "Stempel 2 – één" in texts[1]
    assert "Stempel" not in texts[2]


def test_stamp_keeps_the_page_content_and_works_on_rotated_pages():
    source = PdfWriter()
    source.append(
        PdfReader(
            io.BytesIO(_render_string("<html><body><p>Oorspronkelijke tekst</p></body></html>"))
        )
    )
    source.pages[0].rotate(90)
    writer = pdf.merge([pdf.Part(source=pdf.to_bytes(source))])
    pdf.stamp(writer, lambda index, width, height: [pdf.Text("Kop", 20, height - 20)])
    page = PdfReader(io.BytesIO(pdf.to_bytes(writer))).pages[0]
    text = page.extract_text(orientations=(0, 90, 180, 270))
    assert "Kop" in text
    assert "Oorspronkelijke tekst" in text


def test_watermark_painter_draws_a_legible_margin_line_and_a_diagonal():
    texts = pdf.watermark_painter("Vertrouwelijk — A. de Vries — 09-12-2026 14:05")(
        0, pdf.A4_WIDTH, pdf.A4_HEIGHT
    )
    angles = sorted(round(t.angle) for t in texts)
    assert angles == [55, 90]
    assert all(t.text == "Vertrouwelijk — A. de Vries — 09-12-2026 14:05" for t in texts)
    assert all(t.gray >= 0.4 for t in texts)  # light grey, not black


def test_encode_text_keeps_dutch_and_degrades_the_rest():
    assert pdf.encode_text("één — “citaat” €") == "één — “citaat” €".encode("cp1252")
    # ź loses its accent; Ł and → have no WinAnsi form at all.
    assert pdf.encode_text("Łódź →") == "?ódz ?".encode("cp1252")


def test_fit_text_shortens_with_an_ellipsis():
    long = "Zeer lange titel " * 20
    short = pdf.fit_text(long, size=8, max_width=200)
    assert short.endswith("…")
    assert pdf.stamp_font().width(pdf.encode_text(short), 8) <= 200
    assert pdf.fit_text("Kort", size=8, max_width=200) == "Kort"


def test_stamp_font_is_an_embedded_dejavu_subset():
    writer = pdf.merge([pdf.Part(source=pdf_bytes(1))])
    pdf.stamp(writer, lambda i, w, h: [pdf.Text("x", 10, 10)])
    reader = PdfReader(io.BytesIO(pdf.to_bytes(writer)))
    font = reader.pages[0]["/Resources"]["/Font"][pdf.FONT_NAME].get_object()
    assert font["/BaseFont"] == "/HCHTST+DejaVuSans"
    assert "/FontFile2" in font["/FontDescriptor"]


def test_set_metadata_sets_title_author_language_and_outline_mode():
    writer = pdf.merge([pdf.Part(title="Een", source=pdf_bytes(1))])
    pdf.set_metadata(writer, title="Vergaderboek", subject="Openbaar")
    reader = PdfReader(io.BytesIO(pdf.to_bytes(writer)))
    assert reader.metadata.title == "Vergaderboek"
    assert reader.metadata.subject == "Openbaar"
    assert reader.metadata.author == pdf.DEFAULT_AUTHOR
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/PageMode"] == "/UseOutlines"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_set_metadata_says_why_a_merged_book_is_not_tagged():
    writer = pdf.merge([pdf.Part(title="Een", source=pdf_bytes(1))])
    note = "Niet getagd: elk document staat los op https://hecht.example/vergaderingen/1/."
    pdf.set_metadata(writer, title="Vergaderboek", subject="Openbaar", untagged=note)
    reader = PdfReader(io.BytesIO(pdf.to_bytes(writer)))
    assert reader.metadata[pdf.UNTAGGED_KEY] == note
    assert reader.metadata.subject == f"Openbaar {note}"
    copy = PdfReader(io.BytesIO(pdf.to_bytes(pdf.copy_document(pdf.to_bytes(writer)))))
    assert copy.metadata[pdf.UNTAGGED_KEY] == note


def test_write_pdf_tags_and_merge_drops_what_is_left_of_the_tags():
    html = (
        "<html lang='nl'><head><title>Notitie</title></head><body><h1>Kop</h1>"
        "<p>Tekst met <a href='https://example.nl'>een link</a>.</p></body></html>"
    )
    document = HTML(string=html, base_url=pdf.PDF_ORIGIN + "/", url_fetcher=pdf._fetcher())
    tagged = pdf.write_pdf(document.render(), ua=False)
    root = PdfReader(io.BytesIO(tagged)).trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert "/Metadata" not in root or b"pdfuaid" not in root["/Metadata"].get_data()
    merged = PdfReader(io.BytesIO(pdf.to_bytes(pdf.merge([pdf.Part(source=tagged)] * 2))))
    root = merged.trailer["/Root"]
    assert "/StructTreeRoot" not in root and "/MarkInfo" not in root
    for page in merged.pages:
        assert "/StructParents" not in page
        for annotation in page["/Annots"]:
            assert "/StructParent" not in annotation.get_object()


def test_copy_document_keeps_pages_outline_metadata_and_language():
    writer = pdf.merge([pdf.Part(title="Een", source=pdf_bytes(2))])
    pdf.set_metadata(writer, title="Vergaderboek")
    copy = PdfReader(io.BytesIO(pdf.to_bytes(pdf.copy_document(pdf.to_bytes(writer)))))
    assert len(copy.pages) == 2
    assert _outline_titles(copy) == ["Een"]
    assert copy.metadata.title == "Vergaderboek"
    assert copy.trailer["/Root"]["/Lang"] == "nl"
    assert copy.trailer["/Root"]["/PageMode"] == "/UseOutlines"


# --- active content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (hostile.pdf_open_action_js, {pdf.JAVASCRIPT}),
        (hostile.pdf_page_aa_js, {pdf.JAVASCRIPT}),
        (hostile.pdf_document_aa_js, {pdf.JAVASCRIPT}),
        (hostile.pdf_names_javascript, {pdf.JAVASCRIPT}),
        (hostile.pdf_link_js, {pdf.JAVASCRIPT}),
        (hostile.pdf_outline_js, {pdf.JAVASCRIPT}),
        (hostile.pdf_field_keystroke_js, {pdf.JAVASCRIPT}),
        (hostile.pdf_launch, {pdf.LAUNCH}),
        (hostile.pdf_launch_in_next_chain, {pdf.LAUNCH}),
        (hostile.pdf_embedded_file, {pdf.EMBEDDED_FILE}),
        (hostile.pdf_file_attachment_annotation, {pdf.EMBEDDED_FILE}),
        (hostile.pdf_rich_media, {pdf.MULTIMEDIA}),
        (hostile.pdf_xfa_form, {pdf.XFA}),
        (hostile.pdf_broken_xref_hiding_js, {pdf.JAVASCRIPT}),
        (hostile.pdf_all_active_content, {pdf.JAVASCRIPT, pdf.LAUNCH, pdf.EMBEDDED_FILE, pdf.XFA}),
    ],
)
def test_active_content_names_each_kind_wherever_it_is(make, expected):
    assert pdf.active_content(hostile.quietly(make)) == expected


def test_plain_pages_links_and_an_open_destination_are_not_active_content():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    writer.add_uri(0, "https://www.hecht.example/", [50, 50, 200, 80])
    writer.add_outline_item(title="Tweede pagina", page_number=1)
    writer.open_destination = writer.pages[1]
    assert pdf.active_content(pdf.to_bytes(writer)) == set()
    assert pdf.active_content(pdf_bytes(3)) == set()


def test_merge_removes_every_kind_of_active_content_and_keeps_pages_and_web_links():
    source = hostile.quietly(hostile.pdf_all_active_content)
    merged = pdf.to_bytes(pdf.merge([pdf.Part(title="Stuk", source=source)]))
    assert hostile.active_traces(merged) == set()
    assert pdf.active_content(merged) == set()
    reader = PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == 2
    actions = [
        annotation.get_object().get("/A", {}).get("/S")
        for annotation in reader.pages[0].get("/Annots", [])
    ]
    assert "/URI" in actions  # the web link stays, its /Next script does not


def test_copy_document_removes_active_content_of_an_old_pack():
    source = hostile.quietly(hostile.pdf_all_active_content)
    copied = pdf.to_bytes(pdf.copy_document(source))
    assert hostile.active_traces(copied) == set()
    assert len(PdfReader(io.BytesIO(copied)).pages) == 2


def test_removed_objects_are_not_written_at_all():
    # pypdf writes every object it holds; a script that is merely unlinked would still
    # be in the file (the strings are what a careful reader would find).
    source = hostile.quietly(hostile.pdf_open_action_js)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(source)))
    writer._root_object[NameObject("/OpenAction")] = (
        PdfReader(io.BytesIO(source)).trailer["/Root"]["/OpenAction"].clone(writer)
    )
    assert hostile.SCRIPT_MARKER.encode() in hostile.active_traces(pdf.to_bytes(writer))
    pdf.strip_active_content(writer)
    assert hostile.active_traces(pdf.to_bytes(writer)) == set()


# --- atomic write -----------------------------------------------------------------------


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "pack.pdf"
    pdf.atomic_write(target, b"one")
    pdf.atomic_write(target, lambda out: out.write(b"two"))
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["pack.pdf"]


def test_atomic_write_failure_keeps_the_old_file_and_removes_the_temporary_one(tmp_path):
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old")

    def half(out):
        out.write(b"half a pdf")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        pdf.atomic_write(target, half)
    assert target.read_bytes() == b"old"
    assert sorted(Path(tmp_path).iterdir()) == [target]
