"""The organisation's own changes to the national days off (issue 12).

The national days off are computed (``governance.deadlines.national_days_off``); this
table holds only what the secretariat changed: a closing day added (Good Friday, the
day after Ascension) or a national day off the organisation works on.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.deadlines import DaysOff


class ClosingDayQuerySet(models.QuerySet["ClosingDay"]):
    def days_off(self) -> DaysOff:
        """These rows as the pure :class:`DaysOff` value (one query)."""
        closing: set[dt.date] = set()
        waived: set[dt.date] = set()
        for day, kind in self.values_list("date", "kind"):
            (closing if kind == ClosingDay.Kind.CLOSED else waived).add(day)
        return DaysOff.of(closing=closing, waived=waived)


class ClosingDay(models.Model):
    """One date on which the organisation departs from the national days off: closed
    although it is not a national day off (``closed``), or open although it is one
    (``open``, the national day is waived). One row per date at most."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Closing day")
        OPEN = "open", _("National day off worked")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CLOSED)
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ClosingDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")
        ordering = ["date"]
        permissions = [("manage_days_off", _("Can change the organisation's days off"))]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
