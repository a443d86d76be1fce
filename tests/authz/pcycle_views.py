"""Councils' views (zienswijzen) on a P&C document.

- "views-document": a draft budget on a public proposal, sent to the councils and
  adopted at the public AB meeting: every logged-in role reads the views (the outsider,
  without any role, does not see it: 404);
- "views-register-leiden" / "-gouda": the URL kwargs to register that council's view;
- "views-view-leiden" / "-gouda": that council's registered view, with its council
  decision (a PDF).

A contact official registers and changes only their own council's view (Leiden: yes,
Gouda: 403); the secretariat any. The secretariat and the directie reply and attach
the consolidated views document to the proposal.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.base import ContentFile

from governance.models import StepPurpose
from pcycle.models import PcDocument
from pcycle.services.views import council_view_register
from tests.authz import row
from tests.factories import AgendaItemFactory, ProposalFactory, RouteStepFactory, pdf_bytes

_LOGIN = "login"
_ALL_405 = row(_LOGIN, 405, 405, 405, 405, 405, 405)
_READ = row(_LOGIN, 404, 200, 200, 200, 200, 200)
_MY_VIEWS = row(_LOGIN, 403, 200, 200, 200, 200, 200)
_REGISTER_OWN_GET = row(_LOGIN, 404, 403, 403, 200, 403, 200)
_REGISTER_OWN_POST = row(_LOGIN, 404, 403, 403, 302, 403, 302)
_REGISTER_OTHER_GET = row(_LOGIN, 404, 403, 403, 403, 403, 200)
_REGISTER_OTHER_POST = row(_LOGIN, 404, 403, 403, 403, 403, 302)
_REPLY_GET = row(_LOGIN, 404, 403, 403, 403, 200, 200)
_REPLY_POST = row(_LOGIN, 404, 403, 403, 403, 302, 302)

MATRIX = {
    ("pcycle:my-views", "GET", "-"): _MY_VIEWS,
    ("pcycle:my-views", "POST", "-"): _ALL_405,
    ("pcycle:views", "GET", "views-document"): _READ,
    ("pcycle:views", "POST", "views-document"): _ALL_405,
    ("pcycle:view-register", "GET", "views-register-leiden"): _REGISTER_OWN_GET,
    ("pcycle:view-register", "POST", "views-register-leiden"): _REGISTER_OWN_POST,
    ("pcycle:view-register", "GET", "views-register-gouda"): _REGISTER_OTHER_GET,
    ("pcycle:view-register", "POST", "views-register-gouda"): _REGISTER_OTHER_POST,
    ("pcycle:view-edit", "GET", "views-view-leiden"): _REGISTER_OWN_GET,
    ("pcycle:view-edit", "POST", "views-view-leiden"): _REGISTER_OWN_POST,
    ("pcycle:view-edit", "GET", "views-view-gouda"): _REGISTER_OTHER_GET,
    ("pcycle:view-edit", "POST", "views-view-gouda"): _REGISTER_OTHER_POST,
    ("pcycle:view-reply", "GET", "views-view-leiden"): _REPLY_GET,
    ("pcycle:view-reply", "POST", "views-view-leiden"): _REPLY_POST,
    ("pcycle:view-decision", "GET", "views-view-gouda"): _READ,
    ("pcycle:view-decision", "POST", "views-view-gouda"): _ALL_405,
    ("pcycle:views-pdf", "GET", "views-document"): _READ,
    ("pcycle:views-pdf", "POST", "views-document"): _ALL_405,
    ("pcycle:views-attach", "GET", "views-document"): _ALL_405,
    ("pcycle:views-attach", "POST", "views-document"): _REPLY_POST,
}

SENT = dt.date(2026, 11, 2)
RECEIVED = dt.date(2026, 11, 20)
# One draft budget per year: builders that run in one database (the fuzz) take the next.
_YEARS = itertools.count(2027)


def _document(world) -> PcDocument:
    proposal = ProposalFactory(title="Ontwerpbegroting")
    step = RouteStepFactory(
        proposal=proposal,
        body=world.ab,
        meeting=world.public_ab_meeting,
        purpose=StepPurpose.DECIDE,
    )
    AgendaItemFactory(meeting=step.meeting, route_step=step, title=proposal.title)
    return PcDocument.objects.create(
        proposal=proposal,
        kind=PcDocument.Kind.BUDGET,
        year=next(_YEARS),
        sent_to_councils_on=SENT,
    )


def _view(world, municipality):
    return council_view_register(
        actor=world.actors["secretary"],
        document=_document(world),
        municipality=municipality,
        received_on=RECEIVED,
        position="remarks",
        text="Let op de indexering.",
        decision_file=ContentFile(pdf_bytes(), name="raadsbesluit.pdf"),
    )


OBJECTS = {
    "views-document": _document,
    "views-register-leiden": lambda world: {
        "pk": _document(world).pk,
        "municipality": world.leiden.pk,
    },
    "views-register-gouda": lambda world: {
        "pk": _document(world).pk,
        "municipality": world.gouda.pk,
    },
    "views-view-leiden": lambda world: _view(world, world.leiden),
    "views-view-gouda": lambda world: _view(world, world.gouda),
}

_VIEW = {"received_on": RECEIVED.isoformat(), "position": "agrees", "text": ""}

PAYLOADS = {
    "pcycle:view-register": lambda target, world: dict(_VIEW),
    "pcycle:view-edit": lambda view, world: {**_VIEW, "position": "disagrees", "text": "Nee."},
    "pcycle:view-reply": lambda view, world: {"reply": "Het DB neemt de opmerking over."},
    "pcycle:views-attach": lambda document, world: {},
}
