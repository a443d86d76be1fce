"""The public portal and the open data API: no login, the same answer for everyone.

What is shown depends only on publication (``governance.publication``), never on who
asks: a meeting that is not on the portal is a 404 even for the secretariat (they use
the internal pages), and so is a document that is not public.

- "portal-meeting-public": the public AB meeting (on the portal);
- "portal-meeting-closed": the closed AB meeting, nothing published (not on the portal);
- "portal-document-public": a public document of a public item on a published agenda;
- "portal-document-confidential": a confidential document on that same public item.
"""

from __future__ import annotations

from django.utils import timezone

from tests.authz import row
from tests.factories import AgendaItemFactory, DocumentFactory

_EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
_NO_ONE = row(404, 404, 404, 404, 404, 404, 404)
_READ_ONLY = row(405, 405, 405, 405, 405, 405, 405)

MATRIX = {
    ("governance:public-meeting", "GET", "portal-meeting-public"): _EVERYONE,
    ("governance:public-meeting", "GET", "portal-meeting-closed"): _NO_ONE,
    ("governance:public-meeting", "POST", "portal-meeting-public"): _READ_ONLY,
    ("governance:public-api-meeting", "GET", "portal-meeting-public"): _EVERYONE,
    ("governance:public-api-meeting", "GET", "portal-meeting-closed"): _NO_ONE,
    ("governance:public-api-meeting", "POST", "portal-meeting-public"): _READ_ONLY,
    ("governance:public-document-download", "GET", "portal-document-public"): _EVERYONE,
    ("governance:public-document-download", "GET", "portal-document-confidential"): _NO_ONE,
    ("governance:public-document-download", "POST", "portal-document-public"): _READ_ONLY,
}


def _published_item(world):
    item = AgendaItemFactory(meeting=world.public_ab_meeting, title="Jaarstukken")
    meeting = world.public_ab_meeting
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    return item


OBJECTS = {
    "portal-meeting-public": lambda world: world.public_ab_meeting,
    "portal-meeting-closed": lambda world: world.closed_ab_meeting,
    "portal-document-public": lambda world: DocumentFactory(
        agenda_item=_published_item(world), title="Jaarverslag"
    ),
    "portal-document-confidential": lambda world: DocumentFactory(
        agenda_item=_published_item(world), title="Personeelsdossier", is_confidential=True
    ),
}
