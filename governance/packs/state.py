"""What a user is told about a meeting's agenda pack (a pure rule, no Django).

One answer per meeting and variant, used by every page and download that shows a pack:

- ``NOT_PUBLISHED``: the agenda is not published, so no pack is offered, whatever rows
  are left from an earlier publication (the build refuses an unpublished agenda);
- ``READY``: the last build succeeded and recorded a file;
- ``BUILDING``: a build is queued or running (the page polls until it ends);
- ``FAILED``: the last build failed (the secretariat can rebuild from the publication page);
- ``NONE``: the agenda is published but no pack row exists. Publishing requests both
  packs in the same transaction (``services.publication.agenda_publish`` →
  ``services.packs.packs_request``), so this is only seen for agendas published before
  packs existed or whose rows were removed by hand; nothing is being built, so the page
  does not poll.
"""

from __future__ import annotations

from enum import StrEnum

QUEUED = "queued"
BUILDING = "building"
READY = "ready"
FAILED = "failed"


class PackState(StrEnum):
    READY = "ready"
    BUILDING = "building"
    NOT_PUBLISHED = "not_published"
    FAILED = "failed"
    NONE = "none"


def pack_state(*, published: bool, status: str | None, has_file: bool) -> PackState:
    """The state shown for a pack: ``status`` is the pack row's status (``None`` when
    there is no row), ``has_file`` whether the row records a file."""
    if not published:
        return PackState.NOT_PUBLISHED
    if status is None:
        return PackState.NONE
    if status in (QUEUED, BUILDING):
        return PackState.BUILDING
    if status == FAILED:
        return PackState.FAILED
    if status == READY:
        return PackState.READY if has_file else PackState.NONE
    raise ValueError(f"unknown pack status {status!r}")
