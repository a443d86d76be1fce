"""The publication log of a meeting, read from its history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext

from governance.models import Meeting


@dataclass(frozen=True)
class PublicationEvent:
    at: dt.datetime
    user: str
    label: str  # the history reason (a withdrawal's names why), else what changed


def publication_log(meeting: Meeting) -> list[PublicationEvent]:
    """Every publication act on ``meeting`` (published, withdrawn — agenda and decision
    list), newest first, read from its history: one query."""
    labels = {
        ("agenda_published_at", True): gettext("Agenda published"),
        ("agenda_published_at", False): gettext("Agenda publication withdrawn"),
        ("decisions_published_at", True): gettext("Decision list published"),
        ("decisions_published_at", False): gettext("Decision list publication withdrawn"),
    }
    events: list[PublicationEvent] = []
    previous = {"agenda_published_at": None, "decisions_published_at": None}
    rows = meeting.history.select_related("history_user").order_by("history_date", "history_id")
    for row in rows:
        for name, was in previous.items():
            now = getattr(row, name)
            if (now is None) != (was is None):
                events.append(
                    PublicationEvent(
                        at=row.history_date,
                        user=row.history_user.get_full_name() if row.history_user else "—",
                        label=row.history_change_reason or str(labels[(name, now is not None)]),
                    )
                )
            previous[name] = now
    return events[::-1]
