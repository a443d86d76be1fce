"""Shared builders for the budget-year cycle tests (not a test module)."""

from __future__ import annotations

import datetime as dt

from governance.models import (
    AgendaItem,
    Body,
    Decision,
    RouteTemplate,
    RouteTemplateStep,
    StepPurpose,
)
from pcycle.models import PcDocument
from pcycle.services.cycle import pc_document_create
from tests.factories import TZ, BodyFactory, DecisionFactory, MeetingFactory

# Time of the tests: Sunday 10 January 2027, before every meeting built here.
NOW = dt.datetime(2027, 1, 10, 9, tzinfo=TZ)
# The AB adopts the budget 2028 on Wednesday 7 July 2027: to the councils by 14 April.
ADOPTION = dt.datetime(2027, 7, 7, 14, tzinfo=TZ)


def pc_route(ab: Body) -> RouteTemplate:
    """DB advises, AB decides."""
    db_body = Body.objects.filter(kind=Body.Kind.EXECUTIVE_BOARD).first() or BodyFactory(
        code="DB", name="Dagelijks Bestuur", kind=Body.Kind.EXECUTIVE_BOARD
    )
    template = RouteTemplate.objects.create(name="P&C-document: DB → AB")
    RouteTemplateStep.objects.create(
        template=template, position=1, body=db_body, purpose=StepPurpose.ADVISE
    )
    RouteTemplateStep.objects.create(
        template=template, position=2, body=ab, purpose=StepPurpose.DECIDE
    )
    return template


def ab_meeting(ab: Body, starts_at: dt.datetime = ADOPTION, **kwargs):
    return MeetingFactory(body=ab, starts_at=starts_at, is_public=True, **kwargs)


def budget(actor, ab: Body, *, year: int = 2028, meeting=None, **kwargs) -> PcDocument:
    """A budget on the DB → AB route, adopted at ``meeting`` (a new AB meeting on 7 July
    2027 unless given; ``meeting=False`` for none)."""
    if meeting is None:
        meeting = ab_meeting(ab)
    return pc_document_create(
        actor=actor,
        kind=PcDocument.Kind.BUDGET,
        year=year,
        route_template=pc_route(ab)
        if not RouteTemplate.objects.exists()
        else RouteTemplate.objects.get(),
        adoption_meeting=meeting or None,
        **kwargs,
    )


def decide(document: PcDocument, outcome: str = Decision.Outcome.ADOPTED) -> Decision:
    item = AgendaItem.objects.get(
        route_step__proposal=document.proposal, route_step__purpose=StepPurpose.DECIDE
    )
    return DecisionFactory(agenda_item=item, outcome=outcome)
