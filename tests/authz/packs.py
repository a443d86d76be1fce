"""Agenda packs and decision lists as PDF.

- "pack-public": the public AB meeting, agenda and decision list published, both packs
  ready;
- "pack-closed": the closed AB meeting, agenda published (Woo: also for a closed
  meeting), decision list not published, both packs ready;
- "pack-unpublished": the closed audit committee meeting, nothing published, no packs;
- "pack-draft": a public AB meeting whose agenda and decision list are not published (yet),
  both packs ready (left from an earlier publication): only its insiders get the decision
  list, and nobody gets a pack.

The pack download gives the members' pack to those entitled to the meeting's
confidential items (AB members, management, secretariat) and the public pack to others
who see the meeting; the public URLs need no login but a publication. The status partial
is for the secretariat (``governance.view_agendapack``), rebuilding too
(``governance.publish_meeting``).

The pack files here are small stand-ins written directly: the matrix tests who gets
through, ``tests/governance/test_packs.py`` what they get.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from governance.models import AgendaPack
from tests.authz import row
from tests.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, pdf_bytes

_LOGIN = "login"
_ALL_405 = row(_LOGIN, 405, 405, 405, 405, 405, 405)
_PUBLIC_ALL = row(200, 200, 200, 200, 200, 200, 200)
_NOT_PUBLISHED = row(404, 404, 404, 404, 404, 404, 404)
_SEEN_BY_LOGGED_IN = row(_LOGIN, 200, 200, 200, 200, 200, 200)
_SEEN_BY_BODY = row(_LOGIN, 404, 404, 200, 404, 200, 200)
_SECRETARIAT_PUBLIC_GET = row(_LOGIN, 403, 403, 403, 403, 403, 200)
_SECRETARIAT_CLOSED_GET = row(_LOGIN, 404, 404, 403, 404, 403, 200)
_SECRETARIAT_PUBLIC_POST = row(_LOGIN, 403, 403, 403, 403, 403, 302)
_SECRETARIAT_CLOSED_POST = row(_LOGIN, 404, 404, 403, 404, 403, 302)

MATRIX = {
    ("governance:pack-download", "GET", "pack-public"): _SEEN_BY_LOGGED_IN,
    ("governance:pack-download", "GET", "pack-closed"): _SEEN_BY_BODY,
    # The audit committee's members, management and secretariat are entitled to the
    # members' pack, but none is built: back to the meeting with a message.
    ("governance:pack-download", "GET", "pack-unpublished"): row(
        _LOGIN, 404, 302, 404, 404, 302, 302
    ),
    # Its packs are left from an earlier publication: not offered while the agenda is not
    # published (governance.packs.state); insiders go back to the meeting with a message.
    ("governance:pack-download", "GET", "pack-draft"): row(_LOGIN, 404, 404, 302, 404, 302, 302),
    ("governance:pack-download", "POST", "pack-public"): _ALL_405,
    ("governance:public-pack-download", "GET", "pack-public"): _PUBLIC_ALL,
    ("governance:public-pack-download", "GET", "pack-closed"): _PUBLIC_ALL,
    ("governance:public-pack-download", "GET", "pack-unpublished"): _NOT_PUBLISHED,
    ("governance:public-pack-download", "POST", "pack-public"): row(
        405, 405, 405, 405, 405, 405, 405
    ),
    ("governance:decision-list-pdf", "GET", "pack-public"): _SEEN_BY_LOGGED_IN,
    ("governance:decision-list-pdf", "GET", "pack-closed"): _SEEN_BY_BODY,
    ("governance:decision-list-pdf", "GET", "pack-draft"): _SEEN_BY_BODY,
    ("governance:decision-list-pdf", "POST", "pack-public"): _ALL_405,
    ("governance:public-decision-list-pdf", "GET", "pack-public"): _PUBLIC_ALL,
    ("governance:public-decision-list-pdf", "GET", "pack-closed"): _NOT_PUBLISHED,
    ("governance:pack-status", "GET", "pack-public"): _SECRETARIAT_PUBLIC_GET,
    ("governance:pack-status", "GET", "pack-closed"): _SECRETARIAT_CLOSED_GET,
    ("governance:pack-status", "POST", "pack-public"): _ALL_405,
    ("governance:pack-rebuild", "POST", "pack-public"): _SECRETARIAT_PUBLIC_POST,
    ("governance:pack-rebuild", "POST", "pack-closed"): _SECRETARIAT_CLOSED_POST,
    ("governance:pack-rebuild", "GET", "pack-public"): _ALL_405,
    ("governance:public-decision-list-pdf", "POST", "pack-public"): row(
        405, 405, 405, 405, 405, 405, 405
    ),
}


def _ready_packs(meeting, *, decisions: bool, agenda: bool = True):
    AgendaItemFactory(meeting=meeting, order=1, title="Opening")
    DecisionFactory(agenda_item__meeting=meeting, agenda_item__order=2)
    now = timezone.now()
    meeting.agenda_published_at = now if agenda else None
    meeting.decisions_published_at = now if decisions else None
    meeting.save()
    folder = settings.MEDIA_ROOT / "packs"
    folder.mkdir(parents=True, exist_ok=True)
    for variant in AgendaPack.Variant.values:
        name = f"meeting-{meeting.pk}-{variant}-test.pdf"
        (folder / name).write_bytes(pdf_bytes(2))
        AgendaPack.objects.create(
            meeting=meeting,
            variant=variant,
            status=AgendaPack.Status.READY,
            content_key="0" * 64,
            file_name=name,
            page_count=2,
            size=(folder / name).stat().st_size,
            confidential_pages=[[2, 2]] if variant == AgendaPack.Variant.MEMBERS else [],
            built_at=now,
            build_seconds=0.5,
        )
    return meeting


OBJECTS = {
    "pack-public": lambda world: _ready_packs(world.public_ab_meeting, decisions=True),
    "pack-closed": lambda world: _ready_packs(world.closed_ab_meeting, decisions=False),
    "pack-unpublished": lambda world: world.closed_ac_meeting,
    "pack-draft": lambda world: _ready_packs(
        MeetingFactory(body=world.ab, is_public=True), decisions=False, agenda=False
    ),
}

PAYLOADS = {
    "governance:pack-rebuild": lambda obj, world: {},
}
