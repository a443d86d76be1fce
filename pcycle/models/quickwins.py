"""The quick wins of the P&C track (the 2024 process proposal, "Ad 1"), their progress
notes and the measure that shows each one's effect from the data (``queries.kpis``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import Proposal, Track


class QuickWin(models.Model):
    class Actor(models.TextChoices):
        HECHT = "hecht", _("Hecht")
        TOGETHER = "together", _("Hecht and the municipalities together")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        STARTED = "started", _("Started")
        IMPLEMENTED = "implemented", _("Implemented")
        EMBEDDED = "embedded", _("Part of the regular cycle")

    class Measure(models.TextChoices):
        """The indicator computed from the data for a quick win (``queries.kpis``)."""

        NONE = "", _("No indicator")
        ON_TIME = "on_time", _("Documents delivered on time")
        ROUTE = "route", _("Agenda items of the general board that came through the route")
        CO_READING = "co_reading", _("Proposals read along by the contact officials")
        FIT = "fit", _("Councils that can give their view in time")
        ATTENDANCE = "attendance", _("Attendance per meeting")
        FINANCIAL = "financial", _("Cover notes with a complete financial section")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    action = models.TextField(_("action"))
    actor = models.CharField(_("actor"), max_length=10, choices=Actor.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    measure = models.CharField(
        _("indicator"), max_length=12, choices=Measure.choices, blank=True, default=Measure.NONE
    )
    track = models.ForeignKey(
        Track,
        verbose_name=_("programme track"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quick_wins",
    )
    reports = models.ManyToManyField(
        Proposal,
        verbose_name=_("reported in"),
        blank=True,
        related_name="quick_wins",
        help_text=_("The proposals that report on it (progress report, evaluation)."),
    )

    history = HistoricalRecords(m2m_fields=[reports])

    class Meta:
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class QuickWinNote(models.Model):
    """A dated, attributed progress note on a quick win."""

    quick_win = models.ForeignKey(
        QuickWin, verbose_name=_("quick win"), on_delete=models.CASCADE, related_name="notes"
    )
    written_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("progress"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["quick_win", "-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.quick_win.number} {self.written_on:%d-%m-%Y}"
