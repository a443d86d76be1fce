"""Rows for the council calendar and fit tests: P&C documents with a view window (a
proposal routed to an AB meeting) and council meetings."""

from __future__ import annotations

import datetime as dt
import itertools

from governance.models import Body, Municipality
from pcycle.models import CouncilCalendar, CouncilMeeting, PcDocument
from tests.factories import (
    TZ,
    MeetingFactory,
    MunicipalityFactory,
    ProposalFactory,
    RouteStepFactory,
)

_numbers = itertools.count(1)


def view_document(
    ab: Body,
    *,
    sent: dt.date,
    adoption: dt.date,
    views_by: dt.date | None = None,
    year: int = 2027,
) -> PcDocument:
    """A budget amendment sent to the councils on ``sent``, adopted by the AB on
    ``adoption``: its window is ``sent`` .. ``views_by`` (default the day before)."""
    meeting = MeetingFactory(
        body=ab, starts_at=dt.datetime.combine(adoption, dt.time(14), tzinfo=TZ)
    )
    proposal = ProposalFactory()
    RouteStepFactory(proposal=proposal, body=ab, meeting=meeting, position=1)
    return PcDocument.objects.create(
        proposal=proposal,
        kind=PcDocument.Kind.AMENDMENT,
        year=year,
        number=next(_numbers),
        sent_to_councils_on=sent,
        views_requested_by=views_by,
    )


def municipality(name: str, *, weeks: int | None = None, days=(), committee=()) -> Municipality:
    """A municipality with council meetings on ``days`` (and committee meetings), and
    its preparation time when ``weeks`` is given."""
    place = MunicipalityFactory(name=name)
    if weeks is not None:
        CouncilCalendar.objects.create(municipality=place, preparation_weeks=weeks)
    for day in days:
        CouncilMeeting.objects.create(municipality=place, day=day)
    for day in committee:
        CouncilMeeting.objects.create(
            municipality=place, day=day, kind=CouncilMeeting.Kind.COMMITTEE
        )
    return place
