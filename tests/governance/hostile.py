"""A corpus of hostile uploads, generated in code (nothing binary is committed).

Each ``Hostile`` names a file an attacker, or a careless tool, might send: zip bombs
(expanding to 1 GiB, compressed too strongly, too many parts, lying about their sizes,
overlapping, nested), unsafe archive names, PDFs with scripts in every place a viewer
runs them, launch actions, embedded files, a broken cross-reference table hiding a
script, and polyglots (a file that is two formats at once). ``expected`` is the
``ValidationError`` code the upload check gives it. ``tests/governance/test_hostile_uploads.py``
sends each through the real upload page; ``tests/bench/bench_uploads.py`` measures the
memory of inspecting the 1 GiB bomb.

ZIPs are written by hand (``raw_zip``) where ``zipfile`` would refuse to write the lie;
the big bomb's deflate data is one compressed MiB of zeros repeated: a full flush
resets the compressor, so each copy is valid after any other.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from tests.factories import pdf_bytes

MIB = 1024 * 1024
GIB = 1024 * MIB
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


# --- ZIP ---------------------------------------------------------------------------------


@dataclass
class Entry:
    """One part of a hand-made ZIP: ``data`` as stored (already compressed for deflate),
    and the sizes and CRC the headers declare."""

    name: str
    data: bytes
    file_size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    offset: int | None = None  # force the central directory's offset (overlaps)
    compress_size: int | None = None  # force the declared compressed size (overlaps)


def deflated(name: str, content: bytes) -> Entry:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Entry(name, data, len(content), zlib.crc32(content))


def raw_zip(entries: list[Entry]) -> bytes:
    """A ZIP with exactly the headers given: local header and data per entry, then the
    central directory and its end record."""
    out = io.BytesIO()
    offsets = []
    for entry in entries:
        offsets.append(out.tell())
        name = entry.name.encode()
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                20,
                0x800,  # UTF-8 names
                entry.method,
                0,
                0x21,
                entry.crc,
                len(entry.data),
                entry.file_size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(entry.data)
    directory = out.tell()
    for entry, offset in zip(entries, offsets, strict=True):
        name = entry.name.encode()
        out.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0x800,
                entry.method,
                0,
                0x21,
                entry.crc,
                entry.compress_size if entry.compress_size is not None else len(entry.data),
                entry.file_size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                entry.offset if entry.offset is not None else offset,
            )
        )
        out.write(name)
    size = out.tell() - directory
    out.write(
        struct.pack(
            "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), size, directory, 0
        )
    )
    return out.getvalue()


def zeros(mib: int, prefix: bytes = b"") -> Entry:
    """A part of ``prefix`` and ``mib`` MiB of zeros, deflated in a few milliseconds: one
    compressed MiB repeated (each copy starts after a full flush, so it refers to
    nothing before it), then an empty final block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(prefix)
    block = bytes(MIB)
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return Entry("", head + piece * mib + b"\x03\x00", len(prefix) + mib * MIB, crc)


@lru_cache(maxsize=1)
def _zeros_gib() -> Entry:
    return zeros(1024)  # about 1 MB; the CRC over 1 GiB takes most of a second


def _named(name: str, entry: Entry) -> Entry:
    entry.name = name
    return entry


def docx(*extra: Entry, content_types: Entry | None = None) -> bytes:
    """A minimal docx with ``extra`` parts added."""
    return raw_zip(
        [
            content_types or deflated("[Content_Types].xml", CONTENT_TYPES.encode()),
            deflated("word/document.xml", b"<w:document/>"),
            *extra,
        ]
    )


def bomb_1gib() -> bytes:
    """A docx whose [Content_Types].xml expands to 1 GiB (the file of the issue: the old
    check read that part whole and took the server from 212 MB to 2.2 GB)."""
    entry = _zeros_gib()
    return docx(content_types=Entry("[Content_Types].xml", entry.data, GIB, entry.crc))


def bomb_ratio() -> bytes:
    """A 20 MiB part of zeros in some 20 kB: within the total, far beyond any ratio."""
    return docx(_named("word/media/image1.png", zeros(20)))


def bomb_entries() -> bytes:
    """More parts than any office file has (each tiny, the total harmless)."""
    return docx(*(deflated(f"word/p{n}.xml", b"<p/>") for n in range(10_001)))


def bomb_lying() -> bytes:
    """A part that declares 100 bytes and expands to 64 MiB: only streaming inflation,
    not the directory, can tell."""
    entry = _named("word/styles.xml", zeros(64))
    entry.file_size = 100
    return docx(entry)


