"""Co-reading (meelezen): review rounds on a proposal's cover note and documents, the
municipalities invited, their anchored comments and suggestions, and the answers.

A round is opened for the contact officials of all or some municipalities (and, when
asked, the members of the BAO for their municipality). Each municipality finishes the
round once, with "no remarks" or "remarks submitted"; its status at a glance
(responded, no remarks, late, outstanding) is derived from that and the deadline,
never stored. A comment is a draft until its municipality finishes the round; the
author of the proposal (secretariat or directie) then answers each comment, and the
answers make the response note (reactienota).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .documents import Document, DocumentVersion
from .proposals import Proposal, RouteStep
from .structure import Municipality


class CoverNoteSection(models.TextChoices):
    """The sections of a cover note a comment or suggestion can be anchored to (the
    headings of the rendered cover note, in their order)."""

    DECISION_POINTS = "decision_points", _("Proposed decision")
    INTRODUCTION = "introduction", _("Introduction")
    FINANCIAL = "financial", _("Financial consequences")
    RISKS = "risks", _("Risks")
    LEGAL_BASIS = "legal_basis", _("Legal basis")
    COMMUNICATION = "communication", _("Communication")
    CONSULTATION = "consultation", _("Consultation")

    @property
    def suggestion_field(self) -> str:
        """The cover note field a suggestion for this section replaces (the financial
        section is many fields; its suggestion replaces the financial explanation)."""
        return "financial_explanation" if self == CoverNoteSection.FINANCIAL else self.value


class ReviewRound(models.Model):
    """A co-reading round on a proposal: what is read (the cover note and/or document
    versions), by whom (the invited municipalities), until when."""

    # The longest period a round may be given, in working days.
    MAX_WORKING_DAYS = 60

    class Visibility(models.TextChoices):
        CLOSED = "closed", _("Closed: each municipality sees only its own comments")
        OPEN = "open", _("Open: municipalities see each other's submitted comments")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    question = models.TextField(
        _("request to the readers"),
        blank=True,
        help_text=_("What the readers are asked to look at in particular."),
    )
    includes_cover_note = models.BooleanField(_("the cover note is read"), default=True)
    versions = models.ManyToManyField(
        DocumentVersion,
        verbose_name=_("document versions read"),
        blank=True,
        related_name="review_rounds",
    )
    includes_bao = models.BooleanField(
        _("the members of the BAO read along"),
        default=False,
        help_text=_("The members of the officials' consultation read for their municipality."),
    )
    visibility = models.CharField(
        _("visibility of comments"),
        max_length=6,
        choices=Visibility.choices,
        default=Visibility.CLOSED,
    )
    deadline = models.DateField(
        _("deadline"), help_text=_("Responses are due by the end of this day.")
    )
    before_step = models.ForeignKey(
        RouteStep,
        verbose_name=_("before the route step"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_rounds",
        help_text=_("The round is a step of the route, before this body treats the proposal."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("After closing no comments are added; answers still can be."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["proposal", "number"]
        permissions = [
            ("answer_reviewcomment", _("Can answer the comments of a review round")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="reviewround_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("opened_at")),
                name="reviewround_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Review round %(number)s on %(reference)s")
            % {"number": self.number, "reference": self.proposal.reference}
        )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_open_visibility(self) -> bool:
        return self.visibility == self.Visibility.OPEN

    def response_notes(self) -> models.QuerySet[Document]:
        """The round's response note: the proposal's document of kind *response* whose
        versions answer this round (one; a query, so callers pick ``exists`` or ``first``)."""
        return Document.objects.filter(
            proposal_id=self.proposal_id,
            kind=Document.Kind.RESPONSE_NOTE,
            versions__answers_round=self,
        ).distinct()


class ReviewInvitation(models.Model):
    """A municipality invited to a round, and how it finished it."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Not finished")
        NO_REMARKS = "no_remarks", _("No remarks")
        REMARKS = "remarks", _("Remarks submitted")

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("review round"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finished by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review invitation")
        verbose_name_plural = _("review invitations")
        ordering = ["round", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"], name="reviewinvitation_unique_municipality"
            ),
            # Finished means: an outcome, a moment and a person, all three or none.
            models.CheckConstraint(
                condition=(
                    Q(outcome="", finished_at__isnull=True, finished_by__isnull=True)
                    | (~Q(outcome="") & Q(finished_at__isnull=False, finished_by__isnull=False))
                ),
                name="reviewinvitation_finished_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.municipality}"

    @property
    def is_finished(self) -> bool:
        return self.outcome != self.Outcome.PENDING


class ReviewComment(models.Model):
    """A remark of a municipality in a round, anchored to a cover-note section, to a
    page of a document version (with the quoted text) or to nothing (general). A
    suggestion is replacement text for a cover-note section."""

    class Anchor(models.TextChoices):
        GENERAL = "general", _("General")
        SECTION = "section", _("Cover note section")
        PAGE = "page", _("Page of a document")

    class Answer(models.TextChoices):
        UNANSWERED = "", _("Not answered yet")
        # A comment is adopted ("overgenomen"), a decision too ("aangenomen"): the context
        # tells the two apart in the catalogue.
        ADOPTED = "adopted", pgettext_lazy("review comment answer", "Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("review round"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    anchor = models.CharField(_("about"), max_length=8, choices=Anchor.choices)
    section = models.CharField(
        _("section"), max_length=16, choices=CoverNoteSection.choices, blank=True
    )
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("document version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    quote = models.TextField(_("quoted text"), blank=True)
    text = models.TextField(_("comment"))
    suggestion = models.TextField(
        _("suggested text"),
        blank=True,
        help_text=_("Proposed replacement text for the section."),
    )
    created_at = models.DateTimeField(_("written at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=12, choices=Answer.choices, blank=True, default=""
    )
    answer_reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["round", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(anchor="general", section="", version__isnull=True, page__isnull=True)
                    | (
                        Q(anchor="section", version__isnull=True, page__isnull=True)
                        & ~Q(section="")
                    )
                    | Q(anchor="page", section="", version__isnull=False, page__gte=1)
                ),
                name="reviewcomment_anchor_consistent",
            ),
            models.CheckConstraint(
                condition=Q(suggestion="") | Q(anchor="section"),
                name="reviewcomment_suggestion_on_section",
            ),
            models.CheckConstraint(
                condition=(
                    Q(answer="", answered_at__isnull=True, answered_by__isnull=True)
                    | (~Q(answer="") & Q(answered_at__isnull=False, answered_by__isnull=False))
                ),
                name="reviewcomment_answer_consistent",
            ),
        ]
        indexes = [models.Index(fields=["round", "municipality"])]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.text[:60]}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_answered(self) -> bool:
        return self.answer != self.Answer.UNANSWERED


class DocumentView(models.Model):
    """A view or download of a confidential document version that is read in a round:
    who, when, which version. Append-only (the log is its own history)."""

    class Kind(models.TextChoices):
        READ = "read", _("Read in the browser")
        DOWNLOAD = "download", _("Downloaded")

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("document version"),
        on_delete=models.PROTECT,
        related_name="views",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("document view")
        verbose_name_plural = _("document views")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.version} {self.at:%Y-%m-%d %H:%M}"
