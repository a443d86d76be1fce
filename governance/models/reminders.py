"""Reminders: each person's preferences and the delivery ledger.

The ledger, not the broker, is the record of what must be and what was sent: one row
per (deadline, recipient, stage), created when the stage is reached, claimed with a
compare-and-swap by the sender and marked sent after the mail server accepted it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

DEFAULT_DIGEST_TIME = dt.time(7, 30)


class ReminderPreference(models.Model):
    """How a person wants to be reminded. Without a row the defaults apply: a daily
    digest at 07:30, urgent reminders (due today, overdue) at once, every kind."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    digest_time = models.TimeField(_("time of the daily digest"), default=DEFAULT_DIGEST_TIME)
    urgent_immediately = models.BooleanField(
        _("send urgent reminders at once"),
        default=True,
        help_text=_("Due today or overdue: a separate e-mail right away instead of the digest."),
    )
    muted_kinds = models.JSONField(
        _("kinds without reminders"),
        default=list,
        blank=True,
        help_text=_("Kinds of deadlines the person opted out of (only optional kinds)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return str(self.user)


class ReminderDelivery(models.Model):
    """One reminder of one stage of one deadline to one person, and its delivery."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object id"))
    due_at = models.DateTimeField(_("due at"))
    stage = models.CharField(_("stage"), max_length=20)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
    )
    title = models.CharField(_("title"), max_length=250)
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    send_after = models.DateTimeField(_("send after"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim_token = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_reminders", _("Can send due reminders now and retry failed ones"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_at", "recipient", "stage"],
                name="reminderdelivery_once_per_stage",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claim_token__isnull=False),
                name="reminderdelivery_sending_is_claimed",
            ),
        ]
        indexes = [
            models.Index(
                fields=["send_after"],
                condition=Q(status="pending"),
                name="reminderdelivery_due_idx",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="reminderdelivery_sending_idx",
            ),
            models.Index(fields=["recipient", "status"], name="reminderdelivery_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.stage} → {self.recipient_id}"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"
