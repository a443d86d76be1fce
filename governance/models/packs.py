"""Agenda packs: the one PDF per meeting that board members read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Meeting


class AgendaPack(models.Model):
    """The latest build of a meeting's pack in one variant.

    The public pack leaves confidential items out (a placeholder page says so); the
    members' pack holds everything and is stamped with a per-recipient watermark on
    the pages listed in ``confidential_pages`` when it is downloaded.
    """

    class Variant(models.TextChoices):
        PUBLIC = "public", _("Public pack")
        MEMBERS = "members", _("Members' pack")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="packs"
    )
    variant = models.CharField(_("variant"), max_length=8, choices=Variant.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    content_key = models.CharField(
        _("content key"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 over everything the pack is built from; the file is named by it."),
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    confidential_pages = models.JSONField(
        _("confidential page ranges"),
        default=list,
        blank=True,
        help_text=_("[first, last] page numbers (1-based, inclusive) of confidential parts."),
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    build_seconds = models.FloatField(_("build time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    failure_notified_at = models.DateTimeField(
        _("secretariat told of failure at"),
        null=True,
        blank=True,
        help_text=_(
            "When the secretariat was e-mailed that this build failed; cleared when a new "
            "build is requested, so every failed build is reported once."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda pack")
        verbose_name_plural = _("agenda packs")
        ordering = ["meeting", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "variant"], name="agendapack_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_variant_display()}"