def bomb_lying_content_types() -> bytes:
    """The part the format check reads declares 200 bytes and expands to 64 MiB."""
    entry = _named("[Content_Types].xml", zeros(64, prefix=CONTENT_TYPES.encode()))
    entry.file_size = 200
    return docx(content_types=entry)


def bomb_overlapping() -> bytes:
    """Many directory entries sharing one compressed kernel (the non-recursive bomb):
    each part looks small and honest, together they expand far beyond their file."""
    kernel = deflated("word/k0.xml", bytes(MIB))
    # The later entries have no data of their own: the directory points them at the
    # kernel, at offset 0, with its compressed size.
    shared = [
        Entry(f"word/k{n}.xml", b"", MIB, kernel.crc, offset=0, compress_size=len(kernel.data))
        for n in range(1, 200)
    ]
    return raw_zip(
        [
            kernel,
            deflated("[Content_Types].xml", CONTENT_TYPES.encode()),
            deflated("word/document.xml", b"<w:document/>"),
            *shared,
        ]
    )


def _inner_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inner.bin", bytes(MIB))
    return buffer.getvalue()


def nested_by_name() -> bytes:
    return docx(deflated("word/embeddings/Werkblad.xlsx", _inner_zip()))


def nested_by_content() -> bytes:
    """A ZIP inside a part with an innocent name."""
    return docx(deflated("word/media/image2.png", _inner_zip()))


def zip_named(name: str) -> bytes:
    return docx(deflated(name, b"x"))


def duplicate_names() -> bytes:
    return docx(deflated("word/document.xml", b"<w:document>tweede</w:document>"))


def bzip2_part() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>" * 100, zipfile.ZIP_BZIP2)
    return buffer.getvalue()


def macros() -> bytes:
    return docx(deflated("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro"))


def office_pdf_polyglot() -> bytes:
    """A docx whose first part holds a PDF header: PDF readers look for "%PDF-" in the
    first kilobyte, so the same file opens as a PDF."""
    return raw_zip(
        [
            Entry("a.txt", b"%PDF-1.7\n", 9, zlib.crc32(b"%PDF-1.7\n"), zipfile.ZIP_STORED),
            deflated("[Content_Types].xml", CONTENT_TYPES.encode()),
            deflated("word/document.xml", b"<w:document/>"),
        ]
    )


def garbage_with_many_directory_headers() -> bytes:
    """A file declaring more than 10,000 central-directory headers is refused before
    zipfile parses the directory (each entry would become a Python object)."""
    return b"PK\x03\x04" + b"PK\x01\x02" * 10_001


# --- PDF ---------------------------------------------------------------------------------


def _name(value: str) -> NameObject:
    return NameObject(value)


# Markers in the payloads, so a test can prove none of them reached a pack.
SCRIPT_MARKER = "HECHT_HOSTILE_SCRIPT"
LAUNCH_MARKER = "HECHT_HOSTILE_LAUNCH.exe"
FILE_MARKER = b"HECHT_HOSTILE_ATTACHMENT"


def _js_action(code: str = f"app.alert('{SCRIPT_MARKER}')") -> DictionaryObject:
    return DictionaryObject(
        {
            _name("/Type"): _name("/Action"),
            _name("/S"): _name("/JavaScript"),
            _name("/JS"): TextStringObject(code),
        }
    )


def _launch_action() -> DictionaryObject:
    return DictionaryObject(
        {
            _name("/S"): _name("/Launch"),
            _name("/F"): TextStringObject(LAUNCH_MARKER),
        }
    )


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _writer(pages: int = 1) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def pdf_open_action_js() -> bytes:
    writer = _writer()
    writer._root_object[_name("/OpenAction")] = writer._add_object(_js_action())
    return _write(writer)


def pdf_page_aa_js() -> bytes:
    """A script that runs when the page is opened (page additional actions), the case
    of the issue: it survived into the public pack."""
    writer = _writer()
    writer.pages[0][_name("/AA")] = DictionaryObject({_name("/O"): _js_action()})
    return _write(writer)


def pdf_document_aa_js() -> bytes:
    writer = _writer()
    writer._root_object[_name("/AA")] = DictionaryObject({_name("/WC"): _js_action()})
    return _write(writer)


def pdf_names_javascript() -> bytes:
    """Document-level scripts in the /Names /JavaScript tree."""
    writer = _writer()
    tree = DictionaryObject(
        {_name("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(_js_action())])}
    )
    writer._root_object[_name("/Names")] = DictionaryObject({_name("/JavaScript"): tree})
    return _write(writer)


def _link(action: DictionaryObject) -> DictionaryObject:
    return DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name("/Link"),
            _name("/Rect"): ArrayObject([FloatObject(v) for v in (50, 50, 200, 80)]),
            _name("/A"): action,
        }
    )


