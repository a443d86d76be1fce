"""Agenda packs: the one PDF per meeting and variant that board members read.

- ``build_meeting_packs(meeting_id)``: the Celery task's work (``build.py``);
- ``pack_rows(meeting)``: the existing pack rows of a meeting for the status partial;
- ``shown_pack(meeting, variant)``: what a user is told about one pack (``state.py``);
- ``members_pack_for(pack, user)``: the members' pack stamped for one recipient
  (``download.py``).

See ``build.py`` for the layout and the build steps, ``content.py`` for what goes in and
how publicness is applied, and ``render.py`` for the page cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from governance.models import AgendaPack, Meeting

from .build import build_meeting_packs, pack_path
from .download import members_pack_for, watermark_text
from .state import PackState, pack_state

MESSAGES = {
    PackState.BUILDING: _("The agenda pack is being built. This page updates itself."),
    PackState.NOT_PUBLISHED: _("Not available: the agenda has not been published yet."),
    PackState.FAILED: _("Building the agenda pack failed — the board secretariat has been told."),
    PackState.NONE: _("No agenda pack has been built for this meeting."),
}
# A build that failed before the secretariat was e-mailed about failures (or whose mail
# was not recorded): only what is true is said.
FAILED_UNTOLD = _(
    "Building the agenda pack failed. The board secretariat sees this on the "
    "publication page and can build it again."
)


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


@dataclass(frozen=True)
class ShownPack:
    """A pack as a user sees it: its state, the row (for size and pages when ready) and
    the sentence to show when it cannot be downloaded."""

    state: PackState
    pack: AgendaPack | None

    @property
    def ready(self) -> bool:
        return self.state == PackState.READY

    @property
    def building(self) -> bool:
        return self.state == PackState.BUILDING

    @property
    def message(self) -> str:
        if self.ready:
            return ""
        if self.state == PackState.FAILED and (
            self.pack is None or self.pack.failure_notified_at is None
        ):
            return str(FAILED_UNTOLD)
        return str(MESSAGES[self.state])


def shown_pack(meeting: Meeting, variant: str) -> ShownPack:
    """What a user is told about the ``variant`` pack of ``meeting`` (one query; none
    when the agenda is not published)."""
    published = meeting.agenda_published_at is not None
    pack = (
        AgendaPack.objects.filter(meeting=meeting, variant=variant).first() if published else None
    )
    state = pack_state(
        published=published,
        status=pack.status if pack is not None else None,
        has_file=bool(pack is not None and pack.file_name),
    )
    return ShownPack(state, pack)


__all__ = [
    "MESSAGES",
    "PackRows",
    "PackState",
    "ShownPack",
    "build_meeting_packs",
    "members_pack_for",
    "pack_path",
    "pack_rows",
    "shown_pack",
    "watermark_text",
]
