"""Agenda item pages, decisions, the decision list and written procedures.

- "decision-item-public": a public item of a public AB meeting held in 2024, its agenda
  published (the secretariat may record its decision);
- "decision-item-draft" / "decision-meeting-draft": a public item of a public AB meeting
  whose agenda and decision list are not published: only the insiders (AB members,
  management, secretariat) read the draft agenda; others read a notice on the list;
- "decision-item-confidential": a confidential item of the (future) public AB meeting:
  only the AB members, the secretariat and management see it;
- "decision-item-written": an item of a closed AB written procedure, open until 2099;
- "decision-meeting-public" / "decision-meeting-closed": the public and closed AB meetings;
- "decision-written": a closed AB written procedure in which every voting member (the
  AB member of Gouda) has responded, so the secretariat may close it.
"""

from __future__ import annotations

import datetime as dt

from governance.models import Confidentiality, Meeting, WooGround, WrittenResponse
from tests.authz import row
from tests.factories import TZ, AgendaItemFactory, DecisionFactory, MeetingFactory

_LOGIN = "login"
_ALL_405 = row(405, 405, 405, 405, 405, 405, 405)

MATRIX = {
    # agenda-item-detail: readable like the item itself; an anonymous visitor who may not
    # see it is asked to log in (the same for an item that does not exist)
    ("governance:agenda-item-detail", "GET", "decision-item-public"): row(
        200, 200, 200, 200, 200, 200, 200
    ),
    ("governance:agenda-item-detail", "GET", "decision-item-draft"): row(
        _LOGIN, 404, 404, 200, 404, 200, 200
    ),
    ("governance:agenda-item-detail", "GET", "decision-item-confidential"): row(
        _LOGIN, 404, 404, 200, 404, 200, 200
    ),
    ("governance:agenda-item-detail", "GET", "decision-item-written"): row(
        _LOGIN, 404, 404, 200, 404, 200, 200
    ),
    ("governance:agenda-item-detail", "POST", "decision-item-public"): _ALL_405,
    # decision-record: the secretariat only
    ("governance:decision-record", "GET", "decision-item-public"): row(
        _LOGIN, 403, 403, 403, 403, 403, 200
    ),
    ("governance:decision-record", "GET", "decision-item-confidential"): row(
        _LOGIN, 404, 404, 403, 404, 403, 200
    ),
    ("governance:decision-record", "POST", "decision-item-public"): row(
        _LOGIN, 403, 403, 403, 403, 403, 302
    ),
    ("governance:decision-record", "POST", "decision-item-confidential"): row(
        _LOGIN,
        404,
        404,
        403,
        404,
        403,
        200,  # the meeting has not started: refused, shown
    ),
    # decision-list: readable like the meeting
    ("governance:decision-list", "GET", "decision-meeting-public"): row(
        200, 200, 200, 200, 200, 200, 200
    ),
    ("governance:decision-list", "GET", "decision-meeting-closed"): row(
        _LOGIN, 404, 404, 200, 404, 200, 200
    ),
    ("governance:decision-list", "GET", "decision-meeting-draft"): row(
        200, 200, 200, 200, 200, 200, 200
    ),
    ("governance:decision-list", "POST", "decision-meeting-public"): _ALL_405,
    # written-respond: voting members of the body
    ("governance:written-respond", "GET", "decision-item-written"): row(
        _LOGIN, 404, 404, 200, 404, 403, 403
    ),
    ("governance:written-respond", "POST", "decision-item-written"): row(
        _LOGIN, 404, 404, 302, 404, 403, 403
    ),
    ("governance:written-respond", "GET", "decision-item-public"): row(
        _LOGIN,
        404,
        404,
        404,
        404,
        404,
        404,  # not a written procedure
    ),
    # written-close: the secretariat
    ("governance:written-close", "GET", "decision-written"): row(
        _LOGIN, 404, 404, 403, 404, 403, 200
    ),
    ("governance:written-close", "POST", "decision-written"): row(
        _LOGIN, 404, 404, 403, 404, 403, 302
    ),
    ("governance:written-close", "GET", "decision-meeting-public"): row(
        _LOGIN,
        404,
        404,
        404,
        404,
        404,
        404,  # not a written procedure
    ),
}


def _written_meeting(world) -> Meeting:
    return MeetingFactory(
        body=world.ab,
        kind=Meeting.Kind.WRITTEN,
        starts_at=dt.datetime(2024, 1, 10, 9, tzinfo=TZ),
        response_deadline=dt.datetime(2099, 1, 1, 12, tzinfo=TZ),
    )


def _written_complete(world) -> Meeting:
    meeting = _written_meeting(world)
    item = AgendaItemFactory(meeting=meeting, title="Schriftelijk voorstel")
    WrittenResponse.objects.create(
        agenda_item=item, member=world.actors["member"], municipality=world.gouda, answer="agree"
    )
    return meeting


def _draft_item(world):
    item = AgendaItemFactory(
        meeting=MeetingFactory(
            body=world.ab, is_public=True, starts_at=dt.datetime(2027, 1, 20, 14, tzinfo=TZ)
        ),
        title="Conceptagenda",
    )
    DecisionFactory(agenda_item=item, text="Ontwerpbesluit")
    return item


OBJECTS = {
    "decision-item-public": lambda world: AgendaItemFactory(
        meeting=MeetingFactory(
            body=world.ab,
            is_public=True,
            starts_at=dt.datetime(2024, 3, 6, 14, tzinfo=TZ),
            agenda_published_at=dt.datetime(2024, 2, 21, 12, tzinfo=TZ),
        ),
        title="Openbaar agendapunt",
    ),
    "decision-item-draft": lambda world: _draft_item(world),
    "decision-meeting-draft": lambda world: _draft_item(world).meeting,
    "decision-item-confidential": lambda world: AgendaItemFactory(
        meeting=world.public_ab_meeting,
        title="Vertrouwelijk agendapunt",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    ),
    "decision-item-written": lambda world: AgendaItemFactory(
        meeting=_written_meeting(world), title="Schriftelijk voorstel"
    ),
    "decision-meeting-public": lambda world: world.public_ab_meeting,
    "decision-meeting-closed": lambda world: world.closed_ab_meeting,
    "decision-written": _written_complete,
}


PAYLOADS = {
    "governance:decision-record": lambda item, world: {"outcome": "adopted", "text": "Besloten."},
    "governance:written-respond": lambda item, world: {"answer": "agree", "remarks": ""},
    "governance:written-close": lambda meeting, world: {},
}