def pdf_link_js() -> bytes:
    writer = _writer()
    writer.pages[0][_name("/Annots")] = ArrayObject([writer._add_object(_link(_js_action()))])
    return _write(writer)


def pdf_launch() -> bytes:
    writer = _writer()
    writer._root_object[_name("/OpenAction")] = writer._add_object(_launch_action())
    return _write(writer)


def _annotation(subtype: str, rect=(50, 50, 70, 70), **entries) -> DictionaryObject:
    annotation = DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name(subtype),
            _name("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
        }
    )
    annotation.update({_name(f"/{key}"): value for key, value in entries.items()})
    return annotation


def _web_link_then(action: DictionaryObject) -> DictionaryObject:
    """A harmless link to a web address whose /Next action is ``action``."""
    return _link(
        DictionaryObject(
            {
                _name("/S"): _name("/URI"),
                _name("/URI"): TextStringObject("https://www.hecht.example/"),
                _name("/Next"): action,
            }
        )
    )


def _keystroke_field(code: str) -> DictionaryObject:
    return _annotation(
        "/Widget",
        (50, 50, 200, 70),
        FT=_name("/Tx"),
        T=TextStringObject("bedrag"),
        AA=DictionaryObject({_name("/K"): _js_action(code)}),
    )


def _on_page(writer: PdfWriter, *annotations: DictionaryObject) -> list:
    """Put ``annotations`` on every page (widgets get their page); their references."""
    refs = [writer._add_object(annotation) for annotation in annotations]
    for page in writer.pages:
        for annotation in annotations:
            if annotation["/Subtype"] == "/Widget":
                annotation[_name("/P")] = page.indirect_reference
        page[_name("/Annots")] = ArrayObject(refs)
    return refs


def _form(writer: PdfWriter, fields: list, **entries) -> None:
    form = DictionaryObject({_name("/Fields"): ArrayObject(fields)})
    form.update({_name(f"/{key}"): value for key, value in entries.items()})
    writer._root_object[_name("/AcroForm")] = form


def pdf_launch_in_next_chain() -> bytes:
    writer = _writer()
    _on_page(writer, _web_link_then(_launch_action()))
    return _write(writer)


def pdf_outline_js() -> bytes:
    writer = _writer()
    item = writer.add_outline_item(title="Inhoud", page_number=0).get_object()
    item[_name("/A")] = _js_action()
    return _write(writer)


def pdf_embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("factuur.exe", b"MZ\x90\x00 " + FILE_MARKER)
    return _write(writer)


def pdf_file_attachment_annotation() -> bytes:
    writer = _writer()
    _on_page(writer, _annotation("/FileAttachment", FS=TextStringObject("bijlage.exe")))
    return _write(writer)


def pdf_xfa_form() -> bytes:
    writer = _writer()
    script = "<xdp:xdp><script>xfa.host.messageBox(1)</script>"
    _form(writer, [], XFA=TextStringObject(script))
    return _write(writer)


def pdf_field_keystroke_js() -> bytes:
    """A form field whose keystroke script runs as one types (form JS of municipalities'
    forms looks like this)."""
    writer = _writer()
    _form(writer, _on_page(writer, _keystroke_field("AFNumber_Keystroke()")))
    return _write(writer)


def pdf_rich_media() -> bytes:
    writer = _writer()
    _on_page(writer, _annotation("/RichMedia", (50, 50, 300, 200)))
    return _write(writer)


def pdf_all_active_content(pages: int = 2) -> bytes:
    """Every kind of active content at once, in every place a viewer runs it: for the
    pack builder, which must carry none of it (the file is stored without the upload
    check, as a file uploaded before the check existed would be)."""
    writer = _writer(pages)
    root = writer._root_object
    root[_name("/OpenAction")] = writer._add_object(_js_action())
    root[_name("/AA")] = DictionaryObject({_name("/WC"): _launch_action()})
    writer.add_attachment("factuur.exe", b"MZ\x90\x00 " + FILE_MARKER)
    names = root["/Names"].get_object()
    names[_name("/JavaScript")] = DictionaryObject(
        {_name("/Names"): ArrayObject([TextStringObject("init"), _js_action()])}
    )
    item = writer.add_outline_item(title="Inhoud", page_number=0).get_object()
    item[_name("/A")] = _launch_action()
    for page in writer.pages:
        page[_name("/AA")] = DictionaryObject({_name("/O"): _js_action()})
    field, *_others = _on_page(
        writer,
        _keystroke_field(f"app.alert('{SCRIPT_MARKER}')"),
        _link(_launch_action()),
        _web_link_then(_js_action()),
        _annotation("/FileAttachment", FS=TextStringObject(LAUNCH_MARKER)),
    )
    _form(writer, [field], XFA=TextStringObject(f"<script>{SCRIPT_MARKER}</script>"))
    return _write(writer)


