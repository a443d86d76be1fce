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
    # The editor is a page; each change is a POST to a URL of its own.
    ("governance:proposal-route", "POST", "proposal-public"): row(_L, 405, 405, 405, 405, 405, 405),
    ("governance:route-step-add", "GET", "proposal-public"): row(_L, 405, 405, 405, 405, 405, 405),
    ("governance:route-step-add", "POST", "proposal-public"): row(_L, 403, 403, 403, 403, 403, 302),
    ("governance:route-step-add", "POST", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 403, 302
    ),
    ("governance:route-plan", "GET", "proposal-public"): row(_L, 405, 405, 405, 405, 405, 405),
    ("governance:route-plan", "POST", "proposal-public"): row(_L, 403, 403, 403, 403, 403, 302),
    ("governance:route-plan", "POST", "proposal-confidential"): row(
        _L, 404, 404, 403, 404, 403, 302
    ),
}

# The verbs on one step: visible with its proposal, changed by the secretariat only.
for _name in ("route-step-move", "route-step-remove", "route-step-schedule"):
    MATRIX |= {
        (f"governance:{_name}", "GET", "route-step-public"): row(_L, 405, 405, 405, 405, 405, 405),
        (f"governance:{_name}", "POST", "route-step-public"): row(_L, 403, 403, 403, 403, 403, 302),
        (f"governance:{_name}", "POST", "route-step-confidential"): row(
            _L, 404, 404, 403, 404, 403, 302
        ),
    }

MATRIX |= {
    # proposal-history
    ("governance:proposal-history", "POST", "proposal-public"): row(
        _L, 405, 405, 405, 405, 405, 405
    ),
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


OBJECTS = {
    "proposal-public": _public,
    "proposal-confidential": _confidential,
    "route-step-public": lambda world: _public(world).steps.get(),
    "route-step-confidential": lambda world: _confidential(world).steps.get(),
}


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


def _step_add_post(proposal, world) -> dict[str, str]:
    return {"body": str(world.ac.pk), "purpose": StepPurpose.ADVISE, "position": "1"}


def _plan_post(proposal, world) -> dict[str, str]:
    # The step sits on a meeting of the AB already: planning back from it changes nothing.
    return {"target": str(proposal.steps.get().meeting_id)}


def _schedule_post(step, world) -> dict[str, str]:
    return {f"step-{step.pk}-meeting": str(step.meeting_id)}


PAYLOADS = {
    "governance:proposal-edit": _edit_post,
    "governance:proposal-withdraw": _withdraw_post,
    "governance:route-step-add": _step_add_post,
    "governance:route-plan": _plan_post,
    "governance:route-step-move": lambda step, world: {"direction": "down"},
    "governance:route-step-remove": lambda step, world: {},
    "governance:route-step-schedule": _schedule_post,
}
