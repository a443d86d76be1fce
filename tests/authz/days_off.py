"""The organisation's days off.

- "closing-day": a closing day a while from now (a past one cannot be removed).

Everyone reads the "Vrije dagen" page (no pk: ``tests/governance/test_days_off.py``);
only the secretariat removes a closing day.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from governance.models import ClosingDay
from tests.authz import row

_LOGIN = "login"

MATRIX = {
    ("governance:days-off-remove", "GET", "closing-day"): row(_LOGIN, 405, 405, 405, 405, 405, 405),
    ("governance:days-off-remove", "POST", "closing-day"): row(
        _LOGIN, 403, 403, 403, 403, 403, 302
    ),
}

OBJECTS = {
    "closing-day": lambda world: ClosingDay.objects.create(
        date=timezone.localdate() + dt.timedelta(days=60), name="Sluitingsdag"
    ),
}

PAYLOADS = {"governance:days-off-remove": lambda closing_day, world: {}}