def pdf_by_hand(objects: list[bytes], *, xref: bool = True, broken_xref: bool = False) -> bytes:
    """A PDF written byte by byte: object *n* is ``objects[n - 1]``, object 1 the
    catalogue. ``broken_xref`` writes a cross-reference table whose offsets all point
    at the wrong place (pypdf then rebuilds it by scanning the file, as viewers do)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % (7 if broken_xref else offset))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % (start if not broken_xref else start + 999))
    return out.getvalue()


PAGE_OBJECTS = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def pdf_broken_xref_hiding_js() -> bytes:
    """A cross-reference table pointing nowhere, and a catalogue whose open action is a
    script written with an escaped name (/J#61vaScript is /JavaScript)."""
    return pdf_by_hand(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *PAGE_OBJECTS,
            b"<< /S /J#61vaScript /JS (app.alert\\(1\\)) >>",
        ],
        broken_xref=True,
    )


def pdf_broken_beyond_repair() -> bytes:
    """A header, a cross-reference table pointing nowhere and no objects at all."""
    return b"%PDF-1.7\nxref\n0 3\n0000000000 65535 f \n0000009999 00000 n \n" + (
        b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n12\n%%EOF\n"
    )


def pdf_broken_xref_clean() -> bytes:
    """A harmless PDF with a broken cross-reference table: repaired and accepted."""
    return pdf_by_hand([b"<< /Type /Catalog /Pages 2 0 R >>", *PAGE_OBJECTS], broken_xref=True)


def pdf_with_zip_appended() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ\x90\x00 not really a program")
    return pdf_bytes() + buffer.getvalue()


def pdf_with_html_header() -> bytes:
    """A PDF whose first comment is a web page (a browser sniffing it sees HTML)."""
    data = pdf_bytes()
    header, rest = data.split(b"\n", 1)
    return header + b"\n%<html><script>alert(1)</script></html>\n" + rest


def pdf_after_junk() -> bytes:
    """A PDF header after other content: viewers find it, we do not look for it."""
    return b"<html><body>hallo</body></html>\n" + pdf_bytes()


# --- the corpus --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    label: str
    make: Callable[[], bytes]
    name: str  # the file name it is uploaded under
    expected: str  # the ValidationError code


