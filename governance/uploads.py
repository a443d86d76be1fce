"""Inspecting an uploaded file before anything is stored.

A file is recognised by its content, never by its extension or by the content type the
browser sends: a PDF must parse with pypdf, have at least one page and not be
encrypted; office files (annexes only) must be a ZIP whose members say which format
they are, and that format must match the extension. Everything else is refused with
a message the uploader can act on.

Uploads that cannot hurt (whoever opens them later, or this server):

- **Archives** (every office format is a ZIP) are judged by their central directory
  first, which costs no inflating: at most ``ARCHIVE_MAX_ENTRIES`` parts, at most
  ``ARCHIVE_MAX_TOTAL`` bytes when expanded, no part compressed more than
  ``ARCHIVE_MAX_RATIO`` times, no overlapping parts, no unsafe or repeated names, no
  archive inside the archive, no macros, only the stored and deflate methods. Only then
  is every part inflated as a stream, in ``CHUNK_SIZE`` pieces that are counted and
  dropped, to prove the directory told the truth: a part that expands beyond its
  declared size (a "lying header") is refused as soon as it does, so at most
  ``ARCHIVE_MAX_TOTAL`` bytes are ever inflated and never more than a chunk is held.
- **PDFs** with active content (scripts, launch and other actions that leave the
  document, embedded files, multimedia, XFA forms; ``hecht.pdf.active_content``) are
  refused, not rewritten: a rewrite could break what the author made (signatures,
  accessibility tags) without anyone noticing, and a clean PDF is one "print to PDF"
  away. Links to web addresses and within the document are fine.
- **Polyglots**, files that are two things at once (a PDF with a ZIP behind it or a web
  page in its header, an office file with a PDF header inside), are refused: the second
  reading would escape the checks of the first.
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import os
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list, get_valid_filename
from django.utils.translation import gettext as _
from pypdf import PdfReader

from governance.models import Document
from hecht import pdf
from hecht.formats import number

CHUNK_SIZE = 64 * 1024
NAME_LENGTH = 120  # well within DocumentVersion.original_name (255)

PDF = "application/pdf"
# Office Open XML: the main part's content type in [Content_Types].xml.
OOXML = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "presentationml.presentation.main+xml",
    ),
}
# OpenDocument: the stored ``mimetype`` member.
ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OFFICE_EXTENSIONS = frozenset(OOXML) | frozenset(ODF)

# Archive limits. A real office annex of the largest allowed upload (25 MB) holds some
# hundreds of parts and expands to well under 256 MiB; its XML parts compress some
# 5 to 50 times (up to ~150 for a sheet of empty styled cells). Deflate cannot do
# better than ~1030 times, which is what a bomb uses.
ARCHIVE_MAX_ENTRIES = 10_000
ARCHIVE_MAX_TOTAL = 256 * 1024 * 1024
ARCHIVE_MAX_RATIO = 200
# Below this a part may compress as well as it likes: a small part cannot hurt, and
# tiny XML parts (relationships, settings) often compress very well.
ARCHIVE_RATIO_FLOOR = 1024 * 1024
# At most this much of [Content_Types].xml or mimetype is kept to recognise the format
# (a real one has a few kilobytes).
ARCHIVE_MEMBER_READ = 1024 * 1024
# Central-directory header signature: counted before zipfile parses the directory, so a
# file declaring millions of parts is refused before millions of ZipInfo objects exist.
CENTRAL_DIRECTORY_SIGNATURE = b"PK\x01\x02"
# The start of an archive inside a part: ZIP (local header, empty archive, spanned),
# gzip, bzip2, xz, 7-Zip, RAR, zstd.
ARCHIVE_MAGIC = re.compile(
    rb"PK\x03\x04|PK\x05\x06|PK\x07\x08|\x1f\x8b|BZh[1-9]1AY&SY|\xfd7zXZ\x00"
    rb"|7z\xbc\xaf\x27\x1c|Rar!\x1a\x07|\x28\xb5\x2f\xfd"
)
ARCHIVE_SUFFIXES = (
    ".zip", ".jar", ".war", ".apk", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".zst",
    ".tar", ".cab", ".iso", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm",
    ".odt", ".ods", ".odp",
)  # fmt: skip
# Macros: VBA in Office Open XML, Basic and scripts in OpenDocument.
MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$|^(Basic|Scripts)/", re.IGNORECASE)
# Whatever a browser would take for a web page, near the start of a PDF.
HTML_MARKERS = re.compile(rb"<(html|script|svg|body|iframe|!doctype)", re.IGNORECASE)
SNIFF_BYTES = 1024  # PDF readers and browsers look for their signature this far in


@dataclass(frozen=True)
class UploadInfo:
    content_type: str
    size: int
    sha256: str
    page_count: int | None
    original_name: str


def sanitise_name(name: str) -> str:
    """The base name only (no folders), safe characters, at most ``NAME_LENGTH`` long
    with the extension kept."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    try:
        base = get_valid_filename(base)
    except Exception:  # Django raises SuspiciousFileOperation for "", "." and ".."
        base = ""
    base = base.lstrip(".") or "document"
    if len(base) > NAME_LENGTH:
        stem, ext = os.path.splitext(base)
        ext = ext[:16]
        base = stem[: NAME_LENGTH - len(ext)] + ext
    return base


