"""A tiny PDF writer for demo documents: A4 pages of Helvetica text, no dependencies.

Demo documents must be real PDFs (the upload rules parse them), but rendering them
with WeasyPrint would make ``load_demo`` slow. This writes the PDF objects by hand.
"""

from __future__ import annotations

import textwrap

LINES_PER_PAGE = 48
WIDTH_CHARS = 88


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pages(title: str, paragraphs: list[str]) -> list[list[tuple[str, bool]]]:
    lines: list[tuple[str, bool]] = [(title, True), ("", False)]
    for paragraph in paragraphs:
        lines.extend((line, False) for line in textwrap.wrap(paragraph, WIDTH_CHARS) or [""])
        lines.append(("", False))
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def simple_pdf(title: str, paragraphs: list[str], *, footer: str = "") -> bytes:
    """A PDF with ``title`` in bold and the paragraphs wrapped over as many pages as needed."""
    pages = _pages(title, paragraphs)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for number, page_lines in enumerate(pages, start=1):
        stream = [b"BT", b"/F1 11 Tf", b"14 TL", b"56 780 Td"]
        for text, bold in page_lines:
            stream.append(b"/F2 14 Tf" if bold else b"/F1 11 Tf")
            stream.append(b"(" + _escape(text) + b") Tj T*")
        stream.append(b"ET")
        footer_text = f"{footer}  -  pagina {number} van {len(pages)}".strip(" -")
        stream += [b"BT", b"/F1 8 Tf", b"56 40 Td", b"(" + _escape(footer_text) + b") Tj", b"ET"]
        content = b"\n".join(stream)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_ref = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % content_ref
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    objects.append(b"<< /Title (" + _escape(title) + b") /Producer (Hecht Bestuur demo) >>")
    info_ref = len(objects)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_ref,
        xref,
    )
    return bytes(out)
