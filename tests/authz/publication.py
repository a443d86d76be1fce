"""Publishing agendas and decision lists: the secretariat only.

- "publication-public": the public AB meeting with one item and one decision (the world
  has published its agenda and decision list; a publishing POST still ends in a redirect);
- "publication-draft": a public AB meeting with one item, its agenda not published (so
  the confirmation page shows);
- "publication-closed": the closed AB meeting with one item and one decision, agenda and
  decision list published (so withdrawing succeeds).
"""

from __future__ import annotations

from django.utils import timezone

from tests.authz import row
from tests.factories import AgendaItemFactory, DecisionFactory, MeetingFactory

_LOGIN = "login"
_PUBLIC_GET = row(_LOGIN, 403, 403, 403, 403, 403, 200)
_PUBLIC_POST = row(_LOGIN, 403, 403, 403, 403, 403, 302)
_CLOSED_GET = row(_LOGIN, 404, 404, 403, 404, 403, 200)
_CLOSED_POST = row(_LOGIN, 404, 404, 403, 404, 403, 302)
_POST_ONLY = row(_LOGIN, 405, 405, 405, 405, 405, 405)

MATRIX = {
    ("governance:meeting-publication", "GET", "publication-public"): _PUBLIC_GET,
    ("governance:meeting-publication", "GET", "publication-closed"): _CLOSED_GET,
    ("governance:meeting-publish-agenda", "POST", "publication-public"): _PUBLIC_POST,
    # the agenda's publish URL shows the confirmation page (GET) and publishes (POST);
    # the world's public meeting is published already, so the page sends back (302)
    ("governance:meeting-publish-agenda", "GET", "publication-public"): row(
        _LOGIN, 403, 403, 403, 403, 403, 302
    ),
    ("governance:meeting-publish-agenda", "GET", "publication-draft"): _PUBLIC_GET,
    ("governance:meeting-publish-decisions", "POST", "publication-public"): _PUBLIC_POST,
    ("governance:meeting-unpublish-agenda", "POST", "publication-closed"): _CLOSED_POST,
    ("governance:meeting-unpublish-agenda", "GET", "publication-closed"): _POST_ONLY,
    ("governance:meeting-unpublish-decisions", "POST", "publication-closed"): _CLOSED_POST,
    # the decision list's publish URL too: confirmation page (GET), publishing (POST)
    ("governance:meeting-publish-decisions", "GET", "publication-public"): row(
        _LOGIN, 403, 403, 403, 403, 403, 302
    ),
    ("governance:meeting-publish-decisions", "GET", "publication-draft"): _PUBLIC_GET,
    # withdrawing takes POST only; the page takes GET only
    ("governance:meeting-unpublish-decisions", "GET", "publication-closed"): row(
        "login", 405, 405, 405, 405, 405, 405
    ),
    ("governance:meeting-publication", "POST", "publication-public"): row(
        "login", 405, 405, 405, 405, 405, 405
    ),
}


def _with_decision(meeting):
    DecisionFactory(agenda_item__meeting=meeting)
    return meeting


def _published(meeting):
    _with_decision(meeting)
    meeting.agenda_published_at = meeting.decisions_published_at = timezone.now()
    meeting.save()
    return meeting


def _draft(world):
    """A public AB meeting with one item whose agenda is not published yet."""
    meeting = MeetingFactory(body=world.ab, is_public=True)
    AgendaItemFactory(meeting=meeting)
    return meeting


OBJECTS = {
    "publication-draft": _draft,
    "publication-public": lambda world: _with_decision(world.public_ab_meeting),
    "publication-closed": lambda world: _published(world.closed_ab_meeting),
}

PAYLOADS = {
    "governance:meeting-publish-agenda": lambda obj, world: {"confirm": "yes"},
    "governance:meeting-publish-decisions": lambda obj, world: {"confirm": "yes"},
    "governance:meeting-unpublish-agenda": lambda obj, world: {
        "agenda-reason": "Verkeerde bijlage"
    },
    "governance:meeting-unpublish-decisions": lambda obj, world: {
        "decisions-reason": "Besluit 3 onjuist weergegeven"
    },
}
