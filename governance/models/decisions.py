"""Decisions on agenda items, the votes recorded for them and responses in a written
procedure (schriftelijke ronde). They change only through ``services.decisions`` and
``services.written``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .agenda import AgendaItem
from .structure import Municipality


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Decision(models.Model):
    """The decision taken on one agenda item (an entry of the besluitenlijst)."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_AMENDED = "adopted_amended", _("Adopted as amended")
        REJECTED = "rejected", _("Rejected")
        POSTPONED = "postponed", _("Postponed")
        NOTED = "noted", _("Taken note of")

    # Outcomes that adopt the proposal: they need a majority when votes are recorded.
    ADOPTING_OUTCOMES = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_AMENDED})

    agenda_item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    text = models.TextField(_("decision text"))
    votes_recorded = models.BooleanField(_("votes recorded"), default=False)
    # The rule the votes were counted under, as it stood when they were recorded: the
    # decision stays what it was when populations, memberships or the body's rules change.
    weight_total = models.DecimalField(
        _("total weight of the body"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    quorum_percent = models.DecimalField(
        _("quorum (percentage)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    majority_percent = models.DecimalField(
        _("majority (percentage)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    majority_base = models.CharField(_("majority measured over"), max_length=10, blank=True)
    # The quorum by heads (Gemeentewet art. 20) as it applied: None for a decision
    # recorded before the rule existed (counted by weight only) or without votes.
    head_quorum = models.BooleanField(_("quorum by heads"), null=True, blank=True)
    heads_present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    heads_total = models.PositiveSmallIntegerField(_("sitting members"), null=True, blank=True)
    tie = models.BooleanField(
        _("tie"),
        default=False,
        help_text=_(
            "The votes were tied (Gemeentewet art. 32): postponed to the next meeting, "
            "or rejected in a full meeting or the meeting it was postponed to."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item__meeting__starts_at", "agenda_item__order"]

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.get_outcome_display()}"

    @property
    def outcome_label(self) -> str:
        """The outcome as shown on decision lists: a tie says so."""
        if not self.tie:
            return str(self.get_outcome_display())
        if self.outcome == self.Outcome.POSTPONED:
            return str(_("Postponed (tie)"))
        return str(_("Rejected (tie)"))


class Vote(models.Model):
    """One member's recorded vote on a decision, with the weight it carried then."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    weight = models.DecimalField(
        _("weight"), max_digits=12, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["decision", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "voter"], name="vote_one_per_member"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="vote_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.get_choice_display()}"


class WrittenResponse(models.Model):
    """A member's response in a written procedure (schriftelijke ronde)."""

    class Answer(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")
        REMARKS = "remarks", _("Agree with remarks")

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="written_responses",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="written_responses",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    remarks = models.TextField(_("remarks"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("written response")
        verbose_name_plural = _("written responses")
        ordering = ["agenda_item", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "member"], name="writtenresponse_one_per_member"
            ),
            models.CheckConstraint(
                condition=~Q(answer="remarks") | ~Q(remarks=""),
                name="writtenresponse_remarks_need_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_answer_display()}"
