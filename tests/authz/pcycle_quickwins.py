"""The quick wins (``pcycle/urls_quickwins.py``): every logged-in role with a role reads the
overview, a quick win and the progress report (PDF); the secretariat and the directie
change the status and add progress notes. Someone without a role sees nothing (404).

- "-": no object;
- "quickwin-one": quick win 1 ("Stukken op tijd aanleveren", indicator ON_TIME).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pcycle.models import QuickWin
from tests.authz import row

_L = "login"
_READ_200 = row(_L, 404, 200, 200, 200, 200, 200)
_WRITE_302 = row(_L, 404, 403, 403, 403, 302, 302)
_ALL_405 = row(_L, 405, 405, 405, 405, 405, 405)

MATRIX = {
    ("pcycle:quickwins", "GET", "-"): _READ_200,
    ("pcycle:quickwins", "POST", "-"): _ALL_405,
    ("pcycle:quickwins-report", "GET", "-"): _READ_200,
    ("pcycle:quickwins-report", "POST", "-"): _ALL_405,
    ("pcycle:quickwin-detail", "GET", "quickwin-one"): _READ_200,
    ("pcycle:quickwin-detail", "POST", "quickwin-one"): _ALL_405,
    ("pcycle:quickwin-status", "GET", "quickwin-one"): _ALL_405,
    ("pcycle:quickwin-status", "POST", "quickwin-one"): _WRITE_302,
    ("pcycle:quickwin-note", "GET", "quickwin-one"): _ALL_405,
    ("pcycle:quickwin-note", "POST", "quickwin-one"): _WRITE_302,
}


def _quick_win(world) -> QuickWin:
    win, _created = QuickWin.objects.get_or_create(
        number=1,
        defaults={
            "title": "Stukken op tijd aanleveren",
            "action": "De directie stuurt scherp op deadlines.",
            "actor": QuickWin.Actor.HECHT,
            "measure": QuickWin.Measure.ON_TIME,
        },
    )
    return win


OBJECTS = {"quickwin-one": _quick_win}

PAYLOADS = {
    "pcycle:quickwin-status": lambda obj, world: {"status": QuickWin.Status.STARTED},
    "pcycle:quickwin-note": lambda obj, world: {
        "written_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "text": "Deadlines staan in de jaarplanning.",
    },
}