def _read_all(uploaded_file) -> tuple[bytes, str]:
    """Read the file in chunks, hashing as we go (the size is already limited)."""
    digest = hashlib.sha256()
    buffer = io.BytesIO()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    chunks = (
        uploaded_file.chunks(CHUNK_SIZE)
        if hasattr(uploaded_file, "chunks")
        else iter(lambda: uploaded_file.read(CHUNK_SIZE), b"")
    )
    for chunk in chunks:
        digest.update(chunk)
        buffer.write(chunk)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return buffer.getvalue(), digest.hexdigest()


def _active_content_labels() -> dict[str, str]:
    return {
        pdf.JAVASCRIPT: _("scripts (JavaScript)"),
        pdf.LAUNCH: _("actions that start a program, open another file or send data"),
        pdf.EMBEDDED_FILE: _("embedded files"),
        pdf.MULTIMEDIA: _("multimedia or 3D content"),
        pdf.XFA: _("an XFA form"),
    }


def _check_pdf_content(reader) -> None:
    """Refuse a PDF with active content, naming what was found."""
    found = pdf.active_content(reader)
    if pdf.TOO_COMPLEX in found:
        raise ValidationError(
            _(
                "The PDF is too complex to check (more than %(limit)s objects). Save it "
                "again, for example as PDF/A, or split it."
            )
            % {"limit": number(pdf.MAX_OBJECTS)},
            code="pdf_too_complex",
        )
    if found:
        labels = _active_content_labels()
        what = [labels[code] for code in pdf.ACTIVE_CONTENT if code in found]
        raise ValidationError(
            _(
                "The PDF contains %(what)s, which could run on the computer of whoever "
                "opens it. Save or print it again as a PDF without scripts, attachments "
                "or forms (for example as PDF/A) and upload that."
            )
            % {"what": get_text_list(what, _("and"))},
            code="pdf_active_content",
        )


def _check_pdf_polyglot(data: bytes) -> None:
    # A ZIP is found from its end, so one appended to a PDF is a complete archive that
    # never went through the archive checks.
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise _polyglot(_("a PDF"), _("a ZIP archive"))
    if HTML_MARKERS.search(data, 0, SNIFF_BYTES):
        raise _polyglot(_("a PDF"), _("a web page"))


def _pdf_page_count(data: bytes) -> int | None:
    """The number of pages of a readable, unencrypted PDF without active content, else
    None; raises ``ValidationError`` for an encrypted PDF, active content or a polyglot.

    pypdf logs and warns about the damage it repairs in corrupt files (a broken cross-
    reference table is rebuilt by scanning the file, as viewers do, and the content
    check then sees the repaired document); those are expected here (we refuse such
    files ourselves), so they are silenced for the duration of the parse rather than
    turned into errors by the test settings.
    """
    if not data.startswith(b"%PDF-"):
        return None
    _check_pdf_polyglot(data)
    pypdf_logger = logging.getLogger("pypdf")
    previous = pypdf_logger.disabled
    pypdf_logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("The PDF is protected with a password. Upload an unprotected PDF."),
                    code="encrypted",
                )
            pages = len(reader.pages)
            if pages:
                _check_pdf_content(reader)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return None
    finally:
        pypdf_logger.disabled = previous
    return pages or None


def _shown(name: str) -> str:
    """A part's name as it may appear in a message: printable and short."""
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    return name if len(name) <= 60 else name[:57] + "…"


