"""PDF plumbing: the one place where the application makes, merges and stamps PDFs.

Rendering: ``render_pdf(template, context, title=…)`` renders a Django template to A4 PDF
bytes with WeasyPrint, in Dutch unless told otherwise, with title, author and language in
the PDF metadata. ``render_document`` returns the laid-out WeasyPrint document (to count
pages before writing); ``write_pdf`` writes one out.

Accessibility: every PDF we render is tagged (a structure tree, ``/MarkInfo /Marked
true``), names its language (``/Lang`` from ``<html lang>``) and its title (document
information and XMP, shown by viewers instead of the file name). ``render_pdf`` writes
PDF/UA-1 (``pdfuaid:part`` in the XMP metadata), which a Woo publication must be. A
merged book (``merge``) cannot keep its sources' structure trees: ``merge`` drops what
is left of them and ``set_metadata(untagged=…)`` says so in the document information.

Fetching: WeasyPrint may fetch nothing but our own static files. Templates refer to them
as ``{{ pdf_static }}css/print.css`` (``render_*`` put ``pdf_static`` in the context);
``StaticFilesOnlyFetcher`` reads those from the staticfiles finders or ``STATIC_ROOT`` and
refuses every other URL: ``http(s)://`` anywhere (no request leaves the server),
``file://``, ``data:`` and any other scheme. A refused resource is left out (WeasyPrint
logs it) and the PDF still renders, so an agenda text with an ``<img src=…>`` can neither
reach an internal URL or a local file nor break the build.

Merging and stamping (pypdf): ``merge`` concatenates PDFs into one writer with a nested
outline; ``stamp`` draws text (running header and footer, watermark) on chosen pages
without re-rendering them, in an embedded subset of DejaVu Sans; ``set_metadata`` sets
title, author, subject and language; ``atomic_write`` puts the file in place with a
temporary file in the same folder and ``os.replace``, so a reader never sees half a file.

Active content: ``active_content`` says which scripts, actions that leave the document,
embedded files, multimedia and XFA forms a PDF carries (the upload check refuses them);
``strip_active_content`` removes them from a writer, and ``merge`` and ``copy_document``
call it, so no book we hand out carries any, whatever its sources held.
"""

from __future__ import annotations

import io
import logging
import math
import mimetypes
import os
import posixpath
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
# WeasyPrint reports every laid-out page on this logger at INFO; a 300-page pack would
# flood the worker log. Warnings (e.g. a refused image) still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The origin our static files are addressed under inside a PDF template. ``.invalid`` is
# reserved (RFC 2606): it never resolves, and the fetcher never opens a connection anyway.
PDF_ORIGIN = "https://hecht.invalid"
PDF_STATIC_PREFIX = "/static/"
PDF_STATIC = PDF_ORIGIN + PDF_STATIC_PREFIX

DEFAULT_AUTHOR = "GR Hecht — Gemeenschappelijke regeling Hecht"
PRODUCER = "Hecht Bestuur"

# The PDF/UA part WeasyPrint writes for ``render_pdf`` (ISO 14289-1).
PDF_UA = "pdf/ua-1"
# Document information key saying why a merged book is not tagged (see ``set_metadata``).
UNTAGGED_KEY = "/HechtUntagged"

# A4 in PostScript points.
A4_WIDTH = 595.276
A4_HEIGHT = 841.89


# --- fetching ---------------------------------------------------------------------------


class FetchRefused(ValueError):
    """WeasyPrint asked for something other than one of our static files."""


def find_static(name: str) -> Path | None:
    """The file of static asset ``name`` (``"css/print.css"``), from the finders (source
    tree, as in development and tests) or from ``STATIC_ROOT`` (collected). None when it
    does not exist or the name tries to leave the static folders."""
    normalized = posixpath.normpath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or normalized.startswith(("/", "../"))
        or normalized in {".", ".."}
        or normalized != name
    ):
        return None
    try:
        found = finders.find(normalized)
    except SuspiciousFileOperation:
        return None
    if found:
        return Path(found)
    try:
        if staticfiles_storage.exists(normalized):
            return Path(staticfiles_storage.path(normalized))
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return None


class StaticFilesOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves our static files and refuses everything else
    (see the module docstring). Never opens a network connection or an arbitrary file."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin != PDF_ORIGIN or not parts.path.startswith(PDF_STATIC_PREFIX):
            raise FetchRefused(f"PDF rendering may not fetch {url[:200]!r}")
        name = unquote(parts.path[len(PDF_STATIC_PREFIX) :])
        path = find_static(name)
        if path is None:
            raise FetchRefused(f"No static file {name!r}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def _fetcher() -> StaticFilesOnlyFetcher:
    return StaticFilesOnlyFetcher(allow_redirects=False)


# --- rendering --------------------------------------------------------------------------


def render_html(template_name: str, context: dict | None = None, *, lang: str = "nl") -> str:
    """Render a print template in ``lang``; ``pdf_static`` is added to the context."""
    with translation.override(lang):
        return render_to_string(
            template_name, {"pdf_static": PDF_STATIC, "pdf_lang": lang, **(context or {})}
        )


def render_document(
    template_name: str,
    context: dict | None = None,
    *,
    title: str,
    author: str = DEFAULT_AUTHOR,
    subject: str = "",
    lang: str = "nl",
    image_cache: dict | None = None,
):
    """Lay out a print template with WeasyPrint and return the ``weasyprint.Document``
    (``len(document.pages)`` pages; ``document.write_pdf()`` for the bytes)."""
    html = render_html(template_name, context, lang=lang)
    document = HTML(string=html, base_url=PDF_ORIGIN + "/", url_fetcher=_fetcher()).render(
        cache=image_cache
    )
    document.metadata.title = title
    document.metadata.authors = [author]
    document.metadata.description = subject or None
    document.metadata.lang = lang
    document.metadata.generator = PRODUCER
    return document


def write_pdf(document, *, ua: bool = True) -> bytes:
    """The bytes of a rendered ``weasyprint.Document``: always tagged (structure tree,
    language, title shown by viewers); PDF/UA-1 when ``ua``."""
    return document.write_pdf(pdf_tags=True, pdf_variant=PDF_UA if ua else None)


def render_pdf(
    template_name: str,
    context: dict | None = None,
    *,
    title: str,
    author: str = DEFAULT_AUTHOR,
    subject: str = "",
    lang: str = "nl",
) -> bytes:
    """Render a print template (``templates/pdf/``) to PDF bytes: A4 (set by
    ``static/pdf/print.css``), ``lang`` for the text and the PDF's language, title and
    author in the metadata, only our own static files fetched; tagged PDF/UA-1."""
    return write_pdf(
        render_document(
            template_name, context, title=title, author=author, subject=subject, lang=lang
        )
    )


def split_at_anchors(document, anchors: Sequence[str]) -> list[bytes]:
    """Split a rendered ``weasyprint.Document`` into one PDF per section: section *i*
    runs from the page where the element with id ``anchors[i]`` starts to the page
    before the next one. Lets many short documents be laid out in one go (WeasyPrint's
    per-document work is paid once) and still be kept apart."""
    starts: dict[str, int] = {}
    wanted = set(anchors)
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor in wanted:
                starts.setdefault(anchor, index)
    missing = wanted - set(starts)
    if missing:
        raise ValueError(f"Anchors not found in the document: {sorted(missing)}")
    bounds = [starts[anchor] for anchor in anchors] + [len(document.pages)]
    reader = open_pdf(document.write_pdf())
    parts = []
    for first, end in zip(bounds, bounds[1:], strict=False):
        writer = PdfWriter()
        for index in range(first, end):
            writer.add_page(reader.pages[index])
        parts.append(to_bytes(writer))
    return parts


# --- merging ----------------------------------------------------------------------------


Source = bytes | Path | str | PdfReader


def open_pdf(source: Source) -> PdfReader:
    """A reader over PDF bytes, a file path or an existing reader."""
    if isinstance(source, PdfReader):
        return source
    if isinstance(source, bytes):
        return PdfReader(io.BytesIO(source))
    return PdfReader(Path(source))


@dataclass
class Part:
    """One node of a merged PDF: its own pages (``source``, may be None) followed by its
    children's. ``title`` makes an outline item pointing at the node's first page; the
    children's outline items nest under it."""

    title: str | None = None
    source: Source | None = None
    children: list[Part] = field(default_factory=list)
    # Filled in by ``merge``: 0-based index of the first page and the number of pages.
    first_page: int = field(default=-1, init=False)
    page_count: int = field(default=0, init=False)


def merge(parts: Sequence[Part], *, writer: PdfWriter | None = None) -> PdfWriter:
    """Append every part (depth first) to ``writer`` (a new one by default) with a nested
    outline, and fill in each part's ``first_page`` and ``page_count``. Outlines, form
    fields and article threads of the sources are not imported: the merged book has one
    outline of its own. Neither are their structure trees (``drop_structure``): the book
    is not tagged, and ``set_metadata(untagged=…)`` should say so. Active content is
    removed (``strip_active_content``)."""
    writer = writer if writer is not None else PdfWriter()

    def place(part: Part) -> None:
        part.first_page = len(writer.pages)
        if part.source is not None:
            writer.append(
                open_pdf(part.source), import_outline=False, excluded_fields=["/AcroForm", "/B"]
            )
        for child in part.children:
            place(child)
        part.page_count = len(writer.pages) - part.first_page

    def outline(part: Part, parent) -> None:
        if part.title and part.page_count:
            parent = writer.add_outline_item(
                title=part.title, page_number=part.first_page, parent=parent
            )
        for child in part.children:
            outline(child, parent)

    for part in parts:
        place(part)
    for part in parts:
        outline(part, None)
    drop_structure(writer)
    # Whatever an uploaded PDF carried (also one stored before uploads were checked for
    # it), the book we hand out never runs scripts, launches programs or holds files.
    strip_active_content(writer)
    return writer


def drop_structure(writer: PdfWriter) -> None:
    """Remove what is left of the sources' tags from a merged book: pypdf copies pages,
    not structure trees, so references into a tree would point nowhere. An untagged book
    is read in content order by assistive technology; a half-tagged one (say, only its
    cover tagged) would be read as if the cover were all there is."""
    root = writer.root_object
    for key in ("/StructTreeRoot", "/MarkInfo"):
        if key in root:
            del root[key]
    for page in writer.pages:
        if "/StructParents" in page:
            del page["/StructParents"]
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            if isinstance(annotation, DictionaryObject) and "/StructParent" in annotation:
                del annotation["/StructParent"]


def copy_document(source: Source) -> PdfWriter:
    """A writer holding a copy of ``source``: its pages, outline, document information and
    the catalogue's language and viewer settings (to stamp and write out again)."""
    reader = open_pdf(source)
    writer = PdfWriter()
    writer.append(reader, import_outline=True)
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    for key in ("/Lang", "/ViewerPreferences", "/PageMode"):
        if key in reader.root_object:
            writer._root_object[NameObject(key)] = reader.root_object[key].clone(writer)
    strip_active_content(writer)  # e.g. a pack built before packs were stripped
    return writer


def set_metadata(
    writer: PdfWriter,
    *,
    title: str,
    author: str = DEFAULT_AUTHOR,
    subject: str = "",
    lang: str = "nl",
    show_outline: bool = True,
    untagged: str = "",
) -> None:
    """Title, author, subject and producer in the document information; the document
    language (``/Lang``) in the catalogue; viewers show the title, not the file name, and
    open the outline when there is one.

    ``untagged`` (for a merged book, see ``merge``) is a sentence for the reader saying
    that the document has no tags and where its parts can be had on their own: it is put
    after the subject (what a viewer's document properties show) and under
    ``UNTAGGED_KEY`` (``/HechtUntagged``, for programs)."""
    info = {"/Title": title, "/Author": author, "/Creator": PRODUCER, "/Producer": PRODUCER}
    if subject or untagged:
        info["/Subject"] = " ".join(part for part in (subject, untagged) if part)
    if untagged:
        info[UNTAGGED_KEY] = untagged
    writer.add_metadata(info)
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(lang)
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    if show_outline and writer.outline:
        writer.page_mode = "/UseOutlines"


def to_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def atomic_write(path: Path, data: bytes | Callable[[io.BufferedWriter], object]) -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path``
    atomically: a temporary file in the same folder, flushed to disk, then renamed over
    ``path``. On any failure the temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                data(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with _suppress_missing():
            os.unlink(temporary)
        raise


class _suppress_missing:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, FileNotFoundError)


# --- stamping ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A line of text to stamp on a page. ``x``/``y`` in points from the bottom-left of
    the page as it is shown (rotation taken into account); ``align`` says which end of
    the line is at ``x``; ``angle`` in degrees counter-clockwise around (x, y)."""

    text: str
    x: float
    y: float
    size: float = 8.0
    align: Literal["left", "center", "right"] = "left"
    angle: float = 0.0
    gray: float = 0.25
    opacity: float = 1.0


Painter = Callable[[int, float, float], Iterable[Text]]

FONT_NAME = "/HechtSans"
_CODES = range(32, 256)

# Where Debian and most Linux distributions put DejaVu Sans (package fonts-dejavu-core).
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)


def _winansi(code: int) -> str | None:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class StampFont:
    """The font stamps are drawn in: a WinAnsi-encoded subset of DejaVu Sans (or, when
    the font file is missing, the standard Helvetica, which every viewer has)."""

    widths: tuple[int, ...]  # per code 32..255, in 1/1000 em
    font_file: bytes | None
    base_name: str
    bbox: tuple[int, int, int, int] = (0, 0, 0, 0)
    ascent: int = 0
    descent: int = 0
    cap_height: int = 0

    def width(self, encoded: bytes, size: float) -> float:
        return sum(self.widths[c - 32] if c >= 32 else 0 for c in encoded) * size / 1000


def font_path() -> Path | None:
    configured = getattr(settings, "HECHT_PDF_STAMP_FONT", "")
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@lru_cache(maxsize=1)
def stamp_font() -> StampFont:
    path = font_path()
    if path is None:
        logger.warning(
            "DejaVu Sans not found; PDF stamps use Helvetica (install fonts-dejavu-core)"
        )
        return _helvetica()
    # fontTools reports every subsetting step at INFO.
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    font = TTFont(path)
    unicodes = {ord(ch) for code in _CODES if (ch := _winansi(code))}
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.drop_tables += ["MATH", "GSUB", "GPOS", "GDEF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = []
    for code in _CODES:
        ch = _winansi(code)
        glyph = cmap.get(ord(ch)) if ch else None
        widths.append(round(hmtx[glyph][0] * scale) if glyph else 0)
    buffer = io.BytesIO()
    font.save(buffer)
    head, os2 = font["head"], font["OS/2"]
    return StampFont(
        widths=tuple(widths),
        font_file=buffer.getvalue(),
        # A subset font's name carries a six-letter tag (ISO 32000-1, 9.6.4).
        base_name="HCHTST+DejaVuSans",
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(font["hhea"].ascent * scale),
        descent=round(font["hhea"].descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or 730,
    )


def _helvetica() -> StampFont:
    # Average Helvetica widths are good enough to align a footer when DejaVu is missing.
    return StampFont(widths=tuple([556] * len(_CODES)), font_file=None, base_name="Helvetica")


def encode_text(text: str) -> bytes:
    """``text`` in WinAnsi (cp1252): characters outside it lose their accents, or become
    "?" when that does not help."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("cp1252", errors="ignore")
            out += plain.strip() or b"?"
    return bytes(out)


def fit_text(text: str, *, size: float, max_width: float) -> str:
    """``text`` shortened with an ellipsis so that it fits in ``max_width`` points."""
    font = stamp_font()
    if font.width(encode_text(text), size) <= max_width:
        return text
    while text and font.width(encode_text(text + "…"), size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def _pdf_string(encoded: bytes) -> bytes:
    return b"(" + encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _num(value: float) -> bytes:
    return (f"{value:.3f}".rstrip("0").rstrip(".") or "0").encode()


class _StampResources:
    """The font and graphics states shared by all stamps of one writer."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.font = stamp_font()
        self.font_ref = writer._add_object(self._font_dict())
        self.states: dict[float, tuple[NameObject, IndirectObject]] = {}
        self.push = writer._add_object(_stream(b"q\n"))
        self.pop = writer._add_object(_stream(b"\nQ\n"))

    def _font_dict(self) -> DictionaryObject:
        font = self.font
        if font.font_file is None:
            return DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        file_stream = StreamObject()
        file_stream.set_data(font.font_file)
        file_stream[NameObject("/Length1")] = NumberObject(len(font.font_file))
        file_stream = file_stream.flate_encode()
        descriptor = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/FontDescriptor"),
                NameObject("/FontName"): NameObject("/" + font.base_name),
                NameObject("/Flags"): NumberObject(32),  # nonsymbolic
                NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
                NameObject("/ItalicAngle"): NumberObject(0),
                NameObject("/Ascent"): NumberObject(font.ascent),
                NameObject("/Descent"): NumberObject(font.descent),
                NameObject("/CapHeight"): NumberObject(font.cap_height),
                NameObject("/StemV"): NumberObject(80),
                NameObject("/FontFile2"): self.writer._add_object(file_stream),
            }
        )
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): NameObject("/" + font.base_name),
                NameObject("/FirstChar"): NumberObject(_CODES.start),
                NameObject("/LastChar"): NumberObject(_CODES.stop - 1),
                NameObject("/Widths"): ArrayObject(NumberObject(w) for w in font.widths),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/FontDescriptor"): self.writer._add_object(descriptor),
            }
        )

    def state(self, opacity: float) -> tuple[NameObject, IndirectObject]:
        key = round(opacity, 3)
        if key not in self.states:
            name = NameObject(f"/HechtGS{len(self.states)}")
            gs = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/ExtGState"),
                    NameObject("/ca"): FloatObject(key),
                    NameObject("/CA"): FloatObject(key),
                }
            )
            self.states[key] = (name, self.writer._add_object(gs))
        return self.states[key]


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _visible_box(page) -> tuple[float, float, float, float, int]:
    box = page.cropbox
    rotation = page.rotation % 360
    return float(box.left), float(box.bottom), float(box.width), float(box.height), rotation


def _orientation(llx: float, lly: float, width: float, height: float, rotation: int) -> bytes:
    """The ``cm`` operator that makes (0, 0) the bottom-left of the page as shown, with
    x to the right and y up, whatever the page's /Rotate."""
    matrices = {
        0: (1, 0, 0, 1, llx, lly),
        90: (0, 1, -1, 0, llx + width, lly),
        180: (-1, 0, 0, -1, llx + width, lly + height),
        270: (0, -1, 1, 0, llx, lly + height),
    }
    matrix = matrices.get(rotation, matrices[0])
    return b" ".join(_num(v) for v in matrix) + b" cm\n"


def stamp(writer: PdfWriter, painter: Painter, pages: Iterable[int] | None = None) -> None:
    """Draw ``painter(index, width, height)``'s texts on the pages ``pages`` (0-based;
    all by default) of ``writer``. The page's own content is wrapped in ``q … Q`` and the
    stamp appended as a separate stream: nothing of the page is parsed or re-rendered,
    so this is cheap enough for a few hundred pages at every download."""
    resources = getattr(writer, "_hecht_stamp_resources", None)
    if resources is None:
        resources = _StampResources(writer)
        writer._hecht_stamp_resources = resources  # type: ignore[attr-defined]  # our cache
    indexes = range(len(writer.pages)) if pages is None else pages
    for index in indexes:
        page = writer.pages[index]
        llx, lly, width, height, rotation = _visible_box(page)
        shown_w, shown_h = (height, width) if rotation in (90, 270) else (width, height)
        texts = list(painter(index, shown_w, shown_h))
        if not texts:
            continue
        ops = [b"q\n", _orientation(llx, lly, width, height, rotation)]
        states: dict[str, IndirectObject] = {}
        for text in texts:
            encoded = encode_text(text.text)
            line_width = resources.font.width(encoded, text.size)
            shift = {"left": 0.0, "center": line_width / 2, "right": line_width}[text.align]
            angle = math.radians(text.angle)
            cos, sin = math.cos(angle), math.sin(angle)
            x = text.x - shift * cos
            y = text.y - shift * sin
            name, ref = resources.state(text.opacity)
            states[name] = ref
            ops.append(
                b"%s gs %s g BT %s %s Tf %s %s %s %s %s %s Tm %s Tj ET\n"
                % (
                    name.encode(),
                    _num(text.gray),
                    FONT_NAME.encode(),
                    _num(text.size),
                    _num(cos),
                    _num(sin),
                    _num(-sin),
                    _num(cos),
                    _num(x),
                    _num(y),
                    _pdf_string(encoded),
                )
            )
        ops.append(b"Q\n")
        content = writer._add_object(_stream(b"".join(ops)))
        existing = page.get("/Contents")
        if existing is None:
            contents = ArrayObject([content])
        else:
            existing = existing.get_object() if isinstance(existing, IndirectObject) else existing
            if isinstance(existing, ArrayObject):
                originals = list(existing)
            else:
                originals = [page.raw_get("/Contents")]
            contents = ArrayObject([resources.push, *originals, resources.pop, content])
        page[NameObject("/Contents")] = contents
        page[NameObject("/Resources")] = _with_stamp_resources(
            page.get("/Resources"), resources.font_ref, states
        )


def _with_stamp_resources(
    current, font_ref: IndirectObject, states: dict[str, IndirectObject]
) -> DictionaryObject:
    """A copy of the page's resources with our font and graphics states added. Copied,
    because pages may share one resources dictionary."""
    current = current.get_object() if current is not None else DictionaryObject()
    resources = DictionaryObject(current)
    fonts = resources.get("/Font")
    fonts = DictionaryObject(fonts.get_object()) if fonts is not None else DictionaryObject()
    fonts[NameObject(FONT_NAME)] = font_ref
    resources[NameObject("/Font")] = fonts
    graphics = resources.get("/ExtGState")
    graphics = (
        DictionaryObject(graphics.get_object()) if graphics is not None else DictionaryObject()
    )
    for name, ref in states.items():
        graphics[NameObject(name)] = ref
    resources[NameObject("/ExtGState")] = graphics
    return resources


def watermark_painter(text: str) -> Painter:
    """A light grey diagonal line across the page and the same text, smaller but fully
    legible, up the left margin: the diagonal is hard to crop away, the margin line stays
    readable over dense pages."""
    font = stamp_font()
    encoded = encode_text(text)

    def paint(_index: int, width: float, height: float) -> list[Text]:
        diagonal = math.hypot(width, height)
        angle = math.degrees(math.atan2(height, width))
        unit = font.width(encoded, 1) or 1
        size = max(12.0, min(44.0, diagonal * 0.7 / unit))
        return [
            Text(
                text,
                width / 2,
                height / 2 - size / 3,
                size=size,
                align="center",
                angle=angle,
                gray=0.55,
                opacity=0.28,
            ),
            Text(text, 14, height / 2, size=8, align="center", angle=90, gray=0.45),
        ]

    return paint


# --- active content ---------------------------------------------------------------------

# What a PDF may carry that does more than show pages. Found by walking the object tree
# from the catalogue (what a viewer follows), never by searching the raw bytes: names
# can be written with ``#xx`` escapes and hidden in compressed object streams, and a
# byte search would refuse ordinary files whose compressed data happens to contain them.
JAVASCRIPT = "javascript"  # /JavaScript actions, /JS, the document's /JavaScript names
LAUNCH = "launch"  # starts a program, opens or fetches another file, sends form data
EMBEDDED_FILE = "embedded_file"  # attached files (/EmbeddedFiles, /EF, file attachments)
MULTIMEDIA = "multimedia"  # rich media, movies, sounds, screens, 3D (which can script)
XFA = "xfa"  # XML forms, which carry their own scripts
TOO_COMPLEX = "too_complex"  # more objects than we are willing to walk

ACTIVE_CONTENT = (JAVASCRIPT, LAUNCH, EMBEDDED_FILE, MULTIMEDIA, XFA, TOO_COMPLEX)

# Action types (ISO 32000-2, 12.6.4) that run code, leave the document or send data.
# Links to web addresses (/URI), jumps within the document (/GoTo, /Named, /Thread) and
# showing or hiding layers stay: that is how ordinary reports link and navigate, and a
# viewer asks before it opens a web address.
DANGEROUS_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/GoToR": LAUNCH,  # opens another file, on a network share too (leaks credentials)
    "/GoToE": LAUNCH,
    "/ImportData": LAUNCH,
    "/SubmitForm": LAUNCH,
    "/Rendition": MULTIMEDIA,
    "/Movie": MULTIMEDIA,
    "/Sound": MULTIMEDIA,
    "/RichMediaExecute": MULTIMEDIA,
}
DANGEROUS_SUBTYPES = {
    "/FileAttachment": EMBEDDED_FILE,
    "/RichMedia": MULTIMEDIA,
    "/Movie": MULTIMEDIA,
    "/Sound": MULTIMEDIA,
    "/Screen": MULTIMEDIA,
    "/3D": MULTIMEDIA,
}
# Keys whose mere presence is active content, with what it is.
DANGEROUS_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,  # in the catalogue's /Names
    "/EmbeddedFiles": EMBEDDED_FILE,  # in the catalogue's /Names
    "/EF": EMBEDDED_FILE,  # a file specification's embedded file streams
    "/XFA": XFA,
    "/RichMediaContent": MULTIMEDIA,
}
# Larger than any document we expect (a 300-page report has some tens of thousands);
# walking is linear, this bounds the work a crafted file can ask of an upload.
MAX_OBJECTS = 250_000


