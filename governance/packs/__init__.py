"""Agenda packs: the one PDF per meeting and variant that board members read.

- ``build_meeting_packs(meeting_id)``: the Celery task's work (``build.py``);
- ``pack_rows(meeting)``: the existing pack rows of a meeting for the status partial;
- ``members_pack_for(pack, user)``: the members' pack stamped for one recipient
  (``download.py``).

See ``build.py`` for the layout and the build steps, ``content.py`` for what goes in and
how publicness is applied, and ``render.py`` for the page cache.
"""

from __future__ import annotations

from governance.models import AgendaPack, Meeting

from .build import build_meeting_packs, pack_path
from .download import members_pack_for, watermark_text


class PackRows(list):
    """The pack rows of a meeting; ``pending`` tells the status partial to keep polling."""

    @property
    def pending(self) -> bool:
        return any(
            pack.status in (AgendaPack.Status.QUEUED, AgendaPack.Status.BUILDING) for pack in self
        )


def pack_rows(meeting: Meeting) -> PackRows:
    """Both variants' pack rows of ``meeting`` that exist, members' first (one query)."""
    order: dict[str, int] = {AgendaPack.Variant.MEMBERS: 0, AgendaPack.Variant.PUBLIC: 1}
    return PackRows(
        sorted(AgendaPack.objects.filter(meeting=meeting), key=lambda p: order[p.variant])
    )


__all__ = [
    "PackRows",
    "build_meeting_packs",
    "members_pack_for",
    "pack_path",
    "pack_rows",
    "watermark_text",
]