def _archive_error(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message % params if params else message, code=code)


def _unsafe_name(name: str) -> bool:
    """Absolute, drive-qualified, backslashed or climbing (``..``) names, and names with
    control characters: no office program writes them, an unpacker could follow them."""
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or re.match(r"[A-Za-z]:", name) is not None
        or any(not ch.isprintable() for ch in name)
        or ".." in name.split("/")
    )


def _check_directory(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Judge the archive by its central directory alone (nothing is inflated); raise
    ``ValidationError`` for the first thing wrong."""
    infos = archive.infolist()
    if len(infos) > ARCHIVE_MAX_ENTRIES:
        raise _too_many_parts(len(infos))
    total = sum(info.file_size for info in infos)
    if total > ARCHIVE_MAX_TOTAL:
        raise _archive_error(
            _(
                "The file expands to %(size)s when opened; an office file may expand to "
                "at most %(limit)s. Save it as PDF or split it."
            ),
            "archive_too_large",
            size=filesizeformat(total),
            limit=filesizeformat(ARCHIVE_MAX_TOTAL),
        )
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise _archive_error(
                _("The file contains a part with an unsafe name (%(name)s)."),
                "archive_name",
                name=_shown(name),
            )
        if name in seen:
            raise _archive_error(
                _("The file contains the part %(name)s more than once."),
                "archive_duplicate",
                name=_shown(name),
            )
        seen.add(name)
        if MACRO_PARTS.search(name):
            raise _archive_error(
                _(
                    "The file contains macros. Save it without macros (as docx, xlsx, pptx, "
                    "odt, ods or odp) or as PDF."
                ),
                "archive_macros",
            )
        if name.lower().endswith(ARCHIVE_SUFFIXES):
            raise _nested(name)
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            # Encrypted parts cannot be checked; other methods (bzip2, LZMA) cannot be
            # inflated in bounded pieces by zipfile, and office programs do not use them.
            raise _archive_error(
                _(
                    "Part %(name)s of the file is encrypted or compressed in a way that "
                    "cannot be checked."
                ),
                "archive_unsupported",
                name=_shown(name),
            )
        if info.file_size > ARCHIVE_RATIO_FLOOR and (
            info.file_size > ARCHIVE_MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _archive_error(
                _(
                    "Part %(name)s of the file is compressed %(ratio)s times, more than an "
                    "office file ever is; such a file can overload the computer that "
                    "opens it. Save the document again, or as PDF."
                ),
                "archive_ratio",
                name=_shown(name),
                ratio=number(info.file_size // max(info.compress_size, 1)),
            )
    _check_overlap(infos)
    return infos


def _too_many_parts(count: int) -> ValidationError:
    return _archive_error(
        _("The file holds %(count)s parts; an office file may hold at most %(limit)s."),
        "archive_entries",
        count=number(count),
        limit=number(ARCHIVE_MAX_ENTRIES),
    )


def _nested(name: str) -> ValidationError:
    return _archive_error(
        _(
            "The file contains another archive (%(name)s), for example an embedded "
            "spreadsheet or presentation, which cannot be checked. Remove the embedded "
            "object or save the document as PDF."
        ),
        "archive_nested",
        name=_shown(name),
    )


def _inconsistent(name: str) -> ValidationError:
    return _archive_error(
        _(
            "The file's table of contents does not match its contents (part %(name)s); "
            "it is damaged or made to mislead. Save the document again."
        ),
        "archive_inconsistent",
        name=_shown(name),
    )


def _check_overlap(infos: list[zipfile.ZipInfo]) -> None:
    """Parts may not share bytes: overlapping parts let a small file expand many times
    without any single part looking compressed too much (the non-recursive bomb)."""
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            raise _inconsistent(info.filename)
        # 30 bytes of local header, then the name; the local extra field may differ from
        # the central directory's, so only what is certain is counted (never too much).
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        name_length = len(info.orig_filename.encode(encoding, "replace"))
        end = info.header_offset + 30 + name_length + info.compress_size


def _inflate_checked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, keep: int) -> bytes:
    """Inflate one part as a stream and prove its declared size: refuse it as soon as it
    yields more (or, at the end, less) than declared, or fails its CRC. Returns the
    first ``keep`` bytes; nothing else is held."""
    # zipfile stops at the declared size (and then fails the CRC), hiding a part that
    # expands beyond it. A copy declaring an endless size lets it run, in pieces of at
    # most CHUNK_SIZE, until we see the lie ourselves: memory never depends on the size.
    probe = copy.copy(info)
    probe.file_size = 1 << 62
    kept = bytearray()
    count = 0
    with archive.open(probe) as stream:
        while chunk := stream.read(CHUNK_SIZE):
            if count == 0 and ARCHIVE_MAGIC.match(chunk):
                raise _nested(info.filename)
            count += len(chunk)
            if count > info.file_size:
                raise _inconsistent(info.filename)
            if len(kept) < keep:
                kept += chunk[: keep - len(kept)]
    if count != info.file_size:
        raise _inconsistent(info.filename)
    return bytes(kept)


def _office_content_type(data: bytes, extension: str) -> str | None:
    """The content type when ``data`` is the office format ``extension`` says, else None.
    Raises ``ValidationError`` for an archive that could hurt (see the module docstring)."""
    if extension not in OFFICE_EXTENSIONS or not data.startswith(b"PK"):
        return None
    if b"%PDF-" in data[:SNIFF_BYTES]:
        raise _polyglot(_("an office file"), _("a PDF"))
    declared = data.count(CENTRAL_DIRECTORY_SIGNATURE)
    if declared > ARCHIVE_MAX_ENTRIES:
        raise _too_many_parts(declared)
    wanted = "[Content_Types].xml" if extension in OOXML else "mimetype"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = _check_directory(archive)
            member = None
            for info in infos:
                keep = ARCHIVE_MEMBER_READ + 1 if info.filename == wanted else 0
                head = _inflate_checked(archive, info, keep)
                if info.filename == wanted:
                    member = head
    except (
        zipfile.BadZipFile,  # also a failed CRC
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,  # a compression feature zipfile lacks
    ):
        return None
    if member is None or len(member) > ARCHIVE_MEMBER_READ:
        return None
    if extension in OOXML:
        content_type, marker = OOXML[extension]
        return content_type if marker in member.decode("utf-8", "replace") else None
    declared_type = member.decode("ascii", "replace").strip()
    return ODF[extension] if declared_type == ODF[extension] else None


def _polyglot(one: str, other: str) -> ValidationError:
    return ValidationError(
        _(
            "The file can be read both as %(one)s and as %(other)s, a known way to smuggle "
            "content past checks. Save it again and upload that."
        )
        % {"one": one, "other": other},
        code="polyglot",
    )


def inspect_upload(uploaded_file, *, kind: str) -> UploadInfo:
    """Check an uploaded file and describe it, or raise ``ValidationError``.

    Annexes may also be office files (docx, xlsx, pptx, odt, ods, odp); every other
    kind of document must be a PDF.
    """
    name = sanitise_name(getattr(uploaded_file, "name", "") or "")
    limit_mb = settings.HECHT_MAX_UPLOAD_MB
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s MB.")
            % {"size": filesizeformat(size), "limit": limit_mb},
            code="too_large",
        )
    data, sha256 = _read_all(uploaded_file)
    size = len(data)
    if size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s MB.")
            % {"size": filesizeformat(size), "limit": limit_mb},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")

    extension = os.path.splitext(name)[1].lower().lstrip(".")
    office_allowed = kind == Document.Kind.ANNEX
    if extension in OFFICE_EXTENSIONS:
        if not office_allowed:
            raise ValidationError(
                _("Only PDF files can be uploaded for this kind of document."),
                code="not_pdf",
            )
        content_type = _office_content_type(data, extension)
        if content_type is None:
            raise ValidationError(
                _("The file is not a valid %(format)s file.") % {"format": extension.upper()},
                code="not_office",
            )
        return UploadInfo(content_type, size, sha256, None, name)

    pages = _pdf_page_count(data)
    if pages is None:
        if office_allowed:
            message = _(
                "The file is not a readable PDF or office document "
                "(docx, xlsx, pptx, odt, ods, odp)."
            )
        else:
            message = _("The file is not a readable PDF.")
        raise ValidationError(message, code="not_pdf")
    if extension != "pdf":
        stem = os.path.splitext(name)[0]
        name = sanitise_name(f"{stem}.pdf")
    return UploadInfo(PDF, size, sha256, pages, name)
