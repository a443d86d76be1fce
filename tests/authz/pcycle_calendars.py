"""The council calendars and the fit matrix of the P&C cycle.

- "-": no object (the overview of the calendars, the fit matrix; from ``site.py``);
- "calendars-leiden" / "calendars-gouda": the municipality whose calendar it is;
- "calendars-meeting-leiden" / "calendars-meeting-gouda": a council meeting of it.

Every role of the P&C pages reads (the outsider, without one, gets 403, or 404 for a
meeting: not in its scope); the contact official (Leiden) changes only Leiden's calendar,
the secretariat every one; the directie and board members only read.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pcycle.models import CouncilMeeting
from tests.authz import row

_L = "login"
_ALL_405 = row(_L, 405, 405, 405, 405, 405, 405)
_READ_200 = row(_L, 403, 200, 200, 200, 200, 200)
_OWN_302 = row(_L, 403, 403, 403, 302, 403, 302)
_OTHER_302 = row(_L, 403, 403, 403, 403, 403, 302)


def _soon(days: int = 40) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _meeting(municipality) -> CouncilMeeting:
    return CouncilMeeting.objects.create(municipality=municipality, day=_soon(30))


MATRIX = {
    ("pcycle:calendars", "GET", "-"): _READ_200,
    ("pcycle:calendars", "POST", "-"): _ALL_405,
    ("pcycle:fit", "GET", "-"): _READ_200,
    ("pcycle:fit", "POST", "-"): _ALL_405,
    ("pcycle:calendar", "GET", "calendars-leiden"): _READ_200,
    ("pcycle:calendar", "GET", "calendars-gouda"): _READ_200,
    ("pcycle:calendar", "POST", "calendars-leiden"): _ALL_405,
}
for _name in (
    "pcycle:calendar-meeting-add",
    "pcycle:calendar-csv",
    "pcycle:calendar-ical",
    "pcycle:calendar-fetch",
    "pcycle:calendar-settings",
):
    MATRIX[(_name, "GET", "calendars-leiden")] = _ALL_405
    MATRIX[(_name, "POST", "calendars-leiden")] = _OWN_302
    MATRIX[(_name, "POST", "calendars-gouda")] = _OTHER_302
MATRIX |= {
    ("pcycle:calendar-meeting-edit", "GET", "calendars-meeting-leiden"): row(
        _L, 404, 403, 403, 200, 403, 200
    ),
    ("pcycle:calendar-meeting-edit", "GET", "calendars-meeting-gouda"): row(
        _L, 404, 403, 403, 403, 403, 200
    ),
    ("pcycle:calendar-meeting-edit", "POST", "calendars-meeting-leiden"): row(
        _L, 404, 403, 403, 302, 403, 302
    ),
    ("pcycle:calendar-meeting-edit", "POST", "calendars-meeting-gouda"): row(
        _L, 404, 403, 403, 403, 403, 302
    ),
    ("pcycle:calendar-meeting-delete", "GET", "calendars-meeting-leiden"): _ALL_405,
    ("pcycle:calendar-meeting-delete", "POST", "calendars-meeting-leiden"): row(
        _L, 404, 403, 403, 302, 403, 302
    ),
    ("pcycle:calendar-meeting-delete", "POST", "calendars-meeting-gouda"): row(
        _L, 404, 403, 403, 403, 403, 302
    ),
}

OBJECTS = {
    "calendars-leiden": lambda world: world.leiden,
    "calendars-gouda": lambda world: world.gouda,
    "calendars-meeting-leiden": lambda world: _meeting(world.leiden),
    "calendars-meeting-gouda": lambda world: _meeting(world.gouda),
}


def _ics() -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//authz//NL\r\nBEGIN:VEVENT\r\n"
        f"UID:authz-1\r\nDTSTART;VALUE=DATE:{_soon():%Y%m%d}\r\nSUMMARY:Gemeenteraad\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


PAYLOADS = {
    "pcycle:calendar-meeting-add": lambda obj, world: {
        "meeting-day": _soon().isoformat(),
        "meeting-kind": "council",
        "meeting-title": "Raad",
    },
    "pcycle:calendar-meeting-edit": lambda obj, world: {
        "day": _soon(50).isoformat(),
        "kind": "council",
        "title": "Verplaatst",
    },
    "pcycle:calendar-meeting-delete": lambda obj, world: {},
    "pcycle:calendar-csv": lambda obj, world: {
        "csv-file": SimpleUploadedFile(
            "raad.csv", f"datum;soort\n{_soon():%Y-%m-%d};raad\n".encode(), "text/csv"
        )
    },
    "pcycle:calendar-ical": lambda obj, world: {
        "ical-file": SimpleUploadedFile("raad.ics", _ics(), "text/calendar")
    },
    # Without a feed address nothing is fetched: the page says so (no network in tests).
    "pcycle:calendar-fetch": lambda obj, world: {},
    "pcycle:calendar-settings": lambda obj, world: {
        "settings-preparation_weeks": "3",
        "settings-feed_url": "",
    },
}
