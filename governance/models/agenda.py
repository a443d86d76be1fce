"""Agenda items: what a meeting deals with, in order."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Meeting
from .proposals import Confidentiality, RouteStep, WooGround, confidentiality_constraint


class AgendaItem(models.Model):
    """An item on a meeting's agenda: one route step of a proposal, or an item without
    proposal (opening, minutes, announcements, any other business)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("For decision")
        DISCUSSION = "discussion", _("For discussion")
        INFORMATION = "information", _("For information")
        FORMAL = "formal", _("Formal item")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    # One open item per route step; an item whose decision was postponed to a later
    # meeting because of a tie (Gemeentewet art. 32) stays with its decision, marked
    # ``carried_over``, and the step continues on a new item of that meeting.
    route_step = models.ForeignKey(
        RouteStep,
        verbose_name=_("route step"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    carried_over = models.BooleanField(
        _("postponed to a later meeting"),
        default=False,
        help_text=_("The route step continues on an item of a later meeting."),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DECISION)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
    )
    woo_ground = models.CharField(
        _("Woo ground"), max_length=8, choices=WooGround.choices, blank=True
    )
    requires_documents = models.BooleanField(
        _("documents expected"),
        default=True,
        help_text=_("Off for items such as the opening, announcements or any other business."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            confidentiality_constraint("agendaitem"),
            models.UniqueConstraint(
                fields=["route_step"],
                condition=models.Q(carried_over=False),
                name="agendaitem_one_open_item_per_step",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "order"], name="agendaitem_meeting_order_idx")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL
