"""Rendering the pages of an agenda pack with WeasyPrint, cached by content.

Rendering HTML is the slow part of a pack (tens of milliseconds per page) while merging
uploaded PDFs is cheap, so every item's pages are rendered on their own and kept under
``MEDIA_ROOT/packs/cache/<sha256>.pdf``, keyed by a hash over exactly what they show (see
``content.ItemInput.render_key``) and the template version. Changing one item re-renders
that item only; the cover page and agenda are cached the same way (they change when a
title, a number or a page number changes).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Set as AbstractSet
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

from hecht import pdf

from .content import ItemInput, digest

# Raise when the way a pack is assembled changes (outline, frame, page layout), so every
# pack is rebuilt once; template and stylesheet changes are picked up by themselves.
# 2: active content stripped from every pack (issue 11); 3: tagged cover and agenda, the
# pack says in its metadata and on the agenda page that it is not tagged (issue 13).
PACK_FORMAT = 3
ITEMS_TEMPLATE = "pdf/pack_items.html"
FRONT_TEMPLATE = "pdf/pack_front.html"
TEMPLATES = ("pdf/base.html", "pdf/pack_item_body.html", ITEMS_TEMPLATE, FRONT_TEMPLATE)
STATIC_ASSETS = ("pdf/print.css", "img/logo.svg")
# Cache entries not used for this long are removed after a build.
CACHE_MAX_AGE_DAYS = 60


def packs_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "packs"


def cache_dir() -> Path:
    return packs_dir() / "cache"


@lru_cache(maxsize=1)
def template_version() -> str:
    """SHA-256 over the print templates and the static files they use: a changed
    template or stylesheet gives every page a new cache key."""
    sha = hashlib.sha256(str(PACK_FORMAT).encode())
    for name in TEMPLATES:
        # The Django backend's Template wraps the engine's (not in django-stubs' protocol).
        sha.update(get_template(name).template.source.encode())  # type: ignore[attr-defined]
    for name in STATIC_ASSETS:
        path = pdf.find_static(name)
        sha.update(path.read_bytes() if path else b"-")
    return sha.hexdigest()


def _touch(path: Path) -> None:
    # The modification time marks when a cache entry was last used (see prune_cache).
    os.utime(path)


def render_items_pdf(items: list[ItemInput], *, title: str) -> list[bytes]:
    """Render the pages of ``items`` (the cache misses) in one document and split it into
    one PDF per item. Tests count the items that pass through here."""
    anchors = [f"item-{index}" for index in range(len(items))]
    document = pdf.render_document(
        ITEMS_TEMPLATE,
        {"pages": [(a, item.page) for a, item in zip(anchors, items, strict=True)]},
        title=title,
    )
    return pdf.split_at_anchors(document, anchors)


def items_pages(items: list[ItemInput], *, title: str) -> list[Path]:
    """The cached PDF of each item's rendered pages; the missing ones are rendered
    together (an item that appears twice with the same content is rendered once)."""
    paths = [cache_dir() / f"{item.render_key}.pdf" for item in items]
    missing: dict[Path, ItemInput] = {}
    for item, path in zip(items, paths, strict=True):
        if path.exists():
            _touch(path)
        else:
            missing.setdefault(path, item)
    if missing:
        rendered = render_items_pdf(list(missing.values()), title=title)
        for path, data in zip(missing, rendered, strict=True):
            pdf.atomic_write(path, data)
    return paths


def render_front_pdf(front: dict, *, title: str) -> tuple[bytes, int]:
    document = pdf.render_document(
        FRONT_TEMPLATE, {"front": front, "pdf_title": title}, title=title
    )
    # Tagged, so the cached cover and agenda are accessible on their own; merged into a
    # pack they lose their tags like every other part (``hecht.pdf.merge``).
    return pdf.write_pdf(document, ua=False), len(document.pages)


def front_pages(front: dict, *, title: str) -> tuple[Path, int]:
    """The cached cover page and agenda (``front`` includes the page numbers) and its
    number of pages."""
    key = digest({"template": template_version(), "front": front})
    path = cache_dir() / f"front-{key}.pdf"
    if path.exists():
        _touch(path)
        return path, len(pdf.open_pdf(path).pages)
    data, count = render_front_pdf(front, title=title)
    pdf.atomic_write(path, data)
    return path, count


def prune_cache(
    *, keep: AbstractSet[Path] = frozenset(), max_age_days: int = CACHE_MAX_AGE_DAYS
) -> int:
    """Remove cache entries unused for ``max_age_days`` (never those in ``keep``);
    returns how many were removed."""
    folder = cache_dir()
    if not folder.is_dir():
        return 0
    limit = time.time() - max_age_days * 86400
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            path = Path(entry.path)
            if not entry.is_file() or path in keep:
                continue
            if entry.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
