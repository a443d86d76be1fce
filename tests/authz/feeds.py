"""Calendar feeds. The public feeds take nothing or a body's code, the personal feed a
secret key (a credential, not an object id: whoever holds it reads that person's feed),
the key reset acts on the logged-in user only. What each feed holds per actor is in the
tables below, run by ``tests/governance/test_feeds.py``.

- "-": no object; "feed-ab": the AB's code; "feed-key-member": the AB member's feed key.
"""

from __future__ import annotations

from governance import services
from tests.authz import row

_L = "login"
_ALL_200 = row(200, 200, 200, 200, 200, 200, 200)
_ALL_405 = row(405, 405, 405, 405, 405, 405, 405)

MATRIX = {
    ("governance:calendar-feed-public", "GET", "-"): _ALL_200,
    ("governance:calendar-feed-public", "POST", "-"): _ALL_405,
    ("governance:calendar-feed-body", "GET", "feed-ab"): _ALL_200,
    ("governance:calendar-feed-body", "POST", "feed-ab"): _ALL_405,
    ("governance:calendar-feed-personal", "GET", "feed-key-member"): _ALL_200,
    ("governance:calendar-feed-personal", "POST", "feed-key-member"): _ALL_405,
    ("governance:calendar-token-reset", "GET", "-"): _ALL_405,
    ("governance:calendar-token-reset", "POST", "-"): row(_L, 302, 302, 302, 302, 302, 302),
}


def _member_key(world) -> dict[str, str]:
    member = world.actors["member"]
    return {"token": services.calendar_token_reset(actor=member, user=member).calendar_token}


OBJECTS = {
    "feed-ab": lambda world: {"code": world.ab.code},
    "feed-key-member": _member_key,
}
PAYLOADS = {"governance:calendar-token-reset": lambda obj, world: {}}

# The meetings of ``world`` in each actor's personal feed (own key, no session):
# "public" = public AB meeting, "closed-ab" / "closed-ac" = the closed meetings.
PERSONAL_FEED = {
    "outsider": {"public"},
    "other_body_member": {"public", "closed-ac"},
    "member": {"public", "closed-ab"},
    "contact_official": {"public"},
    "manager": {"public", "closed-ab", "closed-ac"},
    "secretary": {"public", "closed-ab", "closed-ac"},
}

# Everybody may see the public feeds; they never hold a closed meeting.
PUBLIC_FEEDS = {
    ("governance:calendar-feed-public", None): {"public"},
    ("governance:calendar-feed-body", "AB"): {"public"},
    ("governance:calendar-feed-body", "AC"): set(),
}

# The key reset acts on the logged-in user's own key (302 back to the page).
TOKEN_RESET = {
    "GET": row(405, 405, 405, 405, 405, 405, 405),
    "POST": row("login", 302, 302, 302, 302, 302, 302),
}