CORPUS = [
    Hostile("zip bomb expanding to 1 GiB", bomb_1gib, "bijlage.docx", "archive_too_large"),
    Hostile("zip bomb: one part compressed ~1000x", bomb_ratio, "bijlage.docx", "archive_ratio"),
    Hostile("zip bomb: 10,001 parts", bomb_entries, "bijlage.docx", "archive_entries"),
    Hostile(
        "zip bomb: directory headers counted before parsing",
        garbage_with_many_directory_headers,
        "bijlage.xlsx",
        "archive_entries",
    ),
    Hostile("zip bomb: lying part size", bomb_lying, "bijlage.docx", "archive_inconsistent"),
    Hostile(
        "zip bomb: lying [Content_Types].xml",
        bomb_lying_content_types,
        "bijlage.docx",
        "archive_inconsistent",
    ),
    Hostile(
        "zip bomb: overlapping parts", bomb_overlapping, "bijlage.docx", "archive_inconsistent"
    ),
    Hostile("nested archive by name", nested_by_name, "bijlage.docx", "archive_nested"),
    Hostile("nested archive by content", nested_by_content, "bijlage.docx", "archive_nested"),
    Hostile("absolute part name", lambda: zip_named("/etc/cron.d/x"), "b.docx", "archive_name"),
    Hostile("climbing part name", lambda: zip_named("word/../../x"), "b.docx", "archive_name"),
    Hostile("backslash part name", lambda: zip_named("..\\x.bat"), "b.docx", "archive_name"),
    Hostile("drive part name", lambda: zip_named("C:/x.bat"), "b.docx", "archive_name"),
    Hostile("duplicate part names", duplicate_names, "bijlage.docx", "archive_duplicate"),
    Hostile("bzip2 part", bzip2_part, "bijlage.docx", "archive_unsupported"),
    Hostile("macros", macros, "bijlage.docx", "archive_macros"),
    Hostile("office file that is also a PDF", office_pdf_polyglot, "b.docx", "polyglot"),
    Hostile("PDF: /OpenAction JavaScript", pdf_open_action_js, "s.pdf", "pdf_active_content"),
    Hostile("PDF: page /AA JavaScript", pdf_page_aa_js, "s.pdf", "pdf_active_content"),
    Hostile("PDF: document /AA JavaScript", pdf_document_aa_js, "s.pdf", "pdf_active_content"),
    Hostile("PDF: /Names /JavaScript", pdf_names_javascript, "s.pdf", "pdf_active_content"),
    Hostile("PDF: link with JavaScript", pdf_link_js, "s.pdf", "pdf_active_content"),
    Hostile("PDF: outline item JavaScript", pdf_outline_js, "s.pdf", "pdf_active_content"),
    Hostile("PDF: /Launch", pdf_launch, "s.pdf", "pdf_active_content"),
    Hostile("PDF: /Launch in /Next", pdf_launch_in_next_chain, "s.pdf", "pdf_active_content"),
    Hostile("PDF: embedded file", pdf_embedded_file, "s.pdf", "pdf_active_content"),
    Hostile(
        "PDF: file attachment annotation",
        pdf_file_attachment_annotation,
        "s.pdf",
        "pdf_active_content",
    ),
    Hostile("PDF: XFA form", pdf_xfa_form, "s.pdf", "pdf_active_content"),
    Hostile("PDF: field keystroke JS", pdf_field_keystroke_js, "s.pdf", "pdf_active_content"),
    Hostile("PDF: rich media", pdf_rich_media, "s.pdf", "pdf_active_content"),
    Hostile(
        "PDF: broken xref hiding an escaped /JavaScript",
        pdf_broken_xref_hiding_js,
        "s.pdf",
        "pdf_active_content",
    ),
    Hostile("PDF: broken beyond repair", pdf_broken_beyond_repair, "s.pdf", "not_pdf"),
    Hostile("polyglot: PDF with a ZIP appended", pdf_with_zip_appended, "s.pdf", "polyglot"),
    Hostile("polyglot: PDF with a web page header", pdf_with_html_header, "s.pdf", "polyglot"),
    Hostile("polyglot: PDF header after a web page", pdf_after_junk, "s.pdf", "not_pdf"),
]


def quietly(make: Callable[[], bytes]) -> bytes:
    """Build a corpus file without pypdf's or zipfile's warnings (the test settings turn
    warnings into errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return make()


# --- looking for what must not be there --------------------------------------------------

TRACES = (b"/JavaScript", b"/JS", b"/OpenAction", b"/Launch", b"/EmbeddedFile", b"/AA", b"/XFA")
MARKERS = (SCRIPT_MARKER.encode(), LAUNCH_MARKER.encode(), FILE_MARKER)


def active_traces(data: bytes) -> set[bytes]:
    """The names of active content and the payload markers found in a PDF: in its raw
    bytes, in every object of its cross-reference table written out uncompressed, and in
    every stream decoded. Names are looked for as whole tokens (``/JS`` but not ``/JSx``);
    decoded font programs and images are searched for the markers only, since binary
    data may hold a short name by chance."""
    from pypdf import PdfReader
    from pypdf.generic import ByteStringObject, StreamObject

    def strings(obj) -> list[bytes]:
        """The string values inside one object (pypdf writes them with escapes)."""
        if isinstance(obj, TextStringObject):
            return [obj.original_bytes, obj.encode("utf-8")]
        if isinstance(obj, ByteStringObject):
            return [bytes(obj)]
        if isinstance(obj, DictionaryObject):
            return [s for value in obj.values() for s in strings(value)]
        if isinstance(obj, ArrayObject):
            return [s for value in obj for s in strings(value)]
        return []

    blobs = [data]
    texts = [data]
    reader = PdfReader(io.BytesIO(data))
    for generation in reader.xref.values():
        for idnum in generation:
            obj = reader.get_object(idnum)
            buffer = io.BytesIO()
            if isinstance(obj, StreamObject):
                decoded = obj.get_data()
                blobs.append(decoded)
                if obj.get("/Subtype") != "/Image" and "/Length1" not in obj:
                    texts.append(decoded)
                DictionaryObject(obj).write_to_stream(buffer)
            elif obj is not None:
                obj.write_to_stream(buffer)
            texts.append(buffer.getvalue())
            blobs.extend(strings(obj))
    found = {marker for marker in MARKERS for blob in blobs if marker in blob}
    for text in texts:
        for name in TRACES:
            if re.search(re.escape(name) + rb"(?=[\s/\[\]()<>{}%]|$)", text):
                found.add(name)
    return found
