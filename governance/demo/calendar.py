"""When the demo's next meetings are, relative to the day it is loaded."""

from __future__ import annotations

import datetime as dt

from governance.deadlines import next_working_day


def next_meetings(today: dt.date) -> dict[str, dt.date]:
    """The demo's next AB and DB: the Wednesday and the Thursday of the week after the
    week of ``today`` (moved past days off). Whatever day the demo is loaded, their
    document deadlines have passed (documents can be on time, late or missing), the
    agendas can be published, and loading again in the same week finds the same
    meetings."""
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)
    ab = next_working_day(monday + dt.timedelta(days=2))
    db = next_working_day(max(monday + dt.timedelta(days=3), ab + dt.timedelta(days=1)))
    return {"AB": ab, "DB": db}
