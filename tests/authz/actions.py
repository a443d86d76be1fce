"""Actions and programme tracks.

- "action-ab": the AB must act (acting body AB): its members see it;
- "action-ac": Hecht acts and reports back at a closed AC meeting: the AC members see it;
- "action-owned": a person action owned by the contact official, who sees it and
  reports progress on it but may not change it;
- "track": a programme track, readable by every logged-in user.

Actions need a login; the secretariat and management see and change every action.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from governance.models import Action
from tests.authz import row
from tests.factories import ActionFactory, TrackFactory

_LOGIN = "login"

MATRIX = {
    # action-detail
    ("governance:action-detail", "GET", "action-ab"): row(_LOGIN, 404, 404, 200, 404, 200, 200),
    ("governance:action-detail", "GET", "action-ac"): row(_LOGIN, 404, 200, 404, 404, 200, 200),
    ("governance:action-detail", "GET", "action-owned"): row(_LOGIN, 404, 404, 404, 200, 200, 200),
    ("governance:action-detail", "POST", "action-ab"): row(_LOGIN, 405, 405, 405, 405, 405, 405),
    # action-edit
    ("governance:action-edit", "GET", "action-ab"): row(_LOGIN, 404, 404, 403, 404, 200, 200),
    ("governance:action-edit", "GET", "action-owned"): row(_LOGIN, 404, 404, 404, 403, 200, 200),
    ("governance:action-edit", "POST", "action-ab"): row(_LOGIN, 404, 404, 403, 404, 302, 302),
    ("governance:action-edit", "POST", "action-ac"): row(_LOGIN, 404, 403, 404, 404, 302, 302),
    ("governance:action-edit", "POST", "action-owned"): row(_LOGIN, 404, 404, 404, 403, 302, 302),
    # action-history
    ("governance:action-history", "GET", "action-ab"): row(_LOGIN, 404, 404, 403, 404, 200, 200),
    ("governance:action-history", "GET", "action-owned"): row(_LOGIN, 404, 404, 404, 403, 200, 200),
    ("governance:action-history", "POST", "action-ab"): row(_LOGIN, 405, 405, 405, 405, 405, 405),
    # action-note-add (POST only)
    ("governance:action-note-add", "GET", "action-owned"): row(
        _LOGIN, 405, 405, 405, 405, 405, 405
    ),
    ("governance:action-note-add", "POST", "action-ab"): row(_LOGIN, 404, 404, 403, 404, 302, 302),
    ("governance:action-note-add", "POST", "action-ac"): row(_LOGIN, 404, 403, 404, 404, 302, 302),
    ("governance:action-note-add", "POST", "action-owned"): row(
        _LOGIN, 404, 404, 404, 302, 302, 302
    ),
    # programme tracks
    ("governance:track-detail", "GET", "track"): row(_LOGIN, 200, 200, 200, 200, 200, 200),
    ("governance:track-detail", "POST", "track"): row(_LOGIN, 405, 405, 405, 405, 405, 405),
    ("governance:track-edit", "GET", "track"): row(_LOGIN, 403, 403, 403, 403, 200, 200),
    ("governance:track-edit", "POST", "track"): row(_LOGIN, 403, 403, 403, 403, 302, 302),
}

OBJECTS = {
    "action-ab": lambda world: ActionFactory(
        description="Actie AB", actor=Action.Actor.BODY, actor_body=world.ab
    ),
    "action-ac": lambda world: ActionFactory(
        description="Terugkoppelen in de AC", report_meeting=world.closed_ac_meeting
    ),
    "action-owned": lambda world: ActionFactory(
        description="Actie contactambtenaar",
        actor=Action.Actor.PERSON,
        owner=world.actors["contact_official"],
    ),
    "track": lambda world: TrackFactory(title="Herstelplan eigen vermogen"),
}


def _action_post(action, world) -> dict[str, str]:
    return {
        "description": action.description,
        "actor": action.actor,
        "actor_body": str(action.actor_body_id or ""),
        "owner": str(action.owner_id or ""),
        "due_date": "2027-01-15",
        "status": Action.Status.IN_PROGRESS,
        "origin_meeting": "",
        "origin_proposal": "",
        "report_meeting": str(action.report_meeting_id or ""),
        "track": "",
        "note": "",
    }


def _note_post(action, world) -> dict[str, str]:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return {"date": yesterday.isoformat(), "text": "Voortgang."}


def _track_post(track, world) -> dict[str, str]:
    return {"status": "on_track", "status_note": "", "owner": "", "goal": "Een nieuw doel."}


PAYLOADS = {
    "governance:action-edit": _action_post,
    "governance:action-note-add": _note_post,
    "governance:track-edit": _track_post,
}
