"""Action items (actiepunten) and their progress notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Meeting
from .proposals import Proposal, Track
from .structure import Body


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, today=None) -> ActionQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Action(models.Model):
    """An action item: who must do what by when, and where it is reported back."""

    class Actor(models.TextChoices):
        HECHT = "hecht", _("Hecht (organisation)")
        BODY = "body", _("A body")
        PERSON = "person", _("A person")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.DONE, Status.DROPPED)

    description = models.TextField(_("description"))
    actor = models.CharField(_("actor"), max_length=8, choices=Actor.choices, default=Actor.HECHT)
    actor_body = models.ForeignKey(
        Body,
        verbose_name=_("acting body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    origin_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("agreed at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_created",
    )
    origin_proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("from proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    report_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("report back at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_reported",
    )
    track = models.ForeignKey(
        Track,
        verbose_name=_("programme track"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(actor="body") | Q(actor_body__isnull=False),
                name="action_body_actor_names_body",
            ),
            models.CheckConstraint(
                condition=~Q(actor="person") | Q(owner__isnull=False),
                name="action_person_actor_names_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def actor_label(self) -> str:
        if self.actor == self.Actor.BODY and self.actor_body is not None:
            return self.actor_body.code
        if self.actor == self.Actor.PERSON and self.owner_id:
            return str(self.owner)
        return "Hecht"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        return (
            self.is_open
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )


class ActionNote(models.Model):
    """A dated progress note on an action."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notes"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"
