"""People and structure of the GR: municipalities, users, bodies, memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Municipality(models.Model):
    """A participating municipality (deelnemende gemeente)."""

    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("A CBS code looks like GM0546."))],
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    population = models.PositiveIntegerField(_("population"))
    population_reference_date = models.DateField(_("population reference date"))
    population_is_approximate = models.BooleanField(
        _("population is approximate"),
        default=True,
        help_text=_("Rounded figure, not the official CBS count."),
    )
    subregion = models.CharField(_("subregion"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Custom user model from day one. ``municipality`` binds a contact official
    (contactambtenaar) or a board member to the municipality they represent."""

    # Set on the request's user by django_otp's OTPMiddleware: whether this session passed
    # the second factor. Declared for the type checker only (no field, no attribute).
    is_verified: Callable[[], bool]

    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    calendar_token = models.CharField(
        _("calendar feed key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Secret part of the personal calendar feed address; reset to revoke it."),
    )
    # The enrolment period for a second factor (governance/mfa.py) runs from here; set
    # at the first login after MFA was introduced, so existing accounts get the full period.
    mfa_grace_from = models.DateTimeField(
        _("second factor offered since"), null=True, blank=True, editable=False
    )
    # Kept in the history with who reset it (services/accounts.py: mfa_reset).
    mfa_reset_at = models.DateTimeField(
        _("second factor last reset"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "calendar_token", "mfa_grace_from"]
    )

    class Meta(AbstractUser.Meta):
        # django-stubs types AbstractUser.Meta's names as str; Django's own are lazy too.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]
        ordering = ["last_name", "first_name", "username"]
        permissions = [("reset_second_factor", _("Can reset the second factor of a user"))]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Body(models.Model):
    """A governing or advisory body of the GR (bestuursorgaan of overleg) with its
    voting rules. The rules are data so the AB can change them without a release."""

    class Kind(models.TextChoices):
        GENERAL_BOARD = "general_board", _("General board")
        EXECUTIVE_BOARD = "executive_board", _("Executive board")
        OFFICIALS = "officials", _("Officials' consultation")
        AUDIT_COMMITTEE = "audit_committee", _("Audit committee")

    class Weighting(models.TextChoices):
        ONE_MEMBER_ONE_VOTE = "one_member_one_vote", _("One member, one vote")
        FIXED = "fixed", _("Fixed weights per member")
        POPULATION = "population", _("By population of the municipality")

    class MajorityBase(models.TextChoices):
        CAST = "cast", _("of the votes cast")
        PRESENT = "present", _("of the weight present")
        ALL = "all", _("of all weight")

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,10}$", _("Use 2 to 10 capital letters."))],
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    weighting = models.CharField(
        _("vote weighting"),
        max_length=25,
        choices=Weighting.choices,
        default=Weighting.ONE_MEMBER_ONE_VOTE,
    )
    head_quorum = models.BooleanField(
        _("quorum by heads"),
        default=True,
        help_text=_(
            "The meeting may decide only when more than half of the sitting members are "
            "present (Gemeentewet art. 20). Required by law for the general and the "
            "executive board."
        ),
    )
    quorum_percent = models.DecimalField(
        _("quorum (percentage of the weight present)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=PERCENT_VALIDATORS,
        help_text=_("The meeting may decide when more than this share of the weight is present."),
    )
    majority_percent = models.DecimalField(
        _("majority (percentage)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=PERCENT_VALIDATORS,
        help_text=_("A proposal is adopted when more than this share votes in favour."),
    )
    majority_base = models.CharField(
        _("majority measured over"),
        max_length=10,
        choices=MajorityBase.choices,
        default=MajorityBase.CAST,
    )
    default_location = models.CharField(_("default location"), max_length=200, blank=True)
    document_lead_days = models.PositiveSmallIntegerField(
        _("document lead time (working days)"),
        default=10,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Documents are due this many working days before the meeting "
            "(weekends and the organisation's days off, listed on the page “Days off”, are "
            "skipped)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0) & Q(quorum_percent__lte=100),
                name="body_quorum_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(majority_percent__gte=0) & Q(majority_percent__lt=100),
                name="body_majority_percent_range",
            ),
            # Gemeentewet art. 20, declared applicable by Wgr art. 22 (AB) and 33 (DB).
            models.CheckConstraint(
                condition=Q(head_quorum=True) | ~Q(kind__in=["general_board", "executive_board"]),
                name="body_statutory_head_quorum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    STATUTORY_HEAD_QUORUM = frozenset({"general_board", "executive_board"})

    def clean(self) -> None:
        super().clean()
        if not self.head_quorum and self.kind in self.STATUTORY_HEAD_QUORUM:
            raise ValidationError(
                {
                    "head_quorum": _(
                        "The general and the executive board decide only when more than "
                        "half of their members are present (Gemeentewet art. 20); the "
                        "quorum by heads cannot be switched off."
                    )
                }
            )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def active(self) -> MembershipQuerySet:
        return self.active_on(timezone.localdate())


class Membership(models.Model):
    """A seat of a person in a body, for a municipality or for Hecht itself."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        DEPUTY = "deputy", _("Deputy member")
        SECRETARY = "secretary", _("Secretary")
        ADVISOR = "advisor", _("Advisor")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("on behalf of municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Leave empty when the person sits on behalf of Hecht."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    vote_weight = models.DecimalField(
        _("vote weight"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Only used when the body votes with fixed weights."),
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body__order", "municipality__name", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(vote_weight__isnull=True) | Q(vote_weight__gte=0),
                name="membership_vote_weight_not_negative",
            ),
            models.UniqueConstraint(
                fields=["user", "body", "start_date"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.body.code} ({self.get_role_display()})"

    @property
    def is_external(self) -> bool:
        """A voting seat (chair, member, deputy) that represents no municipality: an
        external member, such as the audit committee's independent chair. Staff of
        Hecht (secretary, advisor) sit without a municipality too, on behalf of Hecht."""
        return self.municipality_id is None and self.role in (
            self.Role.CHAIR,
            self.Role.MEMBER,
            self.Role.DEPUTY,
        )

    @property
    def represents(self) -> str:
        """On whose behalf the person sits: a municipality, Hecht, or nobody's (an
        external member)."""
        if self.municipality is not None:
            return self.municipality.name
        return str(_("External member")) if self.is_external else "Hecht"
