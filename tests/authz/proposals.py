"""Proposals and their route.

- "proposal-public": a public proposal whose AB step is on the public AB meeting: every
  logged-in user sees it (public, on a meeting they can see);
- "proposal-confidential": a confidential proposal routed via the AB, on the closed AB
  meeting: only the AB member, the secretariat and management see it.

Proposals need a login. Management registers and edits proposals; only the
secretariat edits the route.
"""

from __future__ import annotations

from governance.models import Confidentiality, StepPurpose, WooGround
from tests.authz import row
from tests.factories import AgendaItemFactory, ProposalFactory, RouteStepFactory

_L = "login"

MATRIX = {
    # proposal-detail
    ("governance:proposal-detail", "GET", "proposal-public"): row(_L, 200, 200, 200, 200, 200, 200),
    ("governance:proposal-detail", "GET", "proposal-confidential"): row(
        _L, 404, 404, 200, 404, 200, 200
    ),
    ("governance:proposal-detail", "POST", "proposal-public"): row(
        _L, 405, 405, 405, 405, 405, 405
    ),
    # proposal-edit
    ("governance:proposal-edit", "GET", "proposal-public"): row(_L, 403, 403, 403, 403, 200, 200),
    ("governance:proposal-edit", "GET", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 200, 200
    ),
    ("governance:proposal-edit", "POST", "proposal-public"): row(_L, 403, 403, 403, 403, 302, 302),
    ("governance:proposal-edit", "POST", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 302, 302
    ),
    # proposal-withdraw
    ("governance:proposal-withdraw", "GET", "proposal-public"): row(
        _L, 403, 403, 403, 403, 200, 200
    ),
    ("governance:proposal-withdraw", "POST", "proposal-public"): row(
        _L, 403, 403, 403, 403, 302, 302
    ),
    ("governance:proposal-withdraw", "POST", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 302, 302
    ),
    # proposal-route (the route editor: secretariat only)
    ("governance:proposal-route", "GET", "proposal-public"): row(_L, 403, 403, 403, 403, 403, 200),
    ("governance:proposal-route", "GET", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 403, 200
    ),
    ("governance:proposal-route", "POST", "proposal-public"): row(_L, 403, 403, 403, 403, 403, 302),
    ("governance:proposal-route", "POST", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 403, 302
    ),
    # proposal-history
    ("governance:proposal-history", "GET", "proposal-public"): row(
        _L, 403, 403, 403, 403, 200, 200
    ),
    ("governance:proposal-history", "GET", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 200, 200
    ),
}


def _public(world):
    proposal = ProposalFactory(title="Openbaar voorstel", created_by=world.actors["secretary"])
    step = RouteStepFactory(
        proposal=proposal, position=1, body=world.ab, meeting=world.public_ab_meeting
    )
    # Scheduling puts the step on the agenda: outsiders reach the proposal through its item.
    AgendaItemFactory(meeting=step.meeting, route_step=step, title=proposal.title)
    return proposal


def _confidential(world):
    proposal = ProposalFactory(
        title="Vertrouwelijk voorstel",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
        created_by=world.actors["secretary"],
    )
    RouteStepFactory(proposal=proposal, position=1, body=world.ab, meeting=world.closed_ab_meeting)
    return proposal


OBJECTS = {"proposal-public": _public, "proposal-confidential": _confidential}


def _edit_post(proposal, world) -> dict[str, str]:
    return {
        "title": proposal.title + " (herzien)",
        "summary": "",
        "kind": proposal.kind,
        "owner": "",
        "confidentiality": proposal.confidentiality,
        "woo_ground": proposal.woo_ground,
        "track": "",
    }


def _withdraw_post(proposal, world) -> dict[str, str]:
    return {"reason": "Niet meer nodig."}


def _route_post(proposal, world) -> dict[str, str]:
    return {"op": "add", "body": str(world.ac.pk), "purpose": StepPurpose.ADVISE, "position": "1"}


PAYLOADS = {
    "governance:proposal-edit": _edit_post,
    "governance:proposal-withdraw": _withdraw_post,
    "governance:proposal-route": _route_post,
}
