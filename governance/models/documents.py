"""Versioned documents and structured cover notes (opleggers)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hecht.formats import number

from .agenda import AgendaItem
from .proposals import Proposal
from .structure import Municipality


def version_upload_to(instance: DocumentVersion, filename: str) -> str:
    # Never trust the client's file name for the path: a random name in a dated folder.
    return f"documents/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.bin"


class Document(models.Model):
    """A document of a proposal (it travels the whole route) or of one agenda item
    (e.g. the minutes). Its versions are kept; the latest is current."""

    class Kind(models.TextChoices):
        COVER_NOTE = "cover_note", _("Cover note")
        PROPOSAL = "proposal", _("Proposal")
        ANNEX = "annex", _("Annex")
        REPORT = "report", _("Report")
        MINUTES = "minutes", _("Minutes")
        RESPONSE_NOTE = "response", _("Response note")

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Confidential documents are shown to members only, never published."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    delivered_at = models.DateTimeField(
        _("delivered at"), help_text=_("When the first version was uploaded.")
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "delivered_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, agenda_item__isnull=True)
                | Q(proposal__isnull=True, agenda_item__isnull=False),
                name="document_belongs_to_proposal_or_item",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document. Immutable once stored."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    note = models.CharField(_("what changed"), max_length=250, blank=True)
    answers_round = models.ForeignKey(
        "ReviewRound",
        verbose_name=_("in answer to the comments of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answering_versions",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="documentversion_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class DistributionKey(models.Model):
    """A key that divides an amount over the municipalities (besides population and
    equal shares), e.g. the contribution key of a budget year."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution key")
        verbose_name_plural = _("distribution keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DistributionShare(models.Model):
    key = models.ForeignKey(
        DistributionKey,
        verbose_name=_("distribution key"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(
        _("weight"), max_digits=14, decimal_places=4, validators=[MinValueValidator(0)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution share")
        verbose_name_plural = _("distribution shares")
        ordering = ["key", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "municipality"], name="distributionshare_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="distributionshare_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.municipality} ({number(self.weight)})"


class CoverNote(models.Model):
    """The structured cover note (oplegger) of a proposal. Not a file: it is rendered
    from these fields, and it cannot be complete without its financial section."""

    class Financial(models.TextChoices):
        UNANSWERED = "", _("Not filled in yet")
        NONE = "none", _("No financial consequences")
        SOME = "some", _("Financial consequences")

    class Nature(models.TextChoices):
        INCIDENTAL = "incidental", _("Incidental")
        STRUCTURAL = "structural", _("Structural")

    class Distribution(models.TextChoices):
        POPULATION = "population", _("By population")
        EQUAL = "equal", _("Equal shares")
        KEY = "key", _("Distribution key")
        NONE = "none", _("No effect per municipality")

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="cover_note"
    )
    decision_points = models.TextField(
        _("decision points"),
        blank=True,
        help_text=_("One decision point per line; they are numbered in this order."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    financial = models.CharField(
        _("financial consequences"), max_length=4, choices=Financial.choices, blank=True
    )
    no_financial_reason = models.TextField(_("why there are no financial consequences"), blank=True)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Negative for savings or income."),
    )
    nature = models.CharField(
        _("incidental or structural"), max_length=10, choices=Nature.choices, blank=True
    )
    budget_year_from = models.PositiveSmallIntegerField(
        _("first budget year"), null=True, blank=True
    )
    budget_year_to = models.PositiveSmallIntegerField(_("last budget year"), null=True, blank=True)
    budget_line = models.CharField(_("budget line"), max_length=200, blank=True)
    reserve_effect = models.TextField(_("effect on reserves"), blank=True)
    distribution = models.CharField(
        _("effect per municipality"),
        max_length=10,
        choices=Distribution.choices,
        default=Distribution.POPULATION,
    )
    distribution_key = models.ForeignKey(
        DistributionKey,
        verbose_name=_("distribution key"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    financial_explanation = models.TextField(_("financial explanation"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    communication = models.TextField(_("communication"), blank=True)
    consultation = models.TextField(
        _("consultation"), blank=True, help_text=_("Which bodies advised, and what they said.")
    )
    is_complete = models.BooleanField(_("complete"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cover note")
        verbose_name_plural = _("cover notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_complete=False) | ~Q(financial=""),
                name="covernote_complete_needs_financial_section",
            ),
            models.CheckConstraint(
                condition=Q(budget_year_to__isnull=True)
                | Q(budget_year_to__gte=models.F("budget_year_from")),
                name="covernote_budget_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Cover note: %(title)s") % {"title": self.proposal.title})

    @property
    def decision_point_list(self) -> list[str]:
        return [line.strip() for line in self.decision_points.splitlines() if line.strip()]

    def financial_section_missing(self) -> list[str]:
        """What the financial section still lacks (empty when it is complete), as
        translated phrases: the one rule for completing a cover note
        (``services.cover_notes.missing_for_completion``) and for the quick wins'
        indicator of complete financial sections (``pcycle.queries.kpis``)."""
        missing = []
        if self.financial == self.Financial.UNANSWERED:
            missing.append(_("the financial section (are there financial consequences?)"))
        elif self.financial == self.Financial.NONE:
            if not self.no_financial_reason.strip():
                missing.append(_("why there are no financial consequences"))
        else:
            if self.amount is None:
                missing.append(_("the amount"))
            if not self.nature:
                missing.append(_("whether the amount is incidental or structural"))
            if self.budget_year_from is None:
                missing.append(_("the first budget year"))
            if not self.budget_line.strip():
                missing.append(_("the budget line"))
            if self.distribution == self.Distribution.KEY and self.distribution_key_id is None:
                missing.append(_("the distribution key"))
        return [str(phrase) for phrase in missing]
