"""The members' pack as downloaded: stamped for its recipient.

Every page in ``AgendaPack.confidential_pages`` gets "Vertrouwelijk — <full name> —
<dd-mm-jjjj HH:MM>" (a light diagonal line and a legible line in the left margin), at
download time, so a leaked copy names who downloaded it and when. Other pages are not
touched. Stamping appends a small content stream per page and does not re-render
anything (``hecht.pdf.stamp``).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.models import AgendaPack
from hecht import pdf

from .build import LANGUAGE, pack_path


def confidential_indexes(pack: AgendaPack) -> list[int]:
    """0-based indexes of the pages in ``pack.confidential_pages``."""
    pages: set[int] = set()
    for first, last in pack.confidential_pages or []:
        pages.update(range(first - 1, last))
    return sorted(page for page in pages if 0 <= page < (pack.page_count or 0))


def watermark_text(user, at: dt.datetime) -> str:
    name = user.get_full_name() or user.get_username()
    with translation.override(LANGUAGE):
        return _("Confidential — %(name)s — %(when)s") % {
            "name": name,
            "when": timezone.localtime(at).strftime("%d-%m-%Y %H:%M"),
        }


def members_pack_for(pack: AgendaPack, user, *, at: dt.datetime | None = None) -> bytes:
    """The members' pack file with its confidential pages stamped for ``user``."""
    path = pack_path(pack)
    if path is None:
        raise FileNotFoundError(pack)
    pages = confidential_indexes(pack)
    if not pages:
        return path.read_bytes()
    writer = pdf.copy_document(path)
    text = watermark_text(user, at or timezone.now())
    pdf.stamp(writer, pdf.watermark_painter(text), pages=pages)
    return pdf.to_bytes(writer)
