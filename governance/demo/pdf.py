"""A tiny PDF writer for demo documents: A4 pages of Helvetica text, no dependencies.

Demo documents must be real PDFs (the upload rules parse them), but rendering them
with WeasyPrint would make ``load_demo`` slow. This writes the PDF objects by hand.

They are tagged, so every demo item is downloadable as its own accessible document: a
structure tree (a heading for the title, a paragraph per paragraph, each line a marked-
content sequence the tree points to, the footer an artifact), ``/MarkInfo /Marked true``,
the language (``/Lang``) and the title, which viewers show instead of the file name. They
do not claim PDF/UA (the standard fonts are not embedded).
"""

from __future__ import annotations

import textwrap

LINES_PER_PAGE = 48
WIDTH_CHARS = 88

# Object numbers fixed by the layout below; the blocks (title and paragraphs) follow.
CATALOG, PAGES, FONT, FONT_BOLD, STRUCT_ROOT, STRUCT_DOCUMENT, PARENT_TREE = range(1, 8)
FIRST_BLOCK = 8


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _string(text: str) -> bytes:
    """A PDF text string: PDFDocEncoding covers Latin-1 well enough for demo titles;
    anything else goes as UTF-16BE."""
    try:
        encoded = text.encode("latin-1")
    except UnicodeEncodeError:
        encoded = b"\xfe\xff" + text.encode("utf-16-be")
    return b"(" + encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pages(title: str, paragraphs: list[str]) -> list[list[tuple[str, int | None]]]:
    """The lines of each page with the block (0: the title, then the paragraphs) they
    belong to; None for the blank lines between blocks."""
    lines: list[tuple[str, int | None]] = [(title, 0), ("", None)]
    for number, paragraph in enumerate(paragraphs, start=1):
        lines.extend((line, number) for line in textwrap.wrap(paragraph, WIDTH_CHARS) or [""])
        lines.append(("", None))
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def simple_pdf(title: str, paragraphs: list[str], *, footer: str = "", lang: str = "nl") -> bytes:
    """A tagged PDF in ``lang`` with ``title`` as a bold heading (and as the document's
    title) and the paragraphs wrapped over as many pages as needed."""
    pages = _pages(title, paragraphs)
    block_count = len(paragraphs) + 1
    first_page_object = FIRST_BLOCK + block_count
    page_objects = [first_page_object + 2 * index + 1 for index in range(len(pages))]

    objects: dict[int, bytes] = {}
    # Per block: the (page object, MCID) of each of its lines.
    marked: list[list[tuple[int, int]]] = [[] for _ in range(block_count)]
    parent_tree: list[bytes] = []
    for index, page_lines in enumerate(pages):
        page_object = page_objects[index]
        stream = [b"BT", b"/F1 11 Tf", b"14 TL", b"56 780 Td"]
        owners: list[int] = []  # the block of each MCID on this page
        for text, block in page_lines:
            if block is None or not text:
                stream.append(b"T*")
                continue
            tag = b"/H1" if block == 0 else b"/P"
            font = b"/F2 14 Tf" if block == 0 else b"/F1 11 Tf"
            mcid = len(owners)
            owners.append(block)
            marked[block].append((page_object, mcid))
            stream.append(
                tag + b" << /MCID %d >> BDC " % mcid + font + b" (" + _escape(text) + b") Tj EMC T*"
            )
        stream.append(b"ET")
        footer_text = f"{footer}  -  pagina {index + 1} van {len(pages)}".strip(" -")
        stream += [
            b"/Artifact << /Type /Pagination /Subtype /Footer >> BDC",
            b"BT /F1 8 Tf 56 40 Td (" + _escape(footer_text) + b") Tj ET",
            b"EMC",
        ]
        content = b"\n".join(stream)
        objects[page_object - 1] = (
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        )
        objects[page_object] = (
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R "
            b"/StructParents %d /Tabs /S >>" % (PAGES, FONT, FONT_BOLD, page_object - 1, index)
        )
        parent_tree.append(
            b"%d [%s]" % (index, b" ".join(b"%d 0 R" % (FIRST_BLOCK + block) for block in owners))
        )

    blocks = []
    for block, refs in enumerate(marked):
        if not refs:  # an empty paragraph shows nothing
            objects[FIRST_BLOCK + block] = b"null"
            continue
        blocks.append(FIRST_BLOCK + block)
        kids = b" ".join(b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % ref for ref in refs)
        objects[FIRST_BLOCK + block] = (
            b"<< /Type /StructElem /S %s /P %d 0 R /Pg %d 0 R /K [%s] >>"
            % (
                b"/H1" if block == 0 else b"/P",
                STRUCT_DOCUMENT,
                refs[0][0],
                kids,
            )
        )

    objects[CATALOG] = (
        b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R /MarkInfo << /Marked true >> "
        b"/Lang %s /ViewerPreferences << /DisplayDocTitle true >> >>"
        % (PAGES, STRUCT_ROOT, _string(lang))
    )
    objects[PAGES] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % page for page in page_objects),
        len(page_objects),
    )
    objects[FONT] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects[FONT_BOLD] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    objects[STRUCT_ROOT] = (
        b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
        % (STRUCT_DOCUMENT, PARENT_TREE, len(pages))
    )
    objects[STRUCT_DOCUMENT] = b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>" % (
        STRUCT_ROOT,
        b" ".join(b"%d 0 R" % block for block in blocks),
    )
    objects[PARENT_TREE] = b"<< /Nums [%s] >>" % b" ".join(parent_tree)
    info = len(objects) + 1
    objects[info] = b"<< /Title " + _string(title) + b" /Producer (Hecht Bestuur demo) >>"

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number in range(1, info + 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (info + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        info + 1,
        CATALOG,
        info,
        xref,
    )
    return bytes(out)
