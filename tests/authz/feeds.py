"""Calendar feeds: none of these URLs takes a ``pk``, so the matrix walk
(``OBJECT_KWARGS = {"pk"}`` in ``tests/test_authorization_matrix.py``) does not ask for
rows. The public feeds take nothing, the personal feed a secret key (a credential, not
an object id), the key reset acts on the logged-in user only. Their permission tables
are below and run explicitly by ``tests/governance/test_feeds.py``.
"""

from __future__ import annotations

from tests.authz import row

MATRIX: dict = {}
OBJECTS: dict = {}
PAYLOADS: dict = {}

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
