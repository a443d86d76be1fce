"""Proposals (voorstellen) and the route they travel through the bodies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import Meeting
from .structure import Body


class WooGround(models.TextChoices):
    """Grounds of the Wet open overheid (art. 5.1 and 5.2) for keeping a document closed."""

    UNITY_OF_CROWN = "5.1.1a", _("Unity of the Crown (Woo 5.1.1a)")
    STATE_SECURITY = "5.1.1b", _("Security of the State (Woo 5.1.1b)")
    CONFIDENTIAL_BUSINESS = "5.1.1c", _("Confidentially supplied business data (Woo 5.1.1c)")
    PERSONAL_SPECIAL = "5.1.1d", _("Special personal data (Woo 5.1.1d)")
    INTERNATIONAL = "5.1.2a", _("International relations (Woo 5.1.2a)")
    ECONOMIC = "5.1.2b", _("Economic or financial interests (Woo 5.1.2b)")
    INVESTIGATION = "5.1.2c", _("Investigation and prosecution (Woo 5.1.2c)")
    INSPECTION = "5.1.2d", _("Inspection, control and supervision (Woo 5.1.2d)")
    PRIVACY = "5.1.2e", _("Personal privacy (Woo 5.1.2e)")
    COMPETITIVE = "5.1.2f", _("Business data, competition (Woo 5.1.2f)")
    ORDERLY_FUNCTIONING = "5.1.2i", _("Orderly functioning of the State (Woo 5.1.2i)")
    INTERNAL_DELIBERATION = "5.2", _("Personal views in internal deliberation (Woo 5.2)")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    CONFIDENTIAL = "confidential", _("Confidential")


def confidentiality_constraint(prefix: str) -> models.CheckConstraint:
    """A confidential record must name its Woo ground; a public one must not."""
    return models.CheckConstraint(
        condition=(Q(confidentiality=Confidentiality.PUBLIC) & Q(woo_ground=""))
        | (Q(confidentiality=Confidentiality.CONFIDENTIAL) & ~Q(woo_ground="")),
        name=f"{prefix}_woo_ground_iff_confidential",
    )


class StepPurpose(models.TextChoices):
    ADVISE = "advise", _("For advice")
    DECIDE = "decide", _("For decision")
    DISCUSS = "discuss", _("For discussion")
    INFORM = "inform", _("For information")


class RouteTemplate(models.Model):
    """A standard route for a kind of proposal, e.g. "P&C document: BAO → AC → DB → AB"."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route template")
        verbose_name_plural = _("route templates")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RouteTemplateStep(models.Model):
    template = models.ForeignKey(
        RouteTemplate,
        verbose_name=_("route template"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=StepPurpose.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route template step")
        verbose_name_plural = _("route template steps")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="routetemplatestep_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.body.code} ({self.get_purpose_display()})"


class Programme(models.Model):
    """The development programme (ontwikkelagenda) with its tracks."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development programme")
        verbose_name_plural = _("development programmes")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    """One track (spoor) of the development programme."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        DELAYED = "delayed", _("Delayed")
        DONE = "done", _("Completed")

    # A track at risk or delayed must say why (the status note).
    STATUSES_NEEDING_NOTE = frozenset({Status.AT_RISK, Status.DELAYED})

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="tracks"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_tracks",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    status_note = models.TextField(_("status explanation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="track_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Proposal(models.Model):
    """A proposal (voorstel) that travels a route of bodies to a decision."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("For decision")
        DISCUSSION = "discussion", _("For discussion")
        INFORMATION = "information", _("For information")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_ROUTE = "in_route", _("In route")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # A decided or withdrawn proposal is closed: its route and fields no longer change.
    CLOSED_STATUSES = frozenset({Status.DECIDED, Status.WITHDRAWN})

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DECISION)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_proposals",
        help_text=_("Leave empty when the management (directie) as a whole owns it."),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
    )
    woo_ground = models.CharField(
        _("Woo ground"),
        max_length=8,
        choices=WooGround.choices,
        blank=True,
        help_text=_("Required when the proposal is confidential."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    route_template = models.ForeignKey(
        RouteTemplate,
        verbose_name=_("route template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    track = models.ForeignKey(
        Track,
        verbose_name=_("programme track"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        permissions = [
            ("view_all_proposals", _("Can view all proposals, including confidential ones")),
        ]
        constraints = [confidentiality_constraint("proposal")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL


class RouteStep(models.Model):
    """One step of a proposal's route: a body and the meeting where it is treated."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADVISED_POSITIVE = "advised_positive", _("Advised positively")
        ADVISED_REMARKS = "advised_remarks", _("Advised with remarks")
        SENT_BACK = "sent_back", _("Sent back")
        DISCUSSED = "discussed", _("Discussed")
        NOTED = "noted", _("Taken note of")
        DECIDED = "decided", _("Decided")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=StepPurpose.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="route_steps",
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_note = models.TextField(_("outcome explanation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["proposal", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "position"], name="routestep_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} {self.position}. {self.body.code}"
