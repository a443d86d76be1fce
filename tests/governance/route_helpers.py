"""Shared builders for the proposal, route and agenda tests (not a test module)."""

from __future__ import annotations

import datetime as dt

from governance.models import Body, RouteTemplate, RouteTemplateStep, StepPurpose
from tests.factories import TZ, BodyFactory, MeetingFactory

# Time of the tests: Monday 1 June 2026, before every meeting built here.
NOW = dt.datetime(2026, 6, 1, 9, tzinfo=TZ)


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=TZ)


def bodies(ab, db_body, ac) -> dict[str, Body]:
    """BAO, AC, DB and AB with the lead times of the tests (AB 10, the others 5)."""
    bao = BodyFactory(code="BAO", name="Bestuurlijk ambtelijk overleg", kind=Body.Kind.OFFICIALS)
    for body, lead in ((bao, 5), (ac, 5), (db_body, 5), (ab, 10)):
        body.document_lead_days = lead
        body.save()
    return {"BAO": bao, "AC": ac, "DB": db_body, "AB": ab}


def pc_template(route_bodies: dict[str, Body]) -> RouteTemplate:
    template = RouteTemplate.objects.create(name="P&C-document: BAO → AC → DB → AB")
    for position, (code, purpose) in enumerate(
        (
            ("BAO", StepPurpose.ADVISE),
            ("AC", StepPurpose.ADVISE),
            ("DB", StepPurpose.ADVISE),
            ("AB", StepPurpose.DECIDE),
        ),
        start=1,
    ):
        RouteTemplateStep.objects.create(
            template=template, position=position, body=route_bodies[code], purpose=purpose
        )
    return template


def meeting(body, *parts: int, **kwargs):
    return MeetingFactory(body=body, starts_at=at(*parts), **kwargs)
