"""The budget-year cycle of the P&C pages (``pcycle/urls_cycle.py``).

- "cycle-none": no object (the redirect to the year being prepared, the create form and
  its preview); "cycle-year": the budget year 2028;
- "cycle-document": a public framework letter already sent to the councils, so every
  role that reads the P&C pages sees it (``pcycle.access.pc_document_scope``); the
  outsider has no role: 403 on pages without an object, 404 on the document.
- Registering, planning and recording sending: the secretariat and the directie.
"""

from __future__ import annotations

import datetime as dt

from pcycle.models import PcDocument
from tests.authz import row
from tests.factories import ProposalFactory

_L = "login"
_ALL_405 = row(_L, 405, 405, 405, 405, 405, 405)
_READERS_200 = row(_L, 403, 200, 200, 200, 200, 200)
_PLANNERS_200 = row(_L, 403, 403, 403, 403, 200, 200)
_PLANNERS_302 = row(_L, 403, 403, 403, 403, 302, 302)
_DOCUMENT_200 = row(_L, 404, 200, 200, 200, 200, 200)
_DOCUMENT_PLANNERS_200 = row(_L, 404, 403, 403, 403, 200, 200)
_DOCUMENT_PLANNERS_302 = row(_L, 404, 403, 403, 403, 302, 302)

MATRIX = {
    ("pcycle:cycle", "GET", "cycle-none"): row(_L, 403, 302, 302, 302, 302, 302),
    ("pcycle:cycle", "POST", "cycle-none"): _ALL_405,
    ("pcycle:cycle-year", "GET", "cycle-year"): _READERS_200,
    ("pcycle:cycle-year", "POST", "cycle-year"): _ALL_405,
    ("pcycle:document-create", "GET", "cycle-none"): _PLANNERS_200,
    ("pcycle:document-create", "POST", "cycle-none"): _PLANNERS_302,
    ("pcycle:document-preview", "GET", "cycle-none"): _PLANNERS_200,
    ("pcycle:document-preview", "POST", "cycle-none"): _ALL_405,
    ("pcycle:document-detail", "GET", "cycle-document"): _DOCUMENT_200,
    ("pcycle:document-detail", "POST", "cycle-document"): _ALL_405,
    ("pcycle:document-plan", "GET", "cycle-document"): _DOCUMENT_PLANNERS_200,
    ("pcycle:document-plan", "POST", "cycle-document"): _DOCUMENT_PLANNERS_302,
    ("pcycle:document-sent", "GET", "cycle-document"): _ALL_405,
    ("pcycle:document-sent", "POST", "cycle-document"): _DOCUMENT_PLANNERS_302,
}


def _sent_framework_letter(world) -> PcDocument:
    return PcDocument.objects.create(
        proposal=ProposalFactory(title="Kaderbrief 2028"),
        kind=PcDocument.Kind.FRAMEWORKS,
        year=2028,
        sent_to_councils_on=dt.date(2026, 11, 2),
    )


OBJECTS = {
    "cycle-none": lambda world: {},
    "cycle-year": lambda world: {"year": 2028},
    "cycle-document": _sent_framework_letter,
}

PAYLOADS = {
    "pcycle:document-create": lambda obj, world: {
        "kind": "frameworks",
        "year": "2030",
        "confidentiality": "public",
    },
    "pcycle:document-plan": lambda obj, world: {"planned_to_councils_on": "2027-04-01"},
    "pcycle:document-sent": lambda obj, world: {"to": "councils", "on": "2026-11-03"},
}
