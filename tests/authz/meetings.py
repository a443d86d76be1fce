"""Meetings: "public" = a public AB meeting; "closed" = a closed AB meeting."""

from __future__ import annotations

import datetime as dt

from tests.authz import row
from tests.factories import TZ

MATRIX = {
    ("governance:meeting-detail", "GET", "public"): row(200, 200, 200, 200, 200, 200, 200),
    ("governance:meeting-detail", "GET", "closed"): row("login", 404, 404, 200, 404, 200, 200),
    ("governance:meeting-detail", "POST", "public"): row(405, 405, 405, 405, 405, 405, 405),
    ("governance:meeting-edit", "GET", "public"): row("login", 403, 403, 403, 403, 403, 200),
    ("governance:meeting-edit", "GET", "closed"): row("login", 404, 404, 403, 404, 403, 200),
    ("governance:meeting-edit", "POST", "public"): row("login", 403, 403, 403, 403, 403, 302),
    ("governance:meeting-edit", "POST", "closed"): row("login", 404, 404, 403, 404, 403, 302),
    ("governance:meeting-history", "GET", "public"): row("login", 403, 403, 403, 403, 200, 200),
    ("governance:meeting-history", "GET", "closed"): row("login", 404, 404, 403, 404, 200, 200),
    ("governance:meeting-history", "POST", "public"): row("login", 405, 405, 405, 405, 405, 405),
}

OBJECTS = {
    "public": lambda world: world.public_ab_meeting,
    "closed": lambda world: world.closed_ab_meeting,
}


def _meeting_post(meeting, world) -> dict[str, str]:
    starts = dt.datetime(2027, 3, 10, 14, tzinfo=TZ)
    return {
        "body": str(meeting.body_id),
        "kind": meeting.kind,
        "title": "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "",
        "location": "Bestuurskamer",
        "notes": "",
        "status": meeting.status,
        # The move is confirmed (a meeting whose agenda is published asks first).
        "confirm_move": "yes",
    }


PAYLOADS = {"governance:meeting-edit": _meeting_post}
