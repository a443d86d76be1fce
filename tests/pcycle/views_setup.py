"""Building blocks of the councils' views tests: a draft budget planned for an AB meeting
(its view window is from the day it was sent to the day before that meeting) and
municipalities."""

from __future__ import annotations

import datetime as dt
import itertools

from governance.models import Proposal, StepPurpose
from pcycle.models import CouncilView, PcDocument
from tests.factories import (
    TZ,
    AgendaItemFactory,
    MeetingFactory,
    MunicipalityFactory,
    ProposalFactory,
    RouteStepFactory,
)

SENT = dt.date(2027, 4, 1)
AB_DAY = dt.date(2027, 7, 1)  # the window closes on 30 June 2027
WINDOW_CLOSES = dt.date(2027, 6, 30)
DURING = dt.datetime(2027, 5, 15, 12, tzinfo=TZ)


def budget(
    ab,
    *,
    year: int = 2028,
    ab_day: dt.date = AB_DAY,
    sent: dt.date | None = SENT,
    kind: str = PcDocument.Kind.BUDGET,
    number: int | None = None,
    on_agenda: bool = False,
):
    """A P&C document of ``kind`` whose AB decision step meets on ``ab_day``."""
    proposal = ProposalFactory(title=f"Begroting {year}", status=Proposal.Status.IN_ROUTE)
    meeting = MeetingFactory(
        body=ab, is_public=True, starts_at=dt.datetime.combine(ab_day, dt.time(14), tzinfo=TZ)
    )
    step = RouteStepFactory(proposal=proposal, body=ab, meeting=meeting, purpose=StepPurpose.DECIDE)
    if on_agenda:
        AgendaItemFactory(meeting=meeting, route_step=step, title=proposal.title)
    return PcDocument.objects.create(
        proposal=proposal, kind=kind, year=year, number=number, sent_to_councils_on=sent
    )


_numbers = itertools.count()
_years = itertools.count(2030)


def next_year() -> int:
    """A budget year no other document of the test has (one budget per year)."""
    return next(_years)


def municipalities(count: int) -> list:
    return [MunicipalityFactory(name=f"Gemeente V{next(_numbers):04d}") for _n in range(count)]


def view(document, municipality, user, **fields) -> CouncilView:
    """A registered view, written directly (the services are tested on their own)."""
    values = {"received_on": SENT + dt.timedelta(days=20), "position": "agrees", **fields}
    return CouncilView.objects.create(
        document=document, municipality=municipality, registered_by=user, **values
    )
