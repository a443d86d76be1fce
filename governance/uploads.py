"""Inspecting an uploaded file before anything is stored.

A file is recognised by its content, never by its extension or by the content type the
browser sends: a PDF must parse with pypdf, have at least one page and not be
encrypted; office files (annexes only) must be a ZIP whose members say which format
they are, and that format must match the extension. Everything else is refused with
a message the uploader can act on.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from governance.models import Document

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


def _pdf_page_count(data: bytes) -> int | None:
    """The number of pages of a readable, unencrypted PDF, else None.

    pypdf logs and warns about the damage it repairs in corrupt files; those are
    expected here (we refuse such files ourselves), so they are silenced for the
    duration of the parse rather than turned into errors by the test settings.
    """
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        return None
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
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return None
    finally:
        pypdf_logger.disabled = previous
    return pages or None


def _office_content_type(data: bytes, extension: str) -> str | None:
    """The content type when ``data`` is the office format ``extension`` says, else None."""
    if extension not in OFFICE_EXTENSIONS or not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if extension in OOXML:
                if "[Content_Types].xml" not in names:
                    return None
                content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                content_type, marker = OOXML[extension]
                return content_type if marker in content_types else None
            if "mimetype" not in names:
                return None
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            return ODF[extension] if declared == ODF[extension] else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, EOFError):
        return None
    except NotImplementedError:  # unsupported compression method
        return None


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
