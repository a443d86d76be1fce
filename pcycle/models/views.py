"""Councils' views (zienswijzen) on a P&C document and the executive board's reasoned
reply to each (Wgr art. 35 lid 1-4). A municipality without a row is expected (when the
document has a views procedure); one row is its received view and, once sent, the reply."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import Municipality

from .cycle import PcDocument


def council_decision_upload_to(instance: CouncilView, filename: str) -> str:
    # Never trust the client's file name for the path.
    return f"pcycle/views/{instance.document_id}/{uuid.uuid4().hex}.bin"


class CouncilView(models.Model):
    class Position(models.TextChoices):
        AGREES = "agrees", _("Agrees")
        REMARKS = "remarks", _("Agrees with remarks")
        DISAGREES = "disagrees", _("Disagrees")

    # Positions that need the council's text (what it remarks, why it disagrees).
    POSITIONS_NEEDING_TEXT = frozenset({Position.REMARKS, Position.DISAGREES})

    document = models.ForeignKey(
        PcDocument, verbose_name=_("P&C document"), on_delete=models.PROTECT, related_name="views"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="council_views",
    )
    received_on = models.DateField(_("received on"))
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    text = models.TextField(_("the view"), blank=True)
    decision_file = models.FileField(
        _("council decision"), upload_to=council_decision_upload_to, max_length=200, blank=True
    )
    decision_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    decision_file_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    reply = models.TextField(
        _("reply of the executive board"),
        blank=True,
        help_text=_(
            "What the executive board did with the view, with reasons (Wgr art. 35 lid 4)."
        ),
    )
    reply_sent_on = models.DateField(_("reply sent on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["decision_file"])

    class Meta:
        verbose_name = _("council's view")
        verbose_name_plural = _("councils' views")
        ordering = ["document", "municipality__name"]
        permissions = [
            ("reply_councilview", _("Can reply to a council's view")),
            ("register_any_councilview", _("Can register the view of any council")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "municipality"], name="councilview_one_per_municipality"
            ),
            models.CheckConstraint(
                condition=Q(position="agrees") | ~Q(text=""),
                name="councilview_remarks_need_text",
            ),
            models.CheckConstraint(
                condition=Q(reply_sent_on__isnull=True) | ~Q(reply=""),
                name="councilview_sent_reply_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_position_display()}"

    @property
    def is_answered(self) -> bool:
        return self.reply_sent_on is not None
