"""The agenda builder and agenda items.

- "agenda-public-meeting" / "agenda-closed-meeting": the public and the closed AB meeting;
- "agenda-item-public": a public item on the public AB meeting;
- "agenda-item-confidential": a confidential item on the closed AB meeting (only the AB
  member, the secretariat and management see it).

Only the secretariat builds agendas (``governance.change_agendaitem``); everyone else
who may see the meeting or item gets 403.
"""

from __future__ import annotations

from governance.models import AgendaItem, Confidentiality, WooGround
from tests.authz import row
from tests.factories import AgendaItemFactory

_L = "login"

MATRIX = {
    # agenda-builder
    ("governance:agenda-builder", "GET", "agenda-public-meeting"): row(
        _L, 403, 403, 403, 403, 403, 200
    ),
    ("governance:agenda-builder", "GET", "agenda-closed-meeting"): row(
        _L, 404, 404, 403, 404, 403, 200
    ),
    ("governance:agenda-builder", "POST", "agenda-public-meeting"): row(
        _L, 403, 403, 403, 403, 403, 302
    ),
    ("governance:agenda-builder", "POST", "agenda-closed-meeting"): row(
        _L, 404, 404, 403, 404, 403, 302
    ),
    # agenda-item-edit
    ("governance:agenda-item-edit", "GET", "agenda-item-public"): row(
        _L, 403, 403, 403, 403, 403, 200
    ),
    ("governance:agenda-item-edit", "GET", "agenda-item-confidential"): row(
        _L, 404, 404, 403, 404, 403, 200
    ),
    ("governance:agenda-item-edit", "POST", "agenda-item-public"): row(
        _L, 403, 403, 403, 403, 403, 302
    ),
    ("governance:agenda-item-edit", "POST", "agenda-item-confidential"): row(
        _L, 404, 404, 403, 404, 403, 302
    ),
    # agenda-item-move (POST only)
    ("governance:agenda-item-move", "GET", "agenda-item-public"): row(
        _L, 405, 405, 405, 405, 405, 405
    ),
    ("governance:agenda-item-move", "POST", "agenda-item-public"): row(
        _L, 403, 403, 403, 403, 403, 302
    ),
    ("governance:agenda-item-move", "POST", "agenda-item-confidential"): row(
        _L, 404, 404, 403, 404, 403, 302
    ),
    # agenda-item-delete (POST only)
    ("governance:agenda-item-delete", "GET", "agenda-item-public"): row(
        _L, 405, 405, 405, 405, 405, 405
    ),
    ("governance:agenda-item-delete", "POST", "agenda-item-public"): row(
        _L, 403, 403, 403, 403, 403, 302
    ),
    ("governance:agenda-item-delete", "POST", "agenda-item-confidential"): row(
        _L, 404, 404, 403, 404, 403, 302
    ),
}

OBJECTS = {
    "agenda-public-meeting": lambda world: world.public_ab_meeting,
    "agenda-closed-meeting": lambda world: world.closed_ab_meeting,
    "agenda-item-public": lambda world: AgendaItemFactory(
        meeting=world.public_ab_meeting, order=1, number="1", title="Kaderbrief"
    ),
    "agenda-item-confidential": lambda world: AgendaItemFactory(
        meeting=world.closed_ab_meeting,
        order=1,
        number="1",
        title="Vertrouwelijk punt",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    ),
}


def _item_post(target, world) -> dict[str, str]:
    """Adding an item (builder) or saving one (edit) takes the same fields."""
    return {
        "title": "Mededelingen",
        "kind": AgendaItem.Kind.FORMAL,
        "description": "",
        "confidentiality": Confidentiality.PUBLIC,
        "woo_ground": "",
    }


PAYLOADS = {
    "governance:agenda-builder": _item_post,
    "governance:agenda-item-edit": _item_post,
    "governance:agenda-item-move": lambda item, world: {"direction": "up"},
    "governance:agenda-item-delete": lambda item, world: {},
}