def _resolve(value):
    """The object behind an indirect reference; None for a dangling or broken one."""
    try:
        return value.get_object() if isinstance(value, IndirectObject) else value
    except Exception:  # pypdf raises many kinds of errors on damaged references
        return None


def _dangerous(obj) -> str | None:
    """What ``obj`` is when it is an action or annotation we do not carry, else None."""
    if not isinstance(obj, DictionaryObject):
        return None
    kind = obj.get("/S")
    if isinstance(kind, NameObject) and kind in DANGEROUS_ACTIONS:
        return DANGEROUS_ACTIONS[kind]
    subtype = obj.get("/Subtype")
    if isinstance(subtype, NameObject) and subtype in DANGEROUS_SUBTYPES:
        return DANGEROUS_SUBTYPES[subtype]
    if obj.get("/Type") == "/EmbeddedFile":
        return EMBEDDED_FILE
    return None


def _walk(
    root_refs: Iterable, visit: Callable[[DictionaryObject], None], *, limit: int | None
) -> bool:
    """Call ``visit`` on every dictionary reachable from ``root_refs`` (stream
    dictionaries included, stream data not decoded), each indirect object once. Returns
    False when the walk stopped after ``limit`` indirect objects."""
    seen: set[tuple[int, int]] = set()
    stack = list(root_refs)
    count = 0
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            if limit is not None and count > limit:
                return False
            value = _resolve(value)
        if isinstance(value, DictionaryObject):
            visit(value)
            stack.extend(value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
    return True


def active_content(source: Source) -> set[str]:
    """What of ``ACTIVE_CONTENT`` the PDF carries (empty for a PDF that only shows pages).

    Walks every object reachable from the catalogue: actions anywhere (open action,
    document, page and field additional actions, annotation and outline actions and
    their /Next chains), the /Names trees, annotations, form fields and file
    specifications. A file with more than ``MAX_OBJECTS`` objects reports
    ``TOO_COMPLEX``."""
    reader = open_pdf(source)
    found: set[str] = set()

    def visit(obj: DictionaryObject) -> None:
        for key, what in DANGEROUS_KEYS.items():
            if key in obj:
                found.add(what)
        danger = _dangerous(obj)
        if danger:
            found.add(danger)

    if not _walk([reader.trailer.raw_get("/Root")], visit, limit=MAX_OBJECTS):
        found.add(TOO_COMPLEX)
    return found


def strip_active_content(writer: PdfWriter) -> None:
    """Remove from ``writer`` everything ``active_content`` looks for, and every object
    no longer reachable (pypdf writes all objects it holds, so a removed script would
    otherwise still be in the file).

    Removed: the open action and additional actions (document, pages, annotations,
    fields), the /JavaScript and /EmbeddedFiles names, XFA, embedded file streams,
    dangerous actions wherever they are referenced (links, outline items, /Next
    chains) and annotations that attach files or play media. Links to web addresses and
    within the document stay."""
    removed_keys = ("/OpenAction", "/AA", *DANGEROUS_KEYS)

    def visit(obj: DictionaryObject) -> None:
        for key in removed_keys:
            if key in obj:
                del obj[key]
        for key, value in list(obj.items()):
            target = _resolve(value)
            if _dangerous(target):
                del obj[key]
            elif isinstance(target, ArrayObject):
                kept = [item for item in target if not _dangerous(_resolve(item))]
                if len(kept) != len(target):
                    target[:] = kept

    root = writer.root_object
    # The catalogue first: an /OpenAction that is a destination (an array) is dropped too,
    # since a merged book opens at its first page.
    visit(root)
    _walk([root.indirect_reference], visit, limit=None)  # our own merged book: walk it all
    _sweep_unreachable(writer)


def _sweep_unreachable(writer: PdfWriter) -> None:
    """Free every object of ``writer`` that the catalogue, the document information and
    the file identifier do not reach."""
    reachable: set[int] = set()
    refs = [writer.root_object.indirect_reference, writer._info_obj, writer._ID]
    stack = [ref for ref in refs if ref is not None]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            if value.pdf is not writer or value.idnum in reachable:
                continue
            reachable.add(value.idnum)
            value = _resolve(value)
        if isinstance(value, DictionaryObject):
            stack.extend(value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
    for index in range(len(writer._objects)):
        if index + 1 not in reachable:
            writer._objects[index] = None
