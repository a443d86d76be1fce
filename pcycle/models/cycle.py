"""P&C documents: the governance proposals of the planning & control cycle, with the
facts the Wet gemeenschappelijke regelingen attaches to them (``pcycle/wgr.py``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import Proposal


class ExemptCategory(models.Model):
    """A category of budget amendments that the regulation itself exempts from the views
    procedure (Wgr art. 35 lid 6): data of the regulation, not code."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source in the regulation"),
        max_length=200,
        help_text=_("The article of the regulation that exempts it, e.g. art. 31 lid 4."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exempt category of budget amendments")
        verbose_name_plural = _("exempt categories of budget amendments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PcDocument(models.Model):
    """One document of the P&C cycle of a budget year. It *is* a governance proposal
    (its route, cover note, documents and decisions are the core's); this row adds what
    the Wgr needs: the kind, the year it is about, its number and the dates it was
    planned and sent to the councils and to Gedeputeerde Staten.

    The draft budget and the budget are one document: the draft is what goes to the
    councils for their views (art. 35 lid 1), the general board's decision makes it the
    budget. The planned adoption date is not stored: it is the meeting of the general
    board's decision step on the route, so moving that meeting moves every date that
    depends on it. An amendment's status (proposed / adopted / rejected) is the outcome
    of that decision, never typed in."""

    class Kind(models.TextChoices):
        FRAMEWORKS = "frameworks", _("Framework letter")
        BUDGET = "budget", _("Budget")
        AMENDMENT = "amendment", _("Budget amendment")
        INTERIM = "interim", _("Interim report")
        PROVISIONAL_ACCOUNTS = "provisional_accounts", _("Provisional annual accounts")
        ANNUAL_ACCOUNTS = "annual_accounts", _("Annual accounts")
        AUDIT_REPORT = "audit_report", _("Accountant's report")

    class AmendmentStatus(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    # Kinds numbered within their year (1st budget amendment, 2nd interim report).
    NUMBERED_KINDS = frozenset({Kind.AMENDMENT, Kind.INTERIM})
    # Kinds that go to the councils (art. 34b, art. 35 lid 1 and 6).
    TO_COUNCILS_KINDS = frozenset(
        {Kind.FRAMEWORKS, Kind.BUDGET, Kind.AMENDMENT, Kind.PROVISIONAL_ACCOUNTS}
    )
    # Kinds on which the councils may give a view (art. 35 lid 1-3 and 6; an amendment
    # of an exempt category does not: ``has_view_procedure``).
    VIEW_KINDS = frozenset({Kind.BUDGET, Kind.AMENDMENT})
    # Kinds that go to Gedeputeerde Staten after adoption (art. 34 lid 2 and 4).
    TO_PROVINCE_KINDS = frozenset({Kind.BUDGET, Kind.ANNUAL_ACCOUNTS})

    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="pc_document",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"),
        help_text=_(
            "The budget year (framework letter, budget, amendments, interim reports) or "
            "the year of account (annual accounts, accountant's report)."
        ),
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Budget amendments and interim reports are numbered within their year."),
    )
    exempt_category = models.ForeignKey(
        ExemptCategory,
        verbose_name=_("exempt category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        help_text=_(
            "Budget amendments only: a category the regulation exempts from the views "
            "procedure (Wgr art. 35 lid 6)."
        ),
    )
    planned_to_councils_on = models.DateField(
        _("planned to the councils on"), null=True, blank=True
    )
    sent_to_councils_on = models.DateField(_("sent to the councils on"), null=True, blank=True)
    views_requested_by = models.DateField(
        _("views requested by"),
        null=True,
        blank=True,
        help_text=_(
            "The date the councils are asked to send their view by, so that the executive "
            "board can attach them to the draft; empty: the day before the adoption."
        ),
    )
    planned_to_province_on = models.DateField(
        _("planned to Gedeputeerde Staten on"), null=True, blank=True
    )
    sent_to_province_on = models.DateField(
        _("sent to Gedeputeerde Staten on"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("P&C document")
        verbose_name_plural = _("P&C documents")
        ordering = ["year", "kind", "number"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["amendment", "interim"]) & Q(number__isnull=False))
                | (~Q(kind__in=["amendment", "interim"]) & Q(number__isnull=True)),
                name="pcdocument_number_iff_numbered_kind",
            ),
            models.CheckConstraint(
                condition=Q(exempt_category__isnull=True) | Q(kind="amendment"),
                name="pcdocument_exempt_only_amendments",
            ),
            models.UniqueConstraint(
                fields=["kind", "year"],
                condition=Q(number__isnull=True),
                name="pcdocument_unique_unnumbered",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                condition=Q(number__isnull=False),
                name="pcdocument_unique_numbered",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """E.g. "Begroting 2026", "2e begrotingswijziging 2025"."""
        kind = self.get_kind_display()
        if self.number is not None:
            return f"{self.number}e {kind.lower()} {self.year}"
        return f"{kind} {self.year}"

    @property
    def goes_to_councils(self) -> bool:
        return self.kind in self.TO_COUNCILS_KINDS

    @property
    def has_view_procedure(self) -> bool:
        """Whether the councils may give their view (art. 35 lid 1-3, lid 6)."""
        return self.kind in self.VIEW_KINDS and self.exempt_category_id is None

    @property
    def goes_to_province(self) -> bool:
        return self.kind in self.TO_PROVINCE_KINDS
